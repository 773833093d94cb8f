#include "HowlingDetector.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "Codes.h"

namespace adm {

namespace {

constexpr int kNeighbourFrom = 3;  // PNPR: bins this far from the peak (beyond the Hann main lobe)...
constexpr int kNeighbourTo = 6;    // ...up to this far, both sides
// PHPR positions: a voice or a note has energy at some of these for any of its partials (odd multiples
// are left out: see the header).
constexpr float kHarmonicMultiples[] = {1.0f / 3.0f, 0.5f, 2.0f / 3.0f, 1.5f, 2.0f};

float fromDb(double db) { return static_cast<float>(std::pow(10.0, db / 10.0)); }

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

}  // namespace

HowlingDetector::HowlingDetector(double sampleRate, int channels, const HowlingSettings& settings)
    : mSampleRate(sampleRate),
      mChannels(channels),
      mSettings(settings),
      mDecimation(std::max(1, static_cast<int>(std::floor(sampleRate / kAnalysisRate + 1e-9)))),
      mAnalysisRate(sampleRate / mDecimation),
      mBinHz(mAnalysisRate / static_cast<double>(kFftSize)),
      mHop(static_cast<std::size_t>(std::max(1L, std::lround(mAnalysisRate * kHopSeconds)))),
      mWindowFrames(static_cast<std::size_t>(
          std::max(1L, std::lround(settings.persistenceSeconds * mAnalysisRate / static_cast<double>(mHop))))),
      mHitsNeeded(static_cast<std::size_t>(std::ceil(kPersistenceHitRatio * static_cast<double>(mWindowFrames)))),
      mClearFrames(static_cast<int>(
          std::max(1L, std::lround(settings.clearSeconds * mAnalysisRate / static_cast<double>(mHop))))),
      mFft(kFftSize) {
    if (!(sampleRate >= 8000.0 && sampleRate <= 1e6) || channels < 1 || channels > 64) {
        throw std::invalid_argument("HowlingDetector: sample rate or channel count out of range");
    }
    if (!(settings.persistenceSeconds > 0) || !(settings.maxHz > settings.minHz) || !(settings.clearSeconds > 0)) {
        throw std::invalid_argument("HowlingDetector: invalid settings");
    }
    const double nyquistGuard = 0.45 * mAnalysisRate;  // the decimation filter's pass band ends here
    mLowBin = std::max<std::size_t>(2, static_cast<std::size_t>(std::ceil(settings.minHz / mBinHz)));
    mHighBin = std::min<std::size_t>(kFftSize / 2 - kNeighbourTo - 1,
                                     static_cast<std::size_t>(std::floor(std::min(settings.maxHz, nyquistGuard) / mBinHz)));
    mPaprLinear = fromDb(settings.paprDb);
    mPnprLinear = fromDb(settings.pnprDb);
    mPhprLinear = fromDb(settings.phprDb);
    // A sine of amplitude A gives |X|^2 = A^2 N^2 / 16 through a Hann window.
    mMinPower = fromDb(settings.minDbfs) * static_cast<float>(kFftSize * kFftSize) / 16.0f;

    const double pi = std::acos(-1.0);
    if (mDecimation > 1) {
        // Windowed-sinc (Blackman) low-pass, cut-off at 0.45 of the analysis rate.
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
    } else {
        mFilter.assign(1, 1.0f);
    }
    // history, a chunk, and D - 1 more that the polyphase gather may read (into phases no tap uses)
    mMono.assign(mFilter.size() - 1 + kChunk + static_cast<std::size_t>(mDecimation), 0.0f);
    mDecimated.assign(kChunk, 0.0f);
    mPlaneStride = kChunk / static_cast<std::size_t>(mDecimation) + mFilter.size();
    mPhaseBuffer.assign(static_cast<std::size_t>(mDecimation) * mPlaneStride, 0.0f);
    mRing.assign(2 * kFftSize, 0.0f);
    mWindow.resize(kFftSize);
    for (std::size_t n = 0; n < kFftSize; ++n) {
        mWindow[n] = static_cast<float>(0.5 - 0.5 * std::cos(2 * pi * static_cast<double>(n) / kFftSize));
    }
    mPower.assign(kFftSize / 2 + 1, 0.0f);
    mMaxima.assign(kFftSize / 2 + 1, -1.0f);
    mTrackHz.assign(kMaxTracks * mWindowFrames, -1.0f);
}

void HowlingDetector::reset() noexcept {
    std::fill(mMono.begin(), mMono.end(), 0.0f);
    std::fill(mRing.begin(), mRing.end(), 0.0f);
    mPhase = 0;
    mRingPos = 0;
    mSinceHop = 0;
    mFilled = 0;
    mPeakCount = 0;
    mTracks = {};
    mFramesAnalysed = 0;
    mActive = false;
    mActiveHz = 0;
    mFramesWithout = 0;
}

void HowlingDetector::process(const float* interleaved, std::size_t frames, int64_t startNanos,
                              DetectionSink& sink) noexcept {
    const auto channels = static_cast<std::size_t>(mChannels);
    const float scale = 1.0f / static_cast<float>(mChannels);
    const std::size_t taps = mFilter.size();
    const float* h = mFilter.data();
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
            // Into the analysis ring, one hop at a time: a frame is analysed when its last sample is in.
            for (j = 0; j < outputs;) {
                const std::size_t n = std::min(outputs - j, mHop - mSinceHop);
                for (std::size_t u = 0; u < n;) {
                    const std::size_t run = std::min(n - u, kFftSize - mRingPos);
                    std::copy_n(y + j + u, run, mRing.data() + mRingPos);
                    std::copy_n(y + j + u, run, mRing.data() + mRingPos + kFftSize);
                    mRingPos = mRingPos + run == kFftSize ? 0 : mRingPos + run;
                    u += run;
                }
                mFilled = std::min(mFilled + n, kFftSize);
                mSinceHop += n;
                j += n;
                if (mSinceHop == mHop) {
                    mSinceHop = 0;
                    if (mFilled == kFftSize) {
                        const std::size_t lastInput = i0 + d * (j - 1);
                        analyse(startNanos + framesToNanos(static_cast<int64_t>(done + lastInput + 1), mSampleRate),
                                sink);
                    }
                }
            }
        }
        mPhase = static_cast<int>((static_cast<std::size_t>(mPhase) + count) % static_cast<std::size_t>(mDecimation));
        // Keep the last taps-1 inputs as the next chunk's history.
        std::copy(mMono.begin() + static_cast<std::ptrdiff_t>(count),
                  mMono.begin() + static_cast<std::ptrdiff_t>(count + taps - 1), mMono.begin());
        done += count;
    }
}

