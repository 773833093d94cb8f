// The fault seam: a backend whose every call returns what the test sets, and counts its use.
// Streams are driven by the test: it calls pump() to play the audio thread's part.
#pragma once

#include <atomic>
#include <chrono>
#include <thread>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "Backend.h"
#include "CallbackGate.h"
#include "HostEventBell.h"

namespace adm::testing {

/// What the fake's streams do; shared so a test can change it while streams run.
struct FakeStreamScript {
    BackendResult start;
    BackendResult stop;
    BackendResult close;
    BackendResult wire;
    std::atomic<int> wirings{0};  ///< wireInputsToPlayoutSources() calls (loopback wiring)
    std::atomic<int> active{1};          ///< what isActive() answers once started
    std::atomic<bool> hostGone{false};   ///< what hostGone() answers (the server's socket refuses)
    std::atomic<int> hostGoneAsked{0};   ///< hostGone() calls
    std::atomic<bool> serverAnswers{true};  ///< what serverAnswers() says (a server that is not back: false)
    std::atomic<int> aborts{0};
    double inputLatency = 0.005;         ///< what the host reports, seconds
    double outputLatency = 0.010;
    std::atomic<bool> hangOnStop{false};  ///< stop() blocks until release() (a dead host)
    std::mutex mutex;
    std::condition_variable released;
    bool releasedFlag = false;
    std::atomic<int> isolations{0};
    std::atomic<int> stops{0};
    std::atomic<int> closes{0};

    void release() {
        std::lock_guard<std::mutex> lock(mutex);
        releasedFlag = true;
        released.notify_all();
    }
};

class FakeStream final : public BackendStream {
public:
    /// `callback` behind a CallbackGate, as PortAudioStream has it: a callback in progress holds off a detach.
    FakeStream(FakeStreamScript& script, StreamCallback* callback) : mScript(script), mGate(callback, kBytesPerFrame) {}

    BackendResult start() override {
        mStarted = mScript.start.ok();
        return mScript.start;
    }
    BackendResult stop() override {
        ++mScript.stops;
        if (mScript.hangOnStop) {
            std::unique_lock<std::mutex> lock(mScript.mutex);
            mScript.released.wait(lock, [&] { return mScript.releasedFlag; });
        }
        mStarted = false;
        return mScript.stop;
    }
    BackendResult abort() override {
        ++mScript.aborts;
        return stop();
    }
    bool hostGone() override {
        ++mScript.hostGoneAsked;
        return mScript.hostGone.load();
    }
    BackendResult close() override {
        ++mScript.closes;
        return mScript.close;
    }
    bool serverAnswers() override { return mScript.serverAnswers.load(); }
    int isActive() override { return mStarted ? mScript.active.load() : 0; }
    double inputLatency() override { return mScript.inputLatency; }
    double outputLatency() override { return mScript.outputLatency; }
    double sampleRate() override { return 48000.0; }
    bool isolate() noexcept override {
        ++mScript.isolations;
        mIsolated = true;
        return true;
    }
    bool isolated() const noexcept override { return mIsolated; }
    bool detachCallback() noexcept override { return mGate.detach(); }
    void awaitCallbackIdle() noexcept override { mGate.awaitIdle(); }
    BackendResult wireInputsToPlayoutSources(int32_t /*playoutDevice*/, WireWhen /*when*/) override {
        ++mScript.wirings;
        return mScript.wire;
    }

    /// Plays one callback of `frames` frames, as the audio thread would.
    void pump(unsigned long frames, uint32_t flags = 0) {
        std::vector<float> buffer(frames * 2, 1.0f);
        mGate.onAudio(buffer.data(), buffer.data(), frames, CallbackTime{}, flags);
    }

    /// One callback with the given input (recording) or output (playout) buffer, stereo float.
    void pumpWith(const float* input, float* output, unsigned long frames) {
        mGate.onAudio(input, output, frames, CallbackTime{}, 0);
    }

private:
    static constexpr std::size_t kBytesPerFrame = 2 * sizeof(float);  // what pump() plays: stereo float

