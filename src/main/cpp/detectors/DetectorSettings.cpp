#include "DetectorSettings.h"

namespace adm {

namespace {

bool within(double value, double low, double high) noexcept { return value >= low && value <= high; }  // NaN: false
bool positiveUpTo(double value, double high) noexcept { return value > 0.0 && value <= high; }

}  // namespace

void toArray(const DetectorSettings& s, double* out) noexcept {
    out[static_cast<int>(SettingIndex::SilenceSeconds)] = s.level.silenceSeconds;
    out[static_cast<int>(SettingIndex::LowLevelDbfs)] = s.level.lowLevelDbfs;
    out[static_cast<int>(SettingIndex::LowLevelSeconds)] = s.level.lowLevelSeconds;
    out[static_cast<int>(SettingIndex::HowlingPaprDb)] = s.howling.paprDb;
    out[static_cast<int>(SettingIndex::HowlingPnprDb)] = s.howling.pnprDb;
    out[static_cast<int>(SettingIndex::HowlingPhprDb)] = s.howling.phprDb;
    out[static_cast<int>(SettingIndex::HowlingPersistenceSeconds)] = s.howling.persistenceSeconds;
    out[static_cast<int>(SettingIndex::HowlingMaxDriftHz)] = s.howling.maxDriftHz;
    out[static_cast<int>(SettingIndex::HowlingMinDbfs)] = s.howling.minDbfs;
    out[static_cast<int>(SettingIndex::HowlingMinHz)] = s.howling.minHz;
    out[static_cast<int>(SettingIndex::HowlingMaxHz)] = s.howling.maxHz;
    out[static_cast<int>(SettingIndex::HowlingClearSeconds)] = s.howling.clearSeconds;
    out[static_cast<int>(SettingIndex::HowlingMinGrowthDb)] = s.howling.minGrowthDb;
    out[static_cast<int>(SettingIndex::GapMinSeconds)] = s.timing.gapMinSeconds;
    out[static_cast<int>(SettingIndex::GapBufferFraction)] = s.timing.gapBufferFraction;
    out[static_cast<int>(SettingIndex::RateWindowSeconds)] = s.timing.rateWindowSeconds;
    out[static_cast<int>(SettingIndex::RateTolerance)] = s.timing.rateTolerance;
    out[static_cast<int>(SettingIndex::NoFramesSeconds)] = s.timing.noFramesSeconds;
}

DetectorSettings fromArray(const double* v) noexcept {
    DetectorSettings s;
    s.level.silenceSeconds = v[static_cast<int>(SettingIndex::SilenceSeconds)];
    s.level.lowLevelDbfs = v[static_cast<int>(SettingIndex::LowLevelDbfs)];
    s.level.lowLevelSeconds = v[static_cast<int>(SettingIndex::LowLevelSeconds)];
    s.howling.paprDb = v[static_cast<int>(SettingIndex::HowlingPaprDb)];
    s.howling.pnprDb = v[static_cast<int>(SettingIndex::HowlingPnprDb)];
    s.howling.phprDb = v[static_cast<int>(SettingIndex::HowlingPhprDb)];
    s.howling.persistenceSeconds = v[static_cast<int>(SettingIndex::HowlingPersistenceSeconds)];
    s.howling.maxDriftHz = v[static_cast<int>(SettingIndex::HowlingMaxDriftHz)];
    s.howling.minDbfs = v[static_cast<int>(SettingIndex::HowlingMinDbfs)];
    s.howling.minHz = v[static_cast<int>(SettingIndex::HowlingMinHz)];
    s.howling.maxHz = v[static_cast<int>(SettingIndex::HowlingMaxHz)];
    s.howling.clearSeconds = v[static_cast<int>(SettingIndex::HowlingClearSeconds)];
    s.howling.minGrowthDb = v[static_cast<int>(SettingIndex::HowlingMinGrowthDb)];
    s.timing.gapMinSeconds = v[static_cast<int>(SettingIndex::GapMinSeconds)];
    s.timing.gapBufferFraction = v[static_cast<int>(SettingIndex::GapBufferFraction)];
    s.timing.rateWindowSeconds = v[static_cast<int>(SettingIndex::RateWindowSeconds)];
    s.timing.rateTolerance = v[static_cast<int>(SettingIndex::RateTolerance)];
    s.timing.noFramesSeconds = v[static_cast<int>(SettingIndex::NoFramesSeconds)];
    return s;
}

const char* validate(const DetectorSettings& s) noexcept {
    if (!positiveUpTo(s.level.silenceSeconds, 3600)) return "silenceSeconds must be in (0, 3600]";
    if (!within(s.level.lowLevelDbfs, -140, 0)) return "lowLevelDbfs must be in [-140, 0]";
    if (!positiveUpTo(s.level.lowLevelSeconds, 3600)) return "lowLevelSeconds must be in (0, 3600]";
    if (!within(s.howling.paprDb, 0, 100)) return "howlingPaprDb must be in [0, 100]";
    if (!within(s.howling.pnprDb, 0, 100)) return "howlingPnprDb must be in [0, 100]";
    if (!within(s.howling.phprDb, 0, 100)) return "howlingPhprDb must be in [0, 100]";
    if (!within(s.howling.persistenceSeconds, 0.05, 10)) return "howlingPersistenceSeconds must be in [0.05, 10]";
    if (!within(s.howling.maxDriftHz, 0, 1000)) return "howlingMaxDriftHz must be in [0, 1000]";
    if (!within(s.howling.minDbfs, -140, 0)) return "howlingMinDbfs must be in [-140, 0]";
    if (!within(s.howling.minHz, 0, 100000)) return "howlingMinHz must be in [0, 100000]";
    if (!within(s.howling.maxHz, 0, 100000) || !(s.howling.maxHz > s.howling.minHz)) {
        return "howlingMaxHz must be in (howlingMinHz, 100000]";
    }
    if (!within(s.howling.clearSeconds, 0.01, 10)) return "howlingClearSeconds must be in [0.01, 10]";
    if (!within(s.howling.minGrowthDb, 0, 100)) return "howlingMinGrowthDb must be in [0, 100]";
    if (!positiveUpTo(s.timing.gapMinSeconds, 3600)) return "gapMinSeconds must be in (0, 3600]";
    if (!positiveUpTo(s.timing.gapBufferFraction, 100)) return "gapBufferFraction must be in (0, 100]";
    if (!within(s.timing.rateWindowSeconds, 0.1, 3600)) return "rateWindowSeconds must be in [0.1, 3600]";
    if (!(s.timing.rateTolerance > 0 && s.timing.rateTolerance < 1)) return "rateTolerance must be in (0, 1)";
    if (!positiveUpTo(s.timing.noFramesSeconds, 3600)) return "noFramesSeconds must be in (0, 3600]";
    return nullptr;
}

}  // namespace adm
