#include "HowlingDetector.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "Codes.h"

namespace adm {

namespace {

constexpr int kNeighbourFrom = 3;  // PNPR: bins this far from the peak (beyond the Hann main lobe)...
constexpr int kNeighbourTo = 6;    // ...up to this far, both sides
constexpr float kMainLobeBins = 1.5f;  // a Hann window's main lobe is 15 dB down this far from its peak
// PHPR positions: a voice or a note has energy at some of these for any of its partials (odd multiples
// are left out: see the header).
constexpr float kHarmonicMultiples[] = {1.0f / 3.0f, 0.5f, 2.0f / 3.0f, 1.5f, 2.0f};

float fromDb(double db) { return static_cast<float>(std::pow(10.0, db / 10.0)); }

constexpr int32_t kHowlingCode = static_cast<int32_t>(WarningCode::AdmHowling);

// A track's level in a frame where it was not matched.
constexpr float kNoLevel = -1000.0f;

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

double toDb(double ratio) { return ratio > 0 ? 10.0 * std::log10(ratio) : -200.0; }

/// P_r[u] = from[D u + r] for u < length, r < D, plane r at out + r * stride.
template <std::size_t kD>
void gatherPhases(const float* __restrict from, std::size_t length, float* __restrict out, std::size_t stride) noexcept {
    for (std::size_t u = 0; u < length; ++u) {
        for (std::size_t r = 0; r < kD; ++r) {
            out[r * stride + u] = from[kD * u + r];
        }
    }
}

/// Outputs j0 .. j0+n-1 of the polyphase decimation filter (HowlingDetector::process): plane r starts at
/// planes + r * planeStride; tap k = D m + r reads plane r at j + m. kBlock != 0: n == kBlock, a constant,
/// so that the sums stay in registers.
template <std::size_t kBlock>
void firBlock(const float* __restrict planes, std::size_t planeStride, const float* __restrict h, std::size_t taps,
              std::size_t d, std::size_t j0, std::size_t n, float* __restrict out) noexcept {
    if (kBlock != 0) {
        n = kBlock;
    }
    float acc[kBlock == 0 ? 1 : kBlock];
    float* __restrict sums = kBlock != 0 ? acc : out;
    for (std::size_t j = 0; j < n; ++j) {
        sums[j] = 0.0f;
    }
    for (std::size_t r = 0; r < d && r < taps; ++r) {
        const float* __restrict plane = planes + r * planeStride + j0;
        for (std::size_t k = r; k < taps; k += d) {
            const float hk = h[k];
            const float* __restrict x = plane + (k - r) / d;
            for (std::size_t j = 0; j < n; ++j) {
                sums[j] += hk * x[j];
            }
        }
    }
    if (kBlock != 0) {
        for (std::size_t j = 0; j < n; ++j) {
            out[j] = sums[j];
        }
    }
}

/// The power of `band` at `hz`: the larger of the two bins around it.
float powerAt(const std::vector<float>& power, double binHz, double hz) noexcept {
    const auto below = static_cast<std::size_t>(std::max(0.0, std::floor(hz / binHz)));
    if (below + 1 >= power.size()) {
        return power.back();
    }
    return std::max(power[below], power[below + 1]);
}

}  // namespace

HowlingDetector::HowlingDetector(double sampleRate, int channels, const HowlingSettings& settings)
    : mSampleRate(sampleRate),
      mChannels(channels),
      mSettings(settings),
      mDecimation(std::max(1, static_cast<int>(std::floor(sampleRate / kAnalysisRate + 1e-9)))),
      mAnalysisRate(sampleRate / mDecimation),
      mHop(static_cast<std::size_t>(std::max(1L, std::lround(mAnalysisRate * kHopSeconds)))),
      mWindowFrames(static_cast<std::size_t>(
          std::max(1L, std::lround(settings.persistenceSeconds * mAnalysisRate / static_cast<double>(mHop))))),
      mHitsNeeded(static_cast<std::size_t>(std::ceil(kPersistenceHitRatio * static_cast<double>(mWindowFrames)))),
      mClearFrames(static_cast<int>(
          std::max(1L, std::lround(settings.clearSeconds * mAnalysisRate / static_cast<double>(mHop))))),
      mPlateauFrames(static_cast<int>(std::lround(kPlateauSeconds * mAnalysisRate / static_cast<double>(mHop)))),
      mRecentFrames(std::lround(kRecentHowlSeconds * mAnalysisRate / static_cast<double>(mHop))),
      mGrowthFrames(static_cast<std::size_t>(
          std::max(1L, std::lround(kGrowthWindowSeconds * mAnalysisRate / static_cast<double>(mHop))))) {
    if (!(sampleRate >= 8000.0 && sampleRate <= 1e6) || channels < 1 || channels > 64) {
        throw std::invalid_argument("HowlingDetector: sample rate or channel count out of range");
    }
    if (!(settings.persistenceSeconds > 0) || !(settings.maxHz > settings.minHz) || !(settings.clearSeconds > 0) ||
        !(settings.minGrowthDb >= 0)) {
        throw std::invalid_argument("HowlingDetector: invalid settings");
    }
    mFloorRisePerHop = static_cast<float>(settings.minGrowthDb / static_cast<double>(mGrowthFrames));
    mPaprLinear = fromDb(settings.paprDb);
    mPnprLinear = fromDb(settings.pnprDb);
    mPhprLinear = fromDb(settings.phprDb);
    const double top = std::min(settings.maxHz, kBandTop * sampleRate);
    if (mDecimation > 1) {
        // The low band ends where the high band (the stream's own rate) takes over. The high band exists
        // even when nothing is searched in it: it is what tells an alias in the low band from a real peak.
        const double split = kLowBandTop * mAnalysisRate;
        initBand(mLow, kFftSize, mAnalysisRate, std::min(top, split));
        std::size_t size = 16;
        while (sampleRate / static_cast<double>(size) > kHighMaxBinHz) {
            size *= 2;
        }
        initBand(mHigh, size, sampleRate, top);
        mHigh.lowBin = std::max(mHigh.lowBin, static_cast<std::size_t>(std::ceil(split / mHigh.binHz)));
    } else {
        initBand(mLow, kFftSize, mAnalysisRate, top);
    }

    const double pi = std::acos(-1.0);
    if (mDecimation > 1) {
        // Windowed-sinc (Blackman) low-pass, cut-off at 0.45 of the analysis rate. Short: what it lets
        // through from above the band is recognised as an alias (isAlias) rather than filtered out.
        const int taps = 4 * mDecimation + 1;
        const double cutoff = 0.45 * mAnalysisRate / sampleRate;  // cycles per input sample
        const double middle = (taps - 1) / 2.0;
        mFilter.resize(static_cast<std::size_t>(taps));
        double sum = 0;
        for (int n = 0; n < taps; ++n) {
            const double t = n - middle;
            const double sinc = t == 0 ? 2 * cutoff : std::sin(2 * pi * cutoff * t) / (pi * t);
            const double blackman = 0.42 - 0.5 * std::cos(2 * pi * n / (taps - 1)) + 0.08 * std::cos(4 * pi * n / (taps - 1));
            mFilter[static_cast<std::size_t>(n)] = static_cast<float>(sinc * blackman);
            sum += sinc * blackman;
        }
        for (float& h : mFilter) {
            h = static_cast<float>(h / sum);
        }
        // Its power response at each low-band bin, so that levels compare across the bands.
        for (std::size_t k = 0; k < mLow.gain.size(); ++k) {
            double re = 0;
            double im = 0;
            for (std::size_t n = 0; n < mFilter.size(); ++n) {
                const double phase = 2 * pi * static_cast<double>(k) * mLow.binHz / sampleRate * static_cast<double>(n);
                re += mFilter[n] * std::cos(phase);
                im -= mFilter[n] * std::sin(phase);
            }
            mLow.gain[k] = static_cast<float>(std::max(re * re + im * im, 1e-6));
        }
    } else {
        mFilter.assign(1, 1.0f);
    }
    // history, a chunk, and D - 1 more that the polyphase gather may read (into phases no tap uses)
    mMono.assign(mFilter.size() - 1 + kChunk + static_cast<std::size_t>(mDecimation), 0.0f);
    mDecimated.assign(kChunk, 0.0f);
    mPlaneStride = kChunk / static_cast<std::size_t>(mDecimation) + mFilter.size();
    mPhaseBuffer.assign(static_cast<std::size_t>(mDecimation) * mPlaneStride, 0.0f);
    mTrackHz.assign(kMaxTracks * mWindowFrames, -1.0f);
}

void HowlingDetector::initBand(Band& band, std::size_t size, double rate, double topHz) {
    band.size = size;
    band.binHz = rate / static_cast<double>(size);
    band.lowBin = std::max<std::size_t>(2, static_cast<std::size_t>(std::lround(mSettings.minHz / band.binHz)));
    band.highBin = std::min<std::size_t>(size / 2 - kNeighbourTo - 1,
                                         static_cast<std::size_t>(std::floor(topHz / band.binHz)));
    // A sine of amplitude A gives |X|^2 = A^2 N^2 / 16 through a Hann window.
    const auto n2 = static_cast<float>(size * size);
    band.minPower = fromDb(mSettings.minDbfs) * n2 / 16.0f;
    band.toAmplitude2 = 16.0f / n2;
    band.fft.emplace(size);
    const double pi = std::acos(-1.0);
    band.window.resize(size);
    for (std::size_t n = 0; n < size; ++n) {
        const double phase = 2 * pi * static_cast<double>(n) / static_cast<double>(size);
        band.window[n] = static_cast<float>(0.5 - 0.5 * std::cos(phase));
    }
    band.ring.assign(2 * size, 0.0f);
    band.ringPos = 0;
    band.power.assign(size / 2 + 1, 0.0f);
    band.maxima.assign(size / 2 + 1, -1.0f);
    band.gain.assign(size / 2 + 1, 1.0f);
}

double HowlingDetector::lowestHz() const noexcept { return static_cast<double>(mLow.lowBin) * mLow.binHz; }

double HowlingDetector::highestHz() const noexcept {
    if (mHigh.size > 0 && mHigh.highBin >= mHigh.lowBin) {
        return static_cast<double>(mHigh.highBin) * mHigh.binHz;
    }
    return static_cast<double>(mLow.highBin) * mLow.binHz;
}

void HowlingDetector::reset() noexcept {
    std::fill(mMono.begin(), mMono.end(), 0.0f);
    for (Band* band : {&mLow, &mHigh}) {
        std::fill(band->ring.begin(), band->ring.end(), 0.0f);
        band->ringPos = 0;
    }
    mPhase = 0;
    mSinceHop = 0;
    mFilled = 0;
    mPeakCount = 0;
    mHighPeakCount = 0;
    mHighReady = false;
    mTracks = {};
    mFramesAnalysed = 0;
    mActive = false;
    mActiveHz = 0;
    mActiveAtHz = 0;
    mFramesWithout = 0;
    mFramesSinceActive = kNeverActive;
}

void HowlingDetector::push(Band& band, const float* samples, std::size_t count) noexcept {
    for (std::size_t u = 0; u < count;) {
        const std::size_t run = std::min(count - u, band.size - band.ringPos);
        std::copy_n(samples + u, run, band.ring.data() + band.ringPos);
        std::copy_n(samples + u, run, band.ring.data() + band.ringPos + band.size);
        band.ringPos = band.ringPos + run == band.size ? 0 : band.ringPos + run;
        u += run;
    }
}

void HowlingDetector::process(const float* interleaved, std::size_t frames, int64_t startNanos,
                              DetectionSink& sink) noexcept {
    const auto channels = static_cast<std::size_t>(mChannels);
    const float scale = 1.0f / static_cast<float>(mChannels);
    const std::size_t taps = mFilter.size();
    const float* h = mFilter.data();
    const bool high = mHigh.size > 0;
    for (std::size_t done = 0; done < frames;) {
        const std::size_t count = std::min(kChunk, frames - done);
        // Mono mix after the filter's history: mMono[taps-1+i] is input frame done+i.
        float* mono = mMono.data() + taps - 1;
        const float* in = interleaved + done * channels;
        if (channels == 2) {
            for (std::size_t i = 0; i < count; ++i) {
                mono[i] = (in[2 * i] + in[2 * i + 1]) * 0.5f;
            }
        } else {
            for (std::size_t i = 0; i < count; ++i) {
                float sum = 0.0f;
                for (std::size_t c = 0; c < channels; ++c) {
                    sum += in[i * channels + c];
                }
                mono[i] = sum * scale;
            }
        }
        std::size_t pushed = 0;  // mono inputs of this chunk already in the high band's ring
        // Decimated outputs at every D-th input (D = mDecimation): output j is at input i0 + D j and is
        // sum_k h[k] mMono[i0 + D j + k] (the `taps` inputs ending there). Polyphase: with k = D m + r, that
        // is sum_r sum_m h[D m + r] P_r[j + m], where P_r[u] = mMono[i0 + r + D u] are the D phases of the
        // input, gathered once (D = 1: mMono itself). Outputs are then computed kBlock at a time with their
        // sums in registers, each tap one vectorized step over the block.
        const auto d = static_cast<std::size_t>(mDecimation);
        const std::size_t i0 = d - 1 - static_cast<std::size_t>(mPhase);
        const std::size_t outputs = i0 < count ? (count - 1 - i0) / d + 1 : 0;
        if (outputs > 0) {
            const float* planes = mMono.data() + i0;
            std::size_t planeStride = 0;  // D = 1: one plane, mMono from i0
            if (d > 1) {
                planeStride = mPlaneStride;
                const std::size_t length = outputs + (taps - 1) / d;  // u <= j + m
                float* __restrict gathered = mPhaseBuffer.data();
                const float* __restrict from = mMono.data() + i0;
                if (d == 3) {  // 48 kHz (and 44.1 kHz below): the phases as constants
                    gatherPhases<3>(from, length, gathered, planeStride);
                } else if (d == 2) {
                    gatherPhases<2>(from, length, gathered, planeStride);
                } else {
                    for (std::size_t r = 0; r < d; ++r) {
                        for (std::size_t u = 0; u < length; ++u) {
                            gathered[r * planeStride + u] = from[d * u + r];
                        }
                    }
                }
                planes = gathered;
            }
            float* __restrict y = mDecimated.data();
            std::size_t j = 0;
            for (; j + kBlock <= outputs; j += kBlock) {
                firBlock<kBlock>(planes, planeStride, h, taps, d, j, kBlock, y + j);
            }
            if (j < outputs) {
                firBlock<0>(planes, planeStride, h, taps, d, j, outputs - j, y + j);
            }
            // Into the analysis rings, one hop at a time: a frame is analysed when its last sample is in
            // (the high band's ring then holds the inputs up to that same sample).
            for (j = 0; j < outputs;) {
                const std::size_t n = std::min(outputs - j, mHop - mSinceHop);
                push(mLow, y + j, n);
                mFilled = std::min(mFilled + n, kFftSize);
                mSinceHop += n;
                j += n;
                if (mSinceHop == mHop) {
                    mSinceHop = 0;
                    const std::size_t lastInput = i0 + d * (j - 1);
                    if (high) {
                        push(mHigh, mono + pushed, lastInput + 1 - pushed);
                        pushed = lastInput + 1;
                    }
                    if (mFilled == kFftSize) {
                        analyse(startNanos + framesToNanos(static_cast<int64_t>(done + lastInput + 1), mSampleRate),
                                sink);
                    }
                }
            }
        }
        if (high && pushed < count) {
            push(mHigh, mono + pushed, count - pushed);
        }
        mPhase = static_cast<int>((static_cast<std::size_t>(mPhase) + count) % static_cast<std::size_t>(mDecimation));
        // Keep the last taps-1 inputs as the next chunk's history.
        std::copy(mMono.begin() + static_cast<std::ptrdiff_t>(count),
                  mMono.begin() + static_cast<std::ptrdiff_t>(count + taps - 1), mMono.begin());
        done += count;
    }
}

void HowlingDetector::analyse(int64_t frameEndNanos, DetectionSink& sink) noexcept {
    mLow.fft->powerSpectrum(mLow.ring.data() + mLow.ringPos, mLow.window.data(), mLow.power.data());  // oldest first
    float lowMean = 0.0f;
    const std::size_t lowCount = findPeaks(mLow, false, mPeaks.data(), lowMean);
    // The high band is analysed every second hop (its window is about a hop long; a howl lasts), its work
    // spread over both so that no callback does it all: on one hop the peaks of the spectrum finished on
    // the hop before, and the first stage of the next FFT; on the other the rest of that FFT. In between,
    // the last peaks stand (they count for persistence, not for growth).
    mHighFresh = false;
    if (mHigh.size > 0) {
        if (mFramesAnalysed % 2 == 0) {
            if (mHighReady) {
                float highMean = 0.0f;
                mHighPeakCount = findPeaks(mHigh, true, mHighPeaks.data(), highMean);
                for (std::size_t i = 0; i < mHighPeakCount; ++i) {
                    judgePeak(mHigh, mHighPeaks[i], highMean);
                }
                mHighFresh = true;
            }
            mHigh.fft->begin(mHigh.ring.data() + mHigh.ringPos, mHigh.window.data());
        } else {
            mHigh.fft->finish(mHigh.power.data());
            mHighReady = true;
        }
    }
    ++mFramesAnalysed;
    for (std::size_t i = 0; i < lowCount; ++i) {
        Peak& peak = mPeaks[i];
        judgePeak(mLow, peak, lowMean);
        if (mHigh.size > 0 && peak.prominent) {
            peak.alias = isAlias(peak.frequencyHz);
            peak.prominent = !peak.alias;
            peak.candidate = peak.candidate && !peak.alias;
        }
    }
    std::copy_n(mHighPeaks.begin(), mHighPeakCount, mPeaks.begin() + static_cast<std::ptrdiff_t>(lowCount));
    mPeakCount = lowCount + mHighPeakCount;
    updateTracks(frameEndNanos, sink);
}

std::size_t HowlingDetector::findPeaks(Band& band, bool high, Peak* out, float& mean) noexcept {
    mean = 0.0f;
    if (band.highBin < band.lowBin) {
        return 0;
    }
    // Mean power of the band (8 partial sums, so that the loop vectorizes), and its strongest local
    // maxima. Only a maximum stronger than the weakest of those kept so far enters the list, and the three
    // comparisons are combined without branching: most bins then take no branch at all.
    const float* __restrict power = band.power.data();
    const std::size_t lowBin = band.lowBin;
    const std::size_t highBin = band.highBin;
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
    float* __restrict maxima = band.maxima.data();
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
        out[i] = Peak{};
        out[i].bin = bins[i];
        out[i].high = high;
    }
    return found;
}

