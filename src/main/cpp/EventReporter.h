// How the control path tells listeners what happened: a failure (thrown and heard), a state change,
// a warning with its text. Control threads and the watchdog only: it formats text and takes the hub's
// message lock, which an audio thread must never do (audio threads publish EventRecords directly).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "Codes.h"
#include "EventHub.h"
#include "Status.h"
#include "StreamKind.h"
#include "StreamState.h"

namespace adm {

class Stream;

class EventReporter {
public:
    explicit EventReporter(std::shared_ptr<EventHub> events) : mEvents(std::move(events)) {}

    /// Publishes the error with its message and returns it as a Status: a failure is thrown and heard.
    Status fail(StreamKind kind, ErrorCode code, std::string message, int32_t device, int32_t backendError = 0,
                int64_t hostError = 0);

    /**
     * `status` as it is, published first unless it is a misuse the caller made (2 invalid argument,
     * 3 not ready, 7 not initialized, 19 already in use): those are thrown only (docs/errors.md).
     */
    Status report(StreamKind kind, Status status, int32_t device);

    /// The stream's new state; `value` says more where the state has a detail (a stall's length).
    void stateChanged(const Stream& stream, StreamState state, int64_t value = 0);

    /// A warning with its text, about what happened between `firstNanos` and `lastNanos`.
    void warning(StreamKind kind, WarningCode code, int32_t device, int64_t firstNanos, int64_t lastNanos,
                 int64_t value, std::string message);

    const std::shared_ptr<EventHub>& hub() const noexcept { return mEvents; }

private:
    const std::shared_ptr<EventHub> mEvents;
};

}  // namespace adm
