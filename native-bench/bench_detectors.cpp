// The detectors' budget: all of them together (DetectorChain::process) per 10 ms callback of 48 kHz
// stereo, float32 and int16, on three signals. Usage: bench_detectors [seconds per signal, default 60].
// Target (issue #6): under 5 us per callback. Results: docs/benchmarks.md.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "Timing.h"
#include "detectors/DetectorChain.h"

using namespace adm;

namespace {

constexpr double kRate = 48000;
constexpr std::size_t kFrames = 480;  // 10 ms
constexpr int kChannels = 2;

class CountingSink final : public DetectionSink {
public:
    void onDetection(const Detection&) noexcept override { ++count; }
    long count = 0;
};

/// Stereo test material: "voice" (a gliding 20-partial tone with gaps, plus noise), "howl" (a 1 kHz tone
/// that grows from -60 to -6 dBFS in 0.5 s, as a howl does, then stays: detected and stays active), "high"
/// (the same at 11.6 kHz, above the decimated band), "silence" (digital zeros: the level detector's slow
/// path).
std::vector<float> material(const char* kind, double seconds) {
    const auto frames = static_cast<std::size_t>(seconds * kRate);
    std::vector<float> out(frames * kChannels);
    std::mt19937 random(7);
    std::normal_distribution<float> noise(0.0f, 0.003f);
    double phase = 0;
    for (std::size_t n = 0; n < frames; ++n) {
        const double t = static_cast<double>(n) / kRate;
        float x = 0;
        if (kind[0] == 'v') {
            const double f0 = 120 + 30 * std::sin(2 * 3.14159265 * 0.7 * t);
            phase += 2 * 3.14159265 * f0 / kRate;
            const bool voiced = std::fmod(t, 0.25) < 0.18;
            for (int k = 1; voiced && k <= 20; ++k) {
                x += static_cast<float>(0.1 / k * std::sin(k * phase));
            }
            x += noise(random);
        } else if (kind[0] == 'h') {
            const double hz = kind[1] == 'o' ? 1000 : 11600;
            const double db = std::min(-6.0, -60.0 + 108.0 * t);
            x = static_cast<float>(std::pow(10.0, db / 20) * std::sin(2 * 3.14159265 * hz * t)) + noise(random);
        }
        out[n * kChannels] = x;
        out[n * kChannels + 1] = x;
    }
    return out;
}

void measure(const char* name, const std::vector<float>& audio, SampleFormat format) {
    std::vector<int16_t> pcm(audio.size());
    for (std::size_t i = 0; i < audio.size(); ++i) {
        pcm[i] = static_cast<int16_t>(std::lround(audio[i] * 32767.0f));
    }
    DetectorChain chain(DetectorDirection::Recording, kRate, kChannels, DetectorSettings{});
    CountingSink sink;
    const double nsPerTick = bench::nanosPerTick();
    std::vector<double> micros;
    const std::size_t callbacks = audio.size() / kChannels / kFrames;
    micros.reserve(callbacks);
    for (std::size_t i = 0; i < callbacks; ++i) {
        CallbackTime time;
        time.inputAdcTime = 1.0 + static_cast<double>(i * kFrames) / kRate;
        const void* input = format == SampleFormat::Float32 ? static_cast<const void*>(audio.data() + i * kFrames * kChannels)
                                                            : static_cast<const void*>(pcm.data() + i * kFrames * kChannels);
        const uint64_t t0 = bench::ticks();
        chain.process(input, format, kFrames, time, static_cast<int64_t>(i) * 10'000'000, sink);
        const uint64_t t1 = bench::ticks();
        if (i >= 100) {  // the first second warms caches and fills the analysis window
            micros.push_back(static_cast<double>(t1 - t0) * nsPerTick / 1e3);
        }
    }
    const double p50 = bench::percentile(micros, 50);
    std::printf("%-8s %-8s p50 %6.2f  p99 %6.2f  p99.9 %6.2f  max %7.2f us per 10 ms callback  (n=%zu, %ld detections)\n",
                name, format == SampleFormat::Float32 ? "float32" : "int16", p50, bench::percentile(micros, 99),
                bench::percentile(micros, 99.9), micros.back(), micros.size(), sink.count);
}

}  // namespace

int main(int argc, char** argv) {
    const double seconds = argc > 1 ? std::atof(argv[1]) : 60.0;
    std::printf("DetectorChain::process, 48 kHz stereo, 480-frame callbacks, %.0f s per signal\n", seconds);
    for (const char* kind : {"voice", "howl", "high", "silence"}) {
        const std::vector<float> audio = material(kind, seconds);
        measure(kind, audio, SampleFormat::Float32);
        measure(kind, audio, SampleFormat::Int16);
    }
    return 0;
}