void HowlingDetector::judgePeak(const Band& band, Peak& peak, float meanPower) const noexcept {
    const std::size_t k = peak.bin;
    const float* power = band.power.data();
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
        neighbours += power[k + static_cast<std::size_t>(j)];  // k <= highBin keeps this in range
        ++count;
    }
    neighbours /= static_cast<float>(count);
    peak.pnpr = neighbours > 0 ? p / neighbours : 1e10f;
    peak.frequencyHz = static_cast<double>(k) * band.binHz;
    peak.phpr = 0;
    peak.prominent = p >= band.minPower && peak.pnpr >= kProminentPnpr;
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
    peak.frequencyHz = static_cast<double>(position) * band.binHz;

    float phpr = 1e10f;
    for (float m : kHarmonicMultiples) {
        // The two bins around the exact position (a partial of a note sits within half a bin of it),
        // unless one is within the peak's own main lobe (below about 200 Hz in the low band).
        const float at = m * position;
        const auto below = static_cast<long>(std::floor(at));
        const float lobe = m < 1.0f ? position - static_cast<float>(below + 1) : static_cast<float>(below) - position;
        if (below < 2 || below + 1 > static_cast<long>(band.size / 2) || lobe < kMainLobeBins) {
            continue;
        }
        const auto i = static_cast<std::size_t>(below);
        const float h = std::max(power[i], power[i + 1]);
        phpr = std::min(phpr, h > 0 ? p / h : 1e10f);
    }
    peak.phpr = phpr;
    peak.candidate = peak.papr >= mPaprLinear && peak.pnpr >= mPnprLinear && phpr >= mPhprLinear;
}

