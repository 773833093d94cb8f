// Helpers of the detector tests: a sink that keeps what it is told, and a driver that feeds a signal
// to a detector chain in 10 ms callbacks with a synthetic clock.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "Signals.h"
#include "detectors/DetectorChain.h"

namespace adm::test {

class CollectingSink final : public DetectionSink {
public:
    void onDetection(const Detection& detection) noexcept override { all.push_back(detection); }

    std::vector<Detection> of(int32_t code) const {
        std::vector<Detection> out;
        for (const Detection& d : all) {
            if (d.code == code) {
                out.push_back(d);
            }
        }
        return out;
    }

    std::vector<Detection> all;
};

/// Feeds `mono` (duplicated into `channels`) to `chain` in callbacks of `blockFrames`, time from 0.
inline void feed(DetectorChain& chain, const std::vector<float>& mono, double rate, int channels,
                 DetectionSink& sink, std::size_t blockFrames = 480) {
    const std::vector<float> frames = interleave(mono, channels);
    const auto ch = static_cast<std::size_t>(channels);
    for (std::size_t pos = 0; pos < mono.size(); pos += blockFrames) {
        const std::size_t count = std::min(blockFrames, mono.size() - pos);
        CallbackTime time;
        time.inputAdcTime = 1.0 + static_cast<double>(pos) / rate;
        chain.process(frames.data() + pos * ch, SampleFormat::Float32, count, time,
                      static_cast<int64_t>(static_cast<double>(pos) * 1e9 / rate), sink);
    }
}

inline double seconds(int64_t nanos) { return static_cast<double>(nanos) / 1e9; }

}  // namespace adm::test
