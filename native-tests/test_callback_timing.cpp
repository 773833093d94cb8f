// CallbackTimingMonitor: dropouts in the stream clock, callback rate, and recordings without frames.
#include <gtest/gtest.h>

#include "DetectorTesting.h"
#include "detectors/CallbackTimingMonitor.h"

using namespace adm;
using namespace adm::test;

namespace {

constexpr double kRate = 48000;
constexpr std::size_t kFrames = 256;
constexpr int64_t kPeriodNanos = 5'333'333;  // 256 frames at 48 kHz

/// Drives a monitor with callbacks of kFrames: the stream clock and the host clock step per callback,
/// each by its own amount.
struct Driver {
    CallbackTimingMonitor monitor;
    CollectingSink sink;
    double clock = 10.0;
    int64_t now = 1'000'000'000;

    explicit Driver(DetectorDirection direction = DetectorDirection::Recording)
        : monitor(direction, kRate, TimingSettings{}) {}

    void callbacks(int count, double clockStep = kFrames / kRate, int64_t nowStep = kPeriodNanos,
                   std::size_t frames = kFrames, bool audio = true) {
        for (int i = 0; i < count; ++i) {
            CallbackTime time;
            time.inputAdcTime = clock;
            time.outputDacTime = clock + 0.01;
            time.currentTime = clock;
            monitor.process(frames, audio, time, now, sink);
            clock += clockStep;
            now += nowStep;
        }
    }
};

TEST(CallbackTimingMonitor, SteadyCallbacksReportNothing) {
    Driver d;
    d.callbacks(1000);
    EXPECT_TRUE(d.sink.all.empty());
    EXPECT_NEAR(d.monitor.measuredRate(), kRate, 50);
}

TEST(CallbackTimingMonitor, AClockJumpIsOneDropoutWithTheMissedTime) {
    for (auto direction : {DetectorDirection::Recording, DetectorDirection::Playout}) {
        Driver d(direction);
        d.callbacks(100);
        d.clock += 2 * kFrames / kRate;  // two buffers lost
        d.callbacks(100);
        ASSERT_EQ(d.sink.all.size(), 1u);
        EXPECT_EQ(d.sink.all[0].code, direction == DetectorDirection::Playout ? 1014 : 1016);
        EXPECT_EQ(d.sink.all[0].transition, Transition::Occurred);
        EXPECT_NEAR(static_cast<double>(d.sink.all[0].value), 2e9 * kFrames / kRate, 1e5);
        EXPECT_EQ(d.monitor.dropouts(), 1u);
    }
}

TEST(CallbackTimingMonitor, OneLateTimestampIsJitterNotADropout) {
    Driver d;
    d.callbacks(100);
    d.clock += 0.004;  // this callback's time is late...
    d.callbacks(1);
    d.clock -= 0.004;  // ...the next ones are on time again
    d.callbacks(100);
    EXPECT_TRUE(d.sink.all.empty());
}

// 128-frame buffers on a 256-frame host period: two callbacks per host cycle, back to back.
TEST(CallbackTimingMonitor, ALateHostCycleOfSeveralCallbacksIsJitterNotADropout) {
    Driver d;
    const auto cycles = [&d](int count, double late) {
        for (int i = 0; i < count; ++i) {
            d.clock += late;
            d.callbacks(1, kFrames / 2 / kRate, 20'000, kFrames / 2);  // the second runs 20 us after the first
            d.callbacks(1, kFrames / 2 / kRate, kPeriodNanos - 20'000, kFrames / 2);
            d.clock -= late;
        }
    };
    cycles(100, 0);
    cycles(1, 0.004);  // the host woke late for one cycle: both its callbacks carry the late timestamps
    cycles(100, 0);
    EXPECT_TRUE(d.sink.all.empty());
    d.clock += 2 * kFrames / kRate;  // a real dropout: the clock moves for good
    cycles(100, 0);
    ASSERT_EQ(d.sink.all.size(), 1u);
    EXPECT_NEAR(static_cast<double>(d.sink.all[0].value), 2e9 * kFrames / kRate, 1e5);
}

TEST(CallbackTimingMonitor, SmallJumpsBelowTheThresholdAreIgnored) {
    Driver d;
    d.callbacks(100);
    d.clock += 0.001;  // below max(2 ms, half a buffer)
    d.callbacks(100);
    EXPECT_TRUE(d.sink.all.empty());
}

TEST(CallbackTimingMonitor, NoTimeInfoMeansNoClockCheck) {
    Driver d;
    d.clock = 0.0;
    d.callbacks(100, 0.0);
    EXPECT_TRUE(d.sink.all.empty());
}

TEST(CallbackTimingMonitor, ARateFarFromNominalStartsAndClearsMalfunction) {
    Driver d;
    d.callbacks(200);                               // about 1 s at the nominal rate
    d.callbacks(400, kFrames / kRate, 2 * kPeriodNanos);  // 2 s at half the rate
    d.callbacks(400);                               // back to normal
    ASSERT_EQ(d.sink.all.size(), 2u);
    EXPECT_EQ(d.sink.all[0].code, 1021);
    EXPECT_EQ(d.sink.all[0].transition, Transition::Started);
    EXPECT_NEAR(static_cast<double>(d.sink.all[0].value), kRate / 2, kRate * 0.1);
    EXPECT_EQ(d.sink.all[1].transition, Transition::Cleared);
    EXPECT_NEAR(static_cast<double>(d.sink.all[1].value), kRate, kRate * 0.05);
}

TEST(CallbackTimingMonitor, PlayoutRateIs1020AndAFastRateCountsToo) {
    Driver d(DetectorDirection::Playout);
    d.callbacks(600, kFrames / kRate, kPeriodNanos * 8 / 10);  // 25% fast
    ASSERT_FALSE(d.sink.all.empty());
    EXPECT_EQ(d.sink.all[0].code, 1020);
    EXPECT_GT(d.sink.all[0].value, 55000);
}

TEST(CallbackTimingMonitor, AStallIsLeftToTheWatchdog) {
    Driver d;
    d.callbacks(300);
    d.now += 500'000'000;  // no callback for 0.5 s, then normal again
    d.callbacks(300);
    EXPECT_TRUE(d.sink.all.empty());
}

TEST(CallbackTimingMonitor, ARecordingWithoutFramesIsReportedOnceAfterOneSecond) {
    Driver d;
    d.callbacks(300, kFrames / kRate, kPeriodNanos, 0, false);
    ASSERT_EQ(d.sink.of(1018).size(), 1u);
    const Detection e = d.sink.of(1018)[0];
    EXPECT_EQ(e.kind, DetectionKind::Error);
    EXPECT_NEAR(seconds(e.value), 1.0, 0.01);
    d.monitor.reset();
    d.sink.all.clear();
    d.callbacks(10);  // frames come: nothing
    d.callbacks(300, kFrames / kRate, kPeriodNanos, 0, false);
    EXPECT_TRUE(d.sink.of(1018).empty());
}

TEST(CallbackTimingMonitor, PlayoutNeverReportsNoFrames) {
    Driver d(DetectorDirection::Playout);
    d.callbacks(300, kFrames / kRate, kPeriodNanos, kFrames, false);
    EXPECT_TRUE(d.sink.of(1018).empty());
}

TEST(CallbackTimingMonitor, RejectsBadConstruction) {
    EXPECT_THROW(CallbackTimingMonitor(DetectorDirection::Recording, 0, TimingSettings{}), std::invalid_argument);
    TimingSettings bad;
    bad.rateTolerance = 1.5;
    EXPECT_THROW(CallbackTimingMonitor(DetectorDirection::Recording, kRate, bad), std::invalid_argument);
}

}  // namespace