bool HowlingDetector::isAlias(double hz) const noexcept {
    // What appears at hz in the decimated signal may come from any of its images k fa +- hz below the
    // stream's Nyquist frequency; the high band, computed before decimation, says where it really is.
    const float here = powerAt(mHigh.power, mHigh.binHz, hz);
    const double nyquist = 0.5 * mSampleRate - mHigh.binHz;
    for (int k = 1; k < mDecimation; ++k) {
        const double images[] = {k * mAnalysisRate - hz, k * mAnalysisRate + hz};
        for (double image : images) {
            if (image > 0 && image < nyquist && powerAt(mHigh.power, mHigh.binHz, image) > here) {
                return true;
            }
        }
    }
    return false;
}

float HowlingDetector::levelDb(bool high, double hz) const noexcept {
    const Band& band = high ? mHigh : mLow;
    const auto bin = std::min(static_cast<std::size_t>(hz / band.binHz + 0.5), band.gain.size() - 1);
    return fastDb(powerAt(band.power, band.binHz, hz) * band.toAmplitude2 / band.gain[bin]);
}

bool HowlingDetector::sameTrack(const Track& track, const Peak& peak) const noexcept {
    if (track.high == peak.high) {
        return std::abs(static_cast<int>(peak.bin) - track.anchorBin) <= 1;
    }
    // A howl at the edge between the bands may show in either: within one bin of the coarser band.
    return std::abs(peak.frequencyHz - track.anchorHz) <= mHigh.binHz;
}

