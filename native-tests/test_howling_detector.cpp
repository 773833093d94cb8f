// HowlingDetector: closed loops above the maximum stable gain howl and are detected at their frequency,
// in the decimated band and above it; loops below it, test tones (steady, keyed, at any level and
// frequency), notes, chords, sweeps, DTMF and noise are not. Table-driven over generated signals
// (Signals.h).
#include <gtest/gtest.h>

#include <cmath>
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

/// One analysis bin where `hz` is looked for: the decimated band's below the split, the high band's above.
double binAt(double rate, double hz) {
    const int decimation = std::max(1, static_cast<int>(std::floor(rate / HowlingDetector::kAnalysisRate + 1e-9)));
    const double analysisRate = rate / decimation;
    if (decimation == 1 || hz < HowlingDetector::kLowBandTop * analysisRate) {
        return analysisRate / static_cast<double>(HowlingDetector::kFftSize);
    }
    double size = 16;
    while (rate / size > HowlingDetector::kHighMaxBinHz) {
        size *= 2;
    }
    return rate / size;
}

std::vector<Detection> howls(const std::vector<float>& mono, double rate, const HowlingSettings& settings = {}) {
    DetectorSettings all;
    all.howling = settings;
    DetectorChain chain(DetectorDirection::Recording, rate, 2, all);
    CollectingSink sink;
    feed(chain, mono, rate, 2, sink);
    return sink.of(kHowling);
}

std::vector<float> excitation(double rate, bool noise, double seconds = 2.5) {
    if (noise) {
        return whiteNoise(rate, seconds, -30, 11);
    }
    // A voice-like excitation: a gliding harmonic tone at -25 dBFS with syllable-like gaps.
    std::vector<float> out;
    for (int syllable = 0; out.size() < static_cast<std::size_t>(rate * seconds); ++syllable) {
        out = concat(out, harmonicNote(rate, 0.18, 110 + 9 * (syllable % 10), -25, 20));
        out = concat(out, silence(rate, 0.07));
    }
    out.resize(static_cast<std::size_t>(rate * seconds));
    return out;
}

struct LoopCase {
    double marginDb;
    uint32_t room;
    bool excitedByNoise;
    double rate = kRate;
    bool tweeter = false;  ///< a room band-limited to 7-14 kHz: it howls above 8 kHz
};

std::vector<double> room(const LoopCase& c) {
    const auto length = static_cast<std::size_t>(0.04 * c.rate);
    return c.tweeter ? roomImpulseResponse(c.rate, length, 0.1, c.room, 7000, 14000)
                     : roomImpulseResponse(c.rate, length, 0.1, c.room);
}

std::string describe(const LoopCase& c) {
    return std::to_string(static_cast<int>(c.rate)) + " Hz, margin " + std::to_string(c.marginDb) + " dB, room " +
           std::to_string(c.room) + (c.tweeter ? " (7-14 kHz)" : "") + (c.excitedByNoise ? ", noise" : ", voice");
}

class UnstableLoop : public ::testing::TestWithParam<LoopCase> {};

// Detected within 500 ms of the onset; the howl it settles on is reported at its frequency (the loop's
// strongest component at the end), within one analysis bin. Where two modes compete, the first report
// may be the other one, and the last report is the one that won.
TEST_P(UnstableLoop, IsDetectedWithin500MillisecondsOfOnsetAtItsFrequency) {
    const LoopCase c = GetParam();
    SCOPED_TRACE(describe(c));
    const auto input = excitation(c.rate, c.excitedByNoise);
    const Loop loop = feedbackLoop(c.rate, input, {LoopStretch{room(c), c.marginDb, kCloseAt}});
    ASSERT_GT(loop.onsetSeconds, 0) << "the loop did not howl";
    const auto found = howls(loop.mic, c.rate);
    ASSERT_FALSE(found.empty());
    EXPECT_EQ(found[0].transition, Transition::Started);
    EXPECT_GT(seconds(found[0].lastNanos), kCloseAt);
    EXPECT_LE(seconds(found[0].lastNanos) - loop.onsetSeconds, 0.5) << "onset " << loop.onsetSeconds;
    const double seconds = static_cast<double>(loop.mic.size()) / c.rate;
    const double truth = dominantHz(loop.mic, c.rate, seconds, 0.5);
    EXPECT_NEAR(static_cast<double>(found.back().value), truth, binAt(c.rate, truth));
    EXPECT_TRUE(found.back().started());
}

