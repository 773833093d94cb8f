#include "SpectrumBand.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace adm {

namespace {

constexpr int kNeighbourFrom = 3;  // PNPR: bins this far from the peak (beyond the Hann main lobe)...
constexpr int kNeighbourTo = 6;    // ...up to this far, both sides
constexpr float kMainLobeBins = 1.5f;  // a Hann window's main lobe is 15 dB down this far from its peak
// PHPR positions: a voice or a note has energy at some of these for any of its partials (odd multiples
// are left out: see the header).
constexpr float kHarmonicMultiples[] = {1.0f / 3.0f, 0.5f, 2.0f / 3.0f, 1.5f, 2.0f};

float fromDb(double db) { return static_cast<float>(std::pow(10.0, db / 10.0)); }

// A peak this far above its neighbours (PNPR) is followed by a track, for its growth.
const float kProminentPnpr = fromDb(6.0);

/// 10 log10(power) within 0.001 dB without a call into libm (Mineiro's fastlog2): a few per frame.
float fastDb(float power) noexcept {
    const float x = std::max(power, 1e-30f);
    uint32_t bits = 0;
    std::memcpy(&bits, &x, sizeof bits);
    const uint32_t mantissaBits = (bits & 0x007FFFFFu) | 0x3F000000u;  // in [0.5, 1)
    float m = 0;
    std::memcpy(&m, &mantissaBits, sizeof m);
    const float log2 = static_cast<float>(bits) * 1.1920928955078125e-7f - 124.22551499f - 1.498030302f * m -
                       1.72587999f / (0.3520887068f + m);
    return 3.0102999566f * log2;
}

}  // namespace

SpectrumBand::SpectrumBand(std::size_t points, double rate, double fromHz, double topHz,
                           const HowlingSettings& settings)
    : mSize(points), mBinHz(rate / static_cast<double>(points)) {
    mLowBin = std::max<std::size_t>(2, static_cast<std::size_t>(std::lround(settings.minHz / mBinHz)));
    mLowBin = std::max(mLowBin, static_cast<std::size_t>(std::ceil(fromHz / mBinHz)));
    mHighBin = std::min<std::size_t>(points / 2 - kNeighbourTo - 1,
                                     static_cast<std::size_t>(std::floor(topHz / mBinHz)));
    // A sine of amplitude A gives |X|^2 = A^2 N^2 / 16 through a Hann window.
    const auto n2 = static_cast<float>(points * points);
    mMinPower = fromDb(settings.minDbfs) * n2 / 16.0f;
    mToAmplitude2 = 16.0f / n2;
    mPaprLinear = fromDb(settings.paprDb);
    mPnprLinear = fromDb(settings.pnprDb);
    mPhprLinear = fromDb(settings.phprDb);
    mFft.emplace(points);
    const double pi = std::acos(-1.0);
    mWindow.resize(points);
    for (std::size_t n = 0; n < points; ++n) {
        const double phase = 2 * pi * static_cast<double>(n) / static_cast<double>(points);
        mWindow[n] = static_cast<float>(0.5 - 0.5 * std::cos(phase));
    }
    mRing.assign(2 * points, 0.0f);
    mPower.assign(points / 2 + 1, 0.0f);
    mMaxima.assign(points / 2 + 1, -1.0f);
    mGain.assign(points / 2 + 1, 1.0f);
}

void SpectrumBand::setInputFilter(const std::vector<float>& taps, double inputRate) {
    const double pi = std::acos(-1.0);
    for (std::size_t k = 0; k < mGain.size(); ++k) {
        double re = 0;
        double im = 0;
        for (std::size_t n = 0; n < taps.size(); ++n) {
            const double phase = 2 * pi * static_cast<double>(k) * mBinHz / inputRate * static_cast<double>(n);
            re += taps[n] * std::cos(phase);
            im -= taps[n] * std::sin(phase);
        }
        mGain[k] = static_cast<float>(std::max(re * re + im * im, 1e-6));
    }
}

void SpectrumBand::push(const float* samples, std::size_t count) noexcept {
    for (std::size_t u = 0; u < count;) {
        const std::size_t run = std::min(count - u, mSize - mRingPos);
        std::copy_n(samples + u, run, mRing.data() + mRingPos);
        std::copy_n(samples + u, run, mRing.data() + mRingPos + mSize);
        mRingPos = mRingPos + run == mSize ? 0 : mRingPos + run;
        u += run;
    }
}

void SpectrumBand::reset() noexcept {
    std::fill(mRing.begin(), mRing.end(), 0.0f);
    mRingPos = 0;
}

void SpectrumBand::computeSpectrum() noexcept {
    mFft->powerSpectrum(mRing.data() + mRingPos, mWindow.data(), mPower.data());
}

void SpectrumBand::beginSpectrum() noexcept { mFft->begin(mRing.data() + mRingPos, mWindow.data()); }

void SpectrumBand::finishSpectrum() noexcept { mFft->finish(mPower.data()); }

