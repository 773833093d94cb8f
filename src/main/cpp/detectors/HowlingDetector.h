// Howling (acoustic feedback, WARN_ADM_HOWLING 1051) on a recording, from the features of van Waterschoot
// and Moonen's survey ("Fifty years of acoustic feedback control", Proc. IEEE 99(2), 2011): a spectral
// peak with a high peak-to-average (PAPR), peak-to-neighbour (PNPR) and peak-to-harmonic (PHPR) power
// ratio that persists across frames (IPMP), plus a frequency that stays put (a sweep moves).
//
// Pipeline: mono mix -> FIR low-pass and decimation to about 16 kHz -> every 10 ms a Hann-windowed
// 512-point FFT -> up to kMaxPeaks peaks per frame judged by PAPR/PNPR/PHPR -> peaks tracked across frames
// -> a track whose peak met all criteria in 80% of the last `persistenceSeconds`, within `maxDriftHz`,
// raises 1051 (Started, value = its frequency in Hz); no candidate near it for `clearSeconds` clears it.
//
// PHPR looks at f/3, f/2, 2f/3, 3f/2 and 2f, not 3f: a howl that reaches full scale is clipped, and
// symmetric clipping adds odd harmonics (3f, 5f) to it, while a note or a voice has energy at one of
// these for each of its partials but the 5th, 7th, ... of a series that ends below twice their frequency. The analysis band ends at 0.45 of the analysis
// rate (7.2 kHz at 48 kHz): howling above it is not looked for (see docs/detectors.md).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "Detection.h"
#include "DetectorSettings.h"
#include "Fft.h"

namespace adm {

/// The features of one spectral peak of one frame (for tests and tuning).
struct PeakFeatures {
    double frequencyHz = 0.0;  ///< interpolated
    double levelDbfs = -200.0; ///< sine peak = 0 dBFS
    double paprDb = 0.0;
    double pnprDb = 0.0;
    double phprDb = 0.0;       ///< the smallest ratio over f/3, f/2, 2f/3, 3f/2, 2f (100 when none is in range)
    bool candidate = false;    ///< meets every per-frame criterion
};

class HowlingDetector {
public:
    static constexpr std::size_t kFftSize = 512;
    static constexpr double kHopSeconds = 0.010;
    static constexpr double kAnalysisRate = 16000.0;  ///< decimate to the rate nearest above this
    static constexpr std::size_t kMaxPeaks = 3;       ///< peaks judged per frame
    static constexpr std::size_t kMaxTracks = 4;      ///< peaks followed at once
    static constexpr int kMaxMissesInRow = 3;         ///< a track without a candidate this many frames ends
    static constexpr double kPersistenceHitRatio = 0.8;

    /// Throws std::invalid_argument for a rate or channel count out of range, or invalid settings.
    HowlingDetector(double sampleRate, int channels, const HowlingSettings& settings);

    /// Real-time safe. `frames` interleaved float frames, the first at `startNanos`.
    void process(const float* interleaved, std::size_t frames, int64_t startNanos, DetectionSink& sink) noexcept;

    bool active() const noexcept { return mActive; }
    double activeFrequencyHz() const noexcept { return mActiveHz; }
    /// The peaks of the last analysed frame (at most kMaxPeaks), strongest first.
    std::size_t lastPeaks(PeakFeatures* out, std::size_t max) const noexcept;
    double analysisRate() const noexcept { return mAnalysisRate; }
    void reset() noexcept;

private:
    struct Track {
        bool used = false;
        int anchorBin = 0;
        int missesInRow = 0;
        std::size_t head = 0;    // next slot of the ring below
        std::size_t frames = 0;  // frames seen, capped at the window
    };

    /// A peak of one frame, in linear power ratios (dB only for lastPeaks()).
    struct Peak {
        std::size_t bin = 0;
        float power = 0;
        float papr = 0, pnpr = 0, phpr = 0;
        double frequencyHz = 0;
        bool candidate = false;
    };

    void analyse(int64_t frameEndNanos, DetectionSink& sink) noexcept;
    void judgePeak(Peak& peak, float meanPower) const noexcept;
    void updateTracks(int64_t frameEndNanos, DetectionSink& sink) noexcept;

    const double mSampleRate;
    const int mChannels;
    const HowlingSettings mSettings;
    const int mDecimation;
    const double mAnalysisRate;
    const double mBinHz;
    const std::size_t mHop;
    const std::size_t mWindowFrames;   // persistence window in frames
    const std::size_t mHitsNeeded;
    const int mClearFrames;
    std::size_t mLowBin = 1;
    std::size_t mHighBin = 1;
    float mPaprLinear = 1, mPnprLinear = 1, mPhprLinear = 1, mMinPower = 0;

    static constexpr std::size_t kChunk = 512;  // input frames mixed to mono at a time
    static constexpr std::size_t kBlock = 16;   // decimated outputs computed at a time

    std::vector<float> mFilter;        // decimation FIR taps (symmetric, odd length)
    std::vector<float> mMono;          // the last taps-1 mono inputs, then up to kChunk new ones
    int mPhase = 0;                    // input samples since the last decimated output
    std::vector<float> mDecimated;     // the decimated outputs of one chunk
    std::vector<float> mPhaseBuffer;   // the D polyphase components of a chunk's input, mPlaneStride apart
    std::size_t mPlaneStride = 0;
    std::vector<float> mRing;          // decimated samples, doubled ring of kFftSize
    std::size_t mRingPos = 0;
    std::size_t mSinceHop = 0;
    std::size_t mFilled = 0;
    std::vector<float> mWindow;
    std::vector<float> mPower;
    std::vector<float> mMaxima;        // per bin: its power if it is a local maximum, else -1
    RealFft mFft;

    std::array<Peak, kMaxPeaks> mPeaks{};
    std::size_t mPeakCount = 0;
    std::array<Track, kMaxTracks> mTracks{};
    std::vector<float> mTrackHz;       // kMaxTracks x mWindowFrames: frequency of a hit, < 0 for a miss
    int64_t mFramesAnalysed = 0;

    bool mActive = false;
    double mActiveHz = 0.0;
    int mActiveBin = 0;
    int mFramesWithout = 0;
    int64_t mActiveSinceNanos = 0;
};

}  // namespace adm
