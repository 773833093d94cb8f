// The modules that Java holds by handle. Shared by the files of the flat API (NativeApi.cpp,
// EventApi.cpp), so each can find a module's parts without knowing the others.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

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

}  // namespace adm::api
