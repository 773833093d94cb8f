// PortAudio's JACK port removals kept clear of a race inside libjack. A seam: platform/jack/ (which interposes
// jack_port_unregister for PortAudio), platform/nojack/ (nothing to do).
//
// libjack 1.9.21 (JACK2) keeps a client's own ports in a std::list that its notification thread walks,
// unlocked, for every latency notification (JackClient::HandleLatencyCallback), while the thread that calls
// jack_port_unregister erases from it. The server sends that notification at the process cycle after any graph
// change (its own or another client's), so a stream's close could free a list node under the walk: SIGSEGV at
// libjack.so.0+0x12986 ended soaks of stream cycles at ~500 and ~1,750 cycles (docs/benchmarks.md). A client
// that is not active is told no latency notification, and the server delivers each one completely (it waits
// for the reply) before it takes the next request, so a removal made after jack_deactivate returned cannot meet
// a walk. (A registration only appends a fully linked node: a walk sees it or not, and frees nothing.)
#pragma once

namespace adm {

/**
 * For its life on the calling thread (the host thread, host lock held, around Pa_CloseStream): before the first
 * port PortAudio unregisters, its client is deactivated, when `mayPause` is true, and left so until
 * resumeJackClient(). Pass true only when no PortAudio stream of the process is running: a deactivated client
 * is out of the process cycle and loses its connections, so a running stream would go silent. Nothing happens
 * on PipeWire's libjack (its own port list is locked) or when the client is already paused.
 */
class JackPortRemovalScope {
public:
    explicit JackPortRemovalScope(bool mayPause) noexcept;
    ~JackPortRemovalScope();
    JackPortRemovalScope(const JackPortRemovalScope&) = delete;
    JackPortRemovalScope& operator=(const JackPortRemovalScope&) = delete;

private:
    bool mPrevious;
};

/// Activates PortAudio's client again if a removal scope paused it: before each PortAudio stream call that
/// waits for its process cycle (Pa_OpenStream, Pa_StartStream, Pa_StopStream, Pa_AbortStream, Pa_CloseStream:
/// pa_jack.c hands a stream to the cycle and takes it out again through a condition wait). Host lock held.
void resumeJackClient();

/// Forgets a paused client without activating it: right before Pa_Terminate, which deactivates and closes it.
void forgetPausedJackClient() noexcept;

/// Whether PortAudio's client is paused now, and how many of its port removals were made paused since the
/// process started (tests).
bool jackClientPaused() noexcept;
unsigned long jackPortRemovalsPaused() noexcept;

}  // namespace adm
