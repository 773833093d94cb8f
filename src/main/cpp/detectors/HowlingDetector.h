// Howling (acoustic feedback, WARN_ADM_HOWLING 1051) on a recording, from the features of van Waterschoot
// and Moonen's survey ("Fifty years of acoustic feedback control", Proc. IEEE 99(2), 2011): a spectral
// peak with a high peak-to-average (PAPR), peak-to-neighbour (PNPR) and peak-to-harmonic (PHPR) power
// ratio that persists across frames (IPMP), at a frequency that stays put (a sweep moves), plus onset
// growth (the slope of the level that IMSD looks at): a howl grows out of the loop, a tone that was played
// as such starts at its level. docs/detectors.md explains each choice.
//
// Two spectra, every 10 ms:
// - low band: mono mix -> short FIR low-pass and decimation to about 16 kHz -> Hann-windowed 512-point FFT
//   (31.25 Hz bins at 48 kHz) -> peaks up to kLowBandTop of the analysis rate (7 kHz at 48 kHz); without
//   decimation (below 32 kHz) up to 0.45 of the rate, and no high band;
// - high band: the mono mix at the stream's rate -> Hann-windowed FFT with bins of at most 100 Hz (512
//   points, 93.75 Hz, at 48 kHz) -> peaks from there up to 0.45 of the stream's rate, every second hop (its
//   window is about one hop long), its work split over both hops. It also tells a low-band peak that is an
//   alias of something above the band from a real one: an alias has more power at one of its images.
// Up to kMaxPeaks peaks per band are judged; prominent ones (PNPR >= 6 dB) are followed by tracks, whose
// hits are the frames where the peak met every criterion. A track raises 1051 (Started, value = its mean
// frequency in Hz) when it hit in 80% of the last `persistenceSeconds` within `maxDriftHz` and its level
// grew by `minGrowthDb` (or a howl was active within kRecentHowlSeconds: the loop moving to another mode).
// No candidate near it for `clearSeconds` clears it; a howl that moved, or another one kTakeOverDb
// stronger, clears it and starts again with its own frequency.
//
// Growth: the track's level (the highest of its last kHoldLevels) from match to match, a rise counted up to
// kMaxRiseDbPerHop per hop and a fall in full, summed, above a floor that follows the sum's lows, rises
// `minGrowthDb` per kGrowthWindowSeconds and jumps to the sum where the level held for kPlateauSeconds.
// A sound switched on reaches its level within one analysis window (3 hops) and counts at most ~8 dB
// however loud it is; a howl keeps rising for tens of hops, or in steps of one per round trip of its loop.
//
// PHPR looks at f/3, f/2, 2f/3, 3f/2 and 2f, not 3f: a howl that reaches full scale is clipped, and
// symmetric clipping adds odd harmonics (3f, 5f) to it, while a note or a voice has energy at one of
// these for each of its partials but the 5th, 7th, ... of a series that ends below twice their frequency.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
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
    bool high = false;         ///< found in the high band (the stream's rate) rather than the decimated one
    bool alias = false;        ///< a low-band peak with more power at one of its images: not a candidate
    bool candidate = false;    ///< meets every per-frame criterion
};

class HowlingDetector {
public:
    static constexpr std::size_t kFftSize = 512;       ///< low band
    static constexpr double kHopSeconds = 0.010;
    static constexpr double kAnalysisRate = 16000.0;   ///< decimate to the rate nearest above this
    static constexpr double kLowBandTop = 0.4375;      ///< of the analysis rate, when a high band exists
    static constexpr double kBandTop = 0.45;           ///< of a band's rate: the highest frequency searched
    static constexpr double kHighMaxBinHz = 100.0;     ///< the high band's FFT has bins at most this wide
    static constexpr std::size_t kMaxPeaks = 3;        ///< peaks judged per band per frame
    static constexpr std::size_t kMaxFramePeaks = 2 * kMaxPeaks;
    static constexpr std::size_t kMaxTracks = 8;       ///< peaks followed at once
    static constexpr int kForgetMisses = 50;           ///< a track whose peak is gone this many frames ends
    static constexpr double kPersistenceHitRatio = 0.8;
    static constexpr float kMaxRiseDbPerHop = 2.5f;    ///< growth counted per 10 ms, at most
    static constexpr std::size_t kHoldHops = 10;       ///< growth follows a track's highest level over this many
    static constexpr double kGrowthWindowSeconds = 3.0; ///< the growth floor rises minGrowthDb per this long
    static constexpr float kPlateauDb = 1.5f;          ///< a level within this much...
    static constexpr double kPlateauSeconds = 0.3;     ///< ...this long is the new base of growth
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
    double analysisRate() const noexcept { return mAnalysisRate; }
    /// The band searched: from minHz to min(maxHz, 0.45 x the stream's rate), as whole bins.
    double lowestHz() const noexcept;
    double highestHz() const noexcept;
    void reset() noexcept;

private:
    /// One spectrum: its FFT, window and input ring, and the bins searched for peaks.
    struct Band {
        std::size_t size = 0;        // FFT points; 0: no such band
        double binHz = 0;
        std::size_t lowBin = 1;      // local maxima searched in [lowBin, highBin]
        std::size_t highBin = 0;
        float minPower = 0;          // settings.minDbfs as |X|^2
        float toAmplitude2 = 0;      // |X|^2 of a sine -> its amplitude^2
        std::optional<RealFft> fft;
        std::vector<float> window;
        std::vector<float> ring;     // doubled ring of `size` samples
        std::size_t ringPos = 0;
        std::vector<float> power;
        std::vector<float> maxima;   // per bin: its power if it is a local maximum, else -1
        std::vector<float> gain;     // per bin: the power gain of the decimation filter (1 in the high band)
    };

