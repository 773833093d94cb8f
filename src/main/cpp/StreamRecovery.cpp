#include "StreamRecovery.h"

#include <algorithm>
#include <mutex>
#include <utility>
#include <vector>

#include "DeviceResolver.h"
#include "ErrorMapping.h"
#include "EventReporter.h"
#include "MonotonicClock.h"
#include "Stream.h"
#include "StreamControl.h"

namespace adm {

Status StreamRecovery::setPolicy(const RecoveryPolicy& policy) {
    if (std::string why = validate(policy); !why.empty()) {
        return Status::failure(ErrorCode::InvalidArgument, "recovery policy: " + why);
    }
    mPolicy = policy;
    if (!policy.enabled) {
        for (const StreamKind kind : {StreamKind::Playout, StreamKind::Recording, StreamKind::Loopback}) {
            Record& record = recordOf(kind);
            const std::shared_ptr<Stream>& stream = mStreams[kind];
            if (record.active && stream != nullptr && stream.get() == record.stream) {
                stream->setState(StreamState::Failed);
                mReporter.stateChanged(*stream, StreamState::Failed, record.tries);
            }
            if (record.active) {
                record = Record{};
                --mActive;
            }
        }
    }
    return Status::success();
}

bool StreamRecovery::begin(const std::shared_ptr<Stream>& stream, StreamState resumeAs) {
    const StreamState state = stream->state();
    if (!mPolicy.enabled || (state != StreamState::Failed && state != StreamState::Recovering)) {
        return false;
    }
    Record& record = recordOf(stream->kind());
    if (!record.active) {
        ++mActive;
    }
    const int64_t now = monotonicNanos();
    record = Record{true, resumeAs, 0, now, now + toNanos(mPolicy.firstDelay), toNanos(mPolicy.firstDelay),
                    stream.get()};
    // Its host stream is done for: no callback of it may reach the stream any more (a stalled server that
    // resumes would run it beside the new one), and closing it now lets PortAudio renew itself for the reopen
    // (it does only when no stream of the process is open). An isolated stream's close asks no host.
    stream->backend->detachCallback();
    stream->backend->close();
    stream->setState(StreamState::Recovering);
    mReporter.stateChanged(*stream, StreamState::Recovering, 0);
    return true;
}

void StreamRecovery::resumeAs(StreamKind kind, bool run) {
    Record& record = recordOf(kind);
    if (record.active) {
        record.resumeAs = run ? StreamState::Running
                              : (record.resumeAs == StreamState::Running ? StreamState::Stopped : record.resumeAs);
    }
}

bool StreamRecovery::tick(int64_t nowNanos) {
    if (mActive.load() == 0) {
        return false;
    }
    // What is due, under the control lock (if free: else the next tick looks).
    std::vector<std::shared_ptr<Stream>> due;
    {
        std::unique_lock<std::mutex> lock(mStreams.mutex(), std::try_to_lock);
        if (!lock.owns_lock()) {
            return true;
        }
        for (const StreamKind kind : {StreamKind::Playout, StreamKind::Recording, StreamKind::Loopback}) {
            Record& record = recordOf(kind);
            if (!record.active) {
                continue;
            }
            const std::shared_ptr<Stream>& stream = mStreams[kind];
            if (stream == nullptr || stream.get() != record.stream || stream->state() != StreamState::Recovering) {
                record = Record{};  // closed (or replaced) meanwhile: nothing to recover
                --mActive;
            } else if (nowNanos >= record.nextNanos) {
                due.push_back(stream);
            }
        }
    }
    bool recovered = false;
    for (const std::shared_ptr<Stream>& stream : due) {
        // The host's part without the control lock: a server that came back stalled may keep it up to the scan
        // deadline (10 s), and the application's calls must not wait for that.
        Attempt attempt = prepare(*stream);
        std::lock_guard<std::mutex> lock(mStreams.mutex());  // control calls hold it within their deadlines
        Record& record = recordOf(stream->kind());
        if (!record.active || mStreams[stream->kind()] != stream || stream->state() != StreamState::Recovering) {
            discard(std::move(attempt.fresh));  // closed, or the policy switched off, meanwhile
            continue;
        }
        ++record.tries;
        const std::string why = attempt.why.empty() ? install(stream, record, std::move(attempt), nowNanos) : attempt.why;
        if (why.empty()) {
            record = Record{};
            --mActive;
            recovered = true;
        } else if (record.tries >= mPolicy.maxTries) {
            giveUp(*stream, record, why);
        } else {
            // Doubled, from at least 10 ms (a first delay of 0 grows too), up to the longest.
            record.delayNanos = std::min(std::max<int64_t>(record.delayNanos * 2, 10'000'000), toNanos(mPolicy.maxDelay));
            record.nextNanos = monotonicNanos() + std::max<int64_t>(record.delayNanos, 1);
            mReporter.stateChanged(*stream, StreamState::Recovering, record.tries);
        }
    }
    return mActive.load() > 0 || recovered;
}

StreamRecovery::Attempt StreamRecovery::prepare(Stream& stream) {
    // The watchdog's thread: the only one that changes the stream's host and backend (install), so reading them
    // here is safe.
    Attempt attempt;
    const StreamKind kind = stream.kind();
    if (!stream.backend->serverAnswers()) {  // the failed host stream knows which server it reached
        // Not back yet: renewing the host now would only list what is left (and cost a host initialization).
        attempt.why = "its sound server does not answer yet";
        return attempt;
    }
    attempt.deathsBefore = mBackend.hostDeaths(stream.host());  // a death during the open fails it at once
    if (Status status = mResolver.resolve(kind, stream.requested(), attempt.resolved); !status.ok()) {
        attempt.why = status.message;
        return attempt;
    }
    // The new host stream calls the stream only once started, under the lock (install).
    if (BackendResult opened = mBackend.openStream(attempt.resolved.request, &stream, attempt.fresh); !opened.ok()) {
        attempt.why = "could not open " + std::string(toText(kind)) + ": " + backendText(opened);
    }
    return attempt;
}

std::string StreamRecovery::install(const std::shared_ptr<Stream>& stream, Record& record, Attempt attempt,
                                    int64_t nowNanos) {
    const StreamKind kind = stream->kind();
    // No callback of the old host stream reaches the stream (detached), none of the new one runs yet.
    stream->backend = std::move(attempt.fresh);
    stream->rebind(attempt.resolved.config, attempt.resolved.device, attempt.resolved.host);
    stream->setHostDeathsAtOpen(attempt.resolved.host == stream->host() ? attempt.deathsBefore
                                                                        : mBackend.hostDeaths(attempt.resolved.host));
    const int64_t gap = monotonicNanos() - record.failedNanos;
    if (record.resumeAs == StreamState::Running) {
        stream->markStarted(nowNanos);
        const BackendResult started = stream->backend->start();
        if (!started.ok()) {
            if (started.notAnswered()) {
                stream->backend->isolate();
            }
            stream->backend->detachCallback();
            stream->backend->close();
            return "could not start " + std::string(toText(kind)) + ": " + backendText(started);
        }
    }
    stream->setState(record.resumeAs);
    mReporter.stateChanged(*stream, record.resumeAs, gap);
    return {};
}

void StreamRecovery::discard(std::unique_ptr<BackendStream> fresh) {
    if (fresh != nullptr) {
        fresh->detachCallback();
        fresh->close();
    }
}

void StreamRecovery::giveUp(Stream& stream, Record& record, const std::string& why) {
    const StreamKind kind = stream.kind();
    const uint32_t tries = record.tries;
    const int64_t tried = monotonicNanos() - record.failedNanos;
    record = Record{};
    --mActive;
    stream.setState(StreamState::Failed);
    mReporter.fail(kind, runtimeErrorFor(kind),
                   std::string(toText(kind)) + " gave up recovering after " + std::to_string(tries) + " tries over " +
                       std::to_string(tried / 1'000'000) + " ms; the last: " + why +
                       "; close it, and initialize again once its server or device is back",
                   stream.config().device);
    mReporter.stateChanged(stream, StreamState::Failed, tries);
}

StreamRecovery::Record& StreamRecovery::recordOf(StreamKind kind) { return mRecords[StreamSet::slot(kind)]; }

}  // namespace adm
