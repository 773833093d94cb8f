// The outcome of a control call: a documented error code plus what caused it.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "Codes.h"

namespace adm {

/// Backend (PortAudio) error numbers and host errors travel with the code so that
/// the Java exception and the listener event can say exactly what failed.
struct Status {
    ErrorCode code = ErrorCode::Ok;
    std::string message;
    int32_t backendError = 0;  ///< PaError number, 0 when none
    int64_t hostError = 0;     ///< host API error (errno, ALSA, JACK), 0 when none

    bool ok() const noexcept { return code == ErrorCode::Ok; }

    static Status success() { return {}; }
    static Status failure(ErrorCode code, std::string message, int32_t backendError = 0, int64_t hostError = 0) {
        return Status{code, std::move(message), backendError, hostError};
    }
};

}  // namespace adm
