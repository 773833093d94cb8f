#include "HowlingDetector.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "Codes.h"

namespace adm {

namespace {

constexpr int32_t kHowlingCode = static_cast<int32_t>(WarningCode::AdmHowling);

double toDb(double ratio) { return ratio > 0 ? 10.0 * std::log10(ratio) : -200.0; }

/// `settings`, once the arguments are known to be in range: nothing is built from them before.
const HowlingSettings& checked(double sampleRate, int channels, const HowlingSettings& settings) {
    if (!(sampleRate >= 8000.0 && sampleRate <= 1e6) || channels < 1 || channels > 64) {
        throw std::invalid_argument("HowlingDetector: sample rate or channel count out of range");
    }
    if (!(settings.persistenceSeconds > 0) || !(settings.maxHz > settings.minHz) || !(settings.clearSeconds > 0) ||
        !(settings.minGrowthDb >= 0)) {
        throw std::invalid_argument("HowlingDetector: invalid settings");
    }
    return settings;
}

}  // namespace

HowlingDetector::HowlingDetector(double sampleRate, int channels, const HowlingSettings& settings)
    : mSampleRate(sampleRate),
      mChannels(channels),
      mBands(sampleRate, channels, checked(sampleRate, channels, settings)),
      mTracker(settings, mBands.analysisRate(), mBands.hop(), mBands.highBinHz()),
      mClearFrames(static_cast<int>(std::max(
          1L, std::lround(settings.clearSeconds * mBands.analysisRate() / static_cast<double>(mBands.hop()))))),
      mRecentFrames(std::lround(kRecentHowlSeconds * mBands.analysisRate() / static_cast<double>(mBands.hop()))) {}

void HowlingDetector::reset() noexcept {
    mBands.reset();
    mTracker.reset();
    mActive = false;
    mActiveHz = 0;
    mActiveAtHz = 0;
    mFramesWithout = 0;
    mFramesSinceActive = kNeverActive;
}

void HowlingDetector::process(const float* interleaved, std::size_t frames, int64_t startNanos,
                              DetectionSink& sink) noexcept {
    const auto channels = static_cast<std::size_t>(mChannels);
    for (std::size_t done = 0; done < frames;) {
        const std::size_t count = std::min(BandAnalysis::kChunk, frames - done);
        mBands.beginChunk(interleaved + done * channels, count);
        for (std::size_t end = 0; mBands.nextFrame(end);) {
            analyse(startNanos + framesToNanos(static_cast<int64_t>(done + end), mSampleRate), sink);
        }
        done += count;
    }
}

void HowlingDetector::analyse(int64_t frameEndNanos, DetectionSink& sink) noexcept {
    mBands.analyse();
    const bool nearActive = followActive();
    mTracker.update(mBands);
    report(frameEndNanos, nearActive, sink);
}

bool HowlingDetector::followActive() noexcept {
    bool nearActive = false;
    const SpectralPeak* peaks = mBands.peaks();
    for (std::size_t i = 0; mActive && i < mBands.peakCount(); ++i) {
        const SpectralPeak& peak = peaks[i];
        if (peak.prominent && peak.candidate && closeTo(peak.frequencyHz, peak.high, mActiveAtHz, 2)) {
            if (!nearActive && closeTo(peak.frequencyHz, peak.high, mActiveAtHz, 1)) {
                mActiveAtHz = peak.frequencyHz;  // follow a howl that glides slowly (not one that jumps)
            }
            nearActive = true;
        }
    }
    return nearActive;
}

void HowlingDetector::report(int64_t frameEndNanos, bool nearActive, DetectionSink& sink) noexcept {
    float activeLevel = mActive ? mBands.levelDb(mActiveHigh, mActiveAtHz) : -200.0f;
    const bool howling = mActive || mFramesSinceActive <= mRecentFrames;
    for (std::size_t t = 0; t < PeakTracker::kMaxTracks; ++t) {
        const double hitHz = mTracker.hitHz(t);
        const bool high = mTracker.high(t);
        if (!mTracker.hit(t) || (mActive && closeTo(hitHz, high, mActiveHz, 1))) {
            continue;  // gone, not a candidate now, or the howl reported
        }
        double hz = 0;
        // Growth tells a howl from a tone when nothing howls; when the loop howls or just did, a peak that
        // takes over is the loop moving to another mode, which may start from the level the loop is at.
        if (!(mTracker.grew(t) || howling) || !mTracker.persists(t, hz)) {
            continue;
        }
        if (mActive) {
            // The howl reported has moved here (followed frame by frame), or another one, stronger, took
            // over (the loop moved to another mode): end the one reported, report this one. A weaker one
            // (another mode, a harmonic of the clipped howl) leaves the one reported as it is.
            if (!closeTo(hitHz, high, mActiveAtHz, 1) &&
                mTracker.hitLevelDb(t) < activeLevel + static_cast<float>(kTakeOverDb)) {
                continue;
            }
            sink.onDetection(Detection::of(DetectionKind::Warning, kHowlingCode, Transition::Cleared,
                                           std::llround(mActiveHz), mActiveSinceNanos, frameEndNanos));
        }
        mActive = true;
        mActiveHz = hz;
        mActiveAtHz = hitHz;
        mActiveHigh = high;
        activeLevel = mTracker.hitLevelDb(t);
        mFramesWithout = 0;
        nearActive = true;
        const auto followed = static_cast<int64_t>(mTracker.frames(t) * mBands.hop());
        mActiveSinceNanos = frameEndNanos - framesToNanos(followed, mBands.analysisRate());
        sink.onDetection(Detection::of(DetectionKind::Warning, kHowlingCode, Transition::Started,
                                       std::llround(mActiveHz), mActiveSinceNanos, frameEndNanos));
    }

    mFramesSinceActive = mActive ? 0 : mFramesSinceActive + 1;
    if (mActive && !nearActive && ++mFramesWithout >= mClearFrames) {
        mActive = false;
        sink.onDetection(Detection::of(DetectionKind::Warning, kHowlingCode, Transition::Cleared,
                                       std::llround(mActiveHz), mActiveSinceNanos, frameEndNanos));
    } else if (nearActive) {
        mFramesWithout = 0;
    }
}

bool HowlingDetector::closeTo(double hz, bool high, double activeHz, double bins) const noexcept {
    return std::abs(hz - activeHz) <= bins * mBands.binHz(high || mActiveHigh);
}

std::size_t HowlingDetector::lastPeaks(PeakFeatures* out, std::size_t max) const noexcept {
    const std::size_t n = std::min(max, mBands.peakCount());
    const SpectralPeak* peaks = mBands.peaks();
    for (std::size_t i = 0; i < n; ++i) {
        const SpectralPeak& p = peaks[i];
        out[i].frequencyHz = p.frequencyHz;
        out[i].levelDbfs = toDb(static_cast<double>(p.power) * static_cast<double>(mBands.toAmplitude2(p.high)));
        out[i].paprDb = toDb(p.papr);
        out[i].pnprDb = toDb(p.pnpr);
        out[i].phprDb = std::min(100.0, toDb(p.phpr));
        out[i].high = p.high;
        out[i].alias = p.alias;
        out[i].candidate = p.candidate;
    }
    return n;
}

}  // namespace adm
