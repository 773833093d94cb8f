#include "StreamControl.h"

#include <mutex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "ControlDeadline.h"
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

/// Streams cut loose from a host that might still wake up (a stalled server taken for dead): the
/// backend may yet call them, so they are never freed. Small, and only after a host failed.
struct Graveyard {
    std::mutex mutex;
    std::vector<std::shared_ptr<Stream>> streams;
};

void keepForever(std::shared_ptr<Stream> stream) {
    // Released on purpose: never destroyed, not even by exit(), while a late callback could come.
    static Graveyard* const graveyard = std::make_unique<Graveyard>().release();
    std::lock_guard<std::mutex> lock(graveyard->mutex);
    graveyard->streams.push_back(std::move(stream));
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
    const DeadlineCall call = callWithDeadline(stream, &BackendStream::start, mDeadline);
    if (!call.returned) {
        return abandon(stream, CallSite::Start, StreamState::Failed);
    }
    if (!call.result.ok()) {
        return failed(*stream, CallSite::Start, call.result);
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
    const DeadlineCall call = callWithDeadline(stream, &BackendStream::stop, mDeadline);
    if (!call.returned) {
        return abandon(stream, CallSite::Stop, StreamState::Failed);
    }
    stream->setState(StreamState::Stopped);
    mReporter.stateChanged(*stream, StreamState::Stopped);
    return call.result.ok() ? Status::success() : failed(*stream, CallSite::Stop, call.result);
}

Status StreamControl::close(const std::shared_ptr<Stream>& stream) {
    Status stopped = stop(stream);
    const DeadlineCall call = callWithDeadline(stream, &BackendStream::close, mDeadline);
    if (!call.returned) {
        return abandon(stream, CallSite::Close, StreamState::Closed);
    }
    stream->setState(StreamState::Closed);
    mReporter.stateChanged(*stream, StreamState::Closed);
    if (stream->backend->isolated()) {
        keepForever(stream);
    }
    return call.result.ok() ? stopped : failed(*stream, CallSite::Close, call.result);
}

Status StreamControl::abandon(const std::shared_ptr<Stream>& stream, CallSite site, StreamState after) {
    const bool isolated = stream->backend->isolate();
    stream->setState(after);
    mReporter.stateChanged(*stream, after);
    const StreamKind kind = stream->kind();
    return mReporter.fail(kind, mapBackendError(site, kind, 0),
                          std::string(verbOf(site)) + " of " + toText(kind) + " did not return within " +
                              std::to_string(mDeadline.count()) + " ms (the host is not answering); " +
                              (isolated ? "the stream was isolated and its thread abandoned"
                                        : "its thread was abandoned"),
                          stream->config().device);
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
