// RealtimeSanitizer over the whole audio callback, from PortAudio's entry (onPortAudioCallback) through the
// CallbackGate into Stream::onAudio: the PCM rings in both directions, the device loopback test's feed, the
// level meter, every detector, the "application late" and xrun warnings, the events published, and a
// detached gate's silence; float32 and int16. RTSan aborts on any allocation, lock or syscall reached from
// the [[clang::nonblocking]] caller below, as PortAudio's audio thread would reach it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <vector>

#include "CallbackGate.h"
#include "EventHub.h"
#include "PortAudioCallbacks.h"
#include "Stream.h"

using namespace adm;

namespace {

constexpr double kRate = 48000;
constexpr unsigned long kFrames = 256;

#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wfunction-effects"
/// PortAudio's audio thread, as far as the core can tell: the callback entry, called as a realtime function.
void audioThread(CallbackGate& gate, const void* input, void* output, double clock, PaStreamCallbackFlags flags)
    [[clang::nonblocking]] {
    PaStreamCallbackTimeInfo time{};
    time.inputBufferAdcTime = clock;
    time.currentTime = clock;
    time.outputBufferDacTime = clock;
    portaudio::onPortAudioCallback(input, output, kFrames, &time, flags, &gate);
}
#pragma clang diagnostic pop

StreamConfig configOf(SampleFormat format) {
    StreamConfig config;
    config.device = 0;
    config.format = format;
    config.framesPerBuffer = kFrames;
    return config;
}

std::size_t bytesOf(SampleFormat format) { return kFrames * 2 * bytesPerSample(format); }

/// A buffer of a 1 kHz howl in the stream's format: it grows from -60 to -10 dBFS over the first second, as an
/// unstable loop does (a tone at a steady level is not howling), then holds.
std::vector<uint8_t> tone(SampleFormat format, std::size_t callback) {
    std::vector<uint8_t> bytes(bytesOf(format));
    for (std::size_t i = 0; i < kFrames; ++i) {
        const double t = static_cast<double>(callback * kFrames + i) / kRate;
        const double amplitude = std::pow(10.0, (-60.0 + 50.0 * std::min(1.0, t)) / 20.0);
        const double x = amplitude * std::sin(2 * 3.14159265358979 * 1000 * t);
        for (std::size_t c = 0; c < 2; ++c) {
            if (format == SampleFormat::Float32) {
                reinterpret_cast<float*>(bytes.data())[2 * i + c] = static_cast<float>(x);
            } else {
                reinterpret_cast<int16_t*>(bytes.data())[2 * i + c] = static_cast<int16_t>(std::lround(x * 32767));
            }
        }
    }
    return bytes;
}

void run(SampleFormat format) {
    auto hub = std::make_shared<EventHub>(1 << 14);
    Stream playout(StreamKind::Playout, configOf(format), DeviceInfo{}, HostKind::Jack, hub);
    Stream recording(StreamKind::Recording, configOf(format), DeviceInfo{}, HostKind::Jack, hub);
    CallbackGate playoutGate(&playout, bytesPerSample(format) * 2);
    CallbackGate recordingGate(&recording, 0);
    playout.markStarted(0);
    recording.markStarted(0);
    playout.setLevelWindow(4800);
    recording.setLevelWindow(4800);
    std::vector<uint8_t> out(bytesOf(format));
    std::vector<uint8_t> app(bytesOf(format) * 4, 0);
    std::vector<uint8_t> taken(bytesOf(format));
    uint64_t lost = 0;
    double clock = 1.0;
    for (std::size_t n = 0; n < 1200; ++n) {  // 6.4 s
        const std::vector<uint8_t> in = tone(format, n);
        if (n < 400 && n % 4 == 0) {
            playout.writePcm(app.data(), kFrames * 4);  // the app's audio, then none: the playout runs dry (late)
        }
        if (n == 600) {
            playout.feedFrom(&recording);  // the device loopback test: the playout plays the recording's ring
            recording.fedToPlayout = true;
        }
        if (n == 900) {
            playout.feedFrom(nullptr);
            recording.fedToPlayout = false;
        }
        const PaStreamCallbackFlags flags = n % 97 == 0 ? paOutputUnderflow | paInputOverflow : 0;
        audioThread(recordingGate, in.data(), nullptr, clock, flags);
        audioThread(playoutGate, nullptr, out.data(), clock, flags);
        if (n % 50 == 0) {
            recording.readPcm(taken.data(), kFrames, lost);  // the app reads now and then: the rest is lapped
        }
        clock += (n == 300 ? 0.05 : 0.0) + static_cast<double>(kFrames) / kRate;  // one dropout in the clock
    }
    // Detached: the gate plays silence and reaches nothing else.
    ASSERT_TRUE(playoutGate.detach());
    out.assign(out.size(), 0x55);
    audioThread(playoutGate, nullptr, out.data(), clock, 0);
    for (uint8_t byte : out) {
        ASSERT_EQ(byte, 0);
    }
    bool late = false, glitch = false, levels = false, howling = false;
    EventRecord records[256];
    for (std::size_t n; (n = hub->drain(records, 256)) > 0;) {
        for (std::size_t i = 0; i < n; ++i) {
            late |= records[i].code == 1014 && records[i].messageId < 0;
            glitch |= records[i].code == 1016;
            levels |= records[i].type == static_cast<int32_t>(EventType::Levels);
            howling |= records[i].code == 1051;
        }
    }
    EXPECT_TRUE(late) << "the application-late path ran";
    EXPECT_TRUE(glitch) << "the xrun path ran";
    EXPECT_TRUE(levels) << "the meter published";
    EXPECT_TRUE(howling) << "the detectors ran on the recording";
    EXPECT_GT(lost, 0u) << "the recording ring lapped the late reader";
}

}  // namespace

TEST(RtsanCallback, TheWholeCallbackOnFloat32IsRealtimeSafe) { run(SampleFormat::Float32); }

TEST(RtsanCallback, TheWholeCallbackOnInt16IsRealtimeSafe) { run(SampleFormat::Int16); }

namespace {

/// A callback that allocates: what RTSan must catch when PortAudio's entry reaches it.
class Allocating final : public StreamCallback {
public:
    void onAudio(const void*, void*, unsigned long, const CallbackTime&, uint32_t) noexcept override {
        held = std::make_unique<std::vector<int>>(64);
    }
    void onFinished() noexcept override {}
    std::unique_ptr<std::vector<int>> held;
};

}  // namespace

// The checker is armed along this very path: an allocation behind the entry and the gate aborts the process.
TEST(RtsanCallback, CatchesAnAllocationBehindTheEntry) {
    Allocating target;
    CallbackGate gate(&target, 0);
    EXPECT_DEATH(audioThread(gate, nullptr, nullptr, 1.0, 0), "RealtimeSanitizer");
}
