#include "ErrorMapping.h"

#include "Backend.h"

namespace adm {
namespace {

ErrorCode initCode(StreamKind kind) {
    switch (kind) {
        case StreamKind::Playout: return ErrorCode::AdmInitPlayout;
        case StreamKind::Recording: return ErrorCode::AdmInitRecording;
        case StreamKind::Loopback: return ErrorCode::AdmInitLoopback;
        case StreamKind::Module: break;
    }
    return ErrorCode::AdmGeneralError;
}

ErrorCode startCode(StreamKind kind) {
    switch (kind) {
        case StreamKind::Playout: return ErrorCode::AdmStartPlayout;
        case StreamKind::Recording: return ErrorCode::AdmStartRecording;
        case StreamKind::Loopback: return ErrorCode::AdmStartLoopback;
        case StreamKind::Module: break;
    }
    return ErrorCode::AdmGeneralError;
}

}  // namespace

ErrorCode mapBackendError(CallSite site, StreamKind kind, int32_t backendError) noexcept {
    const auto error = static_cast<BackendError>(backendError);
    if (kind == StreamKind::Module) {
        return ErrorCode::AdmGeneralError;
    }
    switch (site) {
        case CallSite::Open:
            // The SDK has one code for a rate the device refuses, whatever the direction.
            if (error == BackendError::InvalidSampleRate) {
                return ErrorCode::AdmSampleRate;
            }
            if (error == BackendError::PermissionDenied) {
                return ErrorCode::AdmNoPermission;
            }
            if (error == BackendError::NoMonitorRoute) {
                return ErrorCode::NotSupported;
            }
            return initCode(kind);
        case CallSite::Start:
            return startCode(kind);
        case CallSite::Stop:
        case CallSite::Close:
            // The SDK has no stop code for loopback: it is a recording.
            return isCapture(kind) ? ErrorCode::AdmStopRecording : ErrorCode::AdmStopPlayout;
    }
    return ErrorCode::AdmGeneralError;
}

ErrorCode runtimeErrorFor(StreamKind kind) noexcept {
    return isCapture(kind) ? ErrorCode::AdmRuntimeRecordingError : ErrorCode::AdmRuntimePlayoutError;
}

WarningCode glitchWarningFor(StreamKind kind) noexcept {
    return isCapture(kind) ? WarningCode::AdmRuntimeRecordingWarning : WarningCode::AdmRuntimePlayoutWarning;
}

WarningCode malfunctionWarningFor(StreamKind kind) noexcept {
    return isCapture(kind) ? WarningCode::AdmRecordMalfunction : WarningCode::AdmPlayoutMalfunction;
}

}  // namespace adm
