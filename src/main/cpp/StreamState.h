// Where a stream is in its life (docs/design.md has the state machine).
#pragma once

#include <cstdint>

namespace adm {

/// Values are shared with Java (dev.admbridge.StreamState) and travel in EventRecord::code of StateChanged.
enum class StreamState : int32_t { Closed = 0, Initialized = 1, Running = 2, Stopped = 3, Failed = 4,
                               /// Failed, and being reopened by the module's recovery policy (RecoveryPolicy.h).
                               Recovering = 5 };

/// "closed", "initialized", "running", "stopped", "failed", "recovering".
constexpr const char* toText(StreamState state) noexcept {
    switch (state) {
        case StreamState::Closed: return "closed";
        case StreamState::Initialized: return "initialized";
        case StreamState::Running: return "running";
        case StreamState::Stopped: return "stopped";
        case StreamState::Failed: return "failed";
        case StreamState::Recovering: return "recovering";
    }
    return "unknown state";
}

}  // namespace adm
