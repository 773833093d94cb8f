#include "DetectorApi.h"

#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "ApiStatus.h"
#include "Codes.h"
#include "HandleTable.h"
#include "OfflineAnalyzer.h"

namespace adm {
namespace api {

namespace {

/// An analyzer and the lock that keeps two Java threads from feeding it at once.
struct AnalyzerEntry {
    AnalyzerEntry(double rate, int channels, const DetectorSettings& settings) : analyzer(rate, channels, settings) {}
    std::mutex mutex;
    OfflineAnalyzer analyzer;
};

HandleTable<AnalyzerEntry>& analyzers() { return HandleTable<AnalyzerEntry>::forProcess(); }

int32_t unknownAnalyzer(int64_t handle) {
    return reportFailure(ErrorCode::NotInitialized, "no open analyzer has handle " + std::to_string(handle));
}

int32_t invalid(std::string what) { return reportFailure(ErrorCode::InvalidArgument, std::move(what)); }

/// The analyzer of `handle` (locked for the call), or a failure reported.
template <typename Call>
int32_t onAnalyzer(int64_t handle, Call call) {
    std::shared_ptr<AnalyzerEntry> entry = analyzers().find(handle);
    if (entry == nullptr) {
        return unknownAnalyzer(handle);
    }
    std::lock_guard<std::mutex> lock(entry->mutex);
    return call(entry->analyzer);
}

template <typename Sample>
int32_t feed(int64_t handle, const Sample* interleaved, int32_t frames) {
    return onAnalyzer(handle, [&](OfflineAnalyzer& analyzer) {
        if (frames < 0 || (interleaved == nullptr && frames > 0)) {
            return invalid("frames is negative, or the samples are null");
        }
        analyzer.feed(interleaved, static_cast<std::size_t>(frames));
        return reportOk();
    });
}

}  // namespace

int32_t detectorSettingCount() { return static_cast<int32_t>(kSettingCount); }

int32_t detectorSettingDefaults(double* out, int32_t capacity) {
    if (out == nullptr || capacity < static_cast<int32_t>(kSettingCount)) {
        return invalid("out is null or holds fewer than " + std::to_string(kSettingCount) + " values");
    }
    toArray(DetectorSettings{}, out);
    return reportOk();
}

int32_t detectorSettingsCheck(const double* values, int32_t count) {
    if (values == nullptr || count != static_cast<int32_t>(kSettingCount)) {
        return invalid("expected " + std::to_string(kSettingCount) + " detector settings, got " +
                       (values == nullptr ? std::string("none") : std::to_string(count)));
    }
    const char* problem = validate(fromArray(values));
    return problem == nullptr ? reportOk() : invalid(problem);
}

int32_t analyzerOpen(double sampleRate, int32_t channels, const double* settings, int32_t settingCount,
                     int64_t* outHandle) {
    if (outHandle == nullptr || !(sampleRate >= 8000.0 && sampleRate <= 1e6) || channels < 1 || channels > 64) {
        return invalid("outHandle is null, the rate is outside 8000 to 1000000 Hz or the channels outside 1 to 64");
    }
    if (int32_t result = detectorSettingsCheck(settings, settingCount); result != reportOk()) {
        return result;
    }
    try {
        *outHandle = analyzers().add(std::make_shared<AnalyzerEntry>(sampleRate, channels, fromArray(settings)));
    } catch (const std::invalid_argument& e) {
        return invalid(e.what());
    }
    return reportOk();
}

int32_t analyzerFeedFloat(int64_t handle, const float* interleaved, int32_t frames) {
    return feed(handle, interleaved, frames);
}

int32_t analyzerFeedInt16(int64_t handle, const int16_t* interleaved, int32_t frames) {
    return feed(handle, interleaved, frames);
}

int32_t analyzerDetectionCount(int64_t handle, int32_t* outCount) {
    return onAnalyzer(handle, [&](OfflineAnalyzer& analyzer) {
        if (outCount == nullptr) {
            return invalid("outCount is null");
        }
        *outCount = static_cast<int32_t>(analyzer.detections().size());
        return reportOk();
    });
}

int32_t analyzerDetection(int64_t handle, int32_t index, int32_t* ints, int64_t* longs) {
    return onAnalyzer(handle, [&](OfflineAnalyzer& analyzer) {
        const std::vector<Detection>& all = analyzer.detections();
        if (ints == nullptr || longs == nullptr || index < 0 || static_cast<std::size_t>(index) >= all.size()) {
            return invalid("ints or longs is null, or no detection has index " + std::to_string(index) + " (there are " +
                           std::to_string(all.size()) + ")");
        }
        const Detection& d = all[static_cast<std::size_t>(index)];
        ints[0] = static_cast<int32_t>(d.kind);
        ints[1] = d.code;
        ints[2] = static_cast<int32_t>(d.transition);
        longs[0] = d.value;
        longs[1] = d.firstNanos;
        longs[2] = d.lastNanos;
        return reportOk();
    });
}

int32_t analyzerFrames(int64_t handle, int64_t* outFrames) {
    return onAnalyzer(handle, [&](OfflineAnalyzer& analyzer) {
        if (outFrames == nullptr) {
            return invalid("outFrames is null");
        }
        *outFrames = analyzer.frames();
        return reportOk();
    });
}

int32_t analyzerClose(int64_t handle) {
    return analyzers().remove(handle) == nullptr ? unknownAnalyzer(handle) : reportOk();
}

}  // namespace api
}  // namespace adm
