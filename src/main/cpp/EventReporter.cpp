#include "EventReporter.h"

#include <utility>

#include "MonotonicClock.h"
#include "Stream.h"

namespace adm {
namespace {

bool isMisuse(ErrorCode code) {
    return code == ErrorCode::InvalidArgument || code == ErrorCode::NotReady || code == ErrorCode::NotInitialized ||
           code == ErrorCode::AlreadyInUse;
}

}  // namespace

Status EventReporter::fail(StreamKind kind, ErrorCode code, std::string message, int32_t device, int32_t backendError,
                           int64_t hostError) {
    const int64_t now = monotonicNanos();
    mEvents->publishWithMessage(EventRecord::of(EventType::Error, static_cast<int32_t>(code), kind, device, now, now)
                                    .withBackendError(backendError, hostError),
                                message);
    return Status::failure(code, std::move(message), backendError, hostError);
}

Status EventReporter::report(StreamKind kind, Status status, int32_t device) {
    if (status.ok() || isMisuse(status.code)) {
        return status;
    }
    return fail(kind, status.code, std::move(status.message), device, status.backendError, status.hostError);
}

void EventReporter::stateChanged(const Stream& stream, StreamState state, int64_t value) {
    const int64_t now = monotonicNanos();
    mEvents->publishAndWake(EventRecord::of(EventType::StateChanged, static_cast<int32_t>(state), stream.kind(),
                                            stream.config().device, now, now, value));
}

void EventReporter::warning(StreamKind kind, WarningCode code, int32_t device, int64_t firstNanos, int64_t lastNanos,
                            int64_t value, std::string message) {
    mEvents->publishWithMessage(
        EventRecord::of(EventType::Warning, static_cast<int32_t>(code), kind, device, firstNanos, lastNanos, value),
        std::move(message));
}

}  // namespace adm
