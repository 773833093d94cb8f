// What no audio callback can report about itself, seen from a thread of the module's own (the
// watchdog): a stream that died without a stop request (1015/1017), one whose callbacks stalled
// (1020/1021), a capture that never delivered (1018); and a JACK loopback kept wired to whatever
// plays to the playout device. It also relays the audio threads' events to the dispatcher.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>

#include "Backend.h"
#include "EventReporter.h"
#include "StreamSet.h"
#include "Watchdog.h"

namespace adm {

/// Timing of the watchdog; defaults documented in docs/errors.md.
struct WatchdogSettings {
    std::chrono::milliseconds period{50};         ///< every wake costs CPU (20-60 us on a VM): not more often
    std::chrono::milliseconds minStall{100};      ///< a gap in callbacks this long is a stall...
    int stallBuffers = 4;                         ///< ...or this many buffers, whichever is longer
    std::chrono::milliseconds noInput{1000};      ///< a recording with no callback this long: 1018
    std::chrono::milliseconds controlDeadline{1500};  ///< stop/close wait this long, then isolate
    int loopbackRewireTicks = 2;                  ///< JACK loopback follows new sources every this many periods
};

class StreamSupervisor {
public:
    StreamSupervisor(StreamSet& streams, Backend& backend, EventReporter& reporter, WatchdogSettings settings)
        : mStreams(streams), mBackend(backend), mReporter(reporter), mSettings(settings) {}
    ~StreamSupervisor() { stop(); }
    StreamSupervisor(const StreamSupervisor&) = delete;
    StreamSupervisor& operator=(const StreamSupervisor&) = delete;

    /**
     * A stream of `kind` started (the set's lock held): a loopback is wired to what feeds the playout
     * device, a playout is wired into a running loopback at once, and the watchdog runs from now on.
     * Returns the loopback wiring's failure, if any.
     */
    BackendResult onStarted(StreamKind kind);

    /// Ends the watchdog thread and waits for it. Without the set's lock: its tick takes it.
    void stop();

    const WatchdogSettings& settings() const noexcept { return mSettings; }

private:
    /// What the supervisor has said about one run of a stream.
    struct Watch {
        const Stream* stream = nullptr;
        int64_t startedNanos = 0;
        bool stallReported = false;
        bool noInputReported = false;
    };

    void tick();
    void check(Stream& stream, int64_t now);
    Watch& watchOf(const Stream& stream);
    BackendResult rewireLoopback(WireWhen when);

    StreamSet& mStreams;
    Backend& mBackend;
    EventReporter& mReporter;
    const WatchdogSettings mSettings;
    std::array<Watch, 3> mWatches;          // by stream slot; the watchdog's (under the set's lock)
    int mTicks = 0;                         // the watchdog's
    std::unique_ptr<Watchdog> mWatchdog;    // last: its thread uses the members above
};

}  // namespace adm
