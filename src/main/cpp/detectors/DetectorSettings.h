// Thresholds of the runtime detectors, with their documented defaults (docs/detectors.md). One struct
// per detector and DetectorSettings for a whole chain. Mirrored by dev.admbridge.analysis.DetectorSettings
// (Java), whose defaults a test compares with these through DetectorApi.
#pragma once

#include <cstddef>
#include <cstdint>

namespace adm {

/// LevelDetector: digital silence (1019) and low level (1031) on a recording.
struct LevelSettings {
    double silenceSeconds = 2.0;   ///< every sample below one int16 LSB this long raises 1019
    double lowLevelDbfs = -50.0;   ///< an RMS level below this (dB re full scale, sine peak = 0 dBFS)...
    double lowLevelSeconds = 3.0;  ///< ...this long, while not silent, raises 1031
};

/// HowlingDetector: acoustic feedback (1051) on a recording.
struct HowlingSettings {
    double paprDb = 10.0;             ///< peak-to-average power ratio of the peak, at least
    double pnprDb = 12.0;             ///< peak-to-neighbour power ratio (bins 3..6 away), at least
    double phprDb = 10.0;             ///< peak-to-harmonic power ratio (at f/3, f/2, 2f/3, 3f/2, 2f), at least
    double persistenceSeconds = 0.3;  ///< the peak holds these criteria in 80% of the frames of this window
    double maxDriftHz = 20.0;         ///< and its frequency moves at most this much over the window
    double minDbfs = -60.0;           ///< peaks weaker than this (sine peak = 0 dBFS) are ignored
    double minHz = 100.0;             ///< the band searched for peaks...
    double maxHz = 24000.0;           ///< ...ends here and at 0.45 of the sample rate
    double clearSeconds = 0.3;        ///< the peak gone this long clears 1051
    double minGrowthDb = 10.0;        ///< the peak's level grew this much (a howl builds up; a tone starts at its level); 0: off
};

/// CallbackTimingMonitor: dropouts in the stream clock (1014/1016), callback rate (1020/1021),
/// callbacks that bring no frames (1018).
struct TimingSettings {
    double gapMinSeconds = 0.002;     ///< the stream clock jumping ahead of the frames by more than this...
    double gapBufferFraction = 0.5;   ///< ...and more than this fraction of the previous buffer is a dropout
    double rateWindowSeconds = 1.0;   ///< frames per second measured over windows this long...
    double rateTolerance = 0.10;      ///< ...off the nominal rate by more than this fraction: 1020/1021
    double noFramesSeconds = 1.0;     ///< a recording whose callbacks bring no frames this long: 1018
};

struct DetectorSettings {
    LevelSettings level;
    HowlingSettings howling;
    TimingSettings timing;
};

/// The settings as a flat array of doubles (DetectorApi, Java): index of each value.
enum class SettingIndex : int32_t {
    SilenceSeconds = 0,
    LowLevelDbfs,
    LowLevelSeconds,
    HowlingPaprDb,
    HowlingPnprDb,
    HowlingPhprDb,
    HowlingPersistenceSeconds,
    HowlingMaxDriftHz,
    HowlingMinDbfs,
    HowlingMinHz,
    HowlingMaxHz,
    HowlingClearSeconds,
    HowlingMinGrowthDb,
    GapMinSeconds,
    GapBufferFraction,
    RateWindowSeconds,
    RateTolerance,
    NoFramesSeconds,
    Count
};
constexpr std::size_t kSettingCount = static_cast<std::size_t>(SettingIndex::Count);

/// Writes `settings` into `out` (kSettingCount values, SettingIndex order).
void toArray(const DetectorSettings& settings, double* out) noexcept;
/// Reads kSettingCount values in SettingIndex order.
DetectorSettings fromArray(const double* values) noexcept;

/**
 * nullptr when `settings` is acceptable, else a static text naming the first bad value and its range.
 * Ranges: seconds > 0 and <= 3600 (persistence, clear <= 10 s, rate window >= 0.1 s); dBFS in [-140, 0];
 * ratios and growth in dB in [0, 100]; drift in [0, 1000] Hz; 0 <= minHz < maxHz <= 100000; gapBufferFraction in
 * (0, 100]; rateTolerance in (0, 1). NaN is never acceptable.
 */
const char* validate(const DetectorSettings& settings) noexcept;

}  // namespace adm