INSTANTIATE_TEST_SUITE_P(Loops, UnstableLoop,
                         ::testing::Values(LoopCase{3, 1, true}, LoopCase{6, 2, true}, LoopCase{3, 3, false},
                                           LoopCase{6, 1, false}, LoopCase{1, 2, true}, LoopCase{10, 1, true}));

INSTANTIATE_TEST_SUITE_P(AboveTheDecimatedBand, UnstableLoop,
                         ::testing::Values(LoopCase{3, 2, true, 48000, true}, LoopCase{6, 4, true, 48000, true},
                                           LoopCase{1, 3, true, 48000, true}, LoopCase{6, 3, false, 48000, true},
                                           LoopCase{3, 1, true, 44100, true}, LoopCase{6, 4, false, 44100, true}));

class StableLoop : public ::testing::TestWithParam<LoopCase> {};

TEST_P(StableLoop, IsNeverReported) {
    const LoopCase c = GetParam();
    SCOPED_TRACE(describe(c));
    const Loop loop =
        feedbackLoop(c.rate, excitation(c.rate, c.excitedByNoise), {LoopStretch{room(c), c.marginDb, kCloseAt}});
    EXPECT_LT(loop.onsetSeconds, 0) << "a stable loop howled";
    EXPECT_TRUE(howls(loop.mic, c.rate).empty());
}

INSTANTIATE_TEST_SUITE_P(Loops, StableLoop,
                         ::testing::Values(LoopCase{-3, 1, true}, LoopCase{-6, 2, true}, LoopCase{-3, 3, false},
                                           LoopCase{-3, 2, true, 48000, true}, LoopCase{-3, 4, true, 44100, true}));

// A loop whose room changes while it howls (a microphone moved): the howl moves to the new room's mode,
// and the new frequency is reported (1051 clears and starts again) within 500 ms of the new mode
// dominating the old one.
struct Jump {
    double rate;
    uint32_t from, to;
    bool fromTweeter, toTweeter;
};

class JumpingHowl : public ::testing::TestWithParam<Jump> {};

TEST_P(JumpingHowl, IsReportedAgainAtItsNewFrequency) {
    const Jump j = GetParam();
    const double rate = j.rate;
    const double switchAt = 2.0;
    const auto length = static_cast<std::size_t>(0.04 * rate);
    auto roomOf = [&](uint32_t seed, bool tweeter) {
        return tweeter ? roomImpulseResponse(rate, length, 0.1, seed, 7000, 14000)
                       : roomImpulseResponse(rate, length, 0.1, seed);
    };
    const Loop loop = feedbackLoop(rate, excitation(rate, true, 4.5),
                                   {LoopStretch{roomOf(j.from, j.fromTweeter), 3, kCloseAt},
                                    LoopStretch{roomOf(j.to, j.toTweeter), 3, switchAt}});
    const double first = dominantHz(loop.mic, rate, switchAt, 0.5);
    const double second = dominantHz(loop.mic, rate, 4.5, 0.5);
    ASSERT_GT(std::abs(first - second), binAt(rate, second)) << "the howl did not move";
    double dominates = -1;  // the first 10 ms step where the new mode is stronger than the old one
    for (double t = switchAt; t < 4.5 && dominates < 0; t += 0.01) {
        if (levelAt(loop.mic, rate, t, 0.05, second) > levelAt(loop.mic, rate, t, 0.05, first)) {
            dominates = t;
        }
    }
    const auto found = howls(loop.mic, rate);
    ASSERT_GE(found.size(), 3u);
    EXPECT_TRUE(found[0].started());
    EXPECT_NEAR(static_cast<double>(found[0].value), first, binAt(rate, first));
    const Detection& last = found.back();
    ASSERT_TRUE(last.started());
    EXPECT_NEAR(static_cast<double>(last.value), second, binAt(rate, second));
    EXPECT_LE(seconds(last.lastNanos) - dominates, 0.5) << "the new mode dominates at " << dominates;
    EXPECT_TRUE(found[found.size() - 2].cleared());  // the old frequency ended first
}

INSTANTIATE_TEST_SUITE_P(Loops, JumpingHowl,
                         ::testing::Values(Jump{48000, 1, 2, false, false}, Jump{48000, 1, 2, false, true},
                                           Jump{48000, 4, 1, true, false}, Jump{48000, 2, 4, true, true},
                                           Jump{44100, 1, 2, false, false}, Jump{44100, 2, 4, true, true}));