std::size_t SpectrumBand::findPeaks(bool high, SpectralPeak* out, float& mean) noexcept {
    mean = 0.0f;
    if (mHighBin < mLowBin) {
        return 0;
    }
    // Mean power of the band (8 partial sums, so that the loop vectorizes), and its strongest local
    // maxima. Only a maximum stronger than the weakest of those kept so far enters the list, and the three
    // comparisons are combined without branching: most bins then take no branch at all.
    const float* __restrict power = mPower.data();
    const std::size_t lowBin = mLowBin;
    const std::size_t highBin = mHighBin;
    float lanes[8] = {};
    std::size_t k = lowBin;
    for (; k + 8 <= highBin + 1; k += 8) {
        for (std::size_t j = 0; j < 8; ++j) {
            lanes[j] += power[k + j];
        }
    }
    for (std::size_t j = 0; k + j <= highBin; ++j) {
        lanes[j] += power[k + j];
    }
    float sum = 0.0f;
    for (float lane : lanes) {
        sum += lane;
    }
    // The local maxima's power (else -1) in one pass without branches, then the strongest of them: after
    // the first few, a maximum rarely beats the weakest one kept, so that branch is well predicted.
    float* __restrict maxima = mMaxima.data();
    for (k = lowBin; k <= highBin; ++k) {
        const float p = power[k];
        maxima[k] = ((p > power[k - 1]) & (p >= power[k + 1])) ? p : -1.0f;
    }
    std::array<std::size_t, kMaxPeaks> bins{};
    std::size_t found = 0;
    float weakest = -1.0f;  // power of the weakest peak kept once kMaxPeaks are; below any power until then
    for (k = lowBin; k <= highBin; ++k) {
        const float p = maxima[k];
        if (p > weakest) {
            // insert into the strongest-first list
            std::size_t at = found < kMaxPeaks ? found : kMaxPeaks;
            while (at > 0 && power[bins[at - 1]] < p) {
                if (at < kMaxPeaks) {
                    bins[at] = bins[at - 1];
                }
                --at;
            }
            if (at < kMaxPeaks) {
                bins[at] = k;
                found = std::min(found + 1, kMaxPeaks);
            }
            if (found == kMaxPeaks) {
                weakest = power[bins[kMaxPeaks - 1]];
            }
        }
    }
    mean = sum / static_cast<float>(highBin - lowBin + 1);
    for (std::size_t i = 0; i < found; ++i) {
        out[i] = SpectralPeak{};
        out[i].bin = bins[i];
        out[i].high = high;
    }
    return found;
}

void SpectrumBand::judge(SpectralPeak& peak, float meanPower) const noexcept {
    const std::size_t k = peak.bin;
    const float* power = mPower.data();
    const float p = power[k];
    peak.power = p;
    peak.papr = meanPower > 0 ? p / meanPower : 1e10f;
    float neighbours = 0.0f;
    int count = 0;
    for (int j = kNeighbourFrom; j <= kNeighbourTo; ++j) {
        if (k >= static_cast<std::size_t>(j)) {
            neighbours += power[k - static_cast<std::size_t>(j)];
            ++count;
        }
        neighbours += power[k + static_cast<std::size_t>(j)];  // k <= mHighBin keeps this in range
        ++count;
    }
    neighbours /= static_cast<float>(count);
    peak.pnpr = neighbours > 0 ? p / neighbours : 1e10f;
    peak.frequencyHz = static_cast<double>(k) * mBinHz;
    peak.phpr = 0;
    peak.prominent = p >= mMinPower && peak.pnpr >= kProminentPnpr;
    peak.candidate = false;
    if (!peak.prominent) {
        return;  // neither followed nor a candidate: the rest is not needed
    }

    // Parabolic interpolation of the magnitude around the peak (within ~0.1 bin for a Hann window;
    // no logarithm on the audio thread's budget).
    const float a = std::sqrt(power[k - 1]);
    const float b = std::sqrt(p);
    const float c = std::sqrt(power[k + 1]);
    const float denominator = a - 2 * b + c;
    const float delta = denominator < 0 ? 0.5f * (a - c) / denominator : 0.0f;
    const float position = static_cast<float>(k) + delta;
    peak.frequencyHz = static_cast<double>(position) * mBinHz;

    float phpr = 1e10f;
    for (float m : kHarmonicMultiples) {
        // The two bins around the exact position (a partial of a note sits within half a bin of it),
        // unless one is within the peak's own main lobe (below about 200 Hz in the low band).
        const float at = m * position;
        const auto below = static_cast<long>(std::floor(at));
        const float lobe = m < 1.0f ? position - static_cast<float>(below + 1) : static_cast<float>(below) - position;
        if (below < 2 || below + 1 > static_cast<long>(mSize / 2) || lobe < kMainLobeBins) {
            continue;
        }
        const auto i = static_cast<std::size_t>(below);
        const float h = std::max(power[i], power[i + 1]);
        phpr = std::min(phpr, h > 0 ? p / h : 1e10f);
    }
    peak.phpr = phpr;
    peak.candidate = peak.papr >= mPaprLinear && peak.pnpr >= mPnprLinear && phpr >= mPhprLinear;
}

float SpectrumBand::powerAt(double hz) const noexcept {
    const auto below = static_cast<std::size_t>(std::max(0.0, std::floor(hz / mBinHz)));
    if (below + 1 >= mPower.size()) {
        return mPower.back();
    }
    return std::max(mPower[below], mPower[below + 1]);
}

float SpectrumBand::levelDb(double hz) const noexcept {
    const auto bin = std::min(static_cast<std::size_t>(hz / mBinHz + 0.5), mGain.size() - 1);
    return fastDb(powerAt(hz) * mToAmplitude2 / mGain[bin]);
}

}  // namespace adm
