#include "PcmRouter.h"

#include <string>
#include <utility>

#include "ErrorMapping.h"
#include "MonotonicClock.h"

namespace adm {

void PcmRouter::route(StreamKind kind, std::shared_ptr<Stream> stream) {
    std::shared_ptr<Stream> previous;
    {
        std::lock_guard<std::mutex> lock(mMutex);
        previous = std::exchange(mStreams[static_cast<std::size_t>(kind)], std::move(stream));
    }
    if (previous != nullptr) {
        previous->wakePcmSleepers();  // a thread asleep in wait() on it returns at once
    }
}

void PcmRouter::setOpen(bool open) {
    std::lock_guard<std::mutex> lock(mMutex);
    mOpen = open;
}

namespace {

/// What a transfer on a failed stream answers: its runtime error, at once (no frame will move again).
Status failedStream(StreamKind kind) {
    return Status::failure(runtimeErrorFor(kind), std::string("the ") + toText(kind) +
                                                      " stream failed (its device or sound server went away); close "
                                                      "it, and initialize again once the device is back");
}

/// What a transfer on a stream whose audio a realtime callback moves answers.
Status movedByRealtime(StreamKind kind) {
    return Status::failure(ErrorCode::AlreadyInUse, std::string("a realtime callback moves the ") + toText(kind) +
                                                        " stream's audio; set it to null to use the ring");
}

}  // namespace

Status PcmRouter::find(StreamKind kind, std::shared_ptr<Stream>& out) {
    if (!isStreamKind(kind)) {
        return Status::failure(ErrorCode::InvalidArgument,
                               "stream kind must be playout (1), recording (2) or loopback (3), was " +
                                   std::to_string(static_cast<int32_t>(kind)));
    }
    bool open = false;
    {
        std::lock_guard<std::mutex> lock(mMutex);
        out = mStreams[static_cast<std::size_t>(kind)];
        open = mOpen;
    }
    if (!open) {
        return Status::failure(ErrorCode::NotInitialized, "the module is closed");
    }
    if (out == nullptr) {
        return Status::failure(ErrorCode::NotInitialized,
                               std::string("the ") + toText(kind) + " stream is not initialized; initialize it first");
    }
    return Status::success();
}

Status PcmRouter::generation(StreamKind kind, uint32_t& out) {
    out = 0;
    std::shared_ptr<Stream> stream;
    if (Status status = find(kind, stream); !status.ok()) {
        return status;
    }
    out = stream->pcmSleepGeneration();
    return Status::success();
}

Status PcmRouter::wait(StreamKind kind, int64_t timeoutNanos) {
    uint32_t now = 0;
    if (Status status = generation(kind, now); !status.ok()) {
        return status;
    }
    return wait(kind, now, timeoutNanos);
}

Status PcmRouter::wait(StreamKind kind, uint32_t generation, int64_t timeoutNanos) {
    if (timeoutNanos < 0 || timeoutNanos > 1'000'000'000) {
        return Status::failure(ErrorCode::InvalidArgument,
                               "the wait must be from 0 to 1 s, was " + std::to_string(timeoutNanos) + " ns");
    }
    std::shared_ptr<Stream> stream;
    if (Status status = find(kind, stream); !status.ok()) {
        return status;
    }
    // A close or a wake after `generation` was read changed the word: the futex returns at once. A close
    // before this look routed the stream away: found no more (7). A failed stream is not waited on: the
    // transfer after this wait reports the failure.
    if (stream->state() != StreamState::Failed) {
        stream->sleepForPcm(generation, timeoutNanos);
    }
    return Status::success();
}

Status PcmRouter::wake(StreamKind kind) {
    std::shared_ptr<Stream> stream;
    if (Status status = find(kind, stream); !status.ok()) {
        return status;
    }
    stream->wakePcmSleepers();
    return Status::success();
}

Status PcmRouter::write(StreamKind kind, const uint8_t* source, std::size_t frames, std::size_t& written) {
    written = 0;
    std::shared_ptr<Stream> stream;  // held: a concurrent close cannot free it under us
    if (Status status = find(kind, stream); !status.ok()) {
        return status;
    }
    if (kind != StreamKind::Playout) {
        return Status::failure(ErrorCode::NotSupported, std::string("the ") + toText(kind) +
                                                            " stream is read, not written");
    }
    if (stream->realtime()) {
        return movedByRealtime(kind);
    }
    if (stream->state() == StreamState::Failed) {
        return failedStream(kind);
    }
    written = stream->writePcm(source, frames);
    return Status::success();
}

Status PcmRouter::read(StreamKind kind, uint8_t* destination, std::size_t frames, std::size_t& read) {
    read = 0;
    std::shared_ptr<Stream> stream;
    if (Status status = find(kind, stream); !status.ok()) {
        return status;
    }
    if (stream->fedToPlayout.load(std::memory_order_acquire)) {
        return Status::failure(ErrorCode::AlreadyInUse, "the device loopback test plays this recording; stop it to read");
    }
    if (kind == StreamKind::Playout) {
        return Status::failure(ErrorCode::NotSupported, "the playout stream is written, not read");
    }
    if (stream->realtime()) {
        return movedByRealtime(kind);
    }
    uint64_t lost = 0;
    read = stream->readPcm(destination, frames, lost);
    if (read == 0 && frames > 0 && stream->state() == StreamState::Failed) {
        return failedStream(kind);  // what it captured before it failed was read first
    }
    if (lost > 0) {
        const int64_t now = monotonicNanos();
        mReporter.warning(kind, WarningCode::AdmRuntimeRecordingWarning, stream->config().device, now, now,
                          static_cast<int64_t>(lost),
                          "the application was late: " + std::to_string(lost) + " frames of the oldest " +
                              toText(kind) + " audio were dropped before it read them; not a device glitch");
    }
    return Status::success();
}

Status PcmRouter::info(StreamKind kind, std::size_t& available, std::size_t& capacity, std::size_t& bytesPerFrame) {
    std::shared_ptr<Stream> stream;
    if (Status status = find(kind, stream); !status.ok()) {
        return status;
    }
    available = stream->pcmAvailable();
    capacity = stream->pcmCapacity();
    bytesPerFrame = stream->bytesPerFrame();
    return Status::success();
}

}  // namespace adm