bool HowlingDetector::closeTo(double hz, bool high, double activeHz, double bins) const noexcept {
    const double bin = high || mActiveHigh ? mHigh.binHz : mLow.binHz;
    return std::abs(hz - activeHz) <= bins * bin;
}

struct HowlingDetector::Matches {
    std::array<bool, kMaxTracks> matched{};  // a prominent peak this frame
    std::array<bool, kMaxTracks> hit{};      // ... that is a candidate
    std::array<bool, kMaxTracks> fresh{};    // ... in a spectrum computed this hop (counts for growth)
    std::array<float, kMaxTracks> hz{};
    std::array<float, kMaxTracks> levelDb{};
    bool nearActive = false;                 // a candidate near the howl reported
};

void HowlingDetector::updateTracks(int64_t frameEndNanos, DetectionSink& sink) noexcept {
    Matches m;
    matchPeaks(m);
    float activeLevel = mActive ? levelDb(mActiveHigh, mActiveAtHz) : -200.0f;
    const bool howling = mActive || mFramesSinceActive <= mRecentFrames;
    for (std::size_t t = 0; t < kMaxTracks; ++t) {
        if (!mTracks[t].used) {
            continue;
        }
        advance(t, m);
        if (!mTracks[t].used || !m.hit[t] || (mActive && closeTo(m.hz[t], mTracks[t].high, mActiveHz, 1))) {
            continue;  // gone, not a candidate now, or the howl reported
        }
        double hz = 0;
        // Growth tells a howl from a tone when nothing howls; when the loop howls or just did, a peak that
        // takes over is the loop moving to another mode, which may start from the level the loop is at.
        if (!(mTracks[t].grew || howling) || !persists(t, hz)) {
            continue;
        }
        if (mActive) {
            // The howl reported has moved here (followed frame by frame), or another one, stronger, took
            // over (the loop moved to another mode): end the one reported, report this one. A weaker one
            // (another mode, a harmonic of the clipped howl) leaves the one reported as it is.
            if (!closeTo(m.hz[t], mTracks[t].high, mActiveAtHz, 1) &&
                m.levelDb[t] < activeLevel + static_cast<float>(kTakeOverDb)) {
                continue;
            }
            sink.onDetection(Detection::of(DetectionKind::Warning, kHowlingCode, Transition::Cleared,
                                           std::llround(mActiveHz), mActiveSinceNanos, frameEndNanos));
        }
        mActive = true;
        mActiveHz = hz;
        mActiveAtHz = m.hz[t];
        mActiveHigh = mTracks[t].high;
        activeLevel = m.levelDb[t];
        mFramesWithout = 0;
        m.nearActive = true;
        mActiveSinceNanos =
            frameEndNanos - framesToNanos(static_cast<int64_t>(mTracks[t].frames * mHop), mAnalysisRate);
        sink.onDetection(Detection::of(DetectionKind::Warning, kHowlingCode, Transition::Started,
                                       std::llround(mActiveHz), mActiveSinceNanos, frameEndNanos));
    }

    mFramesSinceActive = mActive ? 0 : mFramesSinceActive + 1;
    if (mActive && !m.nearActive && ++mFramesWithout >= mClearFrames) {
        mActive = false;
        sink.onDetection(Detection::of(DetectionKind::Warning, kHowlingCode, Transition::Cleared,
                                       std::llround(mActiveHz), mActiveSinceNanos, frameEndNanos));
    } else if (m.nearActive) {
        mFramesWithout = 0;
    }
}

