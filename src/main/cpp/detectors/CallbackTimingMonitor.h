// The timing of a stream's callbacks: dropouts seen in the stream's own clock (1014 playout / 1016
// recording, Occurred, value = the missed time in ns), a callback rate far from the nominal one over a
// window (1020 / 1021, Started/Cleared, value = the measured frames per second), and a recording whose
// callbacks bring no frames at all (ERR_ADM_RECORD_AUDIO_FAILED 1018, Occurred once per run).
//
// Complements the module's watchdog (Module.cpp), which sees callbacks that stop: a gap between
// callbacks longer than kStallSeconds restarts the rate window here, so a stall is reported once (by
// the watchdog), not again as a low rate.
#pragma once

#include <cstddef>
#include <cstdint>

#include "Backend.h"
#include "Detection.h"
#include "DetectorSettings.h"

namespace adm {

/// Which codes a stream's timing troubles map to: playout 1014/1020, recording (and loopback) 1016/1021/1018.
enum class DetectorDirection : int32_t { Playout = 0, Recording = 1 };

class CallbackTimingMonitor {
public:
    /// A gap between callbacks this long is a stall (the watchdog's business): the rate window restarts.
    static constexpr double kStallSeconds = 0.1;
    /// The clock's offset from the frame count follows slow drift with this weight per callback.
    static constexpr double kBaselineWeight = 0.01;

    /// Throws std::invalid_argument for a rate out of range or invalid settings.
    CallbackTimingMonitor(DetectorDirection direction, double sampleRate, const TimingSettings& settings);

    /**
     * Real-time safe. One callback: `frames` frames (0, or `hasAudio` false, when the callback brought
     * none), the backend's time info (stream clock, seconds; 0 when the host gives none), and the host's
     * monotonic clock `nowNanos`.
     */
    void process(std::size_t frames, bool hasAudio, const CallbackTime& time, int64_t nowNanos,
                 DetectionSink& sink) noexcept;

    bool rateOff() const noexcept { return mRateOff; }
    /// The last rate measured over a whole window, frames per second (0 before the first).
    double measuredRate() const noexcept { return mMeasuredRate; }
    /// Dropouts seen since the start.
    uint64_t dropouts() const noexcept { return mDropouts; }
    void reset() noexcept;

private:
    void checkClock(std::size_t frames, const CallbackTime& time, int64_t nowNanos, DetectionSink& sink) noexcept;
    void checkRate(std::size_t frames, int64_t nowNanos, DetectionSink& sink) noexcept;

    const DetectorDirection mDirection;
    const double mSampleRate;
    const TimingSettings mSettings;
    const int32_t mGlitchCode;
    const int32_t mRateCode;

    // The stream clock against the frames: offset = clock elapsed - frames / rate.
    bool mHaveClock = false;
    double mClockStart = 0;
    int64_t mClockFrames = 0;      // frames delivered since mClockStart
    double mBaseline = 0;          // settled offset
    double mPendingJump = 0;       // a jump seen once, confirmed when a callback of a later host cycle sees it too
    int64_t mPendingNanos = 0;     // when it was seen
    bool mJumpPending = false;
    std::size_t mLastFrames = 0;
    uint64_t mDropouts = 0;

    // Callback rate.
    int64_t mLastNanos = 0;
    int64_t mWindowStart = 0;
    int64_t mWindowFrames = 0;
    bool mWindowOpen = false;
    bool mRateOff = false;
    double mMeasuredRate = 0;

    // No frames.
    int64_t mFirstNanos = 0;
    bool mStarted = false;
    bool mAnyFrames = false;
    bool mNoFramesReported = false;
};

}  // namespace adm
