#include "DetectorChain.h"

#include "Codes.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace adm {

namespace {

const DetectorSettings& checked(const DetectorSettings& settings) {
    if (const char* problem = validate(settings)) {
        throw std::invalid_argument(std::string("DetectorSettings: ") + problem);
    }
    return settings;
}

/// The level detector's findings on what a playout plays: a low level is 1032 (an extension, docs/codes.md);
/// silence is no warning there (an application that has nothing to say plays it).
class PlayoutLevelSink final : public DetectionSink {
public:
    explicit PlayoutLevelSink(DetectionSink& target) noexcept : mTarget(target) {}

    void onDetection(const Detection& detection) noexcept override {
        if (detection.code == static_cast<int32_t>(WarningCode::AdmRecordAudioSilence)) {
            return;
        }
        Detection playout = detection;
        if (detection.code == static_cast<int32_t>(WarningCode::AdmRecordAudioLowlevel)) {
            playout.code = static_cast<int32_t>(WarningCode::AdmPlayoutAudioLowlevel);
        }
        mTarget.onDetection(playout);
    }

private:
    DetectionSink& mTarget;
};

}  // namespace

DetectorChain::DetectorChain(DetectorDirection direction, double sampleRate, int channels,
                             const DetectorSettings& settings)
    : mDirection(direction),
      mSampleRate(sampleRate),
      mChannels(channels),
      mTiming(direction, sampleRate, checked(settings).timing),
      mLevel(sampleRate, channels, settings.level),
      mHowling(sampleRate, channels, settings.howling),
      mScratch(kChunkFrames * static_cast<std::size_t>(channels)) {}

void DetectorChain::reset() noexcept {
    mTiming.reset();
    mLevel.reset();
    mHowling.reset();
    mGlitches.reset();
}

void DetectorChain::process(const void* interleaved, SampleFormat format, std::size_t frames,
                            const CallbackTime& time, int64_t nowNanos, DetectionSink& sink) noexcept {
    mTiming.process(frames, interleaved != nullptr, time, nowNanos, sink);
    if (interleaved == nullptr || frames == 0) {
        return;
    }
    if (mDirection == DetectorDirection::Playout) {
        PlayoutLevelSink playout(sink);
        analyze(interleaved, format, frames, nowNanos, playout);
        return;
    }
    analyze(interleaved, format, frames, nowNanos, sink);
}

void DetectorChain::analyze(const void* interleaved, SampleFormat format, std::size_t frames, int64_t nowNanos,
                            DetectionSink& sink) noexcept {
    const bool howling = mDirection == DetectorDirection::Recording;  // on what the device hears, not what it plays
    const auto channels = static_cast<std::size_t>(mChannels);
    if (format == SampleFormat::Float32) {
        const auto* samples = static_cast<const float*>(interleaved);
        mLevel.process(samples, frames, nowNanos, sink);
        if (howling) {
            mHowling.process(samples, frames, nowNanos, sink);
        }
        return;
    }
    const auto* samples = static_cast<const int16_t*>(interleaved);
    for (std::size_t done = 0; done < frames;) {
        const std::size_t count = std::min(kChunkFrames, frames - done);
        const int16_t* in = samples + done * channels;
        for (std::size_t i = 0; i < count * channels; ++i) {
            mScratch[i] = static_cast<float>(in[i]) * (1.0f / 32768.0f);
        }
        const int64_t at = nowNanos + framesToNanos(static_cast<int64_t>(done), mSampleRate);
        mLevel.process(mScratch.data(), count, at, sink);
        if (howling) {
            mHowling.process(mScratch.data(), count, at, sink);
        }
        done += count;
    }
}

}  // namespace adm
