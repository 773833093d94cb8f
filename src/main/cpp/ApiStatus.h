// The one error path of the flat API that Java binds (NativeApi, EventApi, DetectorApi): every call
// returns a documented code (0 = ERR_OK) and leaves the details of a failure in a per-thread record
// that Java reads with lastError*() on the same thread right after the call.
#pragma once

#include <cstdint>
#include <string>

#include "Codes.h"
#include "Status.h"

namespace adm::api {

/// Keeps a failed `status` for lastError*() on this thread; returns its code (0 for success, kept as is).
int32_t report(Status status);

/// report() of a failure made here: `code` and what was wrong.
int32_t reportFailure(ErrorCode code, std::string message);

/// ERR_OK, leaving the last failure's details as they are (success costs nothing on hot paths).
constexpr int32_t reportOk() noexcept { return 0; }

/// The details of the last failure on this thread.
const Status& lastError() noexcept;

}  // namespace adm::api
