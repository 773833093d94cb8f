// A small real FFT for the howling detector: sizes fixed at construction (tables allocated there),
// powerSpectrum() neither allocates nor locks.
//
// The N real samples are read as N/2 complex ones (by the first stage itself, windowing on the way),
// transformed by a Stockham (self-sorting) radix-4 FFT (one radix-2 stage when log2(N/2) is odd) on split
// real and imaginary arrays, then split into the spectrum of the real input. Stockham needs no bit-reversal pass, and every loop runs over contiguous
// floats with precomputed twiddles, so that the compiler vectorizes it with the baseline SIMD of the
// target (SSE2 on x86-64) without intrinsics.
#pragma once

#include <cstddef>
#include <vector>

namespace adm {

class RealFft {
public:
    /// @param size a power of two, 16..65536
    explicit RealFft(std::size_t size);

    std::size_t size() const noexcept { return mSize; }

    /**
     * Power spectrum |X[k]|^2 of the `size()` real samples in `input`,
     * for k = 0..size()/2, into `power` (size()/2 + 1 values). Real-time safe.
     */
    void powerSpectrum(const float* input, float* power) noexcept;

    /// The same of input[n] * window[n] (`size()` values each), windowing while packing. Real-time safe.
    void powerSpectrum(const float* input, const float* window, float* power) noexcept;

    /// powerSpectrum(input, window, power) in two calls, for a caller that spreads the work over two audio
    /// callbacks: begin() reads the input (which may change afterwards), packs, windows and runs the first
    /// stage (a third of the work at 512 points); finish() the rest, into `power`. Real-time safe.
    void begin(const float* input, const float* window) noexcept;
    void finish(float* power) noexcept;

private:
    struct Stage {
        std::size_t n;        // length of the sub-transforms this stage splits
        std::size_t stride;   // s: number of interleaved sub-transforms
        std::size_t radix;    // 4, or 2 for the last stage when log2(N/2) is odd
        std::size_t twiddle;  // offset of this stage's twiddles in mTwiddles (radix 4: 6 arrays of n/4)
    };

    void transform() noexcept;     // the stages after the first (which wrote mRe2/mIm2); result in mRe/mIm
    void split(float* power) const noexcept;

    std::size_t mSize;            // N real points
    std::size_t mHalf;            // N/2 complex points
    std::vector<Stage> mStages;
    std::vector<float> mTwiddles;  // per radix-4 stage: w1 re, w1 im, w2 re, w2 im, w3 re, w3 im (n/4 each)
    std::vector<float> mRe;        // the N/2 complex points, split
    std::vector<float> mIm;
    std::vector<float> mRe2;       // Stockham's second buffer
    std::vector<float> mIm2;
    std::vector<float> mSplitCos;  // split twiddles: cos(2 pi k / N), k <= N/2
    std::vector<float> mSplitSin;  // -sin(2 pi k / N)
};

}  // namespace adm
