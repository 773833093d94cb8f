#include "DetectorChain.h"

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
}

void DetectorChain::process(const void* interleaved, SampleFormat format, std::size_t frames,
                            const CallbackTime& time, int64_t nowNanos, DetectionSink& sink) noexcept {
    mTiming.process(frames, interleaved != nullptr, time, nowNanos, sink);
    if (mDirection != DetectorDirection::Recording || interleaved == nullptr || frames == 0) {
        return;
    }
    const auto channels = static_cast<std::size_t>(mChannels);
    if (format == SampleFormat::Float32) {
        const auto* samples = static_cast<const float*>(interleaved);
        mLevel.process(samples, frames, nowNanos, sink);
        mHowling.process(samples, frames, nowNanos, sink);
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
        mHowling.process(mScratch.data(), count, at, sink);
        done += count;
    }
}

}  // namespace adm
