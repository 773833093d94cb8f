#include "NativeApi.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "ApiStatus.h"
#include "Codes.h"
#include "ModuleRegistry.h"
#include "RealtimeProcessor.h"
#include "RecoveryPolicy.h"
#include "Status.h"

namespace adm {
namespace api {

HandleTable<ModuleEntry>& modules() { return HandleTable<ModuleEntry>::forProcess(); }

int32_t unknownModule(int64_t handle) {
    return reportFailure(ErrorCode::NotInitialized,
                         "no open module has handle " + std::to_string(handle) + " (closed already?)");
}

int32_t refusedInsideRealtime() {
    if (!insideRealtimeProcessor()) {
        return 0;
    }
    return reportFailure(ErrorCode::NotSupported,
                         "called from inside a realtime callback: control calls (start, stop, close, init, stats, "
                         "devices) would wait for the audio thread they are called from; make them from another thread");
}

namespace {

const CodeInfo* row(int32_t index) {
    if (index < 0 || static_cast<std::size_t>(index) >= adm::codeCount()) {
        return nullptr;
    }
    return &codeTable()[index];
}

/// A device's numbers as Java reads them: ints = {index, maxIn, maxOut, defaultIn, defaultOut},
/// doubles = {rate, lowIn, highIn, lowOut, highOut}.
void numbersOf(const DeviceInfo& device, int32_t* ints, double* doubles) {
    ints[0] = device.index;
    ints[1] = device.maxInputChannels;
    ints[2] = device.maxOutputChannels;
    ints[3] = device.defaultInput ? 1 : 0;
    ints[4] = device.defaultOutput ? 1 : 0;
    doubles[0] = device.defaultSampleRate;
    doubles[1] = device.defaultLowInputLatency;
    doubles[2] = device.defaultHighInputLatency;
    doubles[3] = device.defaultLowOutputLatency;
    doubles[4] = device.defaultHighOutputLatency;
}

const DeviceInfo* deviceRow(ModuleEntry& entry, int32_t row) {
    if (row < 0 || static_cast<std::size_t>(row) >= entry.snapshot.size()) {
        return nullptr;
    }
    return &entry.snapshot[static_cast<std::size_t>(row)];
}

/// A copy per thread, so the text outlives a concurrent close or snapshot until Java has read it.
const char* deviceText(int64_t handle, int32_t row, std::string DeviceInfo::*field) {
    thread_local std::string text;
    std::shared_ptr<ModuleEntry> entry = modules().find(handle);
    if (entry == nullptr) {
        return nullptr;
    }
    std::lock_guard<std::mutex> lock(entry->snapshotMutex);
    const DeviceInfo* device = deviceRow(*entry, row);
    if (device == nullptr) {
        return nullptr;
    }
    text = device->*field;
    return text.c_str();
}

/// A copy per thread of a text of the device a stream was opened on, as deviceText() does.
const char* streamDeviceText(int64_t handle, int32_t kind, std::string DeviceInfo::*field) {
    thread_local std::string text;
    std::shared_ptr<ModuleEntry> entry = modules().find(handle);
    DeviceInfo device;
    if (entry == nullptr || !entry->module.streamDevice(static_cast<StreamKind>(kind), device).ok()) {
        return nullptr;
    }
    text = device.*field;
    return text.c_str();
}

}  // namespace

int32_t codeCount() { return static_cast<int32_t>(adm::codeCount()); }
int32_t codeValue(int32_t index) { return row(index) != nullptr ? row(index)->value : -1; }
int32_t codeKind(int32_t index) { return row(index) != nullptr ? static_cast<int32_t>(row(index)->kind) : -1; }
const char* codeName(int32_t index) { return row(index) != nullptr ? row(index)->name : nullptr; }
const char* codeDescription(int32_t index) { return row(index) != nullptr ? row(index)->description : nullptr; }
bool codeInternalOnly(int32_t index) { return row(index) != nullptr && row(index)->internalOnly; }
bool codeExtension(int32_t index) { return row(index) != nullptr && row(index)->extension; }

const char* lastErrorMessage() { return lastError().message.c_str(); }
int32_t lastErrorBackendCode() { return lastError().backendError; }
int64_t lastErrorHostCode() { return lastError().hostError; }

const char* backendErrorText(int32_t backendError) {
    thread_local std::string text;  // lives until this thread's next call, so Java can copy it
    text = adm::backendErrorText(backendError);
    return text.c_str();
}

void streamLimits(double* out) {
    if (out != nullptr) {
        out[0] = kMaxChannels;
        out[1] = kMinSampleRate;
        out[2] = kMaxSampleRate;
        out[3] = kMaxFramesPerBuffer;
        out[4] = kMaxSuggestedLatency;
    }
}

const char* backendVersion() {
    static const std::string version = makePortAudioBackend()->name();
    return version.c_str();
}

int32_t moduleOpen(const char* jackServer, int64_t* outHandle) {
    if (outHandle == nullptr) {
        return reportFailure(ErrorCode::InvalidArgument, "outHandle is null");
    }
    HostOptions options;
    options.jackServer = jackServer != nullptr ? jackServer : "";
    if (!isValidJackServerName(options.jackServer)) {
        return reportFailure(ErrorCode::InvalidArgument,
                             "jackServer \"" + options.jackServer.substr(0, kMaxJackServerName) + "\" cannot name a JACK server: expected 1 to " +
                                 std::to_string(kMaxJackServerName) +
                                 " characters, none of them '/', whitespace or control characters");
    }
    auto entry = std::make_shared<ModuleEntry>(makePortAudioBackend(std::move(options)));
    if (Status status = entry->module.open(); !status.ok()) {
        return report(std::move(status));
    }
    *outHandle = modules().add(std::move(entry));
    return reportOk();
}

int32_t moduleClose(int64_t handle) {
    if (int32_t refused = refusedInsideRealtime(); refused != 0) {
        return refused;
    }
    std::shared_ptr<ModuleEntry> entry = modules().remove(handle);
    if (entry == nullptr) {
        return unknownModule(handle);
    }
    return report(entry->module.close());
}

int32_t moduleWatchDevices(int64_t handle) {
    if (int32_t refused = refusedInsideRealtime(); refused != 0) {
        return refused;
    }
    std::shared_ptr<ModuleEntry> entry = modules().find(handle);
    if (entry == nullptr) {
        return unknownModule(handle);
    }
    return report(entry->module.watchDevices());
}

int32_t moduleListDevices(int64_t handle, int32_t* outCount) {
    if (int32_t refused = refusedInsideRealtime(); refused != 0) {
        return refused;
    }
    std::shared_ptr<ModuleEntry> entry = modules().find(handle);
    if (entry == nullptr) {
        return unknownModule(handle);
    }
    if (outCount == nullptr) {
        return reportFailure(ErrorCode::InvalidArgument, "outCount is null");
    }
    std::lock_guard<std::mutex> lock(entry->snapshotMutex);
    if (Status status = entry->module.listDevices(entry->snapshot, &entry->snapshotStale); !status.ok()) {
        entry->snapshot.clear();
        entry->snapshotStale = false;
        return report(std::move(status));
    }
    *outCount = static_cast<int32_t>(entry->snapshot.size());
    return reportOk();
}

int32_t moduleDeviceSnapshotStale(int64_t handle, int32_t* outStale) {
    std::shared_ptr<ModuleEntry> entry = modules().find(handle);
    if (entry == nullptr) {
        return unknownModule(handle);
    }
    if (outStale == nullptr) {
        return reportFailure(ErrorCode::InvalidArgument, "outStale is null");
    }
    std::lock_guard<std::mutex> lock(entry->snapshotMutex);
    *outStale = entry->snapshotStale ? 1 : 0;
    return reportOk();
}

int32_t moduleDeviceNumbers(int64_t handle, int32_t row, int32_t* ints, double* doubles) {
    std::shared_ptr<ModuleEntry> entry = modules().find(handle);
    if (entry == nullptr) {
        return unknownModule(handle);
    }
    if (ints == nullptr || doubles == nullptr) {
        return reportFailure(ErrorCode::InvalidArgument, "ints or doubles is null");
    }
    std::lock_guard<std::mutex> lock(entry->snapshotMutex);
    const DeviceInfo* device = deviceRow(*entry, row);
    if (device == nullptr) {
        return reportFailure(ErrorCode::InvalidArgument, "no device row " + std::to_string(row) +
                                                             " in the last snapshot of " +
                                                             std::to_string(entry->snapshot.size()));
    }
    numbersOf(*device, ints, doubles);
    return reportOk();
}

const char* moduleDeviceName(int64_t handle, int32_t row) {
    return deviceText(handle, row, &DeviceInfo::name);
}

const char* moduleDeviceHostApi(int64_t handle, int32_t row) {
    return deviceText(handle, row, &DeviceInfo::hostApi);
}

namespace {

StreamConfig configOf(int32_t device, const char* deviceName, int32_t channels, int32_t format, double sampleRate,
                      int32_t framesPerBuffer, double suggestedLatency, Status& invalid) {
    StreamConfig config;
    config.device = device;
    config.deviceName = deviceName != nullptr ? deviceName : "";
    config.channels = channels;
    config.format = static_cast<SampleFormat>(format);
    config.sampleRate = sampleRate;
    config.suggestedLatency = suggestedLatency;
    if (framesPerBuffer < 0) {
        invalid = Status::failure(ErrorCode::InvalidArgument,
                                  "frames per buffer must be >= 0, was " + std::to_string(framesPerBuffer));
    }
    config.framesPerBuffer = static_cast<uint32_t>(std::max(framesPerBuffer, 0));
    return config;
}

/// streamInit and streamProbe: the configuration from its parts, then `call` on the module with it.
int32_t onConfig(int64_t handle, int32_t kind, int32_t device, const char* deviceName, int32_t channels, int32_t format,
                 double sampleRate, int32_t framesPerBuffer, double suggestedLatency,
                 Status (Module::*call)(StreamKind, const StreamConfig&)) {
    return onModule(handle, [&](Module& module) {
        Status invalid;
        StreamConfig config =
            configOf(device, deviceName, channels, format, sampleRate, framesPerBuffer, suggestedLatency, invalid);
        return invalid.ok() ? (module.*call)(static_cast<StreamKind>(kind), config) : invalid;
    });
}

}  // namespace

int32_t streamInit(int64_t handle, int32_t kind, int32_t device, const char* deviceName, int32_t channels,
                   int32_t format, double sampleRate, int32_t framesPerBuffer, double suggestedLatency) {
    return onConfig(handle, kind, device, deviceName, channels, format, sampleRate, framesPerBuffer, suggestedLatency,
                    &Module::initStream);
}

int32_t streamStart(int64_t handle, int32_t kind) {
    return onModule(handle, [&](Module& module) { return module.startStream(static_cast<StreamKind>(kind)); });
}

int32_t streamStop(int64_t handle, int32_t kind) {
    return onModule(handle, [&](Module& module) { return module.stopStream(static_cast<StreamKind>(kind)); });
}

int32_t streamClose(int64_t handle, int32_t kind) {
    return onModule(handle, [&](Module& module) { return module.closeStream(static_cast<StreamKind>(kind)); });
}

int32_t streamProbe(int64_t handle, int32_t kind, int32_t device, const char* deviceName, int32_t channels,
                    int32_t format, double sampleRate, int32_t framesPerBuffer, double suggestedLatency) {
    return onConfig(handle, kind, device, deviceName, channels, format, sampleRate, framesPerBuffer, suggestedLatency,
                    &Module::probeFormat);
}

int32_t streamStats(int64_t handle, int32_t kind, int32_t* ints, double* doubles, int64_t* longs) {
    if (ints == nullptr || doubles == nullptr || longs == nullptr) {
        return reportFailure(ErrorCode::InvalidArgument, "ints, doubles or longs is null");
    }
    return onModule(handle, [&](Module& module) {
        StreamStats stats;
        Status status = module.streamStats(static_cast<StreamKind>(kind), stats);
        ints[0] = static_cast<int32_t>(stats.state);
        ints[1] = stats.device;
        doubles[0] = stats.sampleRate;
        doubles[1] = stats.inputLatency;
        doubles[2] = stats.outputLatency;
        longs[0] = static_cast<int64_t>(stats.callbacks);
        longs[1] = static_cast<int64_t>(stats.frames);
        longs[2] = stats.firstCallbackNanos;
        longs[3] = stats.firstPcmFrame;
        longs[4] = static_cast<int64_t>(stats.lateFrames);
        longs[5] = stats.lastCallbackNanos;
        longs[6] = static_cast<int64_t>(stats.lateCallbacks);
        return status;
    });
}

int32_t streamDevice(int64_t handle, int32_t kind, int32_t* ints, double* doubles) {
    if (ints == nullptr || doubles == nullptr) {
        return reportFailure(ErrorCode::InvalidArgument, "ints or doubles is null");
    }
    return onModule(handle, [&](Module& module) {
        DeviceInfo device;
        Status status = module.streamDevice(static_cast<StreamKind>(kind), device);
        if (status.ok()) {
            numbersOf(device, ints, doubles);
        }
        return status;
    });
}

const char* streamDeviceName(int64_t handle, int32_t kind) {
    return streamDeviceText(handle, kind, &DeviceInfo::name);
}

const char* streamDeviceHostApi(int64_t handle, int32_t kind) {
    return streamDeviceText(handle, kind, &DeviceInfo::hostApi);
}

namespace {

/// Checks that `frames` frames from `offsetBytes` fit in a buffer of `capacityBytes`.
Status checkPcmBuffer(Module& module, StreamKind kind, const void* data, int64_t capacityBytes, int64_t offsetBytes,
                      int32_t frames, const int32_t* outFrames) {
    if (data == nullptr || outFrames == nullptr || capacityBytes < 0 || offsetBytes < 0 || frames < 0) {
        return Status::failure(ErrorCode::InvalidArgument,
                               "data or outFrames is null, or a negative capacity, offset or frame count");
    }
    std::size_t available = 0;
    std::size_t capacity = 0;
    std::size_t bytesPerFrame = 0;
    if (Status status = module.pcm().info(kind, available, capacity, bytesPerFrame); !status.ok()) {
        return status;
    }
    // Both sides below are at most 2^31 * 256 or the capacity: no overflow whatever Java passes.
    const int64_t bytes = static_cast<int64_t>(frames) * static_cast<int64_t>(bytesPerFrame);
    if (offsetBytes > capacityBytes || bytes > capacityBytes - offsetBytes) {
        return Status::failure(ErrorCode::InvalidArgument,
                               std::to_string(frames) + " frames of " + std::to_string(bytesPerFrame) + " bytes from byte " +
                                   std::to_string(offsetBytes) + " do not fit in a buffer of " +
                                   std::to_string(capacityBytes) + " bytes");
    }
    return Status::success();
}

/// pcmWrite and pcmRead: the same checks, then `move(stream kind, first byte, frames, moved)`.
template <typename Byte, typename Move>
int32_t pcmTransfer(int64_t handle, int32_t kind, Byte* data, int64_t capacityBytes, int64_t offsetBytes, int32_t frames,
                    int32_t* outFrames, Move move) {
    return onModule(handle, [&](Module& module) {
        if (Status status = checkPcmBuffer(module, static_cast<StreamKind>(kind), data, capacityBytes, offsetBytes,
                                           frames, outFrames);
            !status.ok()) {
            return status;
        }
        std::size_t moved = 0;
        Status status = move(module, static_cast<StreamKind>(kind), data + offsetBytes,
                             static_cast<std::size_t>(frames), moved);
        outFrames[0] = static_cast<int32_t>(moved);
        return status;
    });
}

}  // namespace

int32_t pcmWrite(int64_t handle, int32_t kind, const void* data, int64_t capacityBytes, int64_t offsetBytes,
                 int32_t frames, int32_t* outFrames) {
    return pcmTransfer(handle, kind, static_cast<const uint8_t*>(data), capacityBytes, offsetBytes, frames, outFrames,
                       [](Module& module, StreamKind k, const uint8_t* from, std::size_t n, std::size_t& moved) {
                           return module.pcm().write(k, from, n, moved);
                       });
}

int32_t pcmRead(int64_t handle, int32_t kind, void* data, int64_t capacityBytes, int64_t offsetBytes, int32_t frames,
                int32_t* outFrames) {
    return pcmTransfer(handle, kind, static_cast<uint8_t*>(data), capacityBytes, offsetBytes, frames, outFrames,
                       [](Module& module, StreamKind k, uint8_t* into, std::size_t n, std::size_t& moved) {
                           return module.pcm().read(k, into, n, moved);
                       });
}

int32_t moduleSetDetectorSettings(int64_t handle, const double* values, int32_t count) {
    if (values == nullptr || count != static_cast<int32_t>(kSettingCount)) {
        return reportFailure(ErrorCode::InvalidArgument,
                             "expected " + std::to_string(kSettingCount) + " detector settings, got " + std::to_string(count));
    }
    return onModule(handle, [&](Module& module) { return module.setDetectorSettings(fromArray(values)); });
}

int32_t moduleSetRecoveryPolicy(int64_t handle, int32_t enabled, int64_t firstDelayMs, int64_t maxDelayMs,
                                int32_t maxTries) {
    // Checked here too: a negative count of tries must not wrap to a large unsigned one.
    if (maxTries < 1) {
        return reportFailure(ErrorCode::InvalidArgument,
                             "recovery policy: max tries " + std::to_string(maxTries) + " is out of range: expected 1 to " +
                                 std::to_string(RecoveryPolicy::kMaxTries));
    }
    RecoveryPolicy policy;
    policy.enabled = enabled != 0;
    policy.firstDelay = std::chrono::milliseconds(firstDelayMs);
    policy.maxDelay = std::chrono::milliseconds(maxDelayMs);
    policy.maxTries = static_cast<uint32_t>(maxTries);
    return onModule(handle, [&](Module& module) { return module.setRecoveryPolicy(policy); });
}

int32_t deviceTest(int64_t handle, int32_t enable, int32_t levelIntervalMs) {
    return onModule(handle, [&](Module& module) {
        return enable != 0 ? module.startDeviceTest(std::chrono::milliseconds(levelIntervalMs)) : module.stopDeviceTest();
    });
}

int32_t pcmInfo(int64_t handle, int32_t kind, int32_t* out) {
    if (out == nullptr) {
        return reportFailure(ErrorCode::InvalidArgument, "out is null");
    }
    return onModule(handle, [&](Module& module) {
        std::size_t available = 0;
        std::size_t capacity = 0;
        std::size_t bytesPerFrame = 0;
        Status status = module.pcm().info(static_cast<StreamKind>(kind), available, capacity, bytesPerFrame);
        out[0] = static_cast<int32_t>(available);
        out[1] = static_cast<int32_t>(capacity);
        out[2] = static_cast<int32_t>(bytesPerFrame);
        return status;
    });
}

int32_t pcmGeneration(int64_t handle, int32_t kind, int32_t* out) {
    if (out == nullptr) {
        return reportFailure(ErrorCode::InvalidArgument, "out is null");
    }
    return onModule(handle, [&](Module& module) {
        uint32_t generation = 0;
        Status status = module.pcm().generation(static_cast<StreamKind>(kind), generation);
        out[0] = static_cast<int32_t>(generation);
        return status;
    });
}

int32_t pcmWait(int64_t handle, int32_t kind, int32_t generation, int64_t timeoutNanos) {
    return onModule(handle, [&](Module& module) {
        return module.pcm().wait(static_cast<StreamKind>(kind), static_cast<uint32_t>(generation), timeoutNanos);
    });
}

int32_t pcmWake(int64_t handle, int32_t kind) {
    return onModule(handle, [&](Module& module) { return module.pcm().wake(static_cast<StreamKind>(kind)); });
}

}  // namespace api
}  // namespace adm
