#include "DeviceChanges.h"

#include <algorithm>
#include <cstdio>

namespace adm {
namespace {

bool sameDevice(const DeviceInfo& a, const DeviceInfo& b) { return a.hostApi == b.hostApi && a.name == b.name; }

const DeviceInfo* findIn(const std::vector<DeviceInfo>& list, const DeviceInfo& device) {
    auto it = std::find_if(list.begin(), list.end(), [&](const DeviceInfo& d) { return sameDevice(d, device); });
    return it == list.end() ? nullptr : &*it;
}

/// The directions a device serves: playout when it has outputs, recording when it has inputs.
std::vector<StreamKind> directionsOf(const DeviceInfo& device) {
    std::vector<StreamKind> directions;
    if (device.maxOutputChannels > 0) {
        directions.push_back(StreamKind::Playout);
    }
    if (device.maxInputChannels > 0) {
        directions.push_back(StreamKind::Recording);
    }
    return directions;
}

const DeviceInfo* defaultOf(const std::vector<DeviceInfo>& list, StreamKind direction) {
    auto it = std::find_if(list.begin(), list.end(), [&](const DeviceInfo& d) {
        return direction == StreamKind::Playout ? d.defaultOutput : d.defaultInput;
    });
    return it == list.end() ? nullptr : &*it;
}

std::string clean(std::string text) {
    std::replace_if(text.begin(), text.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
    return text;
}

}  // namespace

std::vector<DeviceChange> diffDevices(const std::vector<DeviceInfo>& before, const std::vector<DeviceInfo>& after) {
    std::vector<DeviceChange> changes;
    for (const DeviceInfo& old : before) {
        if (findIn(after, old) == nullptr) {
            for (StreamKind direction : directionsOf(old)) {
                changes.push_back({DeviceChangeKind::Removed, direction, DeviceState::NotPresent, old});
            }
        }
    }
    for (const DeviceInfo& now : after) {
        if (findIn(before, now) == nullptr) {
            for (StreamKind direction : directionsOf(now)) {
                changes.push_back({DeviceChangeKind::Added, direction, DeviceState::Active, now});
            }
        }
    }
    for (StreamKind direction : {StreamKind::Playout, StreamKind::Recording}) {
        const DeviceInfo* was = defaultOf(before, direction);
        const DeviceInfo* is = defaultOf(after, direction);
        if (is != nullptr && (was == nullptr || !sameDevice(*was, *is))) {
            changes.push_back({DeviceChangeKind::BecameDefault, direction, DeviceState::Active, *is});
        }
    }
    return changes;
}

int64_t deviceChangeValue(const DeviceChange& change) noexcept {
    return (static_cast<int64_t>(change.kind) << 8) | static_cast<int64_t>(change.state);
}

std::string deviceChangeText(const DeviceInfo& d) {
    char numbers[256];
    std::snprintf(numbers, sizeof numbers, "%d\t%d\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\t%d\t%d", d.maxInputChannels,
                  d.maxOutputChannels, d.defaultSampleRate, d.defaultLowInputLatency, d.defaultHighInputLatency,
                  d.defaultLowOutputLatency, d.defaultHighOutputLatency, d.defaultInput ? 1 : 0, d.defaultOutput ? 1 : 0);
    return std::to_string(d.index) + "\t" + clean(d.name) + "\t" + clean(d.hostApi) + "\t" + numbers;
}

}  // namespace adm
