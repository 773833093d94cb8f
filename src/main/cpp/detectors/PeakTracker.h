// The howling detector's tracks: up to kMaxTracks spectral peaks followed from frame to frame, for their
// persistence (IPMP: the frames where the peak met every criterion, and how far it moved) and their
// growth (the slope of the level that IMSD looks at: a howl grows out of the loop, a tone that was played
// as such starts at its level). docs/detectors.md explains each choice.
//
// Tracks follow prominent peaks (PNPR >= 6 dB, not an alias), within one bin of where the track began;
// a track ends after kForgetMisses frames without one. Growth: the track's level (the highest of its last
// kHoldHops) from match to match, a rise counted up to kMaxRiseDbPerHop per hop and a fall in full,
// summed, above a floor that follows the sum's lows, rises `minGrowthDb` per kGrowthWindowSeconds and
// jumps to the sum where the level held for kPlateauSeconds. A sound switched on reaches its level within
// one analysis window (3 hops) and counts at most ~8 dB however loud it is; a howl keeps rising for tens
// of hops, or in steps of one per round trip of its loop.
//
// Built on a control thread (it allocates there); update() and reset() neither allocate nor lock.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "DetectorSettings.h"
#include "SpectralPeak.h"

namespace adm {

class BandAnalysis;

class PeakTracker {
public:
    static constexpr std::size_t kMaxTracks = 8;       ///< peaks followed at once
    static constexpr int kForgetMisses = 50;           ///< a track whose peak is gone this many frames ends
    static constexpr double kPersistenceHitRatio = 0.8;
    static constexpr float kMaxRiseDbPerHop = 2.5f;    ///< growth counted per 10 ms, at most
    static constexpr std::size_t kHoldHops = 10;       ///< growth follows a track's highest level over this many
    static constexpr double kGrowthWindowSeconds = 3.0; ///< the growth floor rises minGrowthDb per this long
    static constexpr float kPlateauDb = 1.5f;          ///< a level within this much...
    static constexpr double kPlateauSeconds = 0.3;     ///< ...this long is the new base of growth

    /// Frames are `hop` samples at `analysisRate`; `highBinHz` is the high band's bin width (0: none).
    PeakTracker(const HowlingSettings& settings, double analysisRate, std::size_t hop, double highBinHz);

    /// Matches the peaks of the frame `bands` just analysed to the tracks (new ones for the rest, while
    /// there is room) and advances every track: its persistence ring and its growth.
    void update(const BandAnalysis& bands) noexcept;
    void reset() noexcept;

    /// After update(): whether track `t` exists and its peak was a candidate in this frame...
    bool hit(std::size_t t) const noexcept { return mTracks[t].used && mFrame.hit[t]; }
    /// ...at this frequency, and this level in the track's own band (dBFS).
    float hitHz(std::size_t t) const noexcept { return mFrame.hz[t]; }
    float hitLevelDb(std::size_t t) const noexcept { return mFrame.levelDb[t]; }
    bool high(std::size_t t) const noexcept { return mTracks[t].high; }
    bool grew(std::size_t t) const noexcept { return mTracks[t].grew; }
    /// The frames the track has been followed, up to the persistence window.
    std::size_t frames(std::size_t t) const noexcept { return mTracks[t].frames; }
    /// Whether the track's peak persisted, steady, in the window; `hz` its mean frequency there.
    bool persists(std::size_t t, double& hz) const noexcept;

private:
    struct Track {
        bool used = false;
        bool high = false;           // its band
        int anchorBin = 0;           // in its band
        double anchorHz = 0;
        int missesInRow = 0;
        std::size_t head = 0;        // next slot of its rings
        std::size_t frames = 0;      // frames seen, capped at the persistence window
        std::array<float, kHoldHops> hold{};  // its level in the last hops (dBFS), by frame number
        float lastLevelDb = 0;       // the highest of `hold` when last matched
        bool matchedBefore = false;
        float rise = 0;              // sum of the capped level changes from match to match
        float floor = 0;             // follows the lows of `rise`, rising minGrowthDb per growth window
        float plateauRise = 0;       // `rise` where its level last moved by more than kPlateauDb
        int plateauHops = 0;         // hops since
        bool grew = false;
    };

    /// Which track each peak of a frame went to.
    struct Matches {
        std::array<bool, kMaxTracks> matched{};  // a prominent peak this frame
        std::array<bool, kMaxTracks> hit{};      // ... that is a candidate
        std::array<bool, kMaxTracks> fresh{};    // ... in a spectrum computed this hop (counts for growth)
        std::array<float, kMaxTracks> hz{};
        std::array<float, kMaxTracks> levelDb{};
    };

    void match(const BandAnalysis& bands) noexcept;
    void advance(std::size_t t) noexcept;  // its rings and growth
    bool sameTrack(const Track& track, const SpectralPeak& peak) const noexcept;

    const double mMinGrowthDb;
    const double mMaxDriftHz;
    const double mHighBinHz;
    const std::size_t mWindowFrames;   // persistence window in frames
    const std::size_t mHitsNeeded;
    const int mPlateauFrames;
    const float mFloorRisePerHop;      // growth floor: minGrowthDb per growth window

    std::array<Track, kMaxTracks> mTracks{};
    std::vector<float> mTrackHz;       // kMaxTracks x mWindowFrames: frequency of a hit, < 0 for a miss
    Matches mFrame;                    // this frame's
    int64_t mFramesAnalysed = 0;
};

}  // namespace adm
