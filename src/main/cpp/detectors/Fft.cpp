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
    mCos.resize(mHalf / 2);
    mSin.resize(mHalf / 2);
    for (std::size_t k = 0; k < mHalf / 2; ++k) {
        mCos[k] = static_cast<float>(std::cos(2.0 * pi * static_cast<double>(k) / static_cast<double>(mHalf)));
        mSin[k] = static_cast<float>(-std::sin(2.0 * pi * static_cast<double>(k) / static_cast<double>(mHalf)));
    }
    mSplitCos.resize(mHalf + 1);
    mSplitSin.resize(mHalf + 1);
    for (std::size_t k = 0; k <= mHalf; ++k) {
        mSplitCos[k] = static_cast<float>(std::cos(2.0 * pi * static_cast<double>(k) / static_cast<double>(mSize)));
        mSplitSin[k] = static_cast<float>(-std::sin(2.0 * pi * static_cast<double>(k) / static_cast<double>(mSize)));
    }
}

void RealFft::powerSpectrum(float* input, float* power) noexcept {
    // The N real samples are N/2 complex ones z[n] = x[2n] + i x[2n+1], interleaved in place.
    float* z = input;
    for (std::size_t i = 0; i < mHalf; ++i) {
        const std::size_t j = mBitReverse[i];
        if (j > i) {
            std::swap(z[2 * i], z[2 * j]);
            std::swap(z[2 * i + 1], z[2 * j + 1]);
        }
    }
    for (std::size_t len = 2; len <= mHalf; len <<= 1) {
        const std::size_t halfLen = len / 2;
        const std::size_t step = mHalf / len;
        for (std::size_t start = 0; start < mHalf; start += len) {
            for (std::size_t k = 0; k < halfLen; ++k) {
                const float wr = mCos[k * step];
                const float wi = mSin[k * step];
                float* a = z + 2 * (start + k);
                float* b = z + 2 * (start + k + halfLen);
                const float tr = b[0] * wr - b[1] * wi;
                const float ti = b[0] * wi + b[1] * wr;
                b[0] = a[0] - tr;
                b[1] = a[1] - ti;
                a[0] += tr;
                a[1] += ti;
            }
        }
    }
    // Split: X[k] = (Z[k] + conj(Z[N/2-k]))/2 + W^k (Z[k] - conj(Z[N/2-k]))/(2i), W = e^{-2 pi i / N}.
    power[0] = (z[0] + z[1]) * (z[0] + z[1]);
    power[mHalf] = (z[0] - z[1]) * (z[0] - z[1]);
    for (std::size_t k = 1; k < mHalf; ++k) {
        const std::size_t m = mHalf - k;
        const float zr = z[2 * k], zi = z[2 * k + 1];
        const float cr = z[2 * m], ci = -z[2 * m + 1];  // conj(Z[N/2-k])
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
