#include "OfflineAnalyzer.h"

#include <algorithm>
#include <cmath>
#include <new>

namespace adm {

OfflineAnalyzer::OfflineAnalyzer(double sampleRate, int channels, const DetectorSettings& settings)
    : mSampleRate(sampleRate),
      mChannels(channels),
      mBlockFrames(static_cast<std::size_t>(std::max(1.0, std::round(sampleRate * kBlockSeconds)))),
      mChain(DetectorDirection::Recording, sampleRate, channels, settings) {
    mDetections.reserve(256);
}

void OfflineAnalyzer::Collector::onDetection(const Detection& detection) noexcept {
    try {
        mOut.push_back(detection);
    } catch (const std::bad_alloc&) {
        // Out of memory offline: the detection is lost, nothing else is.
    }
}

void OfflineAnalyzer::feed(const float* interleaved, std::size_t frames) {
    feedBlocks(interleaved, SampleFormat::Float32, frames);
}

void OfflineAnalyzer::feed(const int16_t* interleaved, std::size_t frames) {
    feedBlocks(interleaved, SampleFormat::Int16, frames);
}

template <typename Sample>
void OfflineAnalyzer::feedBlocks(const Sample* interleaved, SampleFormat format, std::size_t frames) {
    const auto channels = static_cast<std::size_t>(mChannels);
    std::size_t done = 0;
    while (done < frames) {
        // Blocks keep to the 10 ms grid of the whole recording, however the caller splits it.
        const auto intoBlock = static_cast<std::size_t>(mPosition % static_cast<int64_t>(mBlockFrames));
        const std::size_t count = std::min(frames - done, mBlockFrames - intoBlock);
        const int64_t now = framesToNanos(mPosition, mSampleRate);
        CallbackTime time;
        time.inputAdcTime = 1.0 + static_cast<double>(mPosition) / mSampleRate;  // > 0: a clock is present
        time.currentTime = time.inputAdcTime;
        mChain.process(interleaved + done * channels, format, count, time, now, mCollector);
        mPosition += static_cast<int64_t>(count);
        done += count;
    }
}

}  // namespace adm
