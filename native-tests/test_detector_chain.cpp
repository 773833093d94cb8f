// DetectorChain (formats, directions, settings), OfflineAnalyzer and the flat DetectorApi.
#include <gtest/gtest.h>

#include <string>

#include <cmath>
#include <limits>

#include "DetectorApi.h"
#include "detectors/GlitchStateDetector.h"
#include "NativeApi.h"
#include "DetectorTesting.h"
#include "OfflineAnalyzer.h"

using namespace adm;
using namespace adm::test;

namespace {

constexpr double kRate = 48000;

std::vector<int16_t> toInt16(const std::vector<float>& in) {
    std::vector<int16_t> out(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        out[i] = static_cast<int16_t>(std::lround(std::max(-1.0f, std::min(1.0f, in[i])) * 32767.0f));
    }
    return out;
}

TEST(DetectorChain, Int16AndFloatInputGiveTheSameDetections) {
    const auto mono = concat(concat(growingTone(kRate, 1, 1000, -60, -10, 0.3), silence(kRate, 2.5)),
                             whiteNoise(kRate, 3.5, -62, 1));
    const auto stereo = interleave(mono, 2);
    const auto pcm = toInt16(stereo);
    DetectorChain a(DetectorDirection::Recording, kRate, 2, DetectorSettings{});
    DetectorChain b(DetectorDirection::Recording, kRate, 2, DetectorSettings{});
    CollectingSink fromFloat;
    CollectingSink fromInt16;
    for (std::size_t pos = 0; pos < mono.size(); pos += 441) {  // callbacks that do not divide the hop
        const std::size_t n = std::min<std::size_t>(441, mono.size() - pos);
        CallbackTime time;
        time.inputAdcTime = 1 + static_cast<double>(pos) / kRate;
        const auto now = static_cast<int64_t>(static_cast<double>(pos) * 1e9 / kRate);
        a.process(stereo.data() + 2 * pos, SampleFormat::Float32, n, time, now, fromFloat);
        b.process(pcm.data() + 2 * pos, SampleFormat::Int16, n, time, now, fromInt16);
    }
    ASSERT_EQ(fromFloat.all.size(), fromInt16.all.size());
    const int32_t expected[] = {1051, 1051, 1019, 1019, 1031};  // howl started/cleared, silence, low level
    ASSERT_EQ(fromFloat.all.size(), std::size(expected));
    for (std::size_t i = 0; i < fromFloat.all.size(); ++i) {
        EXPECT_EQ(fromFloat.all[i].code, expected[i]) << i;
        EXPECT_EQ(fromInt16.all[i].code, expected[i]) << i;
        EXPECT_NEAR(seconds(fromFloat.all[i].lastNanos), seconds(fromInt16.all[i].lastNanos), 0.011) << i;
    }
}

TEST(DetectorChain, PlayoutSilenceAndNormalLevelsRaiseNothing) {
    DetectorChain chain(DetectorDirection::Playout, kRate, 2, DetectorSettings{});
    CollectingSink sink;
    feed(chain, concat(silence(kRate, 4), whiteNoise(kRate, 4, -20, 3)), kRate, 2, sink);
    EXPECT_TRUE(sink.all.empty()) << sink.all.size() << " detections, the first " << sink.all[0].code;
}

// 1032, an extension (docs/codes.md): the level detector on what the playout plays. A low level is 1032 there (1031
// on a recording); silence is no warning on a playout, and howling is looked for on recordings only.
TEST(DetectorChain, APlayoutTooLowForItsTimeIs1032AndClearsWhenItRises) {
    DetectorChain chain(DetectorDirection::Playout, kRate, 2, DetectorSettings{});
    CollectingSink sink;
    feed(chain, concat(concat(whiteNoise(kRate, 4, -62, 1), sine(kRate, 1, 1000, -10)), silence(kRate, 3)), kRate, 2,
         sink);
    ASSERT_EQ(sink.all.size(), 2u);
    EXPECT_EQ(sink.all[0].code, 1032);
    EXPECT_EQ(sink.all[0].transition, Transition::Started);
    EXPECT_NEAR(seconds(sink.all[0].lastNanos), 3.0, 0.11) << "after lowLevelSeconds (3 s) of it";
    EXPECT_EQ(sink.all[1].code, 1032);
    EXPECT_EQ(sink.all[1].transition, Transition::Cleared);
    EXPECT_NEAR(seconds(sink.all[1].lastNanos), 4.0, 0.11) << "the loud tone clears it";
    CollectingSink recording;
    DetectorChain recorded(DetectorDirection::Recording, kRate, 2, DetectorSettings{});
    feed(recorded, whiteNoise(kRate, 4, -62, 1), kRate, 2, recording);
    ASSERT_EQ(recording.of(1031).size(), 1u) << "the same level on a recording is 1031";
    EXPECT_TRUE(recording.of(1032).empty());
}

TEST(GlitchStateDetector, FiveGlitchesWithinTenSecondsStartIt) {
    GlitchStateDetector detector;
    CollectingSink sink;
    int64_t now = 0;
    constexpr int64_t kSecond = 1'000'000'000;
    for (int glitch = 0; glitch < 4; ++glitch, now += 2 * kSecond) {  // four in 6 s: not yet
        detector.process(true, now, sink);
        detector.process(false, now + kSecond / 2, sink);
    }
    EXPECT_TRUE(sink.all.empty());
    detector.process(true, now, sink);  // the fifth, 8 s after the first
    ASSERT_EQ(sink.all.size(), 1u);
    EXPECT_EQ(sink.all[0].code, 1052);
    EXPECT_EQ(sink.all[0].transition, Transition::Started);
    EXPECT_EQ(sink.all[0].value, 5);
    EXPECT_EQ(sink.all[0].firstNanos, 0) << "the state began with the first of the five";
    EXPECT_TRUE(detector.active());
    detector.process(true, now + kSecond, sink);  // more glitches: still the one condition
    EXPECT_EQ(sink.all.size(), 1u);
    detector.process(false, now + 10 * kSecond, sink);  // 9 s quiet: not yet
    EXPECT_EQ(sink.all.size(), 1u);
    detector.process(false, now + 11 * kSecond, sink);  // 10 s after the last glitch
    ASSERT_EQ(sink.all.size(), 2u);
    EXPECT_EQ(sink.all[1].transition, Transition::Cleared);
    EXPECT_FALSE(detector.active());
}

TEST(GlitchStateDetector, GlitchesSpreadThinnerThanFiveInTenSecondsNeverStartIt) {
    GlitchStateDetector detector;
    CollectingSink sink;
    for (int glitch = 0; glitch < 50; ++glitch) {
        detector.process(true, int64_t{glitch} * 2'600'000'000, sink);  // one every 2.6 s: five span 10.4 s
    }
    EXPECT_TRUE(sink.all.empty());
    detector.reset();
    for (int glitch = 0; glitch < 5; ++glitch) {
        detector.process(true, 1000 + glitch, sink);
    }
    EXPECT_EQ(sink.of(1052).size(), 1u) << "after a reset it counts from nothing";
}

TEST(DetectorChain, NullInputCountsAsNoFrames) {
    DetectorChain chain(DetectorDirection::Recording, kRate, 1, DetectorSettings{});
    CollectingSink sink;
    for (int i = 0; i < 150; ++i) {
        chain.process(nullptr, SampleFormat::Float32, 480, CallbackTime{}, int64_t{i} * 10'000'000, sink);
    }
    ASSERT_EQ(sink.of(1018).size(), 1u);
}

TEST(DetectorChain, RejectsInvalidSettingsAndShapes) {
    DetectorSettings bad;
    bad.level.lowLevelDbfs = 3;
    EXPECT_THROW(DetectorChain(DetectorDirection::Recording, kRate, 2, bad), std::invalid_argument);
    EXPECT_THROW(DetectorChain(DetectorDirection::Recording, 1000, 2, DetectorSettings{}), std::invalid_argument);
    EXPECT_THROW(DetectorChain(DetectorDirection::Recording, kRate, 0, DetectorSettings{}), std::invalid_argument);
}

TEST(DetectorSettings, DefaultsValidateAndEveryValueHasARange) {
    EXPECT_EQ(validate(DetectorSettings{}), nullptr);
    double values[kSettingCount];
    toArray(DetectorSettings{}, values);
    for (std::size_t i = 0; i < kSettingCount; ++i) {
        for (double bad : {std::numeric_limits<double>::quiet_NaN(), -1e9, 1e9}) {
            double copy[kSettingCount];
            std::copy(values, values + kSettingCount, copy);
            copy[i] = bad;
            EXPECT_NE(validate(fromArray(copy)), nullptr) << "setting " << i << " = " << bad;
        }
    }
    double back[kSettingCount];
    toArray(fromArray(values), back);
    EXPECT_TRUE(std::equal(values, values + kSettingCount, back));
}

TEST(OfflineAnalyzer, TimesAreThePositionInTheRecordingHoweverItIsFed) {
    const auto mono = concat(harmonicNote(kRate, 1, 440, -20), silence(kRate, 3));
    OfflineAnalyzer whole(kRate, 1, DetectorSettings{});
    whole.feed(mono.data(), mono.size());
    OfflineAnalyzer pieces(kRate, 1, DetectorSettings{});
    for (std::size_t pos = 0; pos < mono.size(); pos += 1000) {
        pieces.feed(mono.data() + pos, std::min<std::size_t>(1000, mono.size() - pos));
    }
    ASSERT_EQ(whole.detections().size(), 1u);
    EXPECT_EQ(whole.detections()[0].code, 1019);
    EXPECT_NEAR(seconds(whole.detections()[0].firstNanos), 1.0, 0.001);
    EXPECT_NEAR(seconds(whole.detections()[0].lastNanos), 3.0, 0.011);
    ASSERT_EQ(pieces.detections().size(), 1u);
    EXPECT_EQ(pieces.detections()[0].lastNanos, whole.detections()[0].lastNanos);
    EXPECT_EQ(whole.frames(), static_cast<int64_t>(mono.size()));
}

TEST(DetectorApi, AnalyzesAndReportsDetections) {
    double settings[kSettingCount];
    ASSERT_EQ(api::detectorSettingDefaults(settings, api::detectorSettingCount()), 0);
    int64_t handle = 0;
    ASSERT_EQ(api::analyzerOpen(kRate, 1, settings, api::detectorSettingCount(), &handle), 0);
    const auto pcm = toInt16(silence(kRate, 2.5));
    ASSERT_EQ(api::analyzerFeedInt16(handle, pcm.data(), static_cast<int32_t>(pcm.size())), 0);
    const auto tone = harmonicNote(kRate, 0.5, 440, -20);
    ASSERT_EQ(api::analyzerFeedFloat(handle, tone.data(), static_cast<int32_t>(tone.size())), 0);
    int32_t count = 0;
    ASSERT_EQ(api::analyzerDetectionCount(handle, &count), 0);
    ASSERT_EQ(count, 2);
    int32_t ints[3];
    int64_t longs[3];
    ASSERT_EQ(api::analyzerDetection(handle, 1, ints, longs), 0);
    EXPECT_EQ(ints[0], 1);     // warning
    EXPECT_EQ(ints[1], 1019);
    EXPECT_EQ(ints[2], 2);     // cleared
    EXPECT_EQ(longs[2], 2'500'000'000);
    int64_t frames = 0;
    ASSERT_EQ(api::analyzerFrames(handle, &frames), 0);
    EXPECT_EQ(frames, 144000);
    EXPECT_EQ(api::analyzerClose(handle), 0);
    EXPECT_EQ(api::analyzerClose(handle), 7);
}

TEST(DetectorApi, RejectsBadArguments) {
    double settings[kSettingCount];
    EXPECT_EQ(api::detectorSettingDefaults(nullptr, 100), 2);
    EXPECT_EQ(api::detectorSettingDefaults(settings, 3), 2);
    ASSERT_EQ(api::detectorSettingDefaults(settings, api::detectorSettingCount()), 0);
    EXPECT_EQ(api::detectorSettingsCheck(settings, 3), 2);
    EXPECT_NE(std::string(api::lastErrorMessage()).find("detector settings, got 3"), std::string::npos)
        << api::lastErrorMessage();
    EXPECT_EQ(api::detectorSettingsCheck(nullptr, api::detectorSettingCount()), 2);
    EXPECT_NE(std::string(api::lastErrorMessage()).find("got none"), std::string::npos) << api::lastErrorMessage();
    EXPECT_EQ(api::detectorSettingsCheck(settings, api::detectorSettingCount()), 0);
    int64_t handle = 0;
    const int32_t n = api::detectorSettingCount();
    EXPECT_EQ(api::analyzerOpen(kRate, 1, settings, n, nullptr), 2);
    EXPECT_EQ(api::analyzerOpen(100, 1, settings, n, &handle), 2);
    EXPECT_EQ(api::analyzerOpen(kRate, 0, settings, n, &handle), 2);
    EXPECT_EQ(api::analyzerOpen(kRate, 65, settings, n, &handle), 2);
    EXPECT_EQ(api::analyzerOpen(kRate, 1, settings, n - 1, &handle), 2);
    settings[static_cast<int>(SettingIndex::RateTolerance)] = 2;
    EXPECT_EQ(api::detectorSettingsCheck(settings, n), 2);
    EXPECT_NE(std::string(api::lastErrorMessage()).find("rate"), std::string::npos) << api::lastErrorMessage();
    EXPECT_EQ(api::analyzerOpen(kRate, 1, settings, n, &handle), 2);
    ASSERT_EQ(api::detectorSettingDefaults(settings, n), 0);
    ASSERT_EQ(api::analyzerOpen(kRate, 2, settings, n, &handle), 0);
    float sample[2] = {0, 0};
    EXPECT_EQ(api::analyzerFeedFloat(handle, nullptr, 1), 2);
    EXPECT_EQ(api::analyzerFeedFloat(handle, sample, -1), 2);
    EXPECT_EQ(api::analyzerFeedFloat(handle, nullptr, 0), 0);
    EXPECT_EQ(api::analyzerFeedInt16(handle, nullptr, 1), 2);
    EXPECT_EQ(api::analyzerDetectionCount(handle, nullptr), 2);
    int32_t ints[3];
    int64_t longs[3];
    EXPECT_EQ(api::analyzerDetection(handle, 0, ints, longs), 2);  // none yet
    EXPECT_EQ(api::analyzerDetection(handle, -1, ints, longs), 2);
    EXPECT_EQ(api::analyzerDetection(handle, 0, nullptr, longs), 2);
    EXPECT_EQ(api::analyzerFrames(handle, nullptr), 2);
    EXPECT_EQ(api::analyzerClose(handle), 0);
    for (int64_t unknown : {int64_t{0}, int64_t{-5}, handle}) {
        EXPECT_EQ(api::analyzerFeedFloat(unknown, sample, 1), 7);
        EXPECT_EQ(api::analyzerFeedInt16(unknown, nullptr, 0), 7);
        int32_t count;
        EXPECT_EQ(api::analyzerDetectionCount(unknown, &count), 7);
        EXPECT_EQ(api::analyzerDetection(unknown, 0, ints, longs), 7);
        int64_t frames;
        EXPECT_EQ(api::analyzerFrames(unknown, &frames), 7);
        EXPECT_EQ(api::analyzerClose(unknown), 7);
    }
}

}  // namespace
