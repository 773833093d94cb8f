// One spectral peak of one 10 ms frame of the howling detector, as the band that found it judged it
// (SpectrumBand::judge), in linear power ratios: what the peak tracker follows (PeakTracker) and what
// HowlingDetector::lastPeaks() reports in dB.
#pragma once

#include <cstddef>

namespace adm {

struct SpectralPeak {
    std::size_t bin = 0;         // in its band
    bool high = false;           // found in the high band (the stream's rate) rather than the decimated one
    bool alias = false;          // a low-band peak with more power at one of its images (BandAnalysis)
    bool prominent = false;      // strong enough and PNPR >= 6 dB: followed by a track (for its growth)
    float power = 0;             // |X|^2 at its bin
    float papr = 0, pnpr = 0, phpr = 0;
    double frequencyHz = 0;      // interpolated when prominent, else its bin's
    bool candidate = false;      // meets every per-frame criterion
};

}  // namespace adm
