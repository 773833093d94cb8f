#include "PolyphaseDecimator.h"

#include <algorithm>
#include <cmath>

namespace adm {

namespace {

constexpr std::size_t kBlock = 16;  // outputs computed at a time

/// P_r[u] = from[D u + r] for u < length, r < D, plane r at out + r * stride.
template <std::size_t kD>
void gatherPhases(const float* __restrict from, std::size_t length, float* __restrict out, std::size_t stride) noexcept {
    for (std::size_t u = 0; u < length; ++u) {
        for (std::size_t r = 0; r < kD; ++r) {
            out[r * stride + u] = from[kD * u + r];
        }
    }
}

/// Outputs j0 .. j0+n-1 of the polyphase filter (decimate()): plane r starts at planes + r * planeStride;
/// tap k = D m + r reads plane r at j + m. kN != 0: n == kN, a constant, so that the sums stay in
/// registers.
template <std::size_t kN>
void firBlock(const float* __restrict planes, std::size_t planeStride, const float* __restrict h, std::size_t taps,
              std::size_t d, std::size_t j0, std::size_t n, float* __restrict out) noexcept {
    if (kN != 0) {
        n = kN;
    }
    float acc[kN == 0 ? 1 : kN];
    float* __restrict sums = kN != 0 ? acc : out;
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
    if (kN != 0) {
        for (std::size_t j = 0; j < n; ++j) {
            out[j] = sums[j];
        }
    }
}

/// All `outputs` outputs, kBlock at a time. Out of line on purpose: inlined into decimate(), GCC 12
/// unrolls a block and keeps its sums in scalar registers (a fifth more instructions for the whole
/// detector chain); on its own it keeps them in vector registers.
[[gnu::noinline]] void fir(const float* __restrict planes, std::size_t planeStride, const float* __restrict h,
                           std::size_t taps, std::size_t d, std::size_t outputs, float* __restrict y) noexcept {
    std::size_t j = 0;
    for (; j + kBlock <= outputs; j += kBlock) {
        firBlock<kBlock>(planes, planeStride, h, taps, d, j, kBlock, y + j);
    }
    if (j < outputs) {
        firBlock<0>(planes, planeStride, h, taps, d, j, outputs - j, y + j);
    }
}

}  // namespace

PolyphaseDecimator::PolyphaseDecimator(double inputRate, int factor) : mFactor(factor) {
    const double pi = std::acos(-1.0);
    if (factor > 1) {
        const int taps = 4 * factor + 1;
        const double outputRate = inputRate / factor;
        const double cutoff = 0.45 * outputRate / inputRate;  // cycles per input sample
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
    mMono.assign(mFilter.size() - 1 + kChunk + static_cast<std::size_t>(factor), 0.0f);
    mDecimated.assign(kChunk, 0.0f);
    mPlaneStride = kChunk / static_cast<std::size_t>(factor) + mFilter.size();
    mPhaseBuffer.assign(static_cast<std::size_t>(factor) * mPlaneStride, 0.0f);
}

void PolyphaseDecimator::reset() noexcept {
    std::fill(mMono.begin(), mMono.end(), 0.0f);
    mPhase = 0;
}

std::size_t PolyphaseDecimator::decimate(std::size_t count) noexcept {
    const std::size_t taps = mFilter.size();
    const float* h = mFilter.data();
    // Outputs at every D-th input (D = mFactor): output j is at input i0 + D j and is
    // sum_k h[k] mMono[i0 + D j + k] (the `taps` inputs ending there). Polyphase: with k = D m + r, that
    // is sum_r sum_m h[D m + r] P_r[j + m], where P_r[u] = mMono[i0 + r + D u] are the D phases of the
    // input, gathered once (D = 1: mMono itself). Outputs are then computed kBlock at a time with their
    // sums in registers, each tap one vectorized step over the block.
    const auto d = static_cast<std::size_t>(mFactor);
    const std::size_t i0 = d - 1 - static_cast<std::size_t>(mPhase);
    const std::size_t outputs = i0 < count ? (count - 1 - i0) / d + 1 : 0;
    mFirstInput = i0;
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
        fir(planes, planeStride, h, taps, d, outputs, mDecimated.data());
    }
    mPhase = static_cast<int>((static_cast<std::size_t>(mPhase) + count) % d);
    // Keep the last taps-1 inputs as the next chunk's history (below chunk(): the chunk stays as it is).
    std::copy(mMono.begin() + static_cast<std::ptrdiff_t>(count),
              mMono.begin() + static_cast<std::ptrdiff_t>(count + taps - 1), mMono.begin());
    return outputs;
}

}  // namespace adm
