// HowlingDetector: closed loops above the maximum stable gain howl and are detected; loops below it,
// notes, chords, sweeps, DTMF and noise are not. Table-driven over generated signals (Signals.h).
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "DetectorTesting.h"
#include "detectors/HowlingDetector.h"

using namespace adm;
using namespace adm::test;

namespace {

constexpr double kRate = 48000;
constexpr int32_t kHowling = 1051;
constexpr double kCloseAt = 0.5;

struct LoopCase {
    double marginDb;
    uint32_t room;
    bool excitedByNoise;
};

std::vector<float> excitation(bool noise) {
    if (noise) {
        return whiteNoise(kRate, 2.5, -30, 11);
    }
    // A voice-like excitation: a gliding harmonic tone at -25 dBFS with syllable-like gaps.
    std::vector<float> out;
    for (int syllable = 0; syllable < 10; ++syllable) {
        out = concat(out, harmonicNote(kRate, 0.18, 110 + 9 * syllable, -25, 20));
        out = concat(out, silence(kRate, 0.07));
    }
    return out;
}

class UnstableLoop : public ::testing::TestWithParam<LoopCase> {};

TEST_P(UnstableLoop, IsDetectedWithin500MillisecondsOfOnset) {
    const LoopCase c = GetParam();
    const Loop loop = feedbackLoop(kRate, excitation(c.excitedByNoise), c.marginDb, kCloseAt, c.room);
    ASSERT_GT(loop.onsetSeconds, 0) << "the loop did not howl";
    DetectorChain chain(DetectorDirection::Recording, kRate, 2, DetectorSettings{});
    CollectingSink sink;
    feed(chain, loop.mic, kRate, 2, sink);
    const auto howls = sink.of(kHowling);
    ASSERT_FALSE(howls.empty());
    EXPECT_EQ(howls[0].transition, Transition::Started);
    EXPECT_GT(seconds(howls[0].lastNanos), kCloseAt);
    EXPECT_LE(seconds(howls[0].lastNanos) - loop.onsetSeconds, 0.5) << "onset " << loop.onsetSeconds;
    EXPECT_GT(howls[0].value, 100);   // its frequency, in the band searched
    EXPECT_LT(howls[0].value, 7000);
}

INSTANTIATE_TEST_SUITE_P(Loops, UnstableLoop,
                         ::testing::Values(LoopCase{3, 1, true}, LoopCase{6, 2, true}, LoopCase{3, 3, false},
                                           LoopCase{6, 1, false}));

class StableLoop : public ::testing::TestWithParam<LoopCase> {};

TEST_P(StableLoop, IsNeverReported) {
    const LoopCase c = GetParam();
    const Loop loop = feedbackLoop(kRate, excitation(c.excitedByNoise), c.marginDb, kCloseAt, c.room);
    EXPECT_LT(loop.onsetSeconds, 0) << "a stable loop howled";
    DetectorChain chain(DetectorDirection::Recording, kRate, 2, DetectorSettings{});
    CollectingSink sink;
    feed(chain, loop.mic, kRate, 2, sink);
    EXPECT_TRUE(sink.of(kHowling).empty());
}

INSTANTIATE_TEST_SUITE_P(Loops, StableLoop,
                         ::testing::Values(LoopCase{-3, 1, true}, LoopCase{-6, 2, true}, LoopCase{-3, 3, false}));

struct Negative {
    std::string name;
    std::function<std::vector<float>()> signal;
};

std::vector<Negative> negatives() {
    return {
        {"harmonic note A4", [] { return harmonicNote(kRate, 3, 440, -12); }},
        {"harmonic note A2", [] { return harmonicNote(kRate, 3, 110, -12); }},
        {"three-partial note E5", [] { return harmonicNote(kRate, 3, 660, -12, 3); }},
        {"C major chord",
         [] {
             auto c = harmonicNote(kRate, 3, 261.63, -18);
             const auto e = harmonicNote(kRate, 3, 329.63, -18);
             const auto g = harmonicNote(kRate, 3, 392.0, -18);
             for (std::size_t i = 0; i < c.size(); ++i) {
                 c[i] += e[i] + g[i];
             }
             return c;
         }},
        {"log sweep 100 Hz - 8 kHz in 3 s", [] { return sweep(kRate, 3, 100, 8000, -6); }},
        {"log sweep 20 Hz - 20 kHz in 10 s", [] { return sweep(kRate, 10, 20, 20000, -6); }},
        {"DTMF digits, 100 ms on, 100 ms off", [] { return dtmf(kRate, "0123456789*#ABCD", 0.1, 0.1, -10); }},
        {"DTMF digits, 200 ms on", [] { return dtmf(kRate, "147*", 0.2, 0.1, -10); }},
        {"white noise", [] { return whiteNoise(kRate, 3, -20, 12); }},
        {"digital silence", [] { return silence(kRate, 2); }},
    };
}

class HowlingNegative : public ::testing::TestWithParam<std::size_t> {};

TEST_P(HowlingNegative, IsNeverReported) {
    const Negative n = negatives()[GetParam()];
    SCOPED_TRACE(n.name);
    DetectorChain chain(DetectorDirection::Recording, kRate, 2, DetectorSettings{});
    CollectingSink sink;
    feed(chain, n.signal(), kRate, 2, sink);
    EXPECT_TRUE(sink.of(kHowling).empty());
}

INSTANTIATE_TEST_SUITE_P(Signals, HowlingNegative, ::testing::Range<std::size_t>(0, negatives().size()));

// A steady pure tone has a howl's spectrum: PAPR, PNPR and PHPR all high, persistent, and still. The
// detector reports it; docs/detectors.md says so.
TEST(HowlingDetector, ReportsASteadyPureToneAndClearsWhenItStops) {
    HowlingDetector detector(kRate, 1, HowlingSettings{});
    CollectingSink sink;
    const auto signal = concat(sine(kRate, 1, 1000, -10), silence(kRate, 1));
    detector.process(signal.data(), signal.size(), 0, sink);
    ASSERT_EQ(sink.all.size(), 2u);
    EXPECT_EQ(sink.all[0].transition, Transition::Started);
    EXPECT_NEAR(static_cast<double>(sink.all[0].value), 1000, 2);
    EXPECT_NEAR(seconds(sink.all[0].lastNanos), 0.3, 0.06);
    EXPECT_EQ(sink.all[1].transition, Transition::Cleared);
    EXPECT_NEAR(seconds(sink.all[1].lastNanos), 1.3, 0.06);
    EXPECT_FALSE(detector.active());
}

TEST(HowlingDetector, PeakFeaturesOfAToneInNoise) {
    HowlingDetector detector(kRate, 1, HowlingSettings{});
    CollectingSink sink;
    auto signal = whiteNoise(kRate, 0.2, -40, 13);
    const auto tone = sine(kRate, 0.2, 2000, -10);
    for (std::size_t i = 0; i < signal.size(); ++i) {
        signal[i] += tone[i];
    }
    detector.process(signal.data(), signal.size(), 0, sink);
    PeakFeatures peaks[HowlingDetector::kMaxPeaks];
    ASSERT_GE(detector.lastPeaks(peaks, HowlingDetector::kMaxPeaks), 1u);
    EXPECT_NEAR(peaks[0].frequencyHz, 2000, 3);
    EXPECT_NEAR(peaks[0].levelDbfs, -10, 1.5);
    EXPECT_GT(peaks[0].paprDb, 20);
    EXPECT_GT(peaks[0].pnprDb, 20);
    EXPECT_GT(peaks[0].phprDb, 20);
    EXPECT_TRUE(peaks[0].candidate);
}

TEST(HowlingDetector, WorksAtOtherRates) {
    for (double rate : {16000.0, 44100.0, 96000.0}) {
        HowlingDetector detector(rate, 1, HowlingSettings{});
        CollectingSink sink;
        const auto signal = sine(rate, 1, 1500, -10);
        detector.process(signal.data(), signal.size(), 0, sink);
        ASSERT_EQ(sink.all.size(), 1u) << rate;
        EXPECT_NEAR(static_cast<double>(sink.all[0].value), 1500, 3) << rate;
    }
}

// The decimation keeps its phase and the analysis ring its hop across calls: the same audio gives the same
// spectra and detections whatever the callback size (1 frame, sizes that are not multiples of the
// decimation factor, more than one internal chunk), at rates with decimation by 1, 2, 3 and 6.
TEST(HowlingDetector, SameResultWhateverTheCallbackSize) {
    for (double rate : {16000.0, 44100.0, 48000.0, 96000.0}) {
        const auto mono = concat(concat(harmonicNote(rate, 0.6, 220, -20), sine(rate, 0.8, 1234, -12)),
                                 whiteNoise(rate, 0.3, -30, 5));
        const auto stereo = interleave(mono, 2);
        const std::size_t frames = mono.size();
        std::vector<PeakFeatures> reference;
        std::vector<Detection> referenceDetections;
        bool first = true;
        for (std::size_t block : {frames, std::size_t{1}, std::size_t{7}, std::size_t{480}, std::size_t{1000}}) {
            HowlingDetector detector(rate, 2, HowlingSettings{});
            CollectingSink sink;
            for (std::size_t pos = 0; pos < frames; pos += block) {
                // the time of each call's first frame, as a stream would give it
                const int64_t at = framesToNanos(static_cast<int64_t>(pos), rate);
                detector.process(stereo.data() + 2 * pos, std::min(block, frames - pos), at, sink);
            }
            std::vector<PeakFeatures> last(HowlingDetector::kMaxPeaks);
            last.resize(detector.lastPeaks(last.data(), last.size()));
            if (first) {
                first = false;
                reference = last;
                referenceDetections = sink.all;
                ASSERT_EQ(referenceDetections.size(), 1u) << rate;  // the 1234 Hz tone howls
                continue;
            }
            ASSERT_EQ(last.size(), reference.size()) << rate << " Hz, blocks of " << block;
            for (std::size_t i = 0; i < last.size(); ++i) {
                EXPECT_EQ(last[i].frequencyHz, reference[i].frequencyHz) << rate << " " << block;
                EXPECT_EQ(last[i].levelDbfs, reference[i].levelDbfs) << rate << " " << block;
                EXPECT_EQ(last[i].candidate, reference[i].candidate) << rate << " " << block;
            }
            ASSERT_EQ(sink.all.size(), referenceDetections.size()) << rate << " " << block;
            for (std::size_t i = 0; i < sink.all.size(); ++i) {
                EXPECT_EQ(sink.all[i].code, referenceDetections[i].code);
                EXPECT_EQ(sink.all[i].transition, referenceDetections[i].transition);
                EXPECT_EQ(sink.all[i].value, referenceDetections[i].value);
                EXPECT_EQ(sink.all[i].firstNanos, referenceDetections[i].firstNanos) << rate << " " << block;
                EXPECT_EQ(sink.all[i].lastNanos, referenceDetections[i].lastNanos) << rate << " " << block;
            }
        }
    }
}

TEST(HowlingDetector, RejectsBadConstruction) {
    EXPECT_THROW(HowlingDetector(4000, 1, HowlingSettings{}), std::invalid_argument);
    EXPECT_THROW(HowlingDetector(kRate, 65, HowlingSettings{}), std::invalid_argument);
    HowlingSettings bad;
    bad.maxHz = bad.minHz;
    EXPECT_THROW(HowlingDetector(kRate, 1, bad), std::invalid_argument);
}

}  // namespace
