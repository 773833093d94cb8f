#include "LevelDetector.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "Codes.h"

namespace adm {

namespace {

constexpr std::size_t kLanes = 16;  // partial sums of squares (four SSE vectors: the additions overlap)

int64_t secondsToFrames(double seconds, double rate) {
    return std::max<int64_t>(1, static_cast<int64_t>(std::llround(seconds * rate)));
}

/// Mean square of a full-scale sine is 0.5: 0 dBFS in the sine-peak convention used throughout.
double dbfsToMeanSquare(double dbfs) { return 0.5 * std::pow(10.0, dbfs / 10.0); }

int64_t meanSquareToDbfs(double meanSquare) noexcept {
    if (meanSquare <= 0.0) {
        return -200;
    }
    return static_cast<int64_t>(std::lround(10.0 * std::log10(meanSquare / 0.5)));
}

}  // namespace

LevelDetector::LevelDetector(double sampleRate, int channels, const LevelSettings& settings)
    : mSampleRate(sampleRate),
      mChannels(channels),
      mWindowFrames(secondsToFrames(kWindowSeconds, sampleRate)),
      mSilenceFrames(secondsToFrames(settings.silenceSeconds, sampleRate)),
      mLowFrames(secondsToFrames(settings.lowLevelSeconds, sampleRate)),
      mLowMeanSquare(dbfsToMeanSquare(settings.lowLevelDbfs)),
      mClearMeanSquare(dbfsToMeanSquare(settings.lowLevelDbfs + kClearHysteresisDb)) {
    if (!(sampleRate >= 1000.0 && sampleRate <= 1e6) || channels < 1 || channels > 64) {
        throw std::invalid_argument("LevelDetector: sample rate or channel count out of range");
    }
    if (!(settings.silenceSeconds > 0) || !(settings.lowLevelSeconds > 0) || !(settings.lowLevelDbfs <= 0)) {
        throw std::invalid_argument("LevelDetector: invalid settings");
    }
}

void LevelDetector::reset() noexcept {
    mSilentRun = 0;
    mSilenceActive = false;
    mWindowFill = 0;
    mWindowSum = 0.0;
    mLowRun = 0;
    mLowRunSum = 0.0;
    mLowRunWindows = 0;
    mLowActive = false;
}

void LevelDetector::emit(int32_t code, Transition transition, int64_t value, int64_t firstNanos, int64_t lastNanos,
                         DetectionSink& sink) noexcept {
    sink.onDetection(Detection::of(DetectionKind::Warning, code, transition, value, firstNanos, lastNanos));
}

void LevelDetector::process(const float* interleaved, std::size_t frames, int64_t startNanos,
                            DetectionSink& sink) noexcept {
    constexpr int32_t kSilence = static_cast<int32_t>(WarningCode::AdmRecordAudioSilence);
    const auto channels = static_cast<std::size_t>(mChannels);
    std::size_t done = 0;
    while (done < frames) {
        // One segment never crosses a window boundary.
        const std::size_t count =
            std::min(frames - done, static_cast<std::size_t>(mWindowFrames - mWindowFill));
        const float* samples = interleaved + done * channels;
        const std::size_t n = count * channels;
        // Sum of squares in 16 independent lanes and a test for any non-silent sample, both without
        // branches: one pass each that the compiler vectorizes (a single running sum would chain every
        // addition to the previous one). At most one window of samples: float keeps ~1e-4 relative accuracy.
        float lanes[kLanes] = {};
        int loud = 0;
        std::size_t i = 0;
        for (; i + kLanes <= n; i += kLanes) {
            for (std::size_t j = 0; j < kLanes; ++j) {
                lanes[j] += samples[i + j] * samples[i + j];
            }
        }
        for (std::size_t j = 0; i + j < n; ++j) {
            lanes[j] += samples[i + j] * samples[i + j];
        }
        for (std::size_t k = 0; k < n; ++k) {
            loud |= static_cast<int>(std::fabs(samples[k]) >= kSilenceLsb);
        }
        float sum = 0.0f;
        for (float lane : lanes) {
            sum += lane;
        }
        // First and last non-silent sample: both scans stop at once on ordinary audio.
        std::ptrdiff_t firstLoud = -1;
        std::ptrdiff_t lastLoud = -1;
        if (loud != 0) {
            for (std::size_t k = 0; k < n; ++k) {
                if (std::fabs(samples[k]) >= kSilenceLsb) {
                    firstLoud = static_cast<std::ptrdiff_t>(k / channels);
                    break;
                }
            }
            for (std::size_t k = n; k-- > 0;) {
                if (std::fabs(samples[k]) >= kSilenceLsb) {
                    lastLoud = static_cast<std::ptrdiff_t>(k / channels);
                    break;
                }
            }
        }
        const int64_t segmentStart = startNanos + framesToNanos(static_cast<int64_t>(done), mSampleRate);
        if (firstLoud >= 0) {
            if (mSilenceActive) {
                mSilenceActive = false;
                const int64_t at = segmentStart + framesToNanos(firstLoud, mSampleRate);
                emit(kSilence, Transition::Cleared, (at - mSilenceStartNanos) / 1'000'000, mSilenceStartNanos, at,
                     sink);
            }
            mSilentRun = static_cast<int64_t>(count) - 1 - lastLoud;
        } else {
            mSilentRun += static_cast<int64_t>(count);
        }
        const int64_t segmentEnd = segmentStart + framesToNanos(static_cast<int64_t>(count), mSampleRate);
        if (!mSilenceActive && mSilentRun >= mSilenceFrames) {
            mSilenceActive = true;
            mSilenceStartNanos = segmentEnd - framesToNanos(mSilentRun, mSampleRate);
            if (mLowActive) {  // silence takes over from low level
                mLowActive = false;
                emit(static_cast<int32_t>(WarningCode::AdmRecordAudioLowlevel), Transition::Cleared,
                     meanSquareToDbfs(mLowRunSum / static_cast<double>(std::max<int64_t>(1, mLowRunWindows))),
                     mLowStartNanos, segmentEnd, sink);
            }
            emit(kSilence, Transition::Started, (segmentEnd - mSilenceStartNanos) / 1'000'000, mSilenceStartNanos,
                 segmentEnd, sink);
        }
        mWindowSum += static_cast<double>(sum);
        mWindowFill += static_cast<int64_t>(count);
        done += count;
        if (mWindowFill == mWindowFrames) {
            endWindow(segmentEnd, sink);
        }
    }
}

void LevelDetector::endWindow(int64_t endNanos, DetectionSink& sink) noexcept {
    constexpr int32_t kLow = static_cast<int32_t>(WarningCode::AdmRecordAudioLowlevel);
    const double meanSquare = mWindowSum / static_cast<double>(mWindowFrames * mChannels);
    mWindowSum = 0.0;
    mWindowFill = 0;
    if (mSilenceActive) {  // low level is reported only while not silent
        mLowRun = 0;
        mLowRunSum = 0.0;
        mLowRunWindows = 0;
        return;
    }
    if (meanSquare < mLowMeanSquare) {
        if (mLowRun == 0 && !mLowActive) {
            mLowStartNanos = endNanos - framesToNanos(mWindowFrames, mSampleRate);
            mLowRunSum = 0.0;
            mLowRunWindows = 0;
        }
        mLowRun += mWindowFrames;
        mLowRunSum += meanSquare;
        ++mLowRunWindows;
        if (!mLowActive && mLowRun >= mLowFrames) {
            mLowActive = true;
            emit(kLow, Transition::Started, meanSquareToDbfs(mLowRunSum / static_cast<double>(mLowRunWindows)),
                 mLowStartNanos, endNanos, sink);
        }
        return;
    }
    mLowRun = 0;
    if (mLowActive && meanSquare >= mClearMeanSquare) {
        mLowActive = false;
        emit(kLow, Transition::Cleared, meanSquareToDbfs(meanSquare), mLowStartNanos, endNanos, sink);
    }
}

}  // namespace adm