    FakeStreamScript& mScript;
    CallbackGate mGate;
    bool mStarted = false;
    bool mIsolated = false;
};

class FakeBackend final : public Backend {
public:
    BackendResult initializeResult;
    BackendResult terminateResult;
    BackendResult listResult;
    BackendResult openResult;
    BackendResult formatResult;
    HostKind host = HostKind::Jack;
    std::vector<DeviceInfo> devices;
    FakeStreamScript script;
    std::vector<FakeStream*> streams;  // owned by the module's streams
    int initializeCalls = 0;
    int terminateCalls = 0;
    StreamRequest lastRequest;

    FakeBackend() {
        DeviceInfo system;
        system.index = 0;
        system.name = "system";
        system.hostApi = "JACK Audio Connection Kit";
        system.maxInputChannels = 2;
        system.maxOutputChannels = 2;
        system.defaultSampleRate = 48000;
        system.defaultLowInputLatency = system.defaultLowOutputLatency = 0.005;
        system.defaultInput = system.defaultOutput = true;
        devices = {system};
    }

    BackendResult initialize() override {
        ++initializeCalls;
        return initializeResult;
    }
    BackendResult terminate() override {
        ++terminateCalls;
        return terminateResult;
    }
    /// What reinitialize() answers (a real host refuses while streams of the process are open); set it before the
    /// module's threads may call it.
    BackendResult reinitializeResult;
    std::atomic<int> reinitializeCalls{0};
    BackendResult reinitialize() override {
        ++reinitializeCalls;
        return reinitializeResult;
    }
    uint64_t hostDeaths(HostKind /*host*/) noexcept override { return deaths.load(); }

    std::atomic<uint64_t> deaths{0};  ///< a test kills "the server" by counting one up, or with killServer()
    /// "The server" dies as the real one's death is seen: counted, and the bell rung (JackServerWatch.h).
    void killServer() {
        ++deaths;
        HostEventBell::instance().ring();
    }
    std::atomic<int> listDelayMs{0};  ///< how long listDevices() takes (a server that came back stalled)
    BackendResult listDevices(std::vector<DeviceInfo>& out) override {
        if (const int delay = listDelayMs.load(); delay > 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(delay));
        }
        out = listResult.ok() ? devices : std::vector<DeviceInfo>{};
        return listResult;
    }
    std::string name() const override { return "FakeBackend"; }
    std::atomic<int> opens{0};          ///< openStream() calls
    std::atomic<int> opensRefused{0};   ///< the next this many opens fail (a server that is not back yet)
    BackendResult openStream(const StreamRequest& request, StreamCallback* callback,
                             std::unique_ptr<BackendStream>& out) override {
        lastRequest = request;
        ++opens;
        if (opensRefused.load() > 0) {
            --opensRefused;
            return fail(BackendError::DeviceUnavailable, "the server is not back yet");
        }
        if (!openResult.ok()) {
            return openResult;
        }
        auto stream = std::make_unique<FakeStream>(script, callback);
        streams.push_back(stream.get());
        out = std::move(stream);
        return {};
    }
    BackendResult isFormatSupported(const StreamRequest& /*request*/) override { return formatResult; }
    int32_t defaultDevice(bool input) override {
        for (const DeviceInfo& d : devices) {
            if (input ? d.defaultInput : d.defaultOutput) {
                return d.index;
            }
        }
        return -1;
    }
    HostKind hostKind(int32_t /*device*/) override { return host; }
    std::string deviceName(int32_t device) override {
        for (const DeviceInfo& d : devices) {
            if (d.index == device) {
                return d.name;
            }
        }
        return "";
    }

    static BackendResult fail(BackendError error, const char* text) {
        return BackendResult{static_cast<int32_t>(error), 0, text};
    }
};

}  // namespace adm::testing
