#include "Fft.h"

#include <cmath>
#include <stdexcept>

namespace adm {

RealFft::RealFft(std::size_t size) : mSize(size), mHalf(size / 2) {
    if (size < 16 || size > 65536 || (size & (size - 1)) != 0) {
        throw std::invalid_argument("RealFft: size must be a power of two in 16..65536");
    }
    std::size_t bits = 0;
    while ((std::size_t{1} << bits) < mHalf) {
        ++bits;
    }
    mBitReverse.resize(mHalf);
    for (std::size_t i = 0; i < mHalf; ++i) {
        std::size_t r = 0;
        for (std::size_t b = 0; b < bits; ++b) {
            r |= ((i >> b) & 1u) << (bits - 1 - b);
        }
        mBitReverse[i] = r;
    }
    const double pi = std::acos(-1.0);
    for (std::size_t len = 2; len <= mHalf; len <<= 1) {
        for (std::size_t k = 0; k < len / 2; ++k) {
            const double angle = 2.0 * pi * static_cast<double>(k) / static_cast<double>(len);
            mStageCos.push_back(static_cast<float>(std::cos(angle)));
            mStageSin.push_back(static_cast<float>(-std::sin(angle)));
        }
    }
    mRe.assign(mHalf, 0.0f);
    mIm.assign(mHalf, 0.0f);
    mSplitCos.resize(mHalf + 1);
    mSplitSin.resize(mHalf + 1);
    for (std::size_t k = 0; k <= mHalf; ++k) {
        mSplitCos[k] = static_cast<float>(std::cos(2.0 * pi * static_cast<double>(k) / static_cast<double>(mSize)));
        mSplitSin[k] = static_cast<float>(-std::sin(2.0 * pi * static_cast<double>(k) / static_cast<double>(mSize)));
    }
}

void RealFft::powerSpectrum(const float* input, float* power) noexcept {
    // The N real samples are N/2 complex ones z[n] = x[2n] + i x[2n+1], put in bit-reversed order.
    float* __restrict re = mRe.data();
    float* __restrict im = mIm.data();
    for (std::size_t i = 0; i < mHalf; ++i) {
        re[mBitReverse[i]] = input[2 * i];
        im[mBitReverse[i]] = input[2 * i + 1];
    }
    for (std::size_t i = 0; i < mHalf; i += 2) {  // the first stage needs no multiplication
        const float ar = re[i], ai = im[i];
        re[i] = ar + re[i + 1];
        im[i] = ai + im[i + 1];
        re[i + 1] = ar - re[i + 1];
        im[i + 1] = ai - im[i + 1];
    }
    std::size_t twiddle = 1;  // stage len=2 used one twiddle
    for (std::size_t len = 4; len <= mHalf; len <<= 1) {
        const std::size_t halfLen = len / 2;
        const float* __restrict wr = mStageCos.data() + twiddle;
        const float* __restrict wi = mStageSin.data() + twiddle;
        for (std::size_t start = 0; start < mHalf; start += len) {
            float* __restrict ar = re + start;
            float* __restrict ai = im + start;
            float* __restrict br = re + start + halfLen;
            float* __restrict bi = im + start + halfLen;
            for (std::size_t k = 0; k < halfLen; ++k) {
                const float tr = br[k] * wr[k] - bi[k] * wi[k];
                const float ti = br[k] * wi[k] + bi[k] * wr[k];
                br[k] = ar[k] - tr;
                bi[k] = ai[k] - ti;
                ar[k] += tr;
                ai[k] += ti;
            }
        }
        twiddle += halfLen;
    }
    // Split: X[k] = (Z[k] + conj(Z[N/2-k]))/2 + W^k (Z[k] - conj(Z[N/2-k]))/(2i), W = e^{-2 pi i / N}.
    power[0] = (re[0] + im[0]) * (re[0] + im[0]);
    power[mHalf] = (re[0] - im[0]) * (re[0] - im[0]);
    for (std::size_t k = 1; k < mHalf; ++k) {
        const std::size_t m = mHalf - k;
        const float zr = re[k], zi = im[k];
        const float cr = re[m], ci = -im[m];  // conj(Z[N/2-k])
        const float er = 0.5f * (zr + cr), ei = 0.5f * (zi + ci);
        const float dr = 0.5f * (zr - cr), di = 0.5f * (zi - ci);
        // (d / i) = (di, -dr); times W^k
        const float orr = di, oi = -dr;
        const float wr = mSplitCos[k], wi = mSplitSin[k];
        const float xr = er + (orr * wr - oi * wi);
        const float xi = ei + (orr * wi + oi * wr);
        power[k] = xr * xr + xi * xi;
    }
}

}  // namespace adm
