#include "Stream.h"

#include <cstring>
#include <utility>

#include "ErrorMapping.h"

namespace adm {
namespace {

std::size_t bytesPerSample(SampleFormat format) { return format == SampleFormat::Int16 ? 2 : 4; }

}  // namespace

Stream::Stream(StreamKind kind, StreamConfig config, std::shared_ptr<EventHub> events)
    : mKind(kind),
      mConfig(config),
      mEvents(std::move(events)),
      mOutputBytesPerFrame(static_cast<std::size_t>(config.channels) * bytesPerSample(config.format)) {}

void Stream::onAudio(const void* /*input*/, void* output, unsigned long frames, const CallbackTime& /*time*/,
                     uint32_t flags) noexcept {
    const int64_t now = monotonicNanos();
    if (output != nullptr) {
        // Until the PCM path feeds it, playout plays silence (all-zero bits in both formats).
        std::memset(output, 0, frames * mOutputBytesPerFrame);
    }
    const uint32_t glitches = mKind == StreamKind::Playout ? (flags & (kOutputUnderflow | kOutputOverflow))
                                                           : (flags & (kInputUnderflow | kInputOverflow));
    if (glitches != 0) {
        publishWarning(glitchWarningFor(mKind), now, static_cast<int64_t>(glitches));
    }
    mFrames.fetch_add(frames, std::memory_order_relaxed);
    mLastCallbackNanos.store(now, std::memory_order_release);
    mCallbacks.fetch_add(1, std::memory_order_release);
}

void Stream::onFinished() noexcept {
    if (!stopRequested()) {
        mFinishedUnrequested.store(true, std::memory_order_release);
    }
}

void Stream::markStarted(int64_t nowNanos) noexcept {
    mStopRequested.store(false, std::memory_order_release);
    mFinishedUnrequested.store(false, std::memory_order_release);
    mStartedNanos.store(nowNanos, std::memory_order_release);
    stallReported = false;
    noInputReported = false;
}

void Stream::publishWarning(WarningCode code, int64_t nowNanos, int64_t value) noexcept {
    EventRecord record;
    record.type = static_cast<int32_t>(EventType::Warning);
    record.code = static_cast<int32_t>(code);
    record.stream = static_cast<int32_t>(mKind);
    record.device = mConfig.device;
    record.firstNanos = nowNanos;
    record.lastNanos = nowNanos;
    record.value = value;
    mEvents->publish(record);
}

}  // namespace adm