void HowlingDetector::matchPeaks(Matches& m) noexcept {
    // Tracks follow prominent peaks (a howl is one long before it meets every criterion: its growth shows
    // then); their hits, for persistence, are the frames where the peak was a candidate.
    auto take = [&](std::size_t t, const Peak& peak) {
        m.matched[t] = true;
        m.hit[t] = peak.candidate;
        m.fresh[t] = !mTracks[t].high || mHighFresh;
        m.hz[t] = static_cast<float>(peak.frequencyHz);
        // In the track's own band, whichever band found the peak: they differ near their edge.
        m.levelDb[t] = levelDb(mTracks[t].high, peak.frequencyHz);
    };
    std::array<std::size_t, kMaxFramePeaks> unmatched{};
    std::size_t births = 0;
    for (std::size_t i = 0; i < mPeakCount; ++i) {
        const Peak& peak = mPeaks[i];
        if (!peak.prominent) {
            continue;
        }
        if (peak.candidate && mActive && closeTo(peak.frequencyHz, peak.high, mActiveAtHz, 2)) {
            if (!m.nearActive && closeTo(peak.frequencyHz, peak.high, mActiveAtHz, 1)) {
                mActiveAtHz = peak.frequencyHz;  // follow a howl that glides slowly (not one that jumps)
            }
            m.nearActive = true;
        }
        // The track whose anchor is nearest (two modes a bin apart may each have one), a grown one first.
        std::size_t slot = kMaxTracks;
        double nearest = 1e9;
        for (std::size_t t = 0; t < kMaxTracks; ++t) {
            const double distance =
                std::abs(peak.frequencyHz - mTracks[t].anchorHz) - (mTracks[t].grew ? 0.5 : 0.0);
            if (mTracks[t].used && sameTrack(mTracks[t], peak) && distance < nearest) {
                nearest = distance;
                slot = t;
            }
        }
        if (slot == kMaxTracks) {
            unmatched[births++] = i;
        } else if (!m.matched[slot] || (peak.candidate && !m.hit[slot])) {
            take(slot, peak);  // seen by both bands (at their edge): the one that is a candidate
        }
    }
    for (std::size_t b = 0; b < births; ++b) {
        // A new track: a free slot, else the one unmatched this frame with the most misses in a row.
        std::size_t slot = kMaxTracks;
        int worst = -1;
        for (std::size_t t = 0; t < kMaxTracks; ++t) {
            const int misses = mTracks[t].used ? mTracks[t].missesInRow : kForgetMisses + 1;
            if (!m.matched[t] && misses > worst) {
                worst = misses;
                slot = t;
            }
        }
        if (slot == kMaxTracks) {
            break;  // every track matched this frame already
        }
        const Peak& peak = mPeaks[unmatched[b]];
        Track& track = mTracks[slot];
        track = Track{};
        track.used = true;
        track.high = peak.high;
        track.anchorBin = static_cast<int>(peak.bin);
        track.anchorHz = peak.frequencyHz;
        track.hold.fill(kNoLevel);
        std::fill_n(mTrackHz.begin() + static_cast<std::ptrdiff_t>(slot * mWindowFrames), mWindowFrames, -1.0f);
        take(slot, peak);
    }
}

