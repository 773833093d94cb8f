// RealtimeSanitizer: DetectorChain::process called from a [[clang::nonblocking]] function, as the audio
// callback will call it, over signals that make every detector fire (silence, low level, howling, a
// dropout in the stream clock, an off rate, no frames), with a sink that publishes into an EventHub
// without a wake. RTSan aborts on any allocation, lock or syscall reached from the nonblocking function.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "EventHub.h"
#include "detectors/DetectorChain.h"

using namespace adm;

namespace {

constexpr double kRate = 48000;
constexpr std::size_t kFrames = 480;

/// The live wiring's sink, in miniature: one EventRecord per detection, published without a wake.
class HubSink final : public DetectionSink {
public:
    explicit HubSink(EventHub& hub) : mHub(hub) {}
    void onDetection(const Detection& d) noexcept override {
        const EventType type = d.kind == DetectionKind::Error ? EventType::Error : EventType::Warning;
        mHub.publishWithoutWake(
            EventRecord::of(type, d.code, StreamKind::Recording, 0, d.firstNanos, d.lastNanos, d.value));
        ++count;
    }
    int count = 0;

private:
    EventHub& mHub;
};

#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wfunction-effects"
void callback(DetectorChain& chain, const void* input, SampleFormat format, std::size_t frames,
              const CallbackTime& time, int64_t now, DetectionSink& sink) [[clang::nonblocking]] {
    chain.process(input, format, frames, time, now, sink);
}
#pragma clang diagnostic pop

/// 10 s of stereo: tones at 1 kHz and 11.6 kHz (above the decimated band, which sees its alias) that grow
/// from -60 dBFS to -10 and -16 dBFS in 0.5 s and hold (howling), silence, a -60 dBFS tone (low level).
std::vector<float> scenario() {
    std::vector<float> out(static_cast<std::size_t>(10 * kRate) * 2, 0.0f);
    for (std::size_t n = 0; n < out.size() / 2; ++n) {
        const double t = static_cast<double>(n) / kRate;
        float x = 0;
        if (t < 1.5) {
            const double db = std::min(-10.0, -60.0 + 100.0 * t);
            x = static_cast<float>(std::pow(10.0, db / 20) * (std::sin(2 * 3.14159265 * 1000 * t) +
                                                              0.5 * std::sin(2 * 3.14159265 * 11600 * t)));
        } else if (t >= 4.5) {
            x = static_cast<float>(0.001 * std::sin(2 * 3.14159265 * 440 * t));
        }
        out[2 * n] = out[2 * n + 1] = x;
    }
    return out;
}

void run(SampleFormat format) {
    EventHub hub(4096);
    HubSink sink(hub);
    DetectorChain chain(DetectorDirection::Recording, kRate, 2, DetectorSettings{});
    const std::vector<float> audio = scenario();
    std::vector<int16_t> pcm(audio.size());
    for (std::size_t i = 0; i < audio.size(); ++i) {
        pcm[i] = static_cast<int16_t>(std::lround(audio[i] * 32767.0f));
    }
    double clock = 1.0;
    int64_t now = 0;
    for (std::size_t pos = 0; pos + kFrames <= audio.size() / 2; pos += kFrames) {
        CallbackTime time;
        time.inputAdcTime = clock;
        const void* input = format == SampleFormat::Float32 ? static_cast<const void*>(audio.data() + 2 * pos)
                                                            : static_cast<const void*>(pcm.data() + 2 * pos);
        callback(chain, input, format, kFrames, time, now, sink);
        clock += static_cast<double>(kFrames) / kRate;
        if (pos == 200 * kFrames) {
            clock += 0.02;  // a dropout in the stream clock
        }
        now += pos < 600 * kFrames ? 10'000'000 : 20'000'000;  // then callbacks at half the rate
    }
    DetectorChain silent(DetectorDirection::Recording, kRate, 2, DetectorSettings{});
    for (int i = 0; i < 150; ++i) {  // a recording whose callbacks bring no input: 1018
        callback(silent, nullptr, format, kFrames, CallbackTime{}, now, sink);
        now += 10'000'000;
    }
    EXPECT_GE(sink.count, 6);
    EventRecord records[64];
    bool seen1016 = false, seen1019 = false, seen1021 = false, seen1031 = false, seen1051 = false, seen1018 = false;
    for (std::size_t n; (n = hub.drain(records, 64)) > 0;) {
        for (std::size_t i = 0; i < n; ++i) {
            seen1016 |= records[i].code == 1016;
            seen1018 |= records[i].code == 1018;
            seen1019 |= records[i].code == 1019;
            seen1021 |= records[i].code == 1021;
            seen1031 |= records[i].code == 1031;
            seen1051 |= records[i].code == 1051;
        }
    }
    EXPECT_TRUE(seen1016);
    EXPECT_TRUE(seen1018);
    EXPECT_TRUE(seen1019);
    EXPECT_TRUE(seen1021);
    EXPECT_TRUE(seen1031);
    EXPECT_TRUE(seen1051);
}

}  // namespace

TEST(RtsanDetectors, DetectorChainOnFloat32IsRealtimeSafe) { run(SampleFormat::Float32); }

TEST(RtsanDetectors, DetectorChainOnInt16IsRealtimeSafe) { run(SampleFormat::Int16); }
