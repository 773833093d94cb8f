// Howling (acoustic feedback, WARN_ADM_HOWLING 1051) on a recording, from the features of van Waterschoot
// and Moonen's survey ("Fifty years of acoustic feedback control", Proc. IEEE 99(2), 2011): a spectral
// peak with a high peak-to-average (PAPR), peak-to-neighbour (PNPR) and peak-to-harmonic (PHPR) power
// ratio that persists across frames (IPMP), at a frequency that stays put (a sweep moves), plus onset
// growth (the slope of the level that IMSD looks at): a howl grows out of the loop, a tone that was played
// as such starts at its level. docs/detectors.md explains each choice.
//
// Every 10 ms, BandAnalysis computes the spectra of two bands and judges their strongest peaks
// (SpectrumBand), PeakTracker follows the prominent ones for their growth and persistence, and this class
// decides what to report: a track raises 1051 (Started, value = its mean frequency in Hz) when it hit in
// 80% of the last `persistenceSeconds` within `maxDriftHz` and its level grew by `minGrowthDb` (or a howl
// was active within kRecentHowlSeconds: the loop moving to another mode). No candidate near it for
// `clearSeconds` clears it; a howl that moved, or another one kTakeOverDb stronger, clears it and starts
// again with its own frequency.
#pragma once

#include <cstddef>
#include <cstdint>

#include "BandAnalysis.h"
#include "Detection.h"
#include "DetectorSettings.h"
#include "PeakTracker.h"

namespace adm {

/// The features of one spectral peak of one frame (for tests and tuning).
struct PeakFeatures {
    double frequencyHz = 0.0;  ///< interpolated
    double levelDbfs = -200.0; ///< sine peak = 0 dBFS
    double paprDb = 0.0;
    double pnprDb = 0.0;
    double phprDb = 0.0;       ///< the smallest ratio over f/3, f/2, 2f/3, 3f/2, 2f (100 when none is in range)
    bool high = false;         ///< found in the high band (the stream's rate) rather than the decimated one
    bool alias = false;        ///< a low-band peak with more power at one of its images: not a candidate
    bool candidate = false;    ///< meets every per-frame criterion
};

class HowlingDetector {
public:
    static constexpr std::size_t kFftSize = BandAnalysis::kLowFftSize;        ///< low band
    static constexpr double kHopSeconds = BandAnalysis::kHopSeconds;
    static constexpr double kAnalysisRate = BandAnalysis::kAnalysisRate;      ///< decimate to the rate nearest above this
    static constexpr double kLowBandTop = BandAnalysis::kLowBandTop;          ///< of the analysis rate, when a high band exists
    static constexpr double kBandTop = BandAnalysis::kBandTop;                ///< of a band's rate: the highest frequency searched
    static constexpr double kHighMaxBinHz = BandAnalysis::kHighMaxBinHz;      ///< the high band's FFT bins are at most this wide
    static constexpr std::size_t kMaxPeaks = SpectrumBand::kMaxPeaks;         ///< peaks judged per band per frame
    static constexpr std::size_t kMaxFramePeaks = BandAnalysis::kMaxFramePeaks;
    static constexpr double kTakeOverDb = 3.0;         ///< a new howl this much stronger replaces the active one
    static constexpr double kRecentHowlSeconds = 1.0;  ///< this soon after a howl, a new one need not grow

    /// Throws std::invalid_argument for a rate or channel count out of range, or invalid settings.
    HowlingDetector(double sampleRate, int channels, const HowlingSettings& settings);

    /// Real-time safe. `frames` interleaved float frames, the first at `startNanos`.
    void process(const float* interleaved, std::size_t frames, int64_t startNanos, DetectionSink& sink) noexcept;

    bool active() const noexcept { return mActive; }
    double activeFrequencyHz() const noexcept { return mActiveHz; }
    /// The peaks of the last analysed frame (at most kMaxFramePeaks): the low band's, strongest first, then
    /// the high band's.
    std::size_t lastPeaks(PeakFeatures* out, std::size_t max) const noexcept;
    double analysisRate() const noexcept { return mBands.analysisRate(); }
    /// The band searched: from minHz to min(maxHz, 0.45 x the stream's rate), as whole bins.
    double lowestHz() const noexcept { return mBands.lowestHz(); }
    double highestHz() const noexcept { return mBands.highestHz(); }
    void reset() noexcept;

private:
    void analyse(int64_t frameEndNanos, DetectionSink& sink) noexcept;
    /// Follows the howl reported while it glides; whether a candidate is near it in this frame.
    bool followActive() noexcept;
    void report(int64_t frameEndNanos, bool nearActive, DetectionSink& sink) noexcept;
    /// Within `bins` bins (of the coarser band of the two) of activeHz.
    bool closeTo(double hz, bool high, double activeHz, double bins) const noexcept;

    const double mSampleRate;
    const int mChannels;
    BandAnalysis mBands;
    PeakTracker mTracker;
    const int mClearFrames;
    const int64_t mRecentFrames;

    bool mActive = false;
    double mActiveHz = 0.0;            // reported
    double mActiveAtHz = 0.0;          // where it is now (follows a slow glide)
    bool mActiveHigh = false;
    int mFramesWithout = 0;
    static constexpr int64_t kNeverActive = int64_t{1} << 40;
    int64_t mFramesSinceActive = kNeverActive;  // analysed frames since a howl was last active
    int64_t mActiveSinceNanos = 0;
};

}  // namespace adm