    struct Track {
        bool used = false;
        bool high = false;           // its band
        int anchorBin = 0;           // in its band
        double anchorHz = 0;
        int missesInRow = 0;
        std::size_t head = 0;        // next slot of its rings
        std::size_t frames = 0;      // frames seen, capped at the persistence window
        std::array<float, kHoldHops> hold{};  // its level in the last hops (dBFS), by frame number
        float lastLevelDb = 0;       // the highest of `hold` when last matched
        bool matchedBefore = false;
        float rise = 0;              // sum of the capped level changes from match to match
        float floor = 0;             // follows the lows of `rise`, rising minGrowthDb per growth window
        float plateauRise = 0;       // `rise` where its level last moved by more than kPlateauDb
        int plateauHops = 0;         // hops since
        bool grew = false;
    };

    /// A peak of one frame, in linear power ratios (dB only for lastPeaks()).
    struct Peak {
        std::size_t bin = 0;
        bool high = false;
        bool alias = false;
        bool prominent = false;      // followed by a track (for its growth)
        float power = 0;
        float papr = 0, pnpr = 0, phpr = 0;
        double frequencyHz = 0;
        bool candidate = false;
    };

    void initBand(Band& band, std::size_t size, double rate, double topHz);
    void push(Band& band, const float* samples, std::size_t count) noexcept;
    void analyse(int64_t frameEndNanos, DetectionSink& sink) noexcept;
    std::size_t findPeaks(Band& band, bool high, Peak* out, float& mean) noexcept;
    void judgePeak(const Band& band, Peak& peak, float meanPower) const noexcept;
    bool isAlias(double hz) const noexcept;
    struct Matches;  // which track each peak of a frame went to
    void updateTracks(int64_t frameEndNanos, DetectionSink& sink) noexcept;
    void matchPeaks(Matches& matches) noexcept;
    void advance(std::size_t track, const Matches& matches) noexcept;  // its rings and growth
    /// Whether the track's peak persisted, steady, in the window; `hz` its mean frequency there.
    bool persists(std::size_t track, double& hz) const noexcept;
    /// dBFS at `hz` in the band's last spectrum, the decimation filter's roll-off undone.
    float levelDb(bool high, double hz) const noexcept;
    bool sameTrack(const Track& track, const Peak& peak) const noexcept;
    /// Within `bins` bins (of the coarser band of the two) of activeHz.
    bool closeTo(double hz, bool high, double activeHz, double bins) const noexcept;

    const double mSampleRate;
    const int mChannels;
    const HowlingSettings mSettings;
    const int mDecimation;
    const double mAnalysisRate;
    const std::size_t mHop;
    const std::size_t mWindowFrames;   // persistence window in frames
    const std::size_t mHitsNeeded;
    const int mClearFrames;
    const int mPlateauFrames;
    const int64_t mRecentFrames;
    const std::size_t mGrowthFrames;   // growth window in frames
    float mPaprLinear = 1, mPnprLinear = 1, mPhprLinear = 1;
    float mFloorRisePerHop = 0;        // growth floor: minGrowthDb per growth window

    static constexpr std::size_t kChunk = 512;  // input frames mixed to mono at a time
    static constexpr std::size_t kBlock = 16;   // decimated outputs computed at a time

    std::vector<float> mFilter;        // decimation FIR taps (symmetric, odd length)
    std::vector<float> mMono;          // the last taps-1 mono inputs, then up to kChunk new ones
    int mPhase = 0;                    // input samples since the last decimated output
    std::vector<float> mDecimated;     // the decimated outputs of one chunk
    std::vector<float> mPhaseBuffer;   // the D polyphase components of a chunk's input, mPlaneStride apart
    std::size_t mPlaneStride = 0;
    Band mLow;                         // fed with the decimated signal
    Band mHigh;                        // fed with the mono mix (size 0 without decimation)
    std::size_t mSinceHop = 0;
    std::size_t mFilled = 0;           // decimated samples in mLow's ring, up to kFftSize

    std::array<Peak, kMaxFramePeaks> mPeaks{};      // this frame's: the low band's, then the high band's
    std::size_t mPeakCount = 0;
    std::array<Peak, kMaxPeaks> mHighPeaks{};       // the high band's last analysis
    std::size_t mHighPeakCount = 0;
    bool mHighFresh = false;                        // mHighPeaks were found this hop
    bool mHighReady = false;                        // mHigh.power holds a spectrum
    std::array<Track, kMaxTracks> mTracks{};
    std::vector<float> mTrackHz;       // kMaxTracks x mWindowFrames: frequency of a hit, < 0 for a miss
    int64_t mFramesAnalysed = 0;

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
