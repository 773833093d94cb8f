#include "CallbackTimingMonitor.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "Codes.h"

namespace adm {

CallbackTimingMonitor::CallbackTimingMonitor(DetectorDirection direction, double sampleRate,
                                             const TimingSettings& settings)
    : mDirection(direction),
      mSampleRate(sampleRate),
      mSettings(settings),
      mGlitchCode(static_cast<int32_t>(direction == DetectorDirection::Playout ? WarningCode::AdmRuntimePlayoutWarning
                                                                               : WarningCode::AdmRuntimeRecordingWarning)),
      mRateCode(static_cast<int32_t>(direction == DetectorDirection::Playout ? WarningCode::AdmPlayoutMalfunction
                                                                             : WarningCode::AdmRecordMalfunction)) {
    if (!(sampleRate >= 1000.0 && sampleRate <= 1e6)) {
        throw std::invalid_argument("CallbackTimingMonitor: sample rate out of range");
    }
    if (!(settings.gapMinSeconds > 0) || !(settings.gapBufferFraction > 0) || !(settings.rateWindowSeconds > 0) ||
        !(settings.rateTolerance > 0 && settings.rateTolerance < 1) || !(settings.noFramesSeconds > 0)) {
        throw std::invalid_argument("CallbackTimingMonitor: invalid settings");
    }
}

void CallbackTimingMonitor::reset() noexcept {
    mHaveClock = false;
    mJumpPending = false;
    mDropouts = 0;
    mWindowOpen = false;
    mRateOff = false;
    mMeasuredRate = 0;
    mStarted = false;
    mAnyFrames = false;
    mNoFramesReported = false;
}

void CallbackTimingMonitor::process(std::size_t frames, bool hasAudio, const CallbackTime& time, int64_t nowNanos,
                                    DetectionSink& sink) noexcept {
    if (!mStarted) {
        mStarted = true;
        mFirstNanos = nowNanos;
    }
    const bool delivered = hasAudio && frames > 0;
    if (mDirection == DetectorDirection::Recording && !delivered) {
        if (!mAnyFrames && !mNoFramesReported &&
            static_cast<double>(nowNanos - mFirstNanos) >= mSettings.noFramesSeconds * 1e9) {
            mNoFramesReported = true;
            sink.onDetection(Detection::of(DetectionKind::Error, static_cast<int32_t>(ErrorCode::AdmRecordAudioFailed),
                                  Transition::Occurred, nowNanos - mFirstNanos, mFirstNanos, nowNanos));
        }
    } else {
        mAnyFrames = true;
    }
    checkClock(frames, time, nowNanos, sink);
    checkRate(frames, nowNanos, sink);
    mLastNanos = nowNanos;
}

void CallbackTimingMonitor::checkClock(std::size_t frames, const CallbackTime& time, int64_t nowNanos,
                                       DetectionSink& sink) noexcept {
    const double clock = mDirection == DetectorDirection::Playout ? time.outputDacTime : time.inputAdcTime;
    if (!(clock > 0.0) || !std::isfinite(clock)) {
        return;  // the host gives no time info
    }
    if (!mHaveClock) {
        mHaveClock = true;
        mClockStart = clock;
        mClockFrames = static_cast<int64_t>(frames);
        mBaseline = 0;
        mJumpPending = false;
        mLastFrames = frames;
        return;
    }
    const double offset = (clock - mClockStart) - static_cast<double>(mClockFrames) / mSampleRate;
    const double threshold = std::max(mSettings.gapMinSeconds,
                                      mSettings.gapBufferFraction * static_cast<double>(mLastFrames) / mSampleRate);
    const double jump = offset - mBaseline;
    if (std::fabs(jump) > threshold) {
        // When the host period holds several buffers, its callbacks run back to back and share one late
        // start: only a callback at least half a buffer later (the next host cycle) can confirm a jump.
        const auto sameCycleNanos = static_cast<int64_t>(0.5e9 * static_cast<double>(mLastFrames) / mSampleRate);
        if (mJumpPending && (jump > 0) == (mPendingJump > 0) && nowNanos - mPendingNanos < sameCycleNanos) {
            // the same host cycle as the pending jump: neither confirms nor clears it
        } else if (mJumpPending && (jump > 0) == (mPendingJump > 0)) {
            // Seen on two callbacks in a row: the clock really moved (one late callback moves it for one).
            const double moved = std::fabs(jump) < std::fabs(mPendingJump) ? jump : mPendingJump;
            mBaseline = offset;
            mJumpPending = false;
            if (moved > 0) {
                ++mDropouts;
                const auto missed = static_cast<int64_t>(moved * 1e9);
                sink.onDetection(Detection::of(DetectionKind::Warning, mGlitchCode, Transition::Occurred, missed,
                                      nowNanos - missed, nowNanos));
            }  // the clock went back: re-settle silently
        } else {
            mJumpPending = true;
            mPendingJump = jump;
            mPendingNanos = nowNanos;
        }
    } else {
        mJumpPending = false;
        mBaseline += kBaselineWeight * jump;
    }
    mClockFrames += static_cast<int64_t>(frames);
    mLastFrames = frames;
}

void CallbackTimingMonitor::checkRate(std::size_t frames, int64_t nowNanos, DetectionSink& sink) noexcept {
    if (mWindowOpen && static_cast<double>(nowNanos - mLastNanos) >= kStallSeconds * 1e9) {
        mWindowOpen = false;  // a stall: the watchdog reports it; measure afresh
    }
    if (!mWindowOpen) {
        mWindowOpen = true;
        mWindowStart = nowNanos;
        mWindowFrames = 0;
        return;  // this callback's frames arrived at the window's start
    }
    mWindowFrames += static_cast<int64_t>(frames);
    const int64_t elapsed = nowNanos - mWindowStart;
    if (static_cast<double>(elapsed) < mSettings.rateWindowSeconds * 1e9) {
        return;
    }
    mMeasuredRate = static_cast<double>(mWindowFrames) * 1e9 / static_cast<double>(elapsed);
    const bool off = std::fabs(mMeasuredRate - mSampleRate) > mSettings.rateTolerance * mSampleRate;
    if (off != mRateOff) {
        mRateOff = off;
        sink.onDetection(Detection::of(DetectionKind::Warning, mRateCode, off ? Transition::Started : Transition::Cleared,
                              std::llround(mMeasuredRate), mWindowStart, nowNanos));
    }
    mWindowStart = nowNanos;
    mWindowFrames = 0;
}

}  // namespace adm
