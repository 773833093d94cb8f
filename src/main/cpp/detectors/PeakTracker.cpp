#include "PeakTracker.h"

#include <algorithm>
#include <cmath>

#include "BandAnalysis.h"

namespace adm {

namespace {

// A track's level in a frame where it was not matched.
constexpr float kNoLevel = -1000.0f;

/// `seconds` in frames of `hop` samples at `rate`, rounded.
long framesOf(double seconds, double rate, std::size_t hop) {
    return std::lround(seconds * rate / static_cast<double>(hop));
}

}  // namespace

PeakTracker::PeakTracker(const HowlingSettings& settings, double analysisRate, std::size_t hop, double highBinHz)
    : mMinGrowthDb(settings.minGrowthDb),
      mMaxDriftHz(settings.maxDriftHz),
      mHighBinHz(highBinHz),
      mWindowFrames(static_cast<std::size_t>(std::max(1L, framesOf(settings.persistenceSeconds, analysisRate, hop)))),
      mHitsNeeded(static_cast<std::size_t>(std::ceil(kPersistenceHitRatio * static_cast<double>(mWindowFrames)))),
      mPlateauFrames(static_cast<int>(framesOf(kPlateauSeconds, analysisRate, hop))),
      mFloorRisePerHop(static_cast<float>(
          settings.minGrowthDb / static_cast<double>(std::max(1L, framesOf(kGrowthWindowSeconds, analysisRate, hop))))),
      mTrackHz(kMaxTracks * mWindowFrames, -1.0f) {}

void PeakTracker::reset() noexcept {
    mTracks = {};
    mFramesAnalysed = 0;
}

void PeakTracker::update(const BandAnalysis& bands) noexcept {
    ++mFramesAnalysed;
    mFrame = Matches{};
    match(bands);
    for (std::size_t t = 0; t < kMaxTracks; ++t) {
        if (mTracks[t].used) {
            advance(t);
        }
    }
}

bool PeakTracker::sameTrack(const Track& track, const SpectralPeak& peak) const noexcept {
    if (track.high == peak.high) {
        return std::abs(static_cast<int>(peak.bin) - track.anchorBin) <= 1;
    }
    // A howl at the edge between the bands may show in either: within one bin of the coarser band.
    return std::abs(peak.frequencyHz - track.anchorHz) <= mHighBinHz;
}

void PeakTracker::match(const BandAnalysis& bands) noexcept {
    // Tracks follow prominent peaks (a howl is one long before it meets every criterion: its growth shows
    // then); their hits, for persistence, are the frames where the peak was a candidate.
    Matches& m = mFrame;
    auto take = [&](std::size_t t, const SpectralPeak& peak) {
        m.matched[t] = true;
        m.hit[t] = peak.candidate;
        m.fresh[t] = !mTracks[t].high || bands.highFresh();
        m.hz[t] = static_cast<float>(peak.frequencyHz);
        // In the track's own band, whichever band found the peak: they differ near their edge.
        m.levelDb[t] = bands.levelDb(mTracks[t].high, peak.frequencyHz);
    };
    const SpectralPeak* peaks = bands.peaks();
    std::array<std::size_t, BandAnalysis::kMaxFramePeaks> unmatched{};
    std::size_t births = 0;
    for (std::size_t i = 0; i < bands.peakCount(); ++i) {
        const SpectralPeak& peak = peaks[i];
        if (!peak.prominent) {
            continue;
        }
        // The track whose anchor is nearest (two modes a bin apart may each have one), a grown one first.
        std::size_t slot = kMaxTracks;
        double nearest = 1e9;
        for (std::size_t t = 0; t < kMaxTracks; ++t) {
            const double distance =
                std::abs(peak.frequencyHz - mTracks[t].anchorHz) - (mTracks[t].grew ? 0.5 : 0.0);
            if (mTracks[t].used && sameTrack(mTracks[t], peak) && distance < nearest) {
                nearest = distance;
                slot = t;
            }
        }
        if (slot == kMaxTracks) {
            unmatched[births++] = i;
        } else if (!m.matched[slot] || (peak.candidate && !m.hit[slot])) {
            take(slot, peak);  // seen by both bands (at their edge): the one that is a candidate
        }
    }
    for (std::size_t b = 0; b < births; ++b) {
        // A new track: a free slot, else the one unmatched this frame with the most misses in a row.
        std::size_t slot = kMaxTracks;
        int worst = -1;
        for (std::size_t t = 0; t < kMaxTracks; ++t) {
            const int misses = mTracks[t].used ? mTracks[t].missesInRow : kForgetMisses + 1;
            if (!m.matched[t] && misses > worst) {
                worst = misses;
                slot = t;
            }
        }
        if (slot == kMaxTracks) {
            break;  // every track matched this frame already
        }
        const SpectralPeak& peak = peaks[unmatched[b]];
        Track& track = mTracks[slot];
        track = Track{};
        track.used = true;
        track.high = peak.high;
        track.anchorBin = static_cast<int>(peak.bin);
        track.anchorHz = peak.frequencyHz;
        track.hold.fill(kNoLevel);
        std::fill_n(mTrackHz.begin() + static_cast<std::ptrdiff_t>(slot * mWindowFrames), mWindowFrames, -1.0f);
        take(slot, peak);
    }
}

void PeakTracker::advance(std::size_t t) noexcept {
    const Matches& m = mFrame;
    Track& track = mTracks[t];
    mTrackHz[t * mWindowFrames + track.head] = m.hit[t] ? m.hz[t] : -1.0f;
    track.head = track.head + 1 == mWindowFrames ? 0 : track.head + 1;
    track.frames = std::min(track.frames + 1, mWindowFrames);
    track.missesInRow = m.matched[t] ? 0 : track.missesInRow + 1;
    if (track.missesInRow > kForgetMisses) {
        track.used = false;
        return;
    }
    // Growth, which tells a howl from a sound switched on: the track's level, held at its highest over the
    // last kHoldHops (a loop longer than a hop grows in steps, one per round trip, with dips or even gaps
    // between them that are not falls of the howl), followed from match to match: a rise counted up to
    // kMaxRiseDbPerHop per hop (a sound switched on reaches its level within the analysis window, a howl
    // keeps on rising), a fall in full (a keyed tone or noise cannot ratchet up). Summed in `rise`, above a
    // floor that follows its lows and rises minGrowthDb per kGrowthWindowSeconds (old lows are forgotten).
    const bool measured = m.matched[t] && m.fresh[t];
    track.hold[static_cast<std::size_t>(mFramesAnalysed) % kHoldHops] = measured ? m.levelDb[t] : kNoLevel;
    if (measured) {
        const float held = *std::max_element(track.hold.begin(), track.hold.end());
        if (track.matchedBefore) {
            const float cap = track.high ? 2 * kMaxRiseDbPerHop : kMaxRiseDbPerHop;  // high band: every 2nd hop
            track.rise += std::min(held - track.lastLevelDb, cap);
        }
        track.lastLevelDb = held;
        track.matchedBefore = true;
        // A level held for kPlateauSeconds is a new base: a tone raised in steps (a level check) grows by
        // one step at a time, a howl that keeps on rising has no plateau.
        if (std::abs(track.rise - track.plateauRise) > kPlateauDb) {
            track.plateauRise = track.rise;
            track.plateauHops = 0;
        } else if ((track.plateauHops += track.high ? 2 : 1) >= mPlateauFrames) {
            track.floor = track.rise;
        }
    }
    track.floor = std::min(track.rise, track.floor + mFloorRisePerHop);
    track.grew = track.grew || static_cast<double>(track.rise - track.floor) >= mMinGrowthDb;
    // Two modes a bin or two apart that compete pass the peak from one track to the other: the growth of
    // either is the howl's.
    for (std::size_t other = 0; other < kMaxTracks && !track.grew && m.matched[t]; ++other) {
        const Track& o = mTracks[other];
        track.grew = o.used && o.grew && o.high == track.high && std::abs(o.anchorBin - track.anchorBin) <= 2;
    }
}

bool PeakTracker::persists(std::size_t t, double& hz) const noexcept {
    // Candidates in 80% of the window, within the drift allowed.
    const float* ring = mTrackHz.data() + t * mWindowFrames;
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
    // A high-band bin is wider than the drift allowed: two modes of the room a bin apart that compete make
    // the peak wander within two of them, as they do by less in the low band.
    const double drift = mTracks[t].high ? std::max(mMaxDriftHz, 2 * mHighBinHz) : mMaxDriftHz;
    hz = hits > 0 ? total / static_cast<double>(hits) : 0.0;
    return hits >= mHitsNeeded && static_cast<double>(high - low) <= drift;
}

}  // namespace adm
