#include "StreamControl.h"

#include <sstream>
#include <string>
#include <utility>

#include "MonotonicClock.h"

namespace adm {
namespace {

const char* verbOf(CallSite site) {
    switch (site) {
        case CallSite::Open: return "open";
        case CallSite::Start: return "start";
        case CallSite::Stop: return "stop";
        case CallSite::Close: return "close";
    }
    return "call";
}

}  // namespace

std::string backendText(const BackendResult& result) {
    std::ostringstream text;
    text << result.text << " (PaError " << result.error;
    if (result.hostError != 0) {
        text << ", host error " << result.hostError;
    }
    text << ")";
    return text.str();
}

Status StreamControl::start(const std::shared_ptr<Stream>& stream) {
    if (stream->state() == StreamState::Failed) {
        return Status::failure(ErrorCode::NotReady, std::string("the ") + toText(stream->kind()) +
                                                        " stream failed while running; close it and initialize again");
    }
    if (stream->state() == StreamState::Running) {
        return Status::success();
    }
    stream->markStarted(monotonicNanos());
    const BackendResult result = stream->backend->start();
    if (result.notAnswered()) {
        return abandon(stream, CallSite::Start, StreamState::Failed, result);
    }
    if (!result.ok()) {
        return failed(*stream, CallSite::Start, result);
    }
    stream->setState(StreamState::Running);
    mReporter.stateChanged(*stream, StreamState::Running);
    return Status::success();
}

Status StreamControl::stop(const std::shared_ptr<Stream>& stream) {
    if (stream->state() != StreamState::Running) {
        return Status::success();
    }
    stream->requestStop();
    const BackendResult result = stream->backend->stop();
    if (result.notAnswered()) {
        return abandon(stream, CallSite::Stop, StreamState::Failed, result);
    }
    if (result.error == static_cast<int32_t>(BackendError::HostGone)) {
        // Stopped indeed, by its server's death: the stop did what was asked; the death is reported as such.
        const StreamKind kind = stream->kind();
        stream->setState(StreamState::Failed);
        mReporter.fail(kind, runtimeErrorFor(kind),
                       std::string(toText(kind)) + " stopped while being stopped: " + result.text +
                           "; it was isolated, so close returns at once",
                       stream->config().device, result.error);
        mReporter.stateChanged(*stream, StreamState::Failed);
        return Status::success();
    }
    stream->setState(StreamState::Stopped);
    mReporter.stateChanged(*stream, StreamState::Stopped);
    return result.ok() ? Status::success() : failed(*stream, CallSite::Stop, result);
}

Status StreamControl::close(const std::shared_ptr<Stream>& stream) {
    Status stopped = stop(stream);
    const BackendResult result = stream->backend->close();
    // An isolated stream has nothing to wait for: a close the host does not answer now is done by the host
    // thread when it does (GuardedStream), and the application's close succeeds at once.
    if (result.notAnswered() && !stream->backend->isolated()) {
        return abandon(stream, CallSite::Close, StreamState::Closed, result);
    }
    stream->setState(StreamState::Closed);
    mReporter.stateChanged(*stream, StreamState::Closed);
    return result.ok() || result.notAnswered() ? stopped : failed(*stream, CallSite::Close, result);
}

Status StreamControl::abandon(const std::shared_ptr<Stream>& stream, CallSite site, StreamState after,
                              const BackendResult& result) {
    // PortAudio may never come back from the call left behind; isolated, the stream is refused at the door
    // by every later call (close included), so nothing else waits on the host for it.
    const bool isolated = stream->backend->isolate();
    stream->setState(after);
    mReporter.stateChanged(*stream, after);
    const StreamKind kind = stream->kind();
    return mReporter.fail(kind, mapBackendError(site, kind, result.error),
                          std::string(verbOf(site)) + " of " + toText(kind) + " failed: " + result.text +
                              (isolated ? "; the stream was isolated: close it (at once) and initialize again"
                                        : "; close it and initialize again"),
                          stream->config().device, result.error);
}

Status StreamControl::failed(const Stream& stream, CallSite site, const BackendResult& result) {
    const StreamKind kind = stream.kind();
    return mReporter.fail(kind, mapBackendError(site, kind, result.error),
                          std::string("could not ") + verbOf(site) + " " + toText(kind) + " on " +
                              describe(stream.config(), stream.device().name) + ": " +
                              backendText(result),
                          stream.config().device, result.error, result.hostError);
}

}  // namespace adm
