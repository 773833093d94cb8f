// LevelDetector: digital silence (1019) and low level (1031), table-driven over generated signals.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "DetectorTesting.h"
#include "detectors/LevelDetector.h"

using namespace adm;
using namespace adm::test;

namespace {

constexpr double kRate = 48000;
constexpr int32_t kSilence = 1019;
constexpr int32_t kLow = 1031;

struct Expected {
    int32_t code;
    Transition transition;
    double atSeconds;  // lastNanos, within 20 ms
};

struct Case {
    std::string name;
    std::function<std::vector<float>()> signal;
    std::vector<Expected> expected;  // every 1019/1031 detection, in order
};

std::vector<Case> cases() {
    return {
        {"speech-like noise at -20 dBFS: nothing", [] { return whiteNoise(kRate, 6, -20, 1); }, {}},
        {"silence 1.9 s between tones: nothing",
         [] { return concat(concat(sine(kRate, 1, 440, -20), silence(kRate, 1.9)), sine(kRate, 1, 440, -20)); }, {}},
        {"digital silence 5 s: 1019 after 2 s, never 1031", [] { return silence(kRate, 5); },
         {{kSilence, Transition::Started, 2.0}}},
        {"silence then signal then silence: starts, clears, starts again",
         [] {
             return concat(concat(silence(kRate, 2.5), sine(kRate, 1, 440, -20)), silence(kRate, 2.5));
         },
         {{kSilence, Transition::Started, 2.0}, {kSilence, Transition::Cleared, 2.5},
          {kSilence, Transition::Started, 5.5}}},
        {"noise at -60 dBFS: 1031 after 3 s", [] { return whiteNoise(kRate, 4, -60, 2); },
         {{kLow, Transition::Started, 3.0}}},
        {"quiet then loud: 1031 clears", [] { return concat(whiteNoise(kRate, 3.5, -62, 3), sine(kRate, 1, 440, -20)); },
         {{kLow, Transition::Started, 3.0}, {kLow, Transition::Cleared, 3.6}}},
        {"quiet, then silence takes over: 1031 clears when 1019 starts",
         [] { return concat(whiteNoise(kRate, 3.5, -62, 4), silence(kRate, 3)); },
         {{kLow, Transition::Started, 3.0}, {kLow, Transition::Cleared, 5.5}, {kSilence, Transition::Started, 5.5}}},
        {"level just above the threshold: nothing", [] { return whiteNoise(kRate, 5, -47, 5); }, {}},
        {"sub-LSB noise is digital silence", [] { return whiteNoise(kRate, 3, -110, 6); },
         {{kSilence, Transition::Started, 2.0}}},
    };
}

class LevelDetectorTable : public ::testing::TestWithParam<std::size_t> {};

TEST_P(LevelDetectorTable, ReportsExactlyTheExpectedTransitions) {
    const Case c = cases()[GetParam()];
    SCOPED_TRACE(c.name);
    for (int channels : {1, 2}) {
        DetectorChain chain(DetectorDirection::Recording, kRate, channels, DetectorSettings{});
        CollectingSink sink;
        feed(chain, c.signal(), kRate, channels, sink);
        std::vector<Detection> level;
        for (const Detection& d : sink.all) {
            if (d.code == kSilence || d.code == kLow) {
                level.push_back(d);
            }
        }
        ASSERT_EQ(level.size(), c.expected.size()) << channels << " channels";
        for (std::size_t i = 0; i < level.size(); ++i) {
            EXPECT_EQ(level[i].code, c.expected[i].code) << i;
            EXPECT_EQ(level[i].transition, c.expected[i].transition) << i;
            EXPECT_NEAR(seconds(level[i].lastNanos), c.expected[i].atSeconds, 0.11) << i;
            EXPECT_EQ(level[i].kind, DetectionKind::Warning);
            EXPECT_LE(level[i].firstNanos, level[i].lastNanos);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Signals, LevelDetectorTable, ::testing::Range<std::size_t>(0, cases().size()));

TEST(LevelDetector, SilenceValueIsItsLengthInMillisecondsAndStartsWhereTheSilenceBegan) {
    LevelDetector detector(kRate, 1, LevelSettings{});
    CollectingSink sink;
    const auto signal = concat(sine(kRate, 0.5, 440, -20), silence(kRate, 3));
    detector.process(signal.data(), signal.size(), 0, sink);
    ASSERT_EQ(sink.all.size(), 1u);
    EXPECT_NEAR(seconds(sink.all[0].firstNanos), 0.5, 0.001);
    EXPECT_NEAR(static_cast<double>(sink.all[0].value), 2000, 100);
    EXPECT_TRUE(detector.silenceActive());
}

TEST(LevelDetector, LowLevelValueIsTheLevelInDbfs) {
    LevelDetector detector(kRate, 1, LevelSettings{});
    CollectingSink sink;
    const auto signal = sine(kRate, 3.5, 440, -60);  // a sine of peak -60 dBFS: -60 in the sine-peak scale
    detector.process(signal.data(), signal.size(), 0, sink);
    ASSERT_EQ(sink.all.size(), 1u);
    EXPECT_EQ(sink.all[0].value, -60);
}

TEST(LevelDetector, ThresholdsAreSettable) {
    LevelSettings settings;
    settings.silenceSeconds = 0.5;
    settings.lowLevelDbfs = -30;
    settings.lowLevelSeconds = 1;
    LevelDetector detector(kRate, 1, settings);
    CollectingSink sink;
    const auto signal = concat(whiteNoise(kRate, 1.5, -40, 7), silence(kRate, 1));
    detector.process(signal.data(), signal.size(), 0, sink);
    ASSERT_EQ(sink.all.size(), 3u);
    EXPECT_EQ(sink.all[0].code, kLow);
    EXPECT_NEAR(seconds(sink.all[0].lastNanos), 1.0, 0.01);
    EXPECT_EQ(sink.all[2].code, kSilence);
    EXPECT_NEAR(seconds(sink.all[2].lastNanos), 2.0, 0.11);
}

TEST(LevelDetector, RejectsBadConstruction) {
    EXPECT_THROW(LevelDetector(0, 1, LevelSettings{}), std::invalid_argument);
    EXPECT_THROW(LevelDetector(kRate, 0, LevelSettings{}), std::invalid_argument);
    LevelSettings bad;
    bad.silenceSeconds = -1;
    EXPECT_THROW(LevelDetector(kRate, 1, bad), std::invalid_argument);
}

TEST(LevelDetector, ResetForgetsAnActiveCondition) {
    LevelDetector detector(kRate, 1, LevelSettings{});
    CollectingSink sink;
    const auto quiet = silence(kRate, 2.5);
    detector.process(quiet.data(), quiet.size(), 0, sink);
    ASSERT_TRUE(detector.silenceActive());
    detector.reset();
    EXPECT_FALSE(detector.silenceActive());
    detector.process(quiet.data(), quiet.size(), 0, sink);
    EXPECT_EQ(sink.all.size(), 2u);  // started again, no clear in between
}

}  // namespace
