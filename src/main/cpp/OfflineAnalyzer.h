// The runtime detectors over a recording instead of a live stream: the same DetectorChain, fed in
// 10 ms blocks with a synthetic clock (the position in the recording), so each detection carries its
// time in the file. Not real-time: it collects detections in a vector. One thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "detectors/DetectorChain.h"

namespace adm {

class OfflineAnalyzer {
public:
    /// Blocks handed to the chain, as a live stream's callbacks would be.
    static constexpr double kBlockSeconds = 0.010;

    /// @throws std::invalid_argument as DetectorChain does
    OfflineAnalyzer(double sampleRate, int channels, const DetectorSettings& settings);

    /// Appends `frames` interleaved frames (full scale 1.0) of the recording.
    void feed(const float* interleaved, std::size_t frames);
    /// Appends `frames` interleaved int16 frames.
    void feed(const int16_t* interleaved, std::size_t frames);

    /// Everything detected so far, in order; times are nanoseconds from the start of the recording.
    const std::vector<Detection>& detections() const noexcept { return mDetections; }
    /// Frames fed so far.
    int64_t frames() const noexcept { return mPosition; }
    double sampleRate() const noexcept { return mSampleRate; }
    int channels() const noexcept { return mChannels; }

private:
    class Collector final : public DetectionSink {
    public:
        explicit Collector(std::vector<Detection>& out) : mOut(out) {}
        void onDetection(const Detection& detection) noexcept override;

    private:
        std::vector<Detection>& mOut;
    };

    template <typename Sample>
    void feedBlocks(const Sample* interleaved, SampleFormat format, std::size_t frames);

    const double mSampleRate;
    const int mChannels;
    const std::size_t mBlockFrames;
    DetectorChain mChain;
    std::vector<Detection> mDetections;
    Collector mCollector{mDetections};
    int64_t mPosition = 0;
};

}  // namespace adm
