// The howling detector's decimation: a short windowed-sinc (Blackman) low-pass FIR, cut-off at 0.45 of
// the output rate, computed in polyphase form for the kept outputs only. Short on purpose: what it lets
// through from above the output band is recognised as an alias (BandAnalysis) rather than filtered out.
//
// Fed a chunk of at most kChunk mono samples at a time, written in place at chunk(); decimate() keeps
// the last taps-1 inputs as the next chunk's history. Built on a control thread (it allocates there);
// decimate() neither allocates nor locks.
#pragma once

#include <cstddef>
#include <vector>

namespace adm {

class PolyphaseDecimator {
public:
    static constexpr std::size_t kChunk = 512;  ///< input samples per decimate(), at most

    /// By `factor` (>= 1; 1: a pass-through, no filter) from `inputRate`.
    PolyphaseDecimator(double inputRate, int factor);

    int factor() const noexcept { return mFactor; }
    /// The FIR's taps (symmetric, odd length; one tap of 1 without decimation).
    const std::vector<float>& taps() const noexcept { return mFilter; }

    /// Where the next chunk's input goes (kChunk samples); it stays there, unchanged, until the next one.
    float* chunk() noexcept { return mMono.data() + mFilter.size() - 1; }
    /// Filters and decimates the `count` samples at chunk(): output j, at outputs()[j], is the one at
    /// chunk input firstInput() + factor() * j. Returns the number of outputs.
    std::size_t decimate(std::size_t count) noexcept;
    const float* outputs() const noexcept { return mDecimated.data(); }
    std::size_t firstInput() const noexcept { return mFirstInput; }

    void reset() noexcept;

private:
    const int mFactor;
    std::vector<float> mFilter;        // FIR taps
    std::vector<float> mMono;          // the last taps-1 inputs, then up to kChunk new ones
    int mPhase = 0;                    // input samples since the last output
    std::size_t mFirstInput = 0;       // of the last chunk: the input of its first output
    std::vector<float> mDecimated;     // the outputs of one chunk
    std::vector<float> mPhaseBuffer;   // the D polyphase components of a chunk's input, mPlaneStride apart
    std::size_t mPlaneStride = 0;
};

}  // namespace adm
