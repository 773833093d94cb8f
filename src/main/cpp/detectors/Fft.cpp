#include "Fft.h"

#include <cmath>
#include <stdexcept>
#include <utility>

namespace adm {

namespace {

template <std::size_t kStride, bool kTwiddles>
void butterfliesRows(std::size_t s, const float* __restrict ar, const float* __restrict ai,
                     const float* __restrict br, const float* __restrict bi, const float* __restrict cr,
                     const float* __restrict ci, const float* __restrict dr, const float* __restrict di,
                     float* __restrict y0r, float* __restrict y0i, float* __restrict y1r, float* __restrict y1i,
                     float* __restrict y2r, float* __restrict y2i, float* __restrict y3r, float* __restrict y3i,
                     float c1, float s1, float c2, float s2, float c3, float s3) noexcept {
    if (kStride != 0) {
        s = kStride;  // a constant trip count: no loop versioning or remainder
    }
    for (std::size_t q = 0; q < s; ++q) {
        const float apcR = ar[q] + cr[q], apcI = ai[q] + ci[q];
        const float amcR = ar[q] - cr[q], amcI = ai[q] - ci[q];
        const float bpdR = br[q] + dr[q], bpdI = bi[q] + di[q];
        const float bmdR = br[q] - dr[q], bmdI = bi[q] - di[q];
        const float t1R = amcR + bmdI, t1I = amcI - bmdR;  // amc - j(b-d)
        const float t2R = apcR - bpdR, t2I = apcI - bpdI;
        const float t3R = amcR - bmdI, t3I = amcI + bmdR;  // amc + j(b-d)
        y0r[q] = apcR + bpdR;
        y0i[q] = apcI + bpdI;
        if (kTwiddles) {
            y1r[q] = t1R * c1 - t1I * s1;
            y1i[q] = t1R * s1 + t1I * c1;
            y2r[q] = t2R * c2 - t2I * s2;
            y2i[q] = t2R * s2 + t2I * c2;
            y3r[q] = t3R * c3 - t3I * s3;
            y3i[q] = t3R * s3 + t3I * c3;
        } else {  // p = 0: every twiddle is 1
            y1r[q] = t1R;
            y1i[q] = t1I;
            y2r[q] = t2R;
            y2i[q] = t2I;
            y3r[q] = t3R;
            y3i[q] = t3I;
        }
    }
}

/// s radix-4 butterflies with the same twiddles: inputs x[q], x[q + d], x[q + 2d], x[q + 3d], outputs
/// y[q], y[q + s], y[q + 2s], y[q + 3s], q < s. The output rows are separate restrict pointers, so that the
/// compiler knows they do not overlap and vectorizes over q.
template <std::size_t kStride, bool kTwiddles = true>
void butterflies(std::size_t s, const float* __restrict xr, const float* __restrict xi, std::size_t d,
                 float* __restrict y0r, float* __restrict y0i, float c1, float s1, float c2, float s2, float c3,
                 float s3) noexcept {
    butterfliesRows<kStride, kTwiddles>(s, xr, xi, xr + d, xi + d, xr + 2 * d, xi + 2 * d, xr + 3 * d, xi + 3 * d, y0r,
                                        y0i, y0r + s, y0i + s, y0r + 2 * s, y0i + 2 * s, y0r + 3 * s, y0i + 3 * s, c1,
                                        s1, c2, s2, c3, s3);
}

/// The first radix-4 Stockham stage (s = 1) straight from the real input: the complex point z[n] is
/// (x[2n], x[2n+1]), times the window when there is one, so that packing costs no pass of its own. The
/// loop runs over p, writing y[4p + r]: the compiler interleaves the four outputs.
template <bool kWindowed>
void firstRadix4(std::size_t n, const float* __restrict in, const float* __restrict window, float* __restrict yr,
                 float* __restrict yi, const float* __restrict tw) noexcept {
    const std::size_t n1 = n / 4;
    const float* __restrict w1r = tw;
    const float* __restrict w1i = tw + n1;
    const float* __restrict w2r = tw + 2 * n1;
    const float* __restrict w2i = tw + 3 * n1;
    const float* __restrict w3r = tw + 4 * n1;
    const float* __restrict w3i = tw + 5 * n1;
    for (std::size_t p = 0; p < n1; ++p) {
        const std::size_t a = 2 * p, b = 2 * (p + n1), c = 2 * (p + 2 * n1), d = 2 * (p + 3 * n1);
        const float aR = kWindowed ? in[a] * window[a] : in[a];
        const float aI = kWindowed ? in[a + 1] * window[a + 1] : in[a + 1];
        const float bR = kWindowed ? in[b] * window[b] : in[b];
        const float bI = kWindowed ? in[b + 1] * window[b + 1] : in[b + 1];
        const float cR = kWindowed ? in[c] * window[c] : in[c];
        const float cI = kWindowed ? in[c + 1] * window[c + 1] : in[c + 1];
        const float dR = kWindowed ? in[d] * window[d] : in[d];
        const float dI = kWindowed ? in[d + 1] * window[d + 1] : in[d + 1];
        const float apcR = aR + cR, apcI = aI + cI;
        const float amcR = aR - cR, amcI = aI - cI;
        const float bpdR = bR + dR, bpdI = bI + dI;
        const float bmdR = bR - dR, bmdI = bI - dI;
        const float t1R = amcR + bmdI, t1I = amcI - bmdR;  // amc - j(b-d)
        const float t2R = apcR - bpdR, t2I = apcI - bpdI;
        const float t3R = amcR - bmdI, t3I = amcI + bmdR;  // amc + j(b-d)
        yr[4 * p] = apcR + bpdR;
        yi[4 * p] = apcI + bpdI;
        yr[4 * p + 1] = t1R * w1r[p] - t1I * w1i[p];
        yi[4 * p + 1] = t1R * w1i[p] + t1I * w1r[p];
        yr[4 * p + 2] = t2R * w2r[p] - t2I * w2i[p];
        yi[4 * p + 2] = t2R * w2i[p] + t2I * w2r[p];
        yr[4 * p + 3] = t3R * w3r[p] - t3I * w3i[p];
        yi[4 * p + 3] = t3R * w3i[p] + t3I * w3r[p];
    }
}

/// A later radix-4 Stockham stage (forward, W = e^{-2 pi i / n}): x -> y, s > 1 interleaved sub-transforms
/// of length n. `tw` holds w^p, w^2p, w^3p for p < n/4 as six arrays (re, im). The loops run over q.
void radix4(std::size_t n, std::size_t s, const float* __restrict xr, const float* __restrict xi,
            float* __restrict yr, float* __restrict yi, const float* __restrict tw) noexcept {
    const std::size_t n1 = n / 4;
    const float* __restrict w1r = tw;
    const float* __restrict w1i = tw + n1;
    const float* __restrict w2r = tw + 2 * n1;
    const float* __restrict w2i = tw + 3 * n1;
    const float* __restrict w3r = tw + 4 * n1;
    const float* __restrict w3i = tw + 5 * n1;
    // p = 0 has no twiddle (the whole last stage, where n = 4)
    if (s == 64) {
        butterflies<64, false>(s, xr, xi, s * n1, yr, yi, 1, 0, 1, 0, 1, 0);
    } else {
        butterflies<0, false>(s, xr, xi, s * n1, yr, yi, 1, 0, 1, 0, 1, 0);
    }
    for (std::size_t p = 1; p < n1; ++p) {
        const std::size_t y0 = s * 4 * p;
        const float c1 = w1r[p], s1 = w1i[p], c2 = w2r[p], s2 = w2i[p], c3 = w3r[p], s3 = w3i[p];
        // the strides of the 512-point FFT of the howling detector as constants, others at run time
        switch (s) {
        case 4:
            butterflies<4>(s, xr + s * p, xi + s * p, s * n1, yr + y0, yi + y0, c1, s1, c2, s2, c3, s3);
            break;
        case 16:
            butterflies<16>(s, xr + s * p, xi + s * p, s * n1, yr + y0, yi + y0, c1, s1, c2, s2, c3, s3);
            break;
        default:
            butterflies<0>(s, xr + s * p, xi + s * p, s * n1, yr + y0, yi + y0, c1, s1, c2, s2, c3, s3);
            break;
        }
    }
}

/// The last stage when log2(N/2) is odd: n = 2, no twiddle.
void radix2(std::size_t s, const float* __restrict xr, const float* __restrict xi, float* __restrict yr,
            float* __restrict yi) noexcept {
    for (std::size_t q = 0; q < s; ++q) {
        yr[q] = xr[q] + xr[q + s];
        yi[q] = xi[q] + xi[q + s];
        yr[q + s] = xr[q] - xr[q + s];
        yi[q + s] = xi[q] - xi[q + s];
    }
}

}  // namespace

RealFft::RealFft(std::size_t size) : mSize(size), mHalf(size / 2) {
    if (size < 16 || size > 65536 || (size & (size - 1)) != 0) {
        throw std::invalid_argument("RealFft: size must be a power of two in 16..65536");
    }
    const double pi = std::acos(-1.0);
    std::size_t n = mHalf;
    std::size_t s = 1;
    for (; n >= 4; n /= 4, s *= 4) {
        mStages.push_back(Stage{n, s, 4, mTwiddles.size()});
        const std::size_t n1 = n / 4;
        mTwiddles.resize(mTwiddles.size() + 6 * n1);
        float* tw = mTwiddles.data() + mStages.back().twiddle;
        for (std::size_t p = 0; p < n1; ++p) {
            for (std::size_t m = 1; m <= 3; ++m) {
                const double angle = 2.0 * pi * static_cast<double>(m * p) / static_cast<double>(n);
                tw[(2 * m - 2) * n1 + p] = static_cast<float>(std::cos(angle));
                tw[(2 * m - 1) * n1 + p] = static_cast<float>(-std::sin(angle));
            }
        }
    }
    if (n == 2) {
        mStages.push_back(Stage{n, s, 2, 0});
    }
    mRe.assign(mHalf, 0.0f);
    mIm.assign(mHalf, 0.0f);
    mRe2.assign(mHalf, 0.0f);
    mIm2.assign(mHalf, 0.0f);
    mSplitCos.resize(mHalf + 1);
    mSplitSin.resize(mHalf + 1);
    for (std::size_t k = 0; k <= mHalf; ++k) {
        mSplitCos[k] = static_cast<float>(std::cos(2.0 * pi * static_cast<double>(k) / static_cast<double>(mSize)));
        mSplitSin[k] = static_cast<float>(-std::sin(2.0 * pi * static_cast<double>(k) / static_cast<double>(mSize)));
    }
}

void RealFft::powerSpectrum(const float* input, float* power) noexcept {
    // The N real samples are N/2 complex ones z[n] = x[2n] + i x[2n+1], read by the first stage.
    const Stage& first = mStages.front();  // radix 4, stride 1: N/2 >= 8
    firstRadix4<false>(first.n, input, nullptr, mRe2.data(), mIm2.data(), mTwiddles.data() + first.twiddle);
    transform();
    split(power);
}

void RealFft::powerSpectrum(const float* input, const float* window, float* power) noexcept {
    begin(input, window);
    finish(power);
}

void RealFft::begin(const float* input, const float* window) noexcept {
    const Stage& first = mStages.front();
    firstRadix4<true>(first.n, input, window, mRe2.data(), mIm2.data(), mTwiddles.data() + first.twiddle);
}

void RealFft::finish(float* power) noexcept {
    transform();
    split(power);
}

void RealFft::transform() noexcept {
    // The first stage wrote the second buffer; the others go back and forth.
    float* xr = mRe2.data();
    float* xi = mIm2.data();
    float* yr = mRe.data();
    float* yi = mIm.data();
    for (std::size_t i = 1; i < mStages.size(); ++i) {
        const Stage& stage = mStages[i];
        if (stage.radix == 4) {
            radix4(stage.n, stage.stride, xr, xi, yr, yi, mTwiddles.data() + stage.twiddle);
        } else {
            radix2(stage.stride, xr, xi, yr, yi);
        }
        std::swap(xr, yr);
        std::swap(xi, yi);
    }
    if (xr != mRe.data()) {  // an odd number of stages: the result is in the second buffer
        for (std::size_t i = 0; i < mHalf; ++i) {
            mRe[i] = xr[i];
            mIm[i] = xi[i];
        }
    }
}

void RealFft::split(float* __restrict power) const noexcept {
    // X[k] = (Z[k] + conj(Z[N/2-k]))/2 + W^k (Z[k] - conj(Z[N/2-k]))/(2i), W = e^{-2 pi i / N}.
    const float* __restrict re = mRe.data();
    const float* __restrict im = mIm.data();
    const float* __restrict wc = mSplitCos.data();
    const float* __restrict ws = mSplitSin.data();
    power[0] = (re[0] + im[0]) * (re[0] + im[0]);
    power[mHalf] = (re[0] - im[0]) * (re[0] - im[0]);
    // Bins k and N/2-k share their terms: with E = (Z[k] + conj(Z[N/2-k]))/2, D = (Z[k] - conj(Z[N/2-k]))/2
    // and W^{N/2-k} = -conj(W^k), X[k] = E + (a, b) and X[N/2-k] = conj(E) + (-a, b), where
    // (a, b) = W^k D / i. One pass over k < N/4 gives both; N/4 is its own partner.
    const std::size_t quarter = mHalf / 2;
    for (std::size_t k = 1; k < quarter; ++k) {
        const std::size_t m = mHalf - k;
        const float er = 0.5f * (re[k] + re[m]), ei = 0.5f * (im[k] - im[m]);
        const float dr = 0.5f * (re[k] - re[m]), di = 0.5f * (im[k] + im[m]);
        const float a = di * wc[k] + dr * ws[k];
        const float b = di * ws[k] - dr * wc[k];
        power[k] = (er + a) * (er + a) + (ei + b) * (ei + b);
        power[m] = (er - a) * (er - a) + (b - ei) * (b - ei);
    }
    {
        const std::size_t k = quarter;
        const float er = re[k], di = im[k];  // E = (re, 0), D = (0, im)
        const float a = di * wc[k], b = di * ws[k];
        power[k] = (er + a) * (er + a) + b * b;
    }
}

}  // namespace adm
