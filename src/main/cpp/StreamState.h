// Where a stream is in its life (docs/design.md has the state machine).
#pragma once

#include <cstdint>

namespace adm {

/// Values are shared with Java (dev.admbridge.StreamState) and travel in EventRecord::code of StateChanged.
enum class StreamState : int32_t { Closed = 0, Initialized = 1, Running = 2, Stopped = 3, Failed = 4 };

/// "closed", "initialized", "running", "stopped", "failed".
constexpr const char* toText(StreamState state) noexcept {
    switch (state) {
        case StreamState::Closed: return "closed";
        case StreamState::Initialized: return "initialized";
        case StreamState::Running: return "running";
        case StreamState::Stopped: return "stopped";
        case StreamState::Failed: return "failed";
    }
    return "unknown state";
}

}  // namespace adm
