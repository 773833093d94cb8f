#include "BandAnalysis.h"

#include <algorithm>
#include <cmath>

namespace adm {

namespace {

/// The highest frequency searched, in either band.
double topHz(double sampleRate, const HowlingSettings& settings) {
    return std::min(settings.maxHz, BandAnalysis::kBandTop * sampleRate);
}

/// Where the low band ends and the high band (the stream's own rate) takes over, when there is one.
double splitHz(double analysisRate) { return BandAnalysis::kLowBandTop * analysisRate; }

/// The high band exists even when nothing is searched in it: it is what tells an alias in the low band
/// from a real peak.
SpectrumBand highBand(double sampleRate, int decimation, double analysisRate, const HowlingSettings& settings) {
    if (decimation <= 1) {
        return SpectrumBand();
    }
    std::size_t size = 16;
    while (sampleRate / static_cast<double>(size) > BandAnalysis::kHighMaxBinHz) {
        size *= 2;
    }
    return SpectrumBand(size, sampleRate, splitHz(analysisRate), topHz(sampleRate, settings), settings);
}

}  // namespace

BandAnalysis::BandAnalysis(double sampleRate, int channels, const HowlingSettings& settings)
    : mSampleRate(sampleRate),
      mChannels(channels),
      mDecimation(std::max(1, static_cast<int>(std::floor(sampleRate / kAnalysisRate + 1e-9)))),
      mAnalysisRate(sampleRate / mDecimation),
      mHop(static_cast<std::size_t>(std::max(1L, std::lround(mAnalysisRate * kHopSeconds)))),
      mDecimator(sampleRate, mDecimation),
      mLow(kLowFftSize, mAnalysisRate, 0.0,
           mDecimation > 1 ? std::min(topHz(sampleRate, settings), splitHz(mAnalysisRate)) : topHz(sampleRate, settings),
           settings),
      mHigh(highBand(sampleRate, mDecimation, mAnalysisRate, settings)) {
    if (mDecimation > 1) {
        // Its power response at each low-band bin, so that levels compare across the bands.
        mLow.setInputFilter(mDecimator.taps(), sampleRate);
    }
}

double BandAnalysis::lowestHz() const noexcept { return static_cast<double>(mLow.lowBin()) * mLow.binHz(); }

double BandAnalysis::highestHz() const noexcept {
    if (mHigh.size() > 0 && mHigh.highBin() >= mHigh.lowBin()) {
        return static_cast<double>(mHigh.highBin()) * mHigh.binHz();
    }
    return static_cast<double>(mLow.highBin()) * mLow.binHz();
}

void BandAnalysis::reset() noexcept {
    mDecimator.reset();
    mLow.reset();
    mHigh.reset();
    mChunkCount = 0;
    mOutputs = 0;
    mTaken = 0;
    mPushed = 0;
    mSinceHop = 0;
    mFilled = 0;
    mFramesAnalysed = 0;
    mPeakCount = 0;
    mHighPeakCount = 0;
    mHighReady = false;
}

void BandAnalysis::beginChunk(const float* interleaved, std::size_t count) noexcept {
    const auto channels = static_cast<std::size_t>(mChannels);
    float* mono = mDecimator.chunk();
    if (channels == 2) {
        for (std::size_t i = 0; i < count; ++i) {
            mono[i] = (interleaved[2 * i] + interleaved[2 * i + 1]) * 0.5f;
        }
    } else {
        const float scale = 1.0f / static_cast<float>(mChannels);
        for (std::size_t i = 0; i < count; ++i) {
            float sum = 0.0f;
            for (std::size_t c = 0; c < channels; ++c) {
                sum += interleaved[i * channels + c];
            }
            mono[i] = sum * scale;
        }
    }
    mChunkCount = count;
    mOutputs = mDecimator.decimate(count);
    mTaken = 0;
    mPushed = 0;
}

bool BandAnalysis::nextFrame(std::size_t& endInput) noexcept {
    // Into the analysis rings, one hop at a time: a frame is analysed when its last sample is in (the high
    // band's ring then holds the inputs up to that same sample).
    const float* y = mDecimator.outputs();
    const float* mono = mDecimator.chunk();
    const bool high = mHigh.size() > 0;
    while (mTaken < mOutputs) {
        const std::size_t n = std::min(mOutputs - mTaken, mHop - mSinceHop);
        mLow.push(y + mTaken, n);
        mFilled = std::min(mFilled + n, kLowFftSize);
        mSinceHop += n;
        mTaken += n;
        if (mSinceHop == mHop) {
            mSinceHop = 0;
            const std::size_t lastInput =
                mDecimator.firstInput() + static_cast<std::size_t>(mDecimation) * (mTaken - 1);
            if (high) {
                mHigh.push(mono + mPushed, lastInput + 1 - mPushed);
                mPushed = lastInput + 1;
            }
            if (mFilled == kLowFftSize) {
                endInput = lastInput + 1;
                return true;
            }
        }
    }
    if (high && mPushed < mChunkCount) {
        mHigh.push(mono + mPushed, mChunkCount - mPushed);
        mPushed = mChunkCount;
    }
    return false;
}

void BandAnalysis::analyse() noexcept {
    mLow.computeSpectrum();
    float lowMean = 0.0f;
    const std::size_t lowCount = mLow.findPeaks(false, mPeaks.data(), lowMean);
    // The high band is analysed every second hop (its window is about a hop long; a howl lasts), its work
    // spread over both so that no callback does it all: on one hop the peaks of the spectrum finished on
    // the hop before, and the first stage of the next FFT; on the other the rest of that FFT. In between,
    // the last peaks stand (they count for persistence, not for growth).
    mHighFresh = false;
    if (mHigh.size() > 0) {
        if (mFramesAnalysed % 2 == 0) {
            if (mHighReady) {
                float highMean = 0.0f;
                mHighPeakCount = mHigh.findPeaks(true, mHighPeaks.data(), highMean);
                for (std::size_t i = 0; i < mHighPeakCount; ++i) {
                    mHigh.judge(mHighPeaks[i], highMean);
                }
                mHighFresh = true;
            }
            mHigh.beginSpectrum();
        } else {
            mHigh.finishSpectrum();
            mHighReady = true;
        }
    }
    ++mFramesAnalysed;
    for (std::size_t i = 0; i < lowCount; ++i) {
        SpectralPeak& peak = mPeaks[i];
        mLow.judge(peak, lowMean);
        if (mHigh.size() > 0 && peak.prominent) {
            peak.alias = isAlias(peak.frequencyHz);
            peak.prominent = !peak.alias;
            peak.candidate = peak.candidate && !peak.alias;
        }
    }
    std::copy_n(mHighPeaks.begin(), mHighPeakCount, mPeaks.begin() + static_cast<std::ptrdiff_t>(lowCount));
    mPeakCount = lowCount + mHighPeakCount;
}

bool BandAnalysis::isAlias(double hz) const noexcept {
    // What appears at hz in the decimated signal may come from any of its images k fa +- hz below the
    // stream's Nyquist frequency; the high band, computed before decimation, says where it really is.
    const float here = mHigh.powerAt(hz);
    const double nyquist = 0.5 * mSampleRate - mHigh.binHz();
    for (int k = 1; k < mDecimation; ++k) {
        const double images[] = {k * mAnalysisRate - hz, k * mAnalysisRate + hz};
        for (double image : images) {
            if (image > 0 && image < nyquist && mHigh.powerAt(image) > here) {
                return true;
            }
        }
    }
    return false;
}

}  // namespace adm
