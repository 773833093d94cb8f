#include "StreamSupervisor.h"

#include <algorithm>
#include <mutex>
#include <string>
#include <utility>

#include "ErrorMapping.h"
#include "HostEventBell.h"
#include "MonotonicClock.h"

namespace adm {
namespace {

constexpr int64_t kServerAskInterval = 1'000'000'000;  // serverGoneInStall: once a second while a stall lasts

}  // namespace

void StreamSupervisor::watch() {
    if (mWatchdog == nullptr) {
        mWatchdog = std::make_unique<Watchdog>(mSettings.period, [this] { return tick(); });
        Watchdog* const dog = mWatchdog.get();
        mBellToken = HostEventBell::instance().add([dog] { dog->wake(); });
    } else {
        mWatchdog->wake();
    }
}

BackendResult StreamSupervisor::onStarted(StreamKind kind) {
    watch();
    // Loopback captures what feeds the playout device: wire it now (the ticks keep it up to date). A
    // playout is wired into a running loopback at once too, rather than at the next tick, and whether
    // or not JACK's notice of the new connection has come yet.
    return kind == StreamKind::Playout || kind == StreamKind::Loopback
               ? rewireLoopback(mStreams.all(), WireWhen::Now)
               : BackendResult{};
}

void StreamSupervisor::stop() {
    if (mWatchdog != nullptr) {
        HostEventBell::instance().remove(mBellToken);  // before the watchdog it wakes goes
    }
    mWatchdog.reset();  // joins the thread
}

unsigned long StreamSupervisor::ticks() { return mWatchdog != nullptr ? mWatchdog->ticks() : 0; }

BackendResult StreamSupervisor::rewireLoopback(const StreamSet::Streams& streams, WireWhen when) {
    const std::shared_ptr<Stream>& loopback = streams[2];
    if (loopback == nullptr || loopback->state() != StreamState::Running || loopback->host() != HostKind::Jack) {
        return {};
    }
    // What is played to this module's playout device when that is on JACK, else to the loopback's own device.
    const std::shared_ptr<Stream>& playout = streams[0];
    const int32_t playoutDevice = playout != nullptr && playout->host() == HostKind::Jack ? playout->config().device
                                                                                          : loopback->config().device;
    return loopback->backend->wireInputsToPlayoutSources(playoutDevice, when);
}

bool StreamSupervisor::tick() {
    const StreamSet::Streams streams = mStreams.snapshot();
    bool running = false;   // a running stream is looked at every period: its callbacks may stop
    bool deferred = false;  // a failure waits for the control lock: the next period tries again
    if (++mTicks % mSettings.loopbackRewireTicks == 0) {
        // New players (other modules, other processes) may have come to the playout device since the
        // loopback started. A failure here is not reported: the loopback keeps what it had, and a
        // server that went away is reported by the checks below.
        rewireLoopback(streams, WireWhen::IfGraphChanged);
    }
    const int64_t now = monotonicNanos();
    for (const std::shared_ptr<Stream>& stream : streams) {
        if (stream == nullptr) {
            continue;
        }
        const StreamState state = stream->state();
        running = running || state == StreamState::Running;
        if (state == StreamState::Running && !stream->stopRequested()) {
            if (observe(*stream, now)) {
                deferred = !fail(stream, true) || deferred;
            }
        } else if ((state == StreamState::Initialized || state == StreamState::Stopped) && serverDied(*stream)) {
            // Its server died since it opened, whether it ran then or not. Seen at once: the death rings the
            // HostEventBell, which wakes this sleeping watchdog.
            deferred = !fail(stream, false) || deferred;
        }
    }
    const bool recovering = mRecovery.tick(monotonicNanos());  // reopens due, with their events
    mReporter.hub()->relayWake();  // for what the audio threads published without waking the dispatcher
    // Idle streams (initialized, stopped, failed) need no periodic look: a control call or a server's death
    // wakes the watchdog. So an open module with no running stream wakes no thread of ours.
    return running || deferred || recovering;
}

bool StreamSupervisor::serverDied(Stream& stream) {
    if (mBackend.hostDeaths(stream.host()) <= stream.hostDeathsAtOpen()) {
        return false;
    }
    // A JACK stream has one server; an ALSA stream, the one its PCM reached when it opened, if any (asked only
    // now that some server died: a stream on a card's own PCM, or on a server that lives, goes on).
    return stream.host() == HostKind::Jack || (stream.host() == HostKind::Alsa && stream.backend->hostGone());
}

bool StreamSupervisor::observe(Stream& stream, int64_t now) {
    const int active = stream.backend->isActive();
    if (active <= 0 || stream.finishedUnrequested()) {
        return true;
    }
    const StreamKind kind = stream.kind();
    const int32_t device = stream.config().device;
    Watch& watch = watchOf(stream);
    const uint64_t callbacks = stream.callbacks();
    const int64_t last = callbacks == 0 ? stream.startedNanos() : stream.lastCallbackNanos();
    const int64_t gap = now - last;
    const StreamConfig& config = stream.config();
    const int64_t bufferNanos =
        config.framesPerBuffer == 0
            ? 0
            : static_cast<int64_t>(1e9 * config.framesPerBuffer / config.sampleRate) * mSettings.stallBuffers;
    const int64_t stallNanos = std::max(toNanos(mSettings.minStall), bufferNanos);
    if (isCapture(kind) && callbacks == 0 && gap > toNanos(mSettings.noInput)) {
        if (!watch.noInputReported) {
            watch.noInputReported = true;
            mReporter.fail(kind, ErrorCode::AdmRecordAudioFailed,
                           std::string(toText(kind)) + " has delivered no audio at all " +
                               std::to_string(gap / 1'000'000) + " ms after start",
                           device);
        }
    } else if (gap > stallNanos && serverGoneInStall(watch, stream, now)) {
        return true;  // stalled because its server died: a failure, not a malfunction
    } else if (gap > stallNanos && !watch.stallReported) {
        watch.stallReported = true;
        mReporter.warning(kind, malfunctionWarningFor(kind), device, last, now, gap,
                          std::string(toText(kind)) + " callbacks stalled: none for " +
                              std::to_string(gap / 1'000'000) + " ms although the host reports the stream active");
    } else if (gap <= stallNanos && watch.stallReported) {
        watch.stallReported = false;  // callbacks came back: say the stream runs again
        mReporter.stateChanged(stream, StreamState::Running, gap);
    }
    if (gap <= stallNanos) {
        watch.serverAskedNanos = 0;  // the next stall asks at once
    }
    return false;
}

bool StreamSupervisor::serverGoneInStall(Watch& watch, Stream& stream, int64_t now) {
    if (watch.serverAskedNanos != 0 && now - watch.serverAskedNanos < kServerAskInterval) {
        return false;
    }
    watch.serverAskedNanos = now;
    return stream.backend->hostGone();
}

bool StreamSupervisor::fail(const std::shared_ptr<Stream>& stream, bool running) {
    // Only if no control call holds the lock (it may wait on the host): the next tick tries again.
    std::unique_lock<std::mutex> lock(mStreams.mutex(), std::try_to_lock);
    const StreamKind kind = stream->kind();
    if (!lock.owns_lock()) {
        return false;
    }
    if (mStreams[kind] != stream) {
        return true;
    }
    const StreamState was = stream->state();
    const int32_t device = stream->config().device;
    if (running) {
        if (was != StreamState::Running || stream->stopRequested()) {
            return true;  // stopped meanwhile, on purpose
        }
        // Dead without a stop request: the server or device went away. Isolate it first, so that the
        // application's stop and close return at once instead of waiting on the host.
        const int active = stream->backend->isActive();
        const bool isolated = stream->backend->isolate();
        stream->setState(failedState());
        const std::string why = active > 0 ? "its callbacks stalled and its sound server is gone"
                                           : std::string("the host reports the stream ") +
                                                 (active < 0 ? "invalid" : "inactive") +
                                                 " (the sound server or device went away)";
        mReporter.fail(kind, runtimeErrorFor(kind),
                       std::string(toText(kind)) + " stopped while running: " + why +
                           (isolated ? "; the stream was isolated, so stop and close will not wait for the host" : ""),
                       device, active < 0 ? active : 0);
    } else {
        if (was != StreamState::Initialized && was != StreamState::Stopped) {
            return true;
        }
        // Not isolated: it does not run, so closing it waits for nothing (PortAudio's close of a stream of a
        // dead JACK server is safe with JackShutdownGuard) and frees what it holds.
        stream->setState(failedState());
        mReporter.fail(kind, runtimeErrorFor(kind),
                       std::string(toText(kind)) + " failed while " + toText(was) +
                           ": its sound server went away; close it, and initialize again once the server is back" +
                           (mRecovery.policy().enabled ? " (the recovery policy reopens it)" : ""),
                       device);
    }
    mReporter.stateChanged(*stream, StreamState::Failed);
    mRecovery.begin(stream, running ? StreamState::Running : was);
    return true;
}

StreamState StreamSupervisor::failedState() const {
    // A stream the policy recovers is RECOVERING at once: the application's PCM calls never see it FAILED.
    return mRecovery.policy().enabled ? StreamState::Recovering : StreamState::Failed;
}

StreamSupervisor::Watch& StreamSupervisor::watchOf(const Stream& stream) {
    Watch& watch = mWatches[StreamSet::slot(stream.kind())];
    if (watch.stream != &stream || watch.startedNanos != stream.startedNanos()) {
        watch = Watch{&stream, stream.startedNanos()};  // a new run: nothing said about it yet
    }
    return watch;
}

}  // namespace adm
