// What no audio callback can report about itself, seen from a thread of the module's own (the
// watchdog): a stream that died without a stop request (1015/1017), an idle stream whose server died
// (1015/1017), one whose callbacks stalled (1020/1021), a capture that never delivered (1018); and a JACK
// loopback kept wired to whatever plays to the playout device. It also relays the audio threads' events
// to the dispatcher. It observes a snapshot of the streams without the control lock, so a control call
// that waits on the host never delays what it sees; it takes the lock only to change a stream's state.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>

#include "Backend.h"
#include "EventReporter.h"
#include "StreamRecovery.h"
#include "StreamSet.h"
#include "Watchdog.h"

namespace adm {

/// Timing of the watchdog; defaults documented in docs/errors.md.
struct WatchdogSettings {
    std::chrono::milliseconds period{50};         ///< every wake costs CPU (20-60 us on a VM): not more often
    std::chrono::milliseconds minStall{100};      ///< a gap in callbacks this long is a stall...
    int stallBuffers = 4;                         ///< ...or this many buffers, whichever is longer
    std::chrono::milliseconds noInput{1000};      ///< a recording with no callback this long: 1018
    std::chrono::milliseconds controlDeadline{1500};  ///< a call into the host is given this long, then left behind
    /// Initializing the host and listing its devices: PortAudio's ALSA host probes every card, which takes
    /// seconds on some desktops (HDMI outputs, Bluetooth), and a busy JACK server answers a new client late.
    std::chrono::milliseconds scanDeadline{10000};
    int loopbackRewireTicks = 2;                  ///< JACK loopback follows new sources every this many periods
};

class StreamSupervisor {
public:
    StreamSupervisor(StreamSet& streams, Backend& backend, EventReporter& reporter, StreamRecovery& recovery,
                     WatchdogSettings settings)
        : mStreams(streams), mBackend(backend), mReporter(reporter), mRecovery(recovery), mSettings(settings) {}
    ~StreamSupervisor() { stop(); }
    StreamSupervisor(const StreamSupervisor&) = delete;
    StreamSupervisor& operator=(const StreamSupervisor&) = delete;

    /// Runs the watchdog from now on, or wakes it (a stream was initialized, started or stopped): it ticks
    /// while a stream runs and sleeps otherwise. The control lock held.
    void watch();

    /**
     * A stream of `kind` started (the control lock held): a loopback is wired to what feeds the playout
     * device, a playout is wired into a running loopback at once, and the watchdog runs. Returns the
     * loopback wiring's failure, if any.
     */
    BackendResult onStarted(StreamKind kind);

    /// Ends the watchdog thread and waits for it. Without the control lock: its tick takes it.
    void stop();

    const WatchdogSettings& settings() const noexcept { return mSettings; }

    /// The watchdog's ticks so far (tests: an idle module wakes no thread of ours).
    unsigned long ticks();

private:
    /// What the supervisor has said about one run of a stream (the watchdog's own).
    struct Watch {
        const Stream* stream = nullptr;
        int64_t startedNanos = 0;
        bool stallReported = false;
        bool noInputReported = false;
        int64_t serverAskedNanos = 0;  // when a stall of this run last asked the server whether it is gone; 0: never
    };

    /// One look; true while something needs the next period's look too.
    bool tick();
    /// A running stream: true when it died (a transition for fail()); stalls and silence are reported here.
    bool observe(Stream& stream, int64_t now);
    /// An idle stream: whether its sound server died since it opened.
    bool serverDied(Stream& stream);
    /// A stalled stream: whether its server is gone, asked when the stall begins and then once a second
    /// (kServerAskInterval) rather than every period: each ask is a connection to the server's socket, and a
    /// stalled (SIGSTOPped) server takes them all into its backlog.
    bool serverGoneInStall(Watch& watch, Stream& stream, int64_t now);
    /// Under the control lock, if the stream is still as observed: it failed (1015/1017). False when the lock
    /// was busy (nothing done: the next tick tries again).
    bool fail(const std::shared_ptr<Stream>& stream, bool running);
    /// The state a runtime failure leaves a stream in: FAILED, or RECOVERING when the policy is on.
    StreamState failedState() const;
    Watch& watchOf(const Stream& stream);
    BackendResult rewireLoopback(const StreamSet::Streams& streams, WireWhen when);

    StreamSet& mStreams;
    Backend& mBackend;
    EventReporter& mReporter;
    StreamRecovery& mRecovery;  // a failure begins a recovery; the ticks carry it out
    const WatchdogSettings mSettings;
    std::array<Watch, 3> mWatches;          // by stream slot; the watchdog's
    int mTicks = 0;                         // the watchdog's
    uint64_t mBellToken = 0;                // HostEventBell subscription of the watchdog
    std::unique_ptr<Watchdog> mWatchdog;    // last: its thread uses the members above
};

}  // namespace adm