void HowlingDetector::advance(std::size_t t, const Matches& m) noexcept {
    Track& track = mTracks[t];
    mTrackHz[t * mWindowFrames + track.head] = m.hit[t] ? m.hz[t] : -1.0f;
    track.head = track.head + 1 == mWindowFrames ? 0 : track.head + 1;
    track.frames = std::min(track.frames + 1, mWindowFrames);
    track.missesInRow = m.matched[t] ? 0 : track.missesInRow + 1;
    if (track.missesInRow > kForgetMisses) {
        track.used = false;
        return;
    }
    // Growth, which tells a howl from a sound switched on: the track's level, held at its highest over the
    // last kHoldHops (a loop longer than a hop grows in steps, one per round trip, with dips or even gaps
    // between them that are not falls of the howl), followed from match to match: a rise counted up to
    // kMaxRiseDbPerHop per hop (a sound switched on reaches its level within the analysis window, a howl
    // keeps on rising), a fall in full (a keyed tone or noise cannot ratchet up). Summed in `rise`, above a
    // floor that follows its lows and rises minGrowthDb per kGrowthWindowSeconds (old lows are forgotten).
    const bool measured = m.matched[t] && m.fresh[t];
    track.hold[static_cast<std::size_t>(mFramesAnalysed) % kHoldHops] = measured ? m.levelDb[t] : kNoLevel;
    if (measured) {
        const float held = *std::max_element(track.hold.begin(), track.hold.end());
        if (track.matchedBefore) {
            const float cap = track.high ? 2 * kMaxRiseDbPerHop : kMaxRiseDbPerHop;  // high band: every 2nd hop
            track.rise += std::min(held - track.lastLevelDb, cap);
        }
        track.lastLevelDb = held;
        track.matchedBefore = true;
        // A level held for kPlateauSeconds is a new base: a tone raised in steps (a level check) grows by
        // one step at a time, a howl that keeps on rising has no plateau.
        if (std::abs(track.rise - track.plateauRise) > kPlateauDb) {
            track.plateauRise = track.rise;
            track.plateauHops = 0;
        } else if ((track.plateauHops += track.high ? 2 : 1) >= mPlateauFrames) {
            track.floor = track.rise;
        }
    }
    track.floor = std::min(track.rise, track.floor + mFloorRisePerHop);
    track.grew = track.grew || static_cast<double>(track.rise - track.floor) >= mSettings.minGrowthDb;
    // Two modes a bin or two apart that compete pass the peak from one track to the other: the growth of
    // either is the howl's.
    for (std::size_t other = 0; other < kMaxTracks && !track.grew && m.matched[t]; ++other) {
        const Track& o = mTracks[other];
        track.grew = o.used && o.grew && o.high == track.high && std::abs(o.anchorBin - track.anchorBin) <= 2;
    }
}

