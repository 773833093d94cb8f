#include "GuardedBackend.h"

#include <utility>

namespace adm {
namespace {

/// What a call gives when the host does not answer within the deadline.
BackendResult notAnswering(const char* call, std::chrono::milliseconds deadline) {
    return BackendResult{static_cast<int32_t>(BackendError::HostNotAnswering), 0,
                         std::string("the audio host did not answer ") + call + " within " +
                             std::to_string(deadline.count()) +
                             " ms (its sound server stopped or hangs); calls fail at once until it answers again"};
}

/// A backend stream whose host calls go through the HostThread. It shares its inner stream with the jobs
/// it queues, so that a close the host answers late still closes it.
class GuardedStream final : public BackendStream {
public:
    GuardedStream(std::shared_ptr<BackendStream> inner, std::shared_ptr<HostThread> host)
        : mInner(std::move(inner)), mHost(std::move(host)) {}

    ~GuardedStream() override {
        // Never waits: a stream the application did not close (or whose close timed out) is closed by the
        // host thread when the host answers. An isolated stream's close only forgets it (see isolate()).
        if (!mClosed) {
            mHost->defer([inner = mInner] { inner->close(); });
        }
    }

    BackendResult start() override { return call("start", &BackendStream::start); }
    BackendResult stop() override { return call("stop", &BackendStream::stop); }
    BackendResult abort() override { return call("abort", &BackendStream::abort); }

    BackendResult close() override {
        BackendResult result = call("close", &BackendStream::close);
        mClosed = !result.notAnswered();
        return result;
    }

    int isActive() override { return mInner->isActive(); }
    double inputLatency() override { return figure(&BackendStream::inputLatency); }
    double outputLatency() override { return figure(&BackendStream::outputLatency); }
    double sampleRate() override { return figure(&BackendStream::sampleRate); }
    bool isolate() noexcept override { return mInner->isolate(); }
    bool isolated() const noexcept override { return mInner->isolated(); }
    bool hostGone() override { return mInner->hostGone(); }  // no host call: a socket of the server

    bool serverAnswers() override {
        auto answers = std::make_shared<bool>(true);  // a host that does not answer in time: try, and fail there
        return mHost->run([inner = mInner, answers] { *answers = inner->serverAnswers(); }) ? *answers : true;
    }
    bool detachCallback() noexcept override { return mInner->detachCallback(); }
    void awaitCallbackIdle() noexcept override { mInner->awaitCallbackIdle(); }

    BackendResult wireInputsToPlayoutSources(int32_t playoutDevice, WireWhen when) override {
        auto result = std::make_shared<BackendResult>();
        if (!mHost->run([inner = mInner, result, playoutDevice, when] {
                *result = inner->wireInputsToPlayoutSources(playoutDevice, when);
            })) {
            return notAnswering("loopback wiring", mHost->deadline());
        }
        return *result;
    }

private:
    BackendResult call(const char* what, BackendResult (BackendStream::*method)()) {
        auto result = std::make_shared<BackendResult>();
        if (!mHost->run([inner = mInner, result, method] { *result = ((*inner).*method)(); })) {
            return notAnswering(what, mHost->deadline());
        }
        return *result;
    }

    double figure(double (BackendStream::*method)()) {
        auto value = std::make_shared<double>(0.0);
        return mHost->run([inner = mInner, value, method] { *value = ((*inner).*method)(); }) ? *value : 0.0;
    }

    const std::shared_ptr<BackendStream> mInner;
    const std::shared_ptr<HostThread> mHost;
    bool mClosed = false;  // control threads, one at a time (the module's lock)
};

}  // namespace

GuardedBackend::GuardedBackend(std::shared_ptr<Backend> inner, std::chrono::milliseconds deadline,
                               std::chrono::milliseconds scanDeadline)
    : mInner(std::move(inner)), mHost(std::make_shared<HostThread>(deadline)), mScanDeadline(scanDeadline) {}

BackendResult GuardedBackend::initialize() {
    auto result = std::make_shared<BackendResult>();
    const bool answered = mHost->runWithin(mScanDeadline, [inner = mInner, result] { *result = inner->initialize(); },
                                           [inner = mInner, result] {
                                               if (result->ok()) {
                                                   inner->terminate();  // the caller gave up: balance it
                                               }
                                           });
    return answered ? *result : notAnswering("initialization", mScanDeadline);
}

BackendResult GuardedBackend::terminate() {
    auto result = std::make_shared<BackendResult>();
    const HostThread::Outcome outcome = mHost->call([inner = mInner, result] { *result = inner->terminate(); });
    if (outcome == HostThread::Outcome::Answered) {
        return *result;
    }
    if (outcome == HostThread::Outcome::NotRun) {
        // The caller is done with the host either way: the host thread balances the initialization when
        // the host answers again (it runs what is queued even after the module went away).
        mHost->defer([inner = mInner] { inner->terminate(); });
    }
    return BackendResult{};
}

BackendResult GuardedBackend::reinitialize() {
    auto result = std::make_shared<BackendResult>();
    return mHost->runWithin(mScanDeadline, [inner = mInner, result] { *result = inner->reinitialize(); })
               ? *result
               : notAnswering("re-initialization", mScanDeadline);
}

BackendResult GuardedBackend::listDevices(std::vector<DeviceInfo>& out) {
    auto devices = std::make_shared<std::vector<DeviceInfo>>();
    auto result = std::make_shared<BackendResult>();
    out.clear();
    if (!mHost->runWithin(mScanDeadline, [inner = mInner, devices, result] { *result = inner->listDevices(*devices); })) {
        return notAnswering("the device list", mScanDeadline);
    }
    out = std::move(*devices);
    return *result;
}

BackendResult GuardedBackend::openStream(const StreamRequest& request, StreamCallback* callback,
                                         std::unique_ptr<BackendStream>& out) {
    struct Opening {
        BackendResult result;
        std::unique_ptr<BackendStream> stream;
    };
    auto opening = std::make_shared<Opening>();
    const bool answered = mHost->run(
        [inner = mInner, opening, request, callback] {
            opening->result = inner->openStream(request, callback, opening->stream);
        },
        [opening] {
            if (opening->stream != nullptr) {
                opening->stream->close();  // opened after the caller gave up: nobody will use it
            }
        });
    if (!answered) {
        return notAnswering("opening a stream", mHost->deadline());
    }
    if (opening->stream != nullptr) {
        out = std::make_unique<GuardedStream>(std::shared_ptr<BackendStream>(std::move(opening->stream)), mHost);
    }
    return opening->result;
}

BackendResult GuardedBackend::isFormatSupported(const StreamRequest& request) {
    auto result = std::make_shared<BackendResult>();
    return mHost->run([inner = mInner, result, request] { *result = inner->isFormatSupported(request); })
               ? *result
               : notAnswering("a format check", mHost->deadline());
}

int32_t GuardedBackend::defaultDevice(bool input) {
    auto device = std::make_shared<int32_t>(-1);
    return mHost->run([inner = mInner, device, input] { *device = inner->defaultDevice(input); }) ? *device : -1;
}

HostKind GuardedBackend::hostKind(int32_t device) {
    auto kind = std::make_shared<HostKind>(HostKind::Other);
    return mHost->run([inner = mInner, kind, device] { *kind = inner->hostKind(device); }) ? *kind : HostKind::Other;
}

std::string GuardedBackend::deviceName(int32_t device) {
    auto name = std::make_shared<std::string>();
    return mHost->run([inner = mInner, name, device] { *name = inner->deviceName(device); }) ? *name : std::string();
}

}  // namespace adm