void HowlingDetector::analyse(int64_t frameEndNanos, DetectionSink& sink) noexcept {
    const float* frame = mRing.data() + mRingPos;  // oldest first
    mFft.powerSpectrum(frame, mWindow.data(), mPower.data());
    ++mFramesAnalysed;

    // Mean power of the band (8 partial sums, so that the loop vectorizes), and its strongest local
    // maxima. Only a maximum stronger than the weakest of those kept so far enters the list, and the three
    // comparisons are combined without branching: most bins then take no branch at all.
    const float* __restrict power = mPower.data();
    float lanes[8] = {};
    std::size_t k = mLowBin;
    for (; k + 8 <= mHighBin + 1; k += 8) {
        for (std::size_t j = 0; j < 8; ++j) {
            lanes[j] += power[k + j];
        }
    }
    for (std::size_t j = 0; k + j <= mHighBin; ++j) {
        lanes[j] += power[k + j];
    }
    float sum = 0.0f;
    for (float lane : lanes) {
        sum += lane;
    }
    // The local maxima's power (else -1) in one pass without branches, then the strongest of them: after
    // the first few, a maximum rarely beats the weakest one kept, so that branch is well predicted.
    float* __restrict maxima = mMaxima.data();
    for (k = mLowBin; k <= mHighBin; ++k) {
        const float p = power[k];
        maxima[k] = ((p > power[k - 1]) & (p >= power[k + 1])) ? p : -1.0f;
    }
    std::array<std::size_t, kMaxPeaks> bins{};
    std::size_t found = 0;
    float weakest = -1.0f;  // power of the weakest peak kept once kMaxPeaks are; below any power until then
    for (k = mLowBin; k <= mHighBin; ++k) {
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
    const float mean = mHighBin >= mLowBin ? sum / static_cast<float>(mHighBin - mLowBin + 1) : 0.0f;
    mPeakCount = found;
    for (std::size_t i = 0; i < found; ++i) {
        mPeaks[i] = Peak{};
        mPeaks[i].bin = bins[i];
        judgePeak(mPeaks[i], mean);
    }
    updateTracks(frameEndNanos, sink);
}

void HowlingDetector::judgePeak(Peak& peak, float meanPower) const noexcept {
    const std::size_t k = peak.bin;
    const float p = mPower[k];
    peak.power = p;
    peak.papr = meanPower > 0 ? p / meanPower : 1e10f;
    float neighbours = 0.0f;
    int count = 0;
    for (int j = kNeighbourFrom; j <= kNeighbourTo; ++j) {
        if (k >= static_cast<std::size_t>(j)) {
            neighbours += mPower[k - static_cast<std::size_t>(j)];
            ++count;
        }
        neighbours += mPower[k + static_cast<std::size_t>(j)];  // k <= mHighBin keeps this in range
        ++count;
    }
    neighbours /= static_cast<float>(count);
    peak.pnpr = neighbours > 0 ? p / neighbours : 1e10f;

    // Parabolic interpolation of the magnitude around the peak (within ~0.1 bin for a Hann window;
    // no logarithm on the audio thread's budget).
    const float a = std::sqrt(mPower[k - 1]);
    const float b = std::sqrt(p);
    const float c = std::sqrt(mPower[k + 1]);
    const float denominator = a - 2 * b + c;
    const float delta = denominator < 0 ? 0.5f * (a - c) / denominator : 0.0f;
    const float position = static_cast<float>(k) + delta;
    peak.frequencyHz = static_cast<double>(position) * mBinHz;

    float phpr = 1e10f;
    for (float m : kHarmonicMultiples) {
        // The two bins around the exact position (a partial of a note sits within half a bin of it).
        const float at = m * position;
        const auto below = static_cast<long>(std::floor(at));
        if (below < 2 || below + 1 > static_cast<long>(kFftSize / 2)) {
            continue;
        }
        const auto i = static_cast<std::size_t>(below);
        const float h = std::max(mPower[i], mPower[i + 1]);
        phpr = std::min(phpr, h > 0 ? p / h : 1e10f);
    }
    peak.phpr = phpr;
    peak.candidate = p >= mMinPower && peak.papr >= mPaprLinear && peak.pnpr >= mPnprLinear && phpr >= mPhprLinear;
}

void HowlingDetector::updateTracks(int64_t frameEndNanos, DetectionSink& sink) noexcept {
    constexpr int32_t kHowling = static_cast<int32_t>(WarningCode::AdmHowling);
    std::array<bool, kMaxTracks> matched{};
    std::array<float, kMaxTracks> hz{};
    bool nearActive = false;
    for (std::size_t i = 0; i < mPeakCount; ++i) {
        const Peak& peak = mPeaks[i];
        if (!peak.candidate) {
            continue;
        }
        const int bin = static_cast<int>(peak.bin);
        if (mActive && std::abs(bin - mActiveBin) <= 2) {
            nearActive = true;
        }
        std::size_t slot = kMaxTracks;
        for (std::size_t t = 0; t < kMaxTracks; ++t) {
            if (mTracks[t].used && !matched[t] && std::abs(bin - mTracks[t].anchorBin) <= 1) {
                slot = t;
                break;
            }
        }
        if (slot == kMaxTracks) {  // a new track: a free slot, else the one with the most misses in a row
            for (std::size_t t = 0; t < kMaxTracks && slot == kMaxTracks; ++t) {
                if (!mTracks[t].used) {
                    slot = t;
                }
            }
            if (slot == kMaxTracks) {
                int worst = -1;
                for (std::size_t t = 0; t < kMaxTracks; ++t) {
                    if (!matched[t] && mTracks[t].missesInRow > worst) {
                        worst = mTracks[t].missesInRow;
                        slot = t;
                    }
                }
                if (slot == kMaxTracks) {
                    continue;  // every track matched this frame already
                }
            }
            mTracks[slot] = Track{};
            mTracks[slot].used = true;
            mTracks[slot].anchorBin = bin;
            std::fill_n(mTrackHz.begin() + static_cast<std::ptrdiff_t>(slot * mWindowFrames), mWindowFrames, -1.0f);
        }
        matched[slot] = true;
        hz[slot] = static_cast<float>(peak.frequencyHz);
    }

    for (std::size_t t = 0; t < kMaxTracks; ++t) {
        Track& track = mTracks[t];
        if (!track.used) {
            continue;
        }
        float* ring = mTrackHz.data() + t * mWindowFrames;
        ring[track.head] = matched[t] ? hz[t] : -1.0f;
        track.head = track.head + 1 == mWindowFrames ? 0 : track.head + 1;
        track.frames = std::min(track.frames + 1, mWindowFrames);
        track.missesInRow = matched[t] ? 0 : track.missesInRow + 1;
        if (track.missesInRow > kMaxMissesInRow) {
            track.used = false;
            continue;
        }
        if (mActive || !matched[t]) {
            continue;
        }
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
        if (hits >= mHitsNeeded && static_cast<double>(high - low) <= mSettings.maxDriftHz) {
            mActive = true;
            mActiveHz = total / static_cast<double>(hits);
            mActiveBin = track.anchorBin;
            mFramesWithout = 0;
            nearActive = true;
            mActiveSinceNanos =
                frameEndNanos - framesToNanos(static_cast<int64_t>(track.frames * mHop), mAnalysisRate);
            sink.onDetection(Detection::of(DetectionKind::Warning, kHowling, Transition::Started,
                                           std::llround(mActiveHz), mActiveSinceNanos, frameEndNanos));
        }
    }

    if (mActive && !nearActive && ++mFramesWithout >= mClearFrames) {
        mActive = false;
        sink.onDetection(Detection::of(DetectionKind::Warning, kHowling, Transition::Cleared, std::llround(mActiveHz),
                                       mActiveSinceNanos, frameEndNanos));
    } else if (nearActive) {
        mFramesWithout = 0;
    }
}

std::size_t HowlingDetector::lastPeaks(PeakFeatures* out, std::size_t max) const noexcept {
    const std::size_t n = std::min(max, mPeakCount);
    const double scale = 16.0 / static_cast<double>(kFftSize * kFftSize);
    for (std::size_t i = 0; i < n; ++i) {
        const Peak& p = mPeaks[i];
        out[i].frequencyHz = p.frequencyHz;
        out[i].levelDbfs = toDb(static_cast<double>(p.power) * scale);
        out[i].paprDb = toDb(p.papr);
        out[i].pnprDb = toDb(p.pnpr);
        out[i].phprDb = std::min(100.0, toDb(p.phpr));
        out[i].candidate = p.candidate;
    }
    return n;
}

}  // namespace adm
