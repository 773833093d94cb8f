#include "NativeApi.h"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "Codes.h"
#include "ModuleRegistry.h"
#include "Status.h"

namespace adm {
namespace api {

HandleTable<ModuleEntry>& modules() {
    static HandleTable<ModuleEntry> table;
    return table;
}

namespace {

thread_local Status tLastError;

int32_t report(Status status) {
    const int32_t code = static_cast<int32_t>(status.code);
    tLastError = std::move(status);
    return code;
}

int32_t unknownModule(int64_t handle) {
    return report(Status::failure(ErrorCode::NotInitialized,
                                  "no open module has handle " + std::to_string(handle) + " (closed already?)"));
}

const CodeInfo* row(int32_t index) {
    if (index < 0 || static_cast<std::size_t>(index) >= adm::codeCount()) {
        return nullptr;
    }
    return &codeTable()[index];
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

}  // namespace

int32_t codeCount() { return static_cast<int32_t>(adm::codeCount()); }
int32_t codeValue(int32_t index) { return row(index) != nullptr ? row(index)->value : -1; }
int32_t codeKind(int32_t index) { return row(index) != nullptr ? static_cast<int32_t>(row(index)->kind) : -1; }
const char* codeName(int32_t index) { return row(index) != nullptr ? row(index)->name : nullptr; }
const char* codeDescription(int32_t index) { return row(index) != nullptr ? row(index)->description : nullptr; }
bool codeInternalOnly(int32_t index) { return row(index) != nullptr && row(index)->internalOnly; }

const char* lastErrorMessage() { return tLastError.message.c_str(); }
int32_t lastErrorBackendCode() { return tLastError.backendError; }
int64_t lastErrorHostCode() { return tLastError.hostError; }

const char* backendVersion() {
    static const std::string version = makePortAudioBackend()->name();
    return version.c_str();
}

int32_t moduleOpen(int64_t* outHandle) {
    if (outHandle == nullptr) {
        return report(Status::failure(ErrorCode::InvalidArgument, "outHandle is null"));
    }
    auto entry = std::make_shared<ModuleEntry>(makePortAudioBackend());
    if (Status status = entry->module.open(); !status.ok()) {
        return report(std::move(status));
    }
    *outHandle = modules().add(std::move(entry));
    return report(Status::success());
}

int32_t moduleClose(int64_t handle) {
    std::shared_ptr<ModuleEntry> entry = modules().remove(handle);
    if (entry == nullptr) {
        return unknownModule(handle);
    }
    return report(entry->module.close());
}

int32_t moduleListDevices(int64_t handle, int32_t* outCount) {
    std::shared_ptr<ModuleEntry> entry = modules().find(handle);
    if (entry == nullptr) {
        return unknownModule(handle);
    }
    if (outCount == nullptr) {
        return report(Status::failure(ErrorCode::InvalidArgument, "outCount is null"));
    }
    std::lock_guard<std::mutex> lock(entry->snapshotMutex);
    if (Status status = entry->module.listDevices(entry->snapshot); !status.ok()) {
        entry->snapshot.clear();
        return report(std::move(status));
    }
    *outCount = static_cast<int32_t>(entry->snapshot.size());
    return report(Status::success());
}

int32_t moduleDeviceNumbers(int64_t handle, int32_t row, int32_t* ints, double* doubles) {
    std::shared_ptr<ModuleEntry> entry = modules().find(handle);
    if (entry == nullptr) {
        return unknownModule(handle);
    }
    if (ints == nullptr || doubles == nullptr) {
        return report(Status::failure(ErrorCode::InvalidArgument, "ints or doubles is null"));
    }
    std::lock_guard<std::mutex> lock(entry->snapshotMutex);
    const DeviceInfo* device = deviceRow(*entry, row);
    if (device == nullptr) {
        return report(Status::failure(ErrorCode::InvalidArgument, "no device row " + std::to_string(row) +
                                                                       " in the last snapshot of " +
                                                                       std::to_string(entry->snapshot.size())));
    }
    ints[0] = device->index;
    ints[1] = device->maxInputChannels;
    ints[2] = device->maxOutputChannels;
    ints[3] = device->defaultInput ? 1 : 0;
    ints[4] = device->defaultOutput ? 1 : 0;
    doubles[0] = device->defaultSampleRate;
    doubles[1] = device->defaultLowInputLatency;
    doubles[2] = device->defaultHighInputLatency;
    doubles[3] = device->defaultLowOutputLatency;
    doubles[4] = device->defaultHighOutputLatency;
    return report(Status::success());
}

const char* moduleDeviceName(int64_t handle, int32_t row) {
    return deviceText(handle, row, &DeviceInfo::name);
}

const char* moduleDeviceHostApi(int64_t handle, int32_t row) {
    return deviceText(handle, row, &DeviceInfo::hostApi);
}

}  // namespace api
}  // namespace adm
