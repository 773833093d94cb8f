// One band of the howling detector's analysis: a ring of the band's input, its Hann-windowed power
// spectrum, and the peaks in it. A peak is judged by the features of van Waterschoot and Moonen's survey
// (docs/detectors.md): its power over the band's mean (PAPR), over its neighbours 3 to 6 bins away
// (PNPR), and over the strongest of f/3, f/2, 2f/3, 3f/2 and 2f (PHPR). Not 3f: a howl that reaches full
// scale is clipped, and symmetric clipping adds odd harmonics (3f, 5f) to it, while a note or a voice has
// energy at one of these for each of its partials but the 5th, 7th, ... of a series that ends below twice
// their frequency.
//
// Built on a control thread (it allocates there); everything else neither allocates nor locks.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "DetectorSettings.h"
#include "Fft.h"
#include "SpectralPeak.h"

namespace adm {

class SpectrumBand {
public:
    static constexpr std::size_t kMaxPeaks = 3;  ///< the strongest local maxima judged per frame

    /// No band: size() is 0; only the accessors and reset() may be called.
    SpectrumBand() = default;
    /// `points` FFT points of a signal at `rate`; peaks searched from settings.minHz (and not below
    /// `fromHz`) up to `topHz`, as whole bins.
    SpectrumBand(std::size_t points, double rate, double fromHz, double topHz, const HowlingSettings& settings);

    std::size_t size() const noexcept { return mSize; }
    double binHz() const noexcept { return mBinHz; }
    std::size_t lowBin() const noexcept { return mLowBin; }
    std::size_t highBin() const noexcept { return mHighBin; }
    /// |X|^2 of a sine -> its amplitude^2.
    float toAmplitude2() const noexcept { return mToAmplitude2; }

    /// Levels undo the power response of this FIR filter (at `inputRate`), which the band's input went
    /// through, so that they compare with another band's.
    void setInputFilter(const std::vector<float>& taps, double inputRate);

    void push(const float* samples, std::size_t count) noexcept;
    void reset() noexcept;  // the ring only: a spectrum is computed from a full ring again

    /// The power spectrum of the ring, oldest sample first; or the same in two steps (RealFft::begin,
    /// finish), for a caller that spreads it over two callbacks.
    void computeSpectrum() noexcept;
    void beginSpectrum() noexcept;
    void finishSpectrum() noexcept;

    /// The up to kMaxPeaks strongest local maxima of the last spectrum, strongest first, into `out` (bin
    /// and `high` set); `mean` the band's mean power.
    std::size_t findPeaks(bool high, SpectralPeak* out, float& mean) noexcept;
    /// The peak's features and whether it is prominent and a candidate.
    void judge(SpectralPeak& peak, float meanPower) const noexcept;

    /// The power at `hz` in the last spectrum: the larger of the two bins around it.
    float powerAt(double hz) const noexcept;
    /// dBFS at `hz` in the last spectrum (sine peak = 0 dBFS), the input filter's roll-off undone.
    float levelDb(double hz) const noexcept;

private:
    std::size_t mSize = 0;        // FFT points; 0: no such band
    double mBinHz = 0;
    std::size_t mLowBin = 1;      // local maxima searched in [mLowBin, mHighBin]
    std::size_t mHighBin = 0;
    float mMinPower = 0;          // settings.minDbfs as |X|^2
    float mToAmplitude2 = 0;
    float mPaprLinear = 1, mPnprLinear = 1, mPhprLinear = 1;
    std::optional<RealFft> mFft;
    std::vector<float> mWindow;
    std::vector<float> mRing;     // doubled ring of mSize samples
    std::size_t mRingPos = 0;
    std::vector<float> mPower;
    std::vector<float> mMaxima;   // per bin: its power if it is a local maximum, else -1
    std::vector<float> mGain;     // per bin: the power gain of the input filter (1 without one)
};

}  // namespace adm
