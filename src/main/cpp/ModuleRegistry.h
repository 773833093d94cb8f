// The modules that Java holds by handle. Shared by the files of the flat API (NativeApi.cpp,
// EventApi.cpp), so each can find a module's parts without knowing the others.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "ApiStatus.h"
#include "DeviceInfo.h"
#include "HandleTable.h"
#include "Module.h"

namespace adm::api {

/// A module and the device snapshot whose strings Java reads field by field.
struct ModuleEntry {
    explicit ModuleEntry(std::shared_ptr<Backend> backend) : module(std::move(backend)) {}
    Module module;
    std::mutex snapshotMutex;
    std::vector<DeviceInfo> snapshot;
    bool snapshotStale = false;  // guarded by snapshotMutex: Module::listDevices said the snapshot is out of date
};

/// Every open module, by the handle Java holds.
HandleTable<ModuleEntry>& modules();

/// Reports that no open module has `handle` (ERR_NOT_INITIALIZED) and returns that code.
int32_t unknownModule(int64_t handle);

/**
 * 0 when control calls are allowed on this thread, else the code it reported: calls from inside a realtime callback
 * are refused, since a stop or a close waits for that very callback and every control call may wait for one that
 * does (RealtimeProcessor.h).
 */
int32_t refusedInsideRealtime();

/// Runs `call` on the module of `handle` (refused inside a realtime callback), reporting its status for lastError*().
template <typename Call>
int32_t onModule(int64_t handle, Call call) {
    if (int32_t refused = refusedInsideRealtime(); refused != 0) {
        return refused;
    }
    std::shared_ptr<ModuleEntry> entry = modules().find(handle);
    if (entry == nullptr) {
        return unknownModule(handle);
    }
    return report(call(entry->module));
}

}  // namespace adm::api