struct Negative {
    std::string name;
    std::function<std::vector<float>(double rate)> signal;
};

std::vector<float> mixed(std::vector<float> a, const std::vector<float>& b) {
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
        a[i] += b[i];
    }
    return a;
}

std::vector<float> keyed(double rate, double hz, double dbfs, double on, double off, int keys) {
    std::vector<float> out;
    for (int k = 0; k < keys; ++k) {
        out = concat(concat(out, sine(rate, on, hz, dbfs)), silence(rate, off));
    }
    return out;
}

std::vector<Negative> negatives() {
    std::vector<Negative> out = {
        {"harmonic note A4", [](double r) { return harmonicNote(r, 3, 440, -12); }},
        {"harmonic note A2", [](double r) { return harmonicNote(r, 3, 110, -12); }},
        {"three-partial note E5", [](double r) { return harmonicNote(r, 3, 660, -12, 3); }},
        {"C major chord",
         [](double r) {
             return mixed(mixed(harmonicNote(r, 3, 261.63, -18), harmonicNote(r, 3, 329.63, -18)),
                          harmonicNote(r, 3, 392.0, -18));
         }},
        {"log sweep 100 Hz - 8 kHz in 3 s", [](double r) { return sweep(r, 3, 100, 8000, -6); }},
        {"log sweep 20 Hz - 20 kHz in 10 s", [](double r) { return sweep(r, 10, 20, std::min(20000.0, 0.49 * r), -6); }},
        {"log sweep 20 Hz - 20 kHz in 30 s", [](double r) { return sweep(r, 30, 20, std::min(20000.0, 0.49 * r), -6); }},
        {"DTMF digits, 100 ms on, 100 ms off", [](double r) { return dtmf(r, "0123456789*#ABCD", 0.1, 0.1, -10); }},
        {"DTMF digits, 200 ms on", [](double r) { return dtmf(r, "147*", 0.2, 0.1, -10); }},
        {"DTMF key held 2 s", [](double r) { return dtmf(r, "5", 2, 0.1, -10); }},
        {"white noise", [](double r) { return whiteNoise(r, 3, -20, 12); }},
        {"digital silence", [](double r) { return silence(r, 2); }},
        {"1 kHz tone stepped up 10 dB every second",
         [](double r) {
             std::vector<float> x;
             for (double db = -40; db <= 0; db += 10) {
                 x = concat(x, sine(r, 1, 1000, db));
             }
             return x;
         }},
    };
    // Test tones: steady after a silence, keyed, in noise, across the band and at several levels.
    for (double hz : {100.0, 440.0, 1000.0, 3150.0, 6990.0, 7010.0, 10000.0, 15000.0, 20000.0}) {
        for (double dbfs : {-50.0, -12.0, 0.0}) {
            out.push_back({"tone " + std::to_string(hz) + " Hz at " + std::to_string(dbfs) + " dBFS",
                           [=](double r) {
                               return hz < 0.45 * r ? concat(silence(r, 0.3), sine(r, 3, hz, dbfs)) : silence(r, 1);
                           }});
        }
        out.push_back({"tone " + std::to_string(hz) + " Hz keyed 250 ms on, 50 ms off",
                       [=](double r) { return hz < 0.45 * r ? keyed(r, hz, -12, 0.25, 0.05, 8) : silence(r, 1); }});
        out.push_back({"tone " + std::to_string(hz) + " Hz keyed 1 s on, 200 ms off",
                       [=](double r) { return hz < 0.45 * r ? keyed(r, hz, -6, 1, 0.2, 3) : silence(r, 1); }});
        out.push_back({"tone " + std::to_string(hz) + " Hz at -30 dBFS starting in noise at -45 dBFS",
                       [=](double r) {
                           const auto tone = concat(silence(r, 1), sine(r, 3, hz, -30));
                           return hz < 0.45 * r ? mixed(tone, whiteNoise(r, 4, -45, 3)) : silence(r, 1);
                       }});
    }
    return out;
}

struct NegativeCase {
    std::size_t index;
    double rate;
};

class HowlingNegative : public ::testing::TestWithParam<NegativeCase> {};

