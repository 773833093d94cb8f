#include "Module.h"

#include <algorithm>
#include <cerrno>
#include <mutex>
#include <string>
#include <utility>

#include "DeviceChanges.h"
#include "DeviceWatch.h"
#include "ErrorMapping.h"
#include "GuardedBackend.h"
#include "LatencySanity.h"
#include "MonotonicClock.h"

namespace adm {
namespace {

// The least latency a stream has, for a host that reports none: the device's own figure when it has one,
// else one block of its callbacks (as configured, or as they came).
double latencyEstimate(const Stream& stream, double rate) {
    const DeviceInfo& device = stream.device();
    const double deviceLatency =
        isCapture(stream.kind()) ? device.defaultLowInputLatency : device.defaultLowOutputLatency;
    if (deviceLatency > 0.0 || rate <= 0.0) {
        return deviceLatency > 0.0 ? deviceLatency : 0.0;
    }
    if (stream.config().framesPerBuffer > 0) {
        return stream.config().framesPerBuffer / rate;
    }
    const uint64_t callbacks = stream.callbacks();
    return callbacks > 0 ? static_cast<double>(stream.frames()) / static_cast<double>(callbacks) / rate : 0.0;
}

}  // namespace

Module::Module(std::shared_ptr<Backend> backend, WatchdogSettings settings)
    : mBackend(std::make_shared<GuardedBackend>(std::move(backend), settings.controlDeadline,
                                                      settings.scanDeadline)),
      mReporter(std::make_shared<EventHub>()),
      mResolver(*mBackend),
      mControl(mReporter),
      mPcm(mReporter),
      mRecovery(mStreams, *mBackend, mResolver, mReporter),
      mSupervisor(mStreams, *mBackend, mReporter, mRecovery, settings) {}

Module::~Module() { close(); }

Status Module::open() {
    std::lock_guard<std::mutex> lock(mStreams.mutex());
    if (mStreams.open) {
        return Status::failure(ErrorCode::AlreadyInUse, "the module is already open");
    }
    BackendResult result = mBackend->initialize();
    if (result.error == static_cast<int32_t>(BackendError::OtherJackServer)) {
        return Status::failure(ErrorCode::AlreadyInUse, result.text, result.error);  // the caller's to resolve
    }
    if (!result.ok()) {
        return Status::failure(ErrorCode::AdmGeneralError,
                               "could not initialize " + mBackend->name() + ": " + result.text, result.error,
                               result.hostError);
    }
    mStreams.open = true;
    mPcm.setOpen(true);
    return Status::success();
}

Status Module::close() {
    unwatchDevices();
    Status first = Status::success();
    {
        std::lock_guard<std::mutex> lock(mStreams.mutex());
        if (!mStreams.open) {
            return Status::success();
        }
        for (StreamKind kind : {StreamKind::Playout, StreamKind::Recording, StreamKind::Loopback}) {
            Status status = closeLocked(kind);
            if (first.ok() && !status.ok()) {
                first = std::move(status);
            }
        }
        mStreams.open = false;
        mPcm.setOpen(false);
    }
    mSupervisor.stop();  // joins the watchdog thread, which takes the set's lock: outside the lock
    BackendResult result = mBackend->terminate();
    if (first.ok() && !result.ok()) {
        first = Status::failure(ErrorCode::AdmGeneralError, "could not terminate " + mBackend->name() + ": " +
                                result.text, result.error, result.hostError);
    }
    return first;
}

bool Module::isOpen() {
    std::lock_guard<std::mutex> lock(mStreams.mutex());
    return mStreams.open;
}

Status Module::listDevices(std::vector<DeviceInfo>& out, bool* stale) {
    std::lock_guard<std::mutex> lock(mStreams.mutex());
    if (!mStreams.open) {
        return Status::failure(ErrorCode::NotInitialized, "the module is closed");
    }
    // The device watch saw a change it could not list (streams were open): list it now if that has become safe,
    // rather than after the watch's own refresh, which comes a quiet period after the last stream closed.
    if (mDevicesStale.load() && mBackend->reinitialize().ok()) {
        mDevicesStale.store(false);
    }
    BackendResult result = mBackend->listDevices(out);
    if (!result.ok()) {
        return Status::failure(ErrorCode::AdmGeneralError, "could not list devices: " + result.text, result.error,
                               result.hostError);
    }
    if (stale != nullptr) {
        // The backend knows of servers; the device watch's last refresh (with a listener) of cards too.
        *stale = mBackend->lastListStale() || mDevicesStale.load();
    }
    return Status::success();
}

Status Module::watchDevices() {
    std::lock_guard<std::mutex> lock(mStreams.mutex());
    if (!mStreams.open) {
        return Status::failure(ErrorCode::NotInitialized, "the module is closed");
    }
    {
        std::lock_guard<std::mutex> watching(mDeviceWatchMutex);
        if (mDeviceWatchToken != 0) {
            return Status::success();
        }
        if (!mBackend->listDevices(mKnownDevices).ok()) {
            mKnownDevices.clear();  // no baseline: what the next list has is reported as added
        }
    }
    // Outside mDeviceWatchMutex: a refresh in progress (of another module) holds the watch's lock and may
    // take this one. Under the control lock, so no close runs meanwhile.
    const uint64_t token = DeviceWatch::instance().add([this] { refreshDevices(); });
    std::lock_guard<std::mutex> watching(mDeviceWatchMutex);
    mDeviceWatchToken = token;
    return Status::success();
}

void Module::unwatchDevices() {
    uint64_t token = 0;
    {
        std::lock_guard<std::mutex> watching(mDeviceWatchMutex);
        token = std::exchange(mDeviceWatchToken, 0);
    }
    if (token != 0) {
        DeviceWatch::instance().remove(token);  // waits for a refresh in progress
    }
}

void Module::refreshDevices() {
    // Without the control lock: the host may take its deadline to answer after a server's death, and the
    // watchdog must meanwhile be able to fail this module's streams (it takes that lock).
    if (!isOpen()) {
        return;
    }
    // Renews PortAudio's list where no stream of the process is open; else the list is stale (PortAudio
    // cannot list again under open streams), and this module refreshes again once its last stream closes.
    mDevicesStale.store(!mBackend->reinitialize().ok());
    std::vector<DeviceInfo> now;
    if (!mBackend->listDevices(now).ok()) {
        return;  // a host that does not answer: nothing is known to have changed
    }
    std::lock_guard<std::mutex> watching(mDeviceWatchMutex);
    if (mDeviceWatchToken == 0) {
        return;  // closed meanwhile
    }
    const int64_t at = monotonicNanos();
    for (const DeviceChange& change : diffDevices(mKnownDevices, now)) {
        mReporter.hub()->publishWithMessage(EventRecord::of(EventType::DevicesChanged, 0, change.direction,
                                                            change.device.index, at, at, deviceChangeValue(change)),
                                            deviceChangeText(change.device));
    }
    for (bool input : {false, true}) {
        if (servesAny(mKnownDevices, input) && !servesAny(now, input)) {
            warnNoDevice(input, "the last one went away");
        }
    }
    mKnownDevices = std::move(now);
}

Status Module::checkKind(StreamKind kind) const {
    if (!isStreamKind(kind)) {
        return Status::failure(ErrorCode::InvalidArgument,
                               "stream kind must be playout (1), recording (2) or loopback (3), was " +
                                   std::to_string(static_cast<int32_t>(kind)));
    }
    if (!mStreams.open) {
        return Status::failure(ErrorCode::NotInitialized, "the module is closed");
    }
    return Status::success();
}

Status Module::existing(StreamKind kind, std::shared_ptr<Stream>& out) {
    if (Status status = checkKind(kind); !status.ok()) {
        return status;
    }
    out = mStreams[kind];
    if (out == nullptr) {
        return Status::failure(ErrorCode::NotInitialized,
                               std::string("the ") + toText(kind) + " stream is not initialized; initialize it first");
    }
    return Status::success();
}

Status Module::initStream(StreamKind kind, const StreamConfig& requested) {
    std::lock_guard<std::mutex> lock(mStreams.mutex());
    if (Status status = checkKind(kind); !status.ok()) {
        return status;
    }
    if (mStreams[kind] != nullptr) {
        return Status::failure(ErrorCode::AlreadyInUse, std::string("the ") + toText(kind) +
                                                            " stream is already initialized; close it first");
    }
    ResolvedStream resolved;
    if (Status status = mResolver.resolve(kind, requested, resolved); !status.ok()) {
        if (resolved.noDeviceForDirection && kind != StreamKind::Loopback) {
            warnNoDevice(kind == StreamKind::Recording, "initializing " + std::string(toText(kind)));
        }
        return mReporter.report(kind, std::move(status), requested.device);
    }
    const std::string where = describe(resolved.config, resolved.device.name);
    auto stream = makeReleasedStream(kind, resolved.config, resolved.device, resolved.host, mReporter.hub(),
                                     mDetectorSettings, requested);
    BackendResult result = mBackend->openStream(resolved.request, stream.get(), stream->backend);
    if (!result.ok()) {
        if (isCapture(kind) && deviceBusy(resolved.host, result)) {
            const int64_t now = monotonicNanos();
            mReporter.warning(kind, WarningCode::AdmRecordAudioIsActive, resolved.config.device, now, now, result.error,
                              where + " is busy: another program holds it (" + backendText(result) + ")");
        }
        return mReporter.fail(kind, mapBackendError(CallSite::Open, kind, result.error),
                              std::string("could not open ") + toText(kind) + " on " + where + ": " + backendText(result),
                              resolved.config.device, result.error, result.hostError);
    }
    stream->setHostDeathsAtOpen(mBackend->hostDeaths(stream->host()));
    mStreams.set(kind, stream);
    mPcm.route(kind, stream);
    mReporter.stateChanged(*stream, StreamState::Initialized);
    warnIfDevicesDiffer(kind);
    mSupervisor.watch();  // an idle stream fails too when its server dies
    return Status::success();
}

bool Module::deviceBusy(HostKind host, const BackendResult& result) {
    // PortAudio's ALSA host answers a PCM that another program holds (EBUSY) with paDeviceUnavailable; a host
    // error of EBUSY says the same wherever it comes from.
    return (host == HostKind::Alsa && result.error == static_cast<int32_t>(BackendError::DeviceUnavailable)) ||
           result.hostError == EBUSY || result.hostError == -EBUSY;
}

void Module::warnIfDevicesDiffer(StreamKind initialized) {
    if (initialized != StreamKind::Playout && initialized != StreamKind::Recording) {
        return;  // a loopback records what a playout plays: its device is meant to be another
    }
    const std::shared_ptr<Stream>& playout = mStreams[StreamKind::Playout];
    const std::shared_ptr<Stream>& recording = mStreams[StreamKind::Recording];
    if (playout == nullptr || recording == nullptr || playout->device().index == recording->device().index) {
        return;
    }
    const int64_t now = monotonicNanos();
    const std::shared_ptr<Stream>& other = initialized == StreamKind::Playout ? recording : playout;
    mReporter.warning(initialized, WarningCode::AdmInconsistentAudioDevice, mStreams[initialized]->config().device, now,
                      now, other->config().device,
                      "recording on " + describe(recording->config(), recording->device().name) + " and playout on " +
                          describe(playout->config(), playout->device().name) +
                          ": different devices, so what is played may be heard back as echo");
}

void Module::warnNoDevice(bool input, const std::string& when) {
    const int64_t now = monotonicNanos();
    mReporter.warning(input ? StreamKind::Recording : StreamKind::Playout,
                      input ? WarningCode::AdmWinCoreNoRecordingDevice : WarningCode::AdmWinCoreNoPlayoutDevice,
                      StreamConfig::kDefaultDevice, now, now, 0,
                      std::string("no ") + (input ? "recording" : "playout") + " device is available (" + when +
                          "): plug one in, or start the sound server");
}

Status Module::startStream(StreamKind kind) {
    std::lock_guard<std::mutex> lock(mStreams.mutex());
    std::shared_ptr<Stream> stream;
    if (Status status = existing(kind, stream); !status.ok()) {
        return status;
    }
    if (stream->state() == StreamState::Recovering) {
        mRecovery.resumeAs(kind, true);  // it runs once reopened
        return Status::success();
    }
    const bool wasRunning = stream->state() == StreamState::Running;
    if (Status status = mControl.start(stream); !status.ok() || wasRunning) {
        return status;
    }
    if (BackendResult wired = mSupervisor.onStarted(kind); !wired.ok() && kind == StreamKind::Loopback) {
        return mReporter.fail(kind, ErrorCode::AdmStartLoopback,
                              "could not wire loopback to the sources of the playout device: " + backendText(wired),
                              stream->config().device, wired.error, wired.hostError);
    }
    return Status::success();
}

Status Module::stopStream(StreamKind kind) {
    std::lock_guard<std::mutex> lock(mStreams.mutex());
    if (Status status = checkKind(kind); !status.ok()) {
        return status;
    }
    const std::shared_ptr<Stream> stream = mStreams[kind];
    if (stream == nullptr) {
        return Status::success();
    }
    if (stream->state() == StreamState::Recovering) {
        mRecovery.resumeAs(kind, false);  // it stays stopped once reopened
        return Status::success();
    }
    Status stopped = mControl.stop(stream);
    if (stopped.ok() && stream->state() == StreamState::Failed) {
        // Its server died under the stop (the stop did what was asked, the death is reported): recover to STOPPED.
        mRecovery.begin(stream, StreamState::Stopped);
        mSupervisor.watch();
    }
    return stopped;
}

Status Module::setRecoveryPolicy(const RecoveryPolicy& policy) {
    std::lock_guard<std::mutex> lock(mStreams.mutex());
    if (!mStreams.open) {
        return Status::failure(ErrorCode::NotInitialized, "the module is closed");
    }
    return mRecovery.setPolicy(policy);
}

RecoveryPolicy Module::recoveryPolicy() {
    std::lock_guard<std::mutex> lock(mStreams.mutex());
    return mRecovery.policy();
}

Status Module::closeStream(StreamKind kind) {
    std::lock_guard<std::mutex> lock(mStreams.mutex());
    if (Status status = checkKind(kind); !status.ok()) {
        return status;
    }
    return closeLocked(kind);
}

Status Module::closeLocked(StreamKind kind) {
    if (kind == StreamKind::Playout || kind == StreamKind::Recording) {
        stopDeviceTestLocked();  // the playout must not read a recording that goes away
    }
    mPcm.route(kind, nullptr);
    const std::shared_ptr<Stream> stream = mStreams.set(kind, nullptr);
    if (stream == nullptr) {
        return Status::success();
    }
    Status closed = mControl.close(stream);
    const auto& all = mStreams.all();
    if (mDevicesStale.load() && std::all_of(all.begin(), all.end(), [](const auto& s) { return s == nullptr; })) {
        DeviceWatch::instance().poke();  // the list can be renewed now: refresh it
    }
    return closed;
}

Status Module::probeFormat(StreamKind kind, const StreamConfig& requested) {
    std::lock_guard<std::mutex> lock(mStreams.mutex());
    if (Status status = checkKind(kind); !status.ok()) {
        return status;
    }
    ResolvedStream resolved;
    if (Status status = mResolver.resolve(kind, requested, resolved); !status.ok()) {
        return status;  // a probe reports, it publishes no event
    }
    BackendResult result = mBackend->isFormatSupported(resolved.request);
    if (!result.ok()) {
        return Status::failure(mapBackendError(CallSite::Open, kind, result.error),
                               describe(resolved.config, resolved.device.name) + " is not supported: " +
                                   backendText(result),
                               result.error, result.hostError);
    }
    return Status::success();
}

Status Module::streamStats(StreamKind kind, StreamStats& out) {
    std::lock_guard<std::mutex> lock(mStreams.mutex());
    out = StreamStats{};
    if (Status status = checkKind(kind); !status.ok()) {
        return status;
    }
    const std::shared_ptr<Stream>& stream = mStreams[kind];
    if (stream == nullptr) {
        return Status::success();
    }
    out.state = stream->state();
    out.device = stream->config().device;
    out.sampleRate = stream->backend->sampleRate();
    const bool input = isCapture(kind);
    const double reported = input ? stream->backend->inputLatency() : stream->backend->outputLatency();
    (input ? out.inputLatency : out.outputLatency) = plausibleLatency(reported, latencyEstimate(*stream, out.sampleRate));
    out.callbacks = stream->callbacks();
    out.frames = stream->frames();
    out.firstCallbackNanos = stream->firstCallbackNanos();
    out.lastCallbackNanos = stream->lastCallbackNanos();
    out.firstPcmFrame = stream->firstPcmFrame();
    out.lateFrames = stream->lateFrames();
    out.lateCallbacks = stream->lateCallbacks();
    return Status::success();
}

Status Module::streamDevice(StreamKind kind, DeviceInfo& out) {
    std::lock_guard<std::mutex> lock(mStreams.mutex());
    std::shared_ptr<Stream> stream;
    if (Status status = existing(kind, stream); !status.ok()) {
        return status;
    }
    out = stream->device();
    return Status::success();
}

Status Module::setRealtime(StreamKind kind, std::shared_ptr<RealtimeProcessor> processor) {
    std::lock_guard<std::mutex> lock(mStreams.mutex());
    std::shared_ptr<Stream> stream;
    if (Status status = existing(kind, stream); !status.ok()) {
        return status;
    }
    const StreamState state = stream->state();
    if (state != StreamState::Initialized && state != StreamState::Stopped) {
        // Running: its callbacks use the processor now. Failed or recovering: a host that stalled may still wake up
        // and call it. Either way the one it replaces could not be released safely.
        return Status::failure(ErrorCode::AlreadyInUse,
                               std::string("the ") + toText(kind) + " stream is " + toText(state) +
                                   "; a realtime callback is set on an initialized or stopped stream (stop it first, "
                                   "or close a failed one and initialize it again)");
    }
    if (stream->feeding() || stream->fedToPlayout.load(std::memory_order_acquire)) {
        return Status::failure(ErrorCode::AlreadyInUse, std::string("the device loopback test moves the ") +
                                                            toText(kind) + " stream's audio; stop the test first");
    }
    // Stopped (or never started): no callback runs, unless a stopped host was isolated and wakes up late;
    // the gate's wait covers that one before the old processor goes.
    stream->backend->awaitCallbackIdle();
    stream->setRealtime(std::move(processor));
    return Status::success();
}

Status Module::startDeviceTest(std::chrono::milliseconds levelInterval) {
    std::lock_guard<std::mutex> lock(mStreams.mutex());
    if (!mStreams.open) {
        return Status::failure(ErrorCode::NotInitialized, "the module is closed");
    }
    if (levelInterval.count() < 10 || levelInterval.count() > 60'000) {
        return Status::failure(ErrorCode::InvalidArgument, "the level interval must be 10 ms to 60 s, was " +
                                                               std::to_string(levelInterval.count()) + " ms");
    }
    const std::shared_ptr<Stream>& playout = mStreams[StreamKind::Playout];
    const std::shared_ptr<Stream>& recording = mStreams[StreamKind::Recording];
    if (playout == nullptr || recording == nullptr) {
        return Status::failure(ErrorCode::NotInitialized,
                               "the device loopback test needs an initialized playout and recording stream");
    }
    if (playout->realtime() || recording->realtime()) {
        return Status::failure(ErrorCode::AlreadyInUse,
                               "a realtime callback moves the audio of the playout or recording stream; the device "
                               "loopback test needs both on the ring (set their callbacks to null first)");
    }
    const StreamConfig& out = playout->config();
    const StreamConfig& in = recording->config();
    if (out.channels != in.channels || out.format != in.format || out.sampleRate != in.sampleRate) {
        return Status::failure(ErrorCode::InvalidArgument,
                               "playout (" + describe(out, "") + ") and recording (" + describe(in, "") +
                                   ") must have the same channels, format and rate for the device loopback test");
    }
    const auto window = static_cast<uint64_t>(out.sampleRate * static_cast<double>(levelInterval.count()) / 1000.0);
    recording->fedToPlayout.store(true, std::memory_order_release);
    recording->setLevelWindow(window);
    playout->setLevelWindow(window);
    playout->feedFrom(recording.get());
    return Status::success();
}

Status Module::stopDeviceTest() {
    std::lock_guard<std::mutex> lock(mStreams.mutex());
    stopDeviceTestLocked();
    return Status::success();
}

void Module::stopDeviceTestLocked() {
    const std::shared_ptr<Stream>& playout = mStreams[StreamKind::Playout];
    const std::shared_ptr<Stream>& recording = mStreams[StreamKind::Recording];
    if (playout == nullptr || !playout->feeding()) {
        return;
    }
    playout->feedFrom(nullptr);
    playout->setLevelWindow(0);
    // A callback that loaded the source before we cleared it may still be reading it: let it leave.
    playout->backend->awaitCallbackIdle();
    if (recording != nullptr) {
        recording->setLevelWindow(0);
        recording->fedToPlayout.store(false, std::memory_order_release);
    }
}

Status Module::setDetectorSettings(const DetectorSettings& settings) {
    if (const char* problem = validate(settings); problem != nullptr) {
        return Status::failure(ErrorCode::InvalidArgument, problem);
    }
    std::lock_guard<std::mutex> lock(mStreams.mutex());
    if (!mStreams.open) {
        return Status::failure(ErrorCode::NotInitialized, "the module is closed");
    }
    mDetectorSettings = settings;
    return Status::success();
}

}  // namespace adm
