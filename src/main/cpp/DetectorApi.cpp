#include "DetectorApi.h"

#include <memory>
#include <mutex>
#include <stdexcept>

#include "Codes.h"
#include "HandleTable.h"
#include "OfflineAnalyzer.h"

namespace adm {
namespace api {

namespace {

constexpr int32_t kOk = 0;
constexpr int32_t kInvalidArgument = static_cast<int32_t>(ErrorCode::InvalidArgument);
constexpr int32_t kNotInitialized = static_cast<int32_t>(ErrorCode::NotInitialized);

/// An analyzer and the lock that keeps two Java threads from feeding it at once.
struct AnalyzerEntry {
    AnalyzerEntry(double rate, int channels, const DetectorSettings& settings) : analyzer(rate, channels, settings) {}
    std::mutex mutex;
    OfflineAnalyzer analyzer;
};

HandleTable<AnalyzerEntry>& analyzers() {
    static HandleTable<AnalyzerEntry> table;
    return table;
}

template <typename Sample>
int32_t feed(int64_t handle, const Sample* interleaved, int32_t frames) {
    std::shared_ptr<AnalyzerEntry> entry = analyzers().find(handle);
    if (entry == nullptr) {
        return kNotInitialized;
    }
    if (frames < 0 || (interleaved == nullptr && frames > 0)) {
        return kInvalidArgument;
    }
    std::lock_guard<std::mutex> lock(entry->mutex);
    entry->analyzer.feed(interleaved, static_cast<std::size_t>(frames));
    return kOk;
}

}  // namespace

int32_t detectorSettingCount() { return static_cast<int32_t>(kSettingCount); }

int32_t detectorSettingDefaults(double* out, int32_t capacity) {
    if (out == nullptr || capacity < static_cast<int32_t>(kSettingCount)) {
        return kInvalidArgument;
    }
    toArray(DetectorSettings{}, out);
    return kOk;
}

const char* detectorSettingsProblem(const double* values, int32_t count) {
    if (values == nullptr || count != static_cast<int32_t>(kSettingCount)) {
        return "wrong number of settings";
    }
    return validate(fromArray(values));
}

int32_t analyzerOpen(double sampleRate, int32_t channels, const double* settings, int32_t settingCount,
                     int64_t* outHandle) {
    if (outHandle == nullptr || !(sampleRate >= 8000.0 && sampleRate <= 1e6) || channels < 1 || channels > 64 ||
        detectorSettingsProblem(settings, settingCount) != nullptr) {
        return kInvalidArgument;
    }
    try {
        *outHandle = analyzers().add(std::make_shared<AnalyzerEntry>(sampleRate, channels, fromArray(settings)));
    } catch (const std::invalid_argument&) {
        return kInvalidArgument;
    }
    return kOk;
}

int32_t analyzerFeedFloat(int64_t handle, const float* interleaved, int32_t frames) {
    return feed(handle, interleaved, frames);
}

int32_t analyzerFeedInt16(int64_t handle, const int16_t* interleaved, int32_t frames) {
    return feed(handle, interleaved, frames);
}

int32_t analyzerDetectionCount(int64_t handle, int32_t* outCount) {
    std::shared_ptr<AnalyzerEntry> entry = analyzers().find(handle);
    if (entry == nullptr) {
        return kNotInitialized;
    }
    if (outCount == nullptr) {
        return kInvalidArgument;
    }
    std::lock_guard<std::mutex> lock(entry->mutex);
    *outCount = static_cast<int32_t>(entry->analyzer.detections().size());
    return kOk;
}

int32_t analyzerDetection(int64_t handle, int32_t index, int32_t* ints, int64_t* longs) {
    std::shared_ptr<AnalyzerEntry> entry = analyzers().find(handle);
    if (entry == nullptr) {
        return kNotInitialized;
    }
    if (ints == nullptr || longs == nullptr || index < 0) {
        return kInvalidArgument;
    }
    std::lock_guard<std::mutex> lock(entry->mutex);
    const std::vector<Detection>& all = entry->analyzer.detections();
    if (static_cast<std::size_t>(index) >= all.size()) {
        return kInvalidArgument;
    }
    const Detection& d = all[static_cast<std::size_t>(index)];
    ints[0] = static_cast<int32_t>(d.kind);
    ints[1] = d.code;
    ints[2] = static_cast<int32_t>(d.transition);
    longs[0] = d.value;
    longs[1] = d.firstNanos;
    longs[2] = d.lastNanos;
    return kOk;
}

int32_t analyzerFrames(int64_t handle, int64_t* outFrames) {
    std::shared_ptr<AnalyzerEntry> entry = analyzers().find(handle);
    if (entry == nullptr) {
        return kNotInitialized;
    }
    if (outFrames == nullptr) {
        return kInvalidArgument;
    }
    std::lock_guard<std::mutex> lock(entry->mutex);
    *outFrames = entry->analyzer.frames();
    return kOk;
}

int32_t analyzerClose(int64_t handle) { return analyzers().remove(handle) == nullptr ? kNotInitialized : kOk; }

}  // namespace api
}  // namespace adm