TEST_P(HowlingNegative, IsNeverReported) {
    const NegativeCase c = GetParam();
    const Negative n = negatives()[c.index];
    SCOPED_TRACE(n.name + " at " + std::to_string(static_cast<int>(c.rate)) + " Hz");
    EXPECT_TRUE(howls(n.signal(c.rate), c.rate).empty());
}

std::vector<NegativeCase> negativeCases() {
    std::vector<NegativeCase> out;
    for (double rate : {16000.0, 44100.0, 48000.0}) {
        for (std::size_t i = 0; i < negatives().size(); ++i) {
            out.push_back({i, rate});
        }
    }
    return out;
}

INSTANTIATE_TEST_SUITE_P(Signals, HowlingNegative, ::testing::ValuesIn(negativeCases()));

// A steady pure tone has a howl's spectrum (PAPR, PNPR and PHPR all high, persistent, still) but starts
// at its level; the same tone growing out of the background, as a howl does, is reported at its frequency
// when it has persisted, and cleared when it stops.
TEST(HowlingDetector, ASteadyToneIsNotHowlingTheSameToneGrowingIs) {
    EXPECT_TRUE(howls(concat(sine(kRate, 3, 1000, -10), silence(kRate, 1)), kRate).empty());

    HowlingDetector detector(kRate, 1, HowlingSettings{});
    CollectingSink sink;
    const auto signal = concat(growingTone(kRate, 1.5, 1000, -60, -10, 0.5), silence(kRate, 1));
    detector.process(signal.data(), signal.size(), 0, sink);
    ASSERT_EQ(sink.all.size(), 2u);
    EXPECT_EQ(sink.all[0].transition, Transition::Started);
    EXPECT_NEAR(static_cast<double>(sink.all[0].value), 1000, 2);
    EXPECT_GT(seconds(sink.all[0].lastNanos), 0.2);
    EXPECT_LT(seconds(sink.all[0].lastNanos), 0.6);
    EXPECT_EQ(sink.all[1].transition, Transition::Cleared);
    EXPECT_NEAR(seconds(sink.all[1].lastNanos), 1.8, 0.06);
    EXPECT_FALSE(detector.active());
}

// Where growth stops telling them apart (docs/detectors.md, known limits): a tone faded in over 20 ms
// starts at its level as far as a 32 ms window can tell; faded in over 200 ms it grows as a howl does and is
// reported.
TEST(HowlingDetector, AToneFadedInSlowlyGrowsAsAHowlDoes) {
    auto faded = [](double seconds) {
        auto x = sine(kRate, 2, 1000, -12);
        for (std::size_t n = 0; n < x.size(); ++n) {
            x[n] *= static_cast<float>(std::min(1.0, static_cast<double>(n) / (seconds * kRate)));
        }
        return concat(silence(kRate, 0.3), x);
    };
    EXPECT_TRUE(howls(faded(0.02), kRate).empty());
    EXPECT_EQ(howls(faded(0.2), kRate).size(), 1u);
}

// howlingMinGrowthDb = 0 turns the growth test off: a steady tone is reported again, as before.
TEST(HowlingDetector, WithoutTheGrowthTestASteadyToneIsReported) {
    HowlingSettings settings;
    settings.minGrowthDb = 0;
    const auto found = howls(concat(silence(kRate, 0.2), sine(kRate, 1, 1000, -10)), kRate, settings);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_NEAR(static_cast<double>(found[0].value), 1000, 2);
    EXPECT_NEAR(seconds(found[0].lastNanos), 0.5, 0.06);
}

// The whole band, at the usual rates: a howl from 100 Hz to 0.45 of the rate is reported at its frequency
// (within one analysis bin) and nowhere else (no alias of it in the decimated band).
TEST(HowlingDetector, FindsHowlsAcrossTheWholeBandAtTheirFrequency) {
    for (double rate : {16000.0, 44100.0, 48000.0}) {
        for (double hz = 100; hz <= 0.45 * rate; hz *= 1.25) {
            SCOPED_TRACE(std::to_string(hz) + " Hz at " + std::to_string(static_cast<int>(rate)) + " Hz");
            const auto signal = mixed(growingTone(rate, 2, hz, -60, -3, 0.4, 0.3), whiteNoise(rate, 2, -50, 7));
            const auto found = howls(signal, rate);
            ASSERT_EQ(found.size(), 1u);
            EXPECT_NEAR(static_cast<double>(found[0].value), hz, binAt(rate, hz));
            EXPECT_LT(seconds(found[0].lastNanos), 0.3 + 0.4 + 0.3);  // by the time it has held for 300 ms
        }
    }
}

