// What changed between two device lists, as the events a module publishes (issue 11): a device added,
// removed, or become the default, per direction. Devices are told apart by host API and name (indexes change
// when the host is re-initialized). The states are those of Agora's onAudioDeviceStateChanged where they fit.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "DeviceInfo.h"
#include "StreamKind.h"

namespace adm {

enum class DeviceChangeKind : int32_t { Added = 0, Removed = 1, BecameDefault = 2 };

/// Agora's device states (onAudioDeviceStateChanged): the ones a change here reports.
enum class DeviceState : int32_t { Active = 1, Disabled = 2, NotPresent = 4, Unplugged = 8 };

struct DeviceChange {
    DeviceChangeKind kind = DeviceChangeKind::Added;
    StreamKind direction = StreamKind::Playout;  ///< Playout or Recording
    DeviceState state = DeviceState::Active;     ///< Active for added and default, NotPresent for removed
    DeviceInfo device;                            ///< as listed (the old list's entry for a removal)
};

/// The changes from `before` to `after`: removals first, then additions, then new defaults.
std::vector<DeviceChange> diffDevices(const std::vector<DeviceInfo>& before, const std::vector<DeviceInfo>& after);

/// An event record's `value` for a change: the kind in bits 8-15, the state in bits 0-7.
int64_t deviceChangeValue(const DeviceChange& change) noexcept;

/**
 * The device of a change as the text its event carries to Java (EventRecordLayout's device changes): the fields
 * of DeviceInfo separated by tabs, in declaration order, tabs and line breaks in names replaced by spaces.
 */
std::string deviceChangeText(const DeviceInfo& device);

}  // namespace adm
