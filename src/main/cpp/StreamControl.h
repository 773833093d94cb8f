// Start, stop and close of one stream. The backend bounds each (GuardedBackend): a call the host does not
// answer in time is left behind, the stream isolated, and listeners told (docs/errors.md).
#pragma once

#include <memory>

#include "Backend.h"
#include "ErrorMapping.h"
#include "EventReporter.h"
#include "Status.h"
#include "Stream.h"

namespace adm {

class StreamControl {
public:
    explicit StreamControl(EventReporter& reporter) : mReporter(reporter) {}

    /// Starts it (a no-op when it runs). Errors: 3 it failed before, 1009/1012/1023.
    Status start(const std::shared_ptr<Stream>& stream);
    /// Stops it (a no-op when it does not run). Errors: 1010/1013.
    Status stop(const std::shared_ptr<Stream>& stream);
    /// Stops and closes it; the caller has taken it out of the module already. Errors: 1010/1013.
    Status close(const std::shared_ptr<Stream>& stream);

private:
    /// The host did not answer `site` in time (`result`): isolate the stream, move it to `after`, report.
    Status abandon(const std::shared_ptr<Stream>& stream, CallSite site, StreamState after, const BackendResult& result);
    /// The host answered `site` with an error.
    Status failed(const Stream& stream, CallSite site, const BackendResult& result);

    EventReporter& mReporter;
};

/// "could not open (PaError -9997 ...)": a backend result for messages.
std::string backendText(const BackendResult& result);

}  // namespace adm