// The case: a howl at 11.6 kHz on a 48 kHz stream folds to 4.4 kHz in the decimated band (the
// short decimation filter passes it at -18 dB). That peak is recognised as an alias; the howl is reported
// at 11.6 kHz.
TEST(HowlingDetector, AHowlAboveTheDecimatedBandIsNotReportedAsItsAlias) {
    HowlingDetector detector(kRate, 1, HowlingSettings{});
    CollectingSink sink;
    const auto signal = growingTone(kRate, 1.5, 11590, -60, -3, 0.5);
    detector.process(signal.data(), signal.size(), 0, sink);
    ASSERT_EQ(sink.all.size(), 1u);
    EXPECT_NEAR(static_cast<double>(sink.all[0].value), 11590, 93.75);
    PeakFeatures peaks[HowlingDetector::kMaxFramePeaks];
    const std::size_t n = detector.lastPeaks(peaks, HowlingDetector::kMaxFramePeaks);
    bool aliasSeen = false;
    for (std::size_t i = 0; i < n; ++i) {
        if (!peaks[i].high && std::abs(peaks[i].frequencyHz - (16000 - 11590)) < 40) {
            aliasSeen = true;
            EXPECT_TRUE(peaks[i].alias);
            EXPECT_FALSE(peaks[i].candidate);
        }
    }
    EXPECT_TRUE(aliasSeen) << "the alias did not reach the decimated band: the test shows nothing";
}

// From 100 Hz (the bin nearest) to min(howlingMaxHz, 0.45 of the rate) (the bin below), 24 kHz by default.
TEST(HowlingDetector, SearchesFrom100HzTo045OfTheRate) {
    const struct {
        double rate, lowest, highest;
    } bands[] = {{16000, 93.75, 7187.5}, {44100, 86.13, 19809}, {48000, 93.75, 21562.5}, {96000, 93.75, 24000}};
    for (const auto& b : bands) {
        HowlingDetector detector(b.rate, 2, HowlingSettings{});
        EXPECT_NEAR(detector.lowestHz(), b.lowest, 0.01 * b.lowest) << b.rate;
        EXPECT_NEAR(detector.highestHz(), b.highest, 0.001 * b.highest) << b.rate;
    }
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
    PeakFeatures peaks[HowlingDetector::kMaxFramePeaks];
    ASSERT_GE(detector.lastPeaks(peaks, HowlingDetector::kMaxFramePeaks), 1u);
    EXPECT_FALSE(peaks[0].high);
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
        const auto signal = growingTone(rate, 1, 1500, -60, -10, 0.4);
        detector.process(signal.data(), signal.size(), 0, sink);
        ASSERT_EQ(sink.all.size(), 1u) << rate;
        EXPECT_NEAR(static_cast<double>(sink.all[0].value), 1500, 3) << rate;
    }
}

// The decimation keeps its phase and the analysis rings their hop across calls: the same audio gives the
// same spectra and detections whatever the callback size (1 frame, sizes that are not multiples of the
// decimation factor, more than one internal chunk), at rates with decimation by 1, 2, 3 and 6, with a howl
// in each band.
TEST(HowlingDetector, SameResultWhateverTheCallbackSize) {
    for (double rate : {16000.0, 44100.0, 48000.0, 96000.0}) {
        const double high = std::min(9000.0, 0.4 * rate);
        const auto low = concat(harmonicNote(rate, 0.6, 220, -20), growingTone(rate, 0.8, 1234, -60, -12, 0.3));
        const auto mono =
            concat(concat(low, growingTone(rate, 0.8, high, -60, -12, 0.3)), whiteNoise(rate, 0.3, -30, 5));
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
            std::vector<PeakFeatures> last(HowlingDetector::kMaxFramePeaks);
            last.resize(detector.lastPeaks(last.data(), last.size()));
            if (first) {
                first = false;
                reference = last;
                referenceDetections = sink.all;
                ASSERT_GE(referenceDetections.size(), 2u) << rate;  // both tones howl
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
    HowlingSettings negativeGrowth;
    negativeGrowth.minGrowthDb = -1;
    EXPECT_THROW(HowlingDetector(kRate, 1, negativeGrowth), std::invalid_argument);
}

}  // namespace
