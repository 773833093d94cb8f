// Control calls that might never return (a backend waiting on a dead or stalled host) run on a thread
// of their own; the caller gives up waiting after a deadline, so it never hangs.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include "Backend.h"
#include "Stream.h"

namespace adm {

/// True when `call` finished within `deadline`; false when it was abandoned: its thread is detached and
/// keeps whatever `call` captured alive for as long as it runs.
bool runWithDeadline(std::function<void()> call, std::chrono::milliseconds deadline);

/// What became of a backend call given a deadline.
struct DeadlineCall {
    bool returned = false;  ///< false: abandoned, still running on its own thread
    BackendResult result;   ///< the call's result when it returned
};

/// Runs `call` on `stream`'s backend stream within `deadline`; an abandoned thread keeps `stream` alive.
DeadlineCall callWithDeadline(const std::shared_ptr<Stream>& stream, BackendResult (BackendStream::*call)(),
                              std::chrono::milliseconds deadline);

}  // namespace adm
