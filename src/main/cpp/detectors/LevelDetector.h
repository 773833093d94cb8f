// Digital silence (WARN_ADM_RECORD_AUDIO_SILENCE 1019) and low level (WARN_ADM_RECORD_AUDIO_LOWLEVEL 1031)
// on a recording. Each is a condition: Started once when it has lasted long enough, Cleared when it ends,
// and it may start again later.
#pragma once

#include <cstddef>
#include <cstdint>

#include "Detection.h"
#include "DetectorSettings.h"

namespace adm {

class LevelDetector {
public:
    /// Level is measured over windows this long.
    static constexpr double kWindowSeconds = 0.1;
    /// A low level clears once a window is this much above the threshold (hysteresis).
    static constexpr double kClearHysteresisDb = 3.0;
    /// Samples below one int16 LSB (1/32768 of full scale) are digital silence.
    static constexpr float kSilenceLsb = 1.0f / 32768.0f;

    /// Throws std::invalid_argument for a rate or channel count out of range, or invalid settings.
    LevelDetector(double sampleRate, int channels, const LevelSettings& settings);

    /**
     * Real-time safe. `interleaved` holds `frames` frames of `channels` float samples (full scale 1.0),
     * the first of them at `startNanos`.
     */
    void process(const float* interleaved, std::size_t frames, int64_t startNanos, DetectionSink& sink) noexcept;

    bool silenceActive() const noexcept { return mSilenceActive; }
    bool lowLevelActive() const noexcept { return mLowActive; }
    /// Forgets all history (a new run of the stream).
    void reset() noexcept;

private:
    void endWindow(int64_t endNanos, DetectionSink& sink) noexcept;
    void emit(int32_t code, Transition transition, int64_t value, int64_t firstNanos, int64_t lastNanos,
              DetectionSink& sink) noexcept;

    const double mSampleRate;
    const int mChannels;
    const int64_t mWindowFrames;
    const int64_t mSilenceFrames;
    const int64_t mLowFrames;
    const double mLowMeanSquare;       // threshold as a mean square (full-scale sine: 0.5)
    const double mClearMeanSquare;

    int64_t mSilentRun = 0;            // frames since the last non-silent sample
    bool mSilenceActive = false;
    int64_t mSilenceStartNanos = 0;

    int64_t mWindowFill = 0;           // frames in the current window
    double mWindowSum = 0.0;           // sum of squares in it
    int64_t mLowRun = 0;               // frames of consecutive low windows
    double mLowRunSum = 0.0;           // their mean squares, summed, for the reported level
    int64_t mLowRunWindows = 0;
    int64_t mLowStartNanos = 0;
    bool mLowActive = false;
};

}  // namespace adm
