#include "Stream.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <utility>

#include "ErrorMapping.h"
#include "KeptOnPurpose.h"
#include "MonotonicClock.h"

namespace adm {
namespace {

/// Half a second of audio, and at least eight buffers: room for an application that writes or
/// reads in large blocks, while it decides the latency by how much it keeps queued.
std::size_t pcmFramesFor(const StreamConfig& config) {
    const auto halfSecond = static_cast<std::size_t>(config.sampleRate / 2);
    return SpscPcmRing::capacityFor(std::max<std::size_t>(halfSecond, std::size_t{8} * config.framesPerBuffer));
}

}  // namespace

Stream::Stream(StreamKind kind, StreamConfig config, DeviceInfo device, HostKind host, std::shared_ptr<EventHub> events,
               const DetectorSettings& detectors, std::optional<StreamConfig> requested)
    : mKind(kind),
      mRequested(requested.has_value() ? std::move(*requested) : config),
      mConfig(std::move(config)),
      mDevice(std::move(device)),
      mHost(host),
      mEvents(std::move(events)),
      mBytesPerFrame(static_cast<std::size_t>(mConfig.channels) * bytesPerSample(mConfig.format)),
      mPcm(pcmFramesFor(mConfig), mBytesPerFrame),
      mLateMessageId(mEvents->fixedMessage(
          kind == StreamKind::Playout
              ? "the application was late: the playout ran out of audio and silence was inserted "
                "(value: frames of silence); not a device glitch"
              : "the application was late")),
      mRealtimeLateMessageId(mEvents->fixedMessage(
          "the application was late: the realtime callback took longer than the period it had to fill (value: "
          "microseconds it took); not a device glitch")),
      mRealtimeFailedMessageId(mEvents->fixedMessage(
          "the realtime callback failed (it threw, or could not be called): the stream outputs silence and calls "
          "it no more until it is started or the callback is set again; AudioStream.realtimeFailure() has the "
          "exception")),
      mNanosPerFrame(1e9 / mConfig.sampleRate),
      mDetectors(std::make_unique<DetectorChain>(
          kind == StreamKind::Playout ? DetectorDirection::Playout : DetectorDirection::Recording, mConfig.sampleRate,
          mConfig.channels, detectors)) {}

Stream::~Stream() {
    if (backend != nullptr) {
        backend->detachCallback();
    }
}

void ReleaseStream::operator()(Stream* stream) const noexcept {
    if (stream->backend != nullptr && !stream->backend->detachCallback()) {
        keptOnPurpose(stream);
        return;
    }
    std::unique_ptr<Stream> owned(stream);
}

void Stream::onAudio(const void* input, void* output, unsigned long frames, const CallbackTime& time,
                     uint32_t flags) noexcept {
    const int64_t now = monotonicNanos();
    if (mFirstCallbackNanos.load(std::memory_order_relaxed) == 0) {
        mFirstCallbackNanos.store(now, std::memory_order_release);
    }
    if (RealtimeProcessor* processor = mRealtime.load(std::memory_order_acquire); processor != nullptr) {
        runRealtime(*processor, input, output, frames, now);
    } else {
        moveThroughRing(input, output, frames, now);
    }
    if (mLevelWindow.load(std::memory_order_relaxed) != 0) {
        meter(output != nullptr ? output : input, frames, now);
    }
    // Playout: timing and the level of what it plays; recording: timing, levels and howling.
    mDetectors->process(mKind == StreamKind::Playout ? output : input, mConfig.format, frames, time, now, *this);
    const uint32_t glitches = mKind == StreamKind::Playout ? (flags & (kOutputUnderflow | kOutputOverflow))
                                                           : (flags & (kInputUnderflow | kInputOverflow));
    if (glitches != 0) {
        mEvents->publishWithoutWake(EventRecord::of(EventType::Warning, static_cast<int32_t>(glitchWarningFor(mKind)),
                                                    mKind, mConfig.device, now, now, static_cast<int64_t>(glitches)));
    }
    mDetectors->processGlitches(glitches != 0, now, *this);
    mFrames.fetch_add(frames, std::memory_order_relaxed);
    mLastCallbackNanos.store(now, std::memory_order_release);
    mCallbacks.fetch_add(1, std::memory_order_release);
}

void Stream::moveThroughRing(const void* input, void* output, unsigned long frames, int64_t now) noexcept {
    if (output != nullptr) {
        auto* bytes = static_cast<uint8_t*>(output);
        Stream* source = mFeedFrom.load(std::memory_order_seq_cst);  // see CallbackGate::awaitIdle
        uint64_t ignored = 0;  // the test plays what there is; a late recording is not the app's fault
        const std::size_t played = source != nullptr ? source->mPcm.readLapped(bytes, frames, ignored)
                                                     : mPcm.read(bytes, frames);
        if (played > 0 && mFirstPcmFrame.load(std::memory_order_relaxed) < 0) {
            // The app's data starts after the silence played before it: frames so far, plus what was
            // silence at the start of this buffer (none: the ring is read from the buffer's start).
            mFirstPcmFrame.store(static_cast<int64_t>(mFrames.load(std::memory_order_relaxed)),
                                 std::memory_order_release);
        }
        if (played < frames) {
            // Silence is all-zero bits in both formats.
            std::memset(bytes + played * mBytesPerFrame, 0, (frames - played) * mBytesPerFrame);
            // One warning per starvation: only when the app had been writing (not before it starts,
            // not after it stopped on purpose); its next write re-arms it.
            if (source == nullptr && mPlayoutArmed.exchange(false, std::memory_order_acq_rel)) {
                mLateFrames.fetch_add(frames - played, std::memory_order_relaxed);
                mEvents->publishWithoutWake(
                    EventRecord::of(EventType::Warning, static_cast<int32_t>(WarningCode::AdmRuntimePlayoutWarning),
                                    mKind, mConfig.device, now, now, static_cast<int64_t>(frames - played))
                        .withMessageId(mLateMessageId));
            }
        }
    }
    if (input != nullptr) {
        mPcm.overwrite(static_cast<const uint8_t*>(input), frames);
    }
}

namespace {

/// Set around the realtime callback's call, on the audio thread (RealtimeProcessor.h).
thread_local bool tInsideRealtimeProcessor = false;

}  // namespace

bool insideRealtimeProcessor() noexcept { return tInsideRealtimeProcessor; }

void Stream::runRealtime(RealtimeProcessor& processor, const void* input, void* output, unsigned long frames,
                         int64_t now) noexcept {
    if (mRealtimeFailed.load(std::memory_order_relaxed)) {
        if (output != nullptr) {
            std::memset(output, 0, frames * mBytesPerFrame);
        }
        return;
    }
    tInsideRealtimeProcessor = true;
    const bool ok = processor.process(input, output, frames);
    tInsideRealtimeProcessor = false;
    const int64_t done = monotonicNanos();
    if (!ok) {
        mRealtimeFailed.store(true, std::memory_order_relaxed);
        if (output != nullptr) {
            std::memset(output, 0, frames * mBytesPerFrame);  // what it left half-written is not played
        }
        mEvents->publishWithoutWake(EventRecord::of(EventType::Error, static_cast<int32_t>(ErrorCode::AdmJavaResource),
                                                    mKind, mConfig.device, now, done, 0)
                                        .withMessageId(mRealtimeFailedMessageId));
        return;
    }
    if (static_cast<double>(done - now) > mNanosPerFrame * static_cast<double>(frames)) {
        mLateCallbacks.fetch_add(1, std::memory_order_relaxed);
        mEvents->publishWithoutWake(EventRecord::of(EventType::Warning, static_cast<int32_t>(glitchWarningFor(mKind)),
                                                    mKind, mConfig.device, now, done, (done - now) / 1000)
                                        .withMessageId(mRealtimeLateMessageId));
    }
}

void Stream::setRealtime(std::shared_ptr<RealtimeProcessor> processor) noexcept {
    mRealtime.store(processor.get(), std::memory_order_release);
    mRealtimeFailed.store(false, std::memory_order_relaxed);
    mRealtimeOwner = std::move(processor);
}

std::size_t Stream::writePcm(const uint8_t* source, std::size_t frames) noexcept {
    const std::size_t written = mPcm.write(source, frames);
    if (written > 0) {
        mPlayoutArmed.store(true, std::memory_order_release);
    }
    return written;
}

std::size_t Stream::readPcm(uint8_t* destination, std::size_t frames, uint64_t& lost) noexcept {
    return mPcm.readLapped(destination, frames, lost);
}

std::size_t Stream::pcmAvailable() const noexcept {
    return mKind == StreamKind::Playout ? mPcm.capacityFrames() - mPcm.readable() : mPcm.readable();
}

void Stream::onFinished() noexcept {
    if (!stopRequested()) {
        mFinishedUnrequested.store(true, std::memory_order_release);
    }
}

void Stream::rebind(const StreamConfig& config, DeviceInfo device, HostKind host) {
    mConfig.device = config.device;
    mConfig.framesPerBuffer = config.framesPerBuffer;
    mConfig.suggestedLatency = config.suggestedLatency;
    mDevice = std::move(device);
    mHost = host;
}

void Stream::markStarted(int64_t nowNanos) noexcept {
    mStopRequested.store(false, std::memory_order_release);
    mFinishedUnrequested.store(false, std::memory_order_release);
    mStartedNanos.store(nowNanos, std::memory_order_release);
    mFirstCallbackNanos.store(0, std::memory_order_release);
    mRealtimeFailed.store(false, std::memory_order_relaxed);  // a new start gives the realtime callback a new try
    mDetectors->reset();  // no callback runs before start
}

void Stream::meter(const void* samples, unsigned long frames, int64_t nowNanos) noexcept {
    if (samples == nullptr) {
        return;
    }
    const std::size_t count = frames * static_cast<std::size_t>(mConfig.channels);
    if (mLevelFrames == 0) {
        mLevelStartNanos = nowNanos;
    }
    if (mConfig.format == SampleFormat::Int16) {
        const auto* pcm = static_cast<const int16_t*>(samples);
        for (std::size_t i = 0; i < count; ++i) {
            const double x = pcm[i] / 32768.0;
            mLevelPeak = std::max(mLevelPeak, std::abs(x));
            mLevelSquares += x * x;
        }
    } else {
        const auto* pcm = static_cast<const float*>(samples);
        for (std::size_t i = 0; i < count; ++i) {
            const double x = pcm[i];
            mLevelPeak = std::max(mLevelPeak, std::abs(x));
            mLevelSquares += x * x;
        }
    }
    mLevelFrames += frames;
    if (mLevelFrames < mLevelWindow.load(std::memory_order_relaxed)) {
        return;
    }
    // Hundredths of a dBFS, floored at -150 dBFS: integers, so the record needs no text.
    auto centiDb = [](double amplitude) {
        return static_cast<int32_t>(std::lround(100.0 * std::max(-150.0, 20.0 * std::log10(std::max(amplitude, 1e-9)))));
    };
    const double rms = std::sqrt(mLevelSquares / static_cast<double>(mLevelFrames * static_cast<uint64_t>(mConfig.channels)));
    const int64_t levels = static_cast<int64_t>(static_cast<uint32_t>(centiDb(mLevelPeak))) |
                           (static_cast<int64_t>(centiDb(rms)) * (int64_t{1} << 32));
    mEvents->publishWithoutWake(
        EventRecord::of(EventType::Levels, 0, mKind, mConfig.device, mLevelStartNanos, nowNanos, levels));
    mLevelPeak = 0.0;
    mLevelSquares = 0.0;
    mLevelFrames = 0;
}

void Stream::onDetection(const Detection& detection) noexcept {
    if (detection.cleared()) {
        return;  // the detector re-arms itself; listeners hear the next onset, not the end
    }
    const EventType type = detection.kind == DetectionKind::Error ? EventType::Error : EventType::Warning;
    mEvents->publishWithoutWake(EventRecord::of(type, detection.code, mKind, mConfig.device, detection.firstNanos,
                                                detection.lastNanos, detection.value));
}

}  // namespace adm
