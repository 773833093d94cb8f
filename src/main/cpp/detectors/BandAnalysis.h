// The howling detector's spectra: two bands, and the peaks judged in each 10 ms frame (a hop).
// - low band: mono mix -> short FIR low-pass and decimation to about 16 kHz (PolyphaseDecimator) ->
//   Hann-windowed 512-point FFT (31.25 Hz bins at 48 kHz) -> peaks up to kLowBandTop of the analysis rate
//   (7 kHz at 48 kHz); without decimation (below 32 kHz) up to 0.45 of the rate, and no high band;
// - high band: the mono mix at the stream's rate -> Hann-windowed FFT with bins of at most 100 Hz (512
//   points, 93.75 Hz, at 48 kHz) -> peaks from there up to 0.45 of the stream's rate, every second hop (its
//   window is about one hop long), its work split over both hops. It also tells a low-band peak that is an
//   alias of something above the band from a real one: an alias has more power at one of its images.
// Up to SpectrumBand::kMaxPeaks peaks per band are judged per frame.
//
// Built on a control thread (it allocates there); everything else neither allocates nor locks.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "DetectorSettings.h"
#include "PolyphaseDecimator.h"
#include "SpectralPeak.h"
#include "SpectrumBand.h"

namespace adm {

class BandAnalysis {
public:
    static constexpr std::size_t kLowFftSize = 512;
    static constexpr double kHopSeconds = 0.010;
    static constexpr double kAnalysisRate = 16000.0;   ///< decimate to the rate nearest above this
    static constexpr double kLowBandTop = 0.4375;      ///< of the analysis rate, when a high band exists
    static constexpr double kBandTop = 0.45;           ///< of a band's rate: the highest frequency searched
    static constexpr double kHighMaxBinHz = 100.0;     ///< the high band's FFT has bins at most this wide
    static constexpr std::size_t kMaxFramePeaks = 2 * SpectrumBand::kMaxPeaks;
    static constexpr std::size_t kChunk = PolyphaseDecimator::kChunk;  ///< input frames per beginChunk()

    /// The caller has checked the rate (8 kHz..1 MHz), channels (1..64) and settings.
    BandAnalysis(double sampleRate, int channels, const HowlingSettings& settings);

    double analysisRate() const noexcept { return mAnalysisRate; }
    std::size_t hop() const noexcept { return mHop; }  ///< in samples at the analysis rate
    /// The band searched: from minHz to min(maxHz, 0.45 x the stream's rate), as whole bins.
    double lowestHz() const noexcept;
    double highestHz() const noexcept;
    /// The width of a bin of the band (the low band's when there is no high band).
    double binHz(bool high) const noexcept { return high ? mHigh.binHz() : mLow.binHz(); }
    /// The high band's bin width; 0 when there is no high band.
    double highBinHz() const noexcept { return mHigh.binHz(); }

    /// Mixes `count` (<= kChunk) interleaved frames to mono and decimates them; nextFrame() then takes
    /// them into the bands.
    void beginChunk(const float* interleaved, std::size_t count) noexcept;
    /// Takes the chunk's samples into the bands up to the end of the next frame that can be analysed:
    /// true, and `endInput` the chunk's input after that frame's last one; false when the chunk is used up.
    bool nextFrame(std::size_t& endInput) noexcept;
    /// The spectra and peaks of the frame that nextFrame() ended.
    void analyse() noexcept;

    /// This frame's peaks: the low band's, strongest first, then the high band's last ones.
    const SpectralPeak* peaks() const noexcept { return mPeaks.data(); }
    std::size_t peakCount() const noexcept { return mPeakCount; }
    /// Whether the high band's peaks were found in this frame (else they stand from the frame before).
    bool highFresh() const noexcept { return mHighFresh; }
    /// dBFS at `hz` in the band's last spectrum, the decimation filter's roll-off undone.
    float levelDb(bool high, double hz) const noexcept { return high ? mHigh.levelDb(hz) : mLow.levelDb(hz); }
    /// |X|^2 of a sine -> its amplitude^2, in the band.
    float toAmplitude2(bool high) const noexcept { return high ? mHigh.toAmplitude2() : mLow.toAmplitude2(); }

    void reset() noexcept;

private:
    bool isAlias(double hz) const noexcept;

    const double mSampleRate;
    const int mChannels;
    const int mDecimation;
    const double mAnalysisRate;
    const std::size_t mHop;

    PolyphaseDecimator mDecimator;
    SpectrumBand mLow;                 // fed with the decimated signal
    SpectrumBand mHigh;                // fed with the mono mix (size 0 without decimation)
    // the chunk being taken in
    std::size_t mChunkCount = 0;       // its input frames
    std::size_t mOutputs = 0;          // its decimated samples...
    std::size_t mTaken = 0;            // ...of which in mLow already
    std::size_t mPushed = 0;           // its mono inputs in mHigh already
    std::size_t mSinceHop = 0;
    std::size_t mFilled = 0;           // decimated samples in mLow's ring, up to kLowFftSize
    int64_t mFramesAnalysed = 0;

    std::array<SpectralPeak, kMaxFramePeaks> mPeaks{};  // this frame's: the low band's, then the high band's
    std::size_t mPeakCount = 0;
    std::array<SpectralPeak, SpectrumBand::kMaxPeaks> mHighPeaks{};  // the high band's last analysis
    std::size_t mHighPeakCount = 0;
    bool mHighFresh = false;           // mHighPeaks were found this hop
    bool mHighReady = false;           // mHigh holds a spectrum
};

}  // namespace adm