bool HowlingDetector::persists(std::size_t t, double& hz) const noexcept {
    // Candidates in 80% of the window, within the drift allowed.
    const float* ring = mTrackHz.data() + t * mWindowFrames;
    std::size_t hits = 0;
    float low = 1e9f;
    float high = -1.0f;
    double total = 0.0;
    for (std::size_t j = 0; j < mWindowFrames; ++j) {
        if (ring[j] >= 0.0f) {
            ++hits;
            low = std::min(low, ring[j]);
            high = std::max(high, ring[j]);
            total += static_cast<double>(ring[j]);
        }
    }
    // A high-band bin is wider than the drift allowed: two modes of the room a bin apart that compete make
    // the peak wander within two of them, as they do by less in the low band.
    const double drift = mTracks[t].high ? std::max(mSettings.maxDriftHz, 2 * mHigh.binHz) : mSettings.maxDriftHz;
    hz = hits > 0 ? total / static_cast<double>(hits) : 0.0;
    return hits >= mHitsNeeded && static_cast<double>(high - low) <= drift;
}

std::size_t HowlingDetector::lastPeaks(PeakFeatures* out, std::size_t max) const noexcept {
    const std::size_t n = std::min(max, mPeakCount);
    for (std::size_t i = 0; i < n; ++i) {
        const Peak& p = mPeaks[i];
        const Band& band = p.high ? mHigh : mLow;
        out[i].frequencyHz = p.frequencyHz;
        out[i].levelDbfs = toDb(static_cast<double>(p.power) * static_cast<double>(band.toAmplitude2));
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
