// Which documented code a backend failure becomes, per call site and stream kind.
// docs/errors.md is this file in prose; native-tests/test_error_mapping.cpp checks every row.
#pragma once

#include <cstdint>

#include "Codes.h"
#include "StreamKind.h"

namespace adm {

/// The call sites of the core that reach the backend.
enum class CallSite : int32_t { Open = 0, Start = 1, Stop = 2, Close = 3 };

/// The code for a failure of `site` on a stream of `kind` with backend error `backendError`.
ErrorCode mapBackendError(CallSite site, StreamKind kind, int32_t backendError) noexcept;

/// The code a stream of `kind` reports when it dies while running (1015 or 1017).
ErrorCode runtimeErrorFor(StreamKind kind) noexcept;

/// The warnings for glitches (1014/1016) and malfunction (1020/1021) of a stream of `kind`.
WarningCode glitchWarningFor(StreamKind kind) noexcept;
WarningCode malfunctionWarningFor(StreamKind kind) noexcept;

}  // namespace adm
