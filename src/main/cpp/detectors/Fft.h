// A small in-place radix-2 FFT of real input, for the howling detector: sizes fixed at construction
// (tables allocated there), transform() neither allocates nor locks.
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

private:
    std::size_t mSize;            // N real points
    std::size_t mHalf;            // N/2 complex points
    std::vector<std::size_t> mBitReverse;  // for N/2
    std::vector<float> mStageCos;  // twiddles of every stage of the N/2-point FFT, stage after stage,
    std::vector<float> mStageSin;  // contiguous so that the butterfly loops vectorize
    std::vector<float> mRe;        // work space: the N/2 complex points, split
    std::vector<float> mIm;
    std::vector<float> mSplitCos;  // split twiddles: cos(2 pi k / N), k <= N/2
    std::vector<float> mSplitSin;
};

}  // namespace adm
