#include "Module.h"

#include <algorithm>
#include <sstream>
#include <thread>
#include <utility>

#include "ErrorMapping.h"
#include "TimedCall.h"

namespace adm {
namespace {

std::string backendText(const BackendResult& result) {
    std::ostringstream text;
    text << result.text << " (PaError " << result.error;
    if (result.hostError != 0) {
        text << ", host error " << result.hostError;
    }
    text << ")";
    return text.str();
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

int64_t toNanos(std::chrono::milliseconds duration) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(duration).count();
}

}  // namespace

Module::Module(std::shared_ptr<Backend> backend, WatchdogSettings settings)
    : mBackend(std::move(backend)), mSettings(settings) {}

Module::~Module() { close(); }

Status Module::open() {
    std::lock_guard<std::mutex> lock(mMutex);
    if (mOpen) {
        return Status::failure(ErrorCode::AlreadyInUse, "the module is already open");
    }
    BackendResult result = mBackend->initialize();
    if (!result.ok()) {
        return Status::failure(ErrorCode::AdmGeneralError,
                               "could not initialize " + mBackend->name() + ": " + result.text, result.error,
                               result.hostError);
    }
    mOpen = true;
    return Status::success();
}

Status Module::close() {
    std::unique_ptr<Watchdog> watchdog;
    Status first = Status::success();
    {
        std::lock_guard<std::mutex> lock(mMutex);
        if (!mOpen) {
            return Status::success();
        }
        for (StreamKind kind : {StreamKind::Playout, StreamKind::Recording, StreamKind::Loopback}) {
            Status status = closeLocked(kind);
            if (first.ok() && !status.ok()) {
                first = std::move(status);
            }
        }
        mOpen = false;
        {
            std::lock_guard<std::mutex> pcmLock(mPcmMutex);
            mPcmOpen = false;
        }
        watchdog = std::move(mWatchdog);
    }
    watchdog.reset();  // joins the watchdog thread, which takes mMutex: outside the lock
    BackendResult result = mBackend->terminate();
    if (first.ok() && !result.ok()) {
        first = Status::failure(ErrorCode::AdmGeneralError, "could not terminate " + mBackend->name() + ": " +
                                result.text, result.error, result.hostError);
    }
    return first;
}

bool Module::isOpen() const {
    std::lock_guard<std::mutex> lock(mMutex);
    return mOpen;
}

Status Module::listDevices(std::vector<DeviceInfo>& out) {
    std::lock_guard<std::mutex> lock(mMutex);
    if (!mOpen) {
        return Status::failure(ErrorCode::NotInitialized, "the module is closed");
    }
    BackendResult result = mBackend->listDevices(out);
    if (!result.ok()) {
        return Status::failure(ErrorCode::AdmGeneralError, "could not list devices: " + result.text, result.error,
                               result.hostError);
    }
    return Status::success();
}

Status Module::checkKind(StreamKind kind) const {
    if (kind != StreamKind::Playout && kind != StreamKind::Recording && kind != StreamKind::Loopback) {
        return Status::failure(ErrorCode::InvalidArgument,
                               "stream kind must be playout (1), recording (2) or loopback (3), was " +
                                   std::to_string(static_cast<int32_t>(kind)));
    }
    if (!mOpen) {
        return Status::failure(ErrorCode::NotInitialized, "the module is closed");
    }
    return Status::success();
}

Status Module::fail(StreamKind kind, ErrorCode code, std::string message, int32_t device, int32_t backendError,
                    int64_t hostError) {
    EventRecord record;
    record.type = static_cast<int32_t>(EventType::Error);
    record.code = static_cast<int32_t>(code);
    record.stream = static_cast<int32_t>(kind);
    record.device = device;
    record.backendError = backendError;
    record.hostError = hostError;
    record.firstNanos = record.lastNanos = monotonicNanos();
    mEvents->publishWithMessage(record, message);
    return Status::failure(code, std::move(message), backendError, hostError);
}

void Module::publishState(const Stream& stream, StreamState state, int64_t value) {
    EventRecord record;
    record.type = static_cast<int32_t>(EventType::StateChanged);
    record.code = static_cast<int32_t>(state);
    record.stream = static_cast<int32_t>(stream.kind());
    record.device = stream.config().device;
    record.firstNanos = record.lastNanos = monotonicNanos();
    record.value = value;
    mEvents->publish(record);
}

Status Module::resolve(StreamKind kind, StreamConfig& config, StreamRequest& request) {
    const bool input = kind != StreamKind::Playout;
    if (config.device == StreamConfig::kDefaultDevice && kind == StreamKind::Loopback &&
        mBackend->hostKind(mBackend->defaultDevice(true)) != HostKind::Jack) {
        // Only JACK can loop back by wiring: when the default input is elsewhere (an ALSA "default"
        // that a sound server serves), the first JACK device with inputs is the default loopback.
        std::vector<DeviceInfo> devices;
        mBackend->listDevices(devices);
        for (const DeviceInfo& device : devices) {
            if (device.maxInputChannels > 0 && mBackend->hostKind(device.index) == HostKind::Jack) {
                config.device = device.index;
                break;
            }
        }
    }
    if (config.device == StreamConfig::kDefaultDevice) {
        config.device = mBackend->defaultDevice(input);
        if (config.device < 0) {
            return fail(kind, mapBackendError(CallSite::Open, kind, 0),
                        std::string("no ") + toText(kind) + " device: the host reports no " +
                            (input ? "recording" : "playout") +
                            " device at all (no sound card, and no sound server such as JACK running)",
                        -1);
        }
    }
    std::vector<DeviceInfo> devices;
    mBackend->listDevices(devices);
    auto device = std::find_if(devices.begin(), devices.end(),
                               [&](const DeviceInfo& d) { return d.index == config.device; });
    if (device == devices.end()) {
        return fail(kind, ErrorCode::InvalidArgument,
                    "no device has index " + std::to_string(config.device) + " (there are " +
                        std::to_string(devices.size()) + "; list them again after the host re-initialized)",
                    config.device);
    }
    if ((input ? device->maxInputChannels : device->maxOutputChannels) == 0) {
        return fail(kind, mapBackendError(CallSite::Open, kind, 0),
                    "device " + std::to_string(config.device) + " \"" + device->name + "\" cannot " +
                        (input ? "record" : "play out") + ": it has no " + (input ? "input" : "output") +
                        " channels",
                    config.device);
    }
    StreamDirection direction;
    direction.device = config.device;
    direction.channels = config.channels;
    direction.format = config.format;
    direction.suggestedLatency = config.suggestedLatency > 0.0 ? config.suggestedLatency
                                 : input ? device->defaultLowInputLatency
                                         : device->defaultLowOutputLatency;
    request = StreamRequest{};
    request.hasInput = input;
    request.hasOutput = !input;
    (input ? request.input : request.output) = direction;
    request.sampleRate = config.sampleRate;
    request.framesPerBuffer = config.framesPerBuffer;
    return Status::success();
}

Status Module::initStream(StreamKind kind, const StreamConfig& requested) {
    std::lock_guard<std::mutex> lock(mMutex);
    if (Status status = checkKind(kind); !status.ok()) {
        return status;
    }
    if (mStreams[static_cast<std::size_t>(kind)] != nullptr) {
        return Status::failure(ErrorCode::AlreadyInUse, std::string("the ") + toText(kind) +
                                                            " stream is already initialized; close it first");
    }
    if (std::string why = validate(requested); !why.empty()) {
        return Status::failure(ErrorCode::InvalidArgument, why);
    }
    StreamConfig config = requested;
    StreamRequest request;
    if (Status status = resolve(kind, config, request); !status.ok()) {
        return status;
    }
    const std::string where = describe(config, mBackend->deviceName(config.device));
    if (kind == StreamKind::Loopback && requested.device == StreamConfig::kDefaultDevice &&
        mBackend->hostKind(config.device) != HostKind::Jack) {  // no JACK device at all
        return fail(kind, ErrorCode::NotSupported,
                    "loopback on the default device needs a JACK host to wire it (this is " + where +
                        "); name a monitor source instead, such as a PulseAudio \".monitor\" device",
                    config.device);
    }
    auto stream = std::make_shared<Stream>(kind, config, mEvents, mDetectorSettings);
    BackendResult result = mBackend->openStream(request, stream.get(), stream->backend);
    if (!result.ok()) {
        return fail(kind, mapBackendError(CallSite::Open, kind, result.error),
                    std::string("could not open ") + toText(kind) + " on " + where + ": " + backendText(result),
                    config.device, result.error, result.hostError);
    }
    mStreams[static_cast<std::size_t>(kind)] = stream;
    setPcmStream(kind, stream);
    publishState(*stream, StreamState::Initialized);
    return Status::success();
}

Status Module::startStream(StreamKind kind) {
    std::lock_guard<std::mutex> lock(mMutex);
    if (Status status = checkKind(kind); !status.ok()) {
        return status;
    }
    std::shared_ptr<Stream> stream = mStreams[static_cast<std::size_t>(kind)];
    if (stream == nullptr) {
        return Status::failure(ErrorCode::NotInitialized,
                               std::string("the ") + toText(kind) + " stream is not initialized; initialize it first");
    }
    if (stream->state() == StreamState::Failed) {
        return Status::failure(ErrorCode::NotReady, std::string("the ") + toText(kind) +
                                                        " stream failed while running; close it and initialize again");
    }
    if (stream->state() == StreamState::Running) {
        return Status::success();
    }
    const std::string where = describe(stream->config(), mBackend->deviceName(stream->config().device));
    stream->markStarted(monotonicNanos());
    auto result = std::make_shared<BackendResult>();
    if (!runWithDeadline([stream, result] { *result = stream->backend->start(); }, mSettings.controlDeadline)) {
        stream->backend->isolate();
        stream->setState(StreamState::Failed);
        return fail(kind, mapBackendError(CallSite::Start, kind, 0),
                    std::string("start of ") + toText(kind) + " on " + where + " did not return within " +
                        std::to_string(mSettings.controlDeadline.count()) +
                        " ms (the host is not answering); the stream was isolated",
                    stream->config().device);
    }
    if (!result->ok()) {
        return fail(kind, mapBackendError(CallSite::Start, kind, result->error),
                    std::string("could not start ") + toText(kind) + " on " + where + ": " + backendText(*result),
                    stream->config().device, result->error, result->hostError);
    }
    stream->setState(StreamState::Running);
    publishState(*stream, StreamState::Running);
    // Loopback captures what feeds the playout device: wire it now (the watchdog keeps it up to date).
    if (kind == StreamKind::Loopback) {
        if (BackendResult wired = rewireLoopbackLocked(WireWhen::Now); !wired.ok()) {
            return fail(StreamKind::Loopback, ErrorCode::AdmStartLoopback,
                        "could not wire loopback to the sources of the playout device: " + backendText(wired),
                        stream->config().device, wired.error, wired.hostError);
        }
    } else if (kind == StreamKind::Playout) {
        // At once, rather than at the watchdog's next look, and whether or not JACK's notice of the new
        // connection has come yet.
        rewireLoopbackLocked(WireWhen::Now);
    }
    ensureWatchdog();
    return Status::success();
}

Status Module::stopStream(StreamKind kind) {
    std::lock_guard<std::mutex> lock(mMutex);
    if (Status status = checkKind(kind); !status.ok()) {
        return status;
    }
    std::shared_ptr<Stream> stream = mStreams[static_cast<std::size_t>(kind)];
    if (stream == nullptr) {
        return Status::success();
    }
    return stopLocked(*stream);
}

Status Module::stopLocked(Stream& stream) {
    if (stream.state() != StreamState::Running) {
        return Status::success();
    }
    stream.requestStop();
    const StreamKind kind = stream.kind();
    std::shared_ptr<Stream> keep = mStreams[static_cast<std::size_t>(kind)];
    auto result = std::make_shared<BackendResult>();
    if (!runWithDeadline([keep, result] { *result = keep->backend->stop(); }, mSettings.controlDeadline)) {
        const bool isolated = stream.backend->isolate();
        stream.setState(StreamState::Failed);
        publishState(stream, StreamState::Failed);
        return fail(kind, mapBackendError(CallSite::Stop, kind, 0),
                    std::string("stop of ") + toText(kind) + " did not return within " +
                        std::to_string(mSettings.controlDeadline.count()) + " ms (the host is not answering); " +
                        (isolated ? "the stream was isolated and its thread abandoned"
                                  : "its thread was abandoned"),
                    stream.config().device);
    }
    stream.setState(StreamState::Stopped);
    publishState(stream, StreamState::Stopped);
    if (!result->ok()) {
        return fail(kind, mapBackendError(CallSite::Stop, kind, result->error),
                    std::string("could not stop ") + toText(kind) + ": " + backendText(*result),
                    stream.config().device, result->error, result->hostError);
    }
    return Status::success();
}

Status Module::closeStream(StreamKind kind) {
    std::lock_guard<std::mutex> lock(mMutex);
    if (Status status = checkKind(kind); !status.ok()) {
        return status;
    }
    return closeLocked(kind);
}

Status Module::closeLocked(StreamKind kind) {
    if (kind == StreamKind::Playout || kind == StreamKind::Recording) {
        stopDeviceTestLocked();  // the playout must not read a recording that goes away
    }
    setPcmStream(kind, nullptr);
    std::shared_ptr<Stream> stream = std::move(mStreams[static_cast<std::size_t>(kind)]);
    if (stream == nullptr) {
        return Status::success();
    }
    mStreams[static_cast<std::size_t>(kind)] = stream;  // stopLocked finds it there
    Status stopped = stopLocked(*stream);
    mStreams[static_cast<std::size_t>(kind)].reset();
    auto result = std::make_shared<BackendResult>();
    if (!runWithDeadline([stream, result] { *result = stream->backend->close(); }, mSettings.controlDeadline)) {
        stream->backend->isolate();
        stream->setState(StreamState::Closed);
        publishState(*stream, StreamState::Closed);
        return fail(kind, mapBackendError(CallSite::Close, kind, 0),
                    std::string("close of ") + toText(kind) + " did not return within " +
                        std::to_string(mSettings.controlDeadline.count()) +
                        " ms; the stream and its thread were abandoned",
                    stream->config().device);
    }
    stream->setState(StreamState::Closed);
    publishState(*stream, StreamState::Closed);
    if (stream->backend->isolated()) {
        keepForever(stream);
    }
    if (!result->ok()) {
        return fail(kind, mapBackendError(CallSite::Close, kind, result->error),
                    std::string("could not close ") + toText(kind) + ": " + backendText(*result),
                    stream->config().device, result->error, result->hostError);
    }
    return stopped;
}

Status Module::probeFormat(StreamKind kind, const StreamConfig& requested) {
    std::lock_guard<std::mutex> lock(mMutex);
    if (Status status = checkKind(kind); !status.ok()) {
        return status;
    }
    if (std::string why = validate(requested); !why.empty()) {
        return Status::failure(ErrorCode::InvalidArgument, why);
    }
    StreamConfig config = requested;
    StreamRequest request;
    if (Status status = resolve(kind, config, request); !status.ok()) {
        return Status::failure(status.code, status.message);  // a probe reports, it publishes no event
    }
    BackendResult result = mBackend->isFormatSupported(request);
    if (!result.ok()) {
        return Status::failure(mapBackendError(CallSite::Open, kind, result.error),
                               describe(config, mBackend->deviceName(config.device)) + " is not supported: " +
                                   backendText(result),
                               result.error, result.hostError);
    }
    return Status::success();
}

Status Module::streamStats(StreamKind kind, StreamStats& out) {
    std::lock_guard<std::mutex> lock(mMutex);
    out = StreamStats{};
    if (Status status = checkKind(kind); !status.ok()) {
        return status;
    }
    const std::shared_ptr<Stream>& stream = mStreams[static_cast<std::size_t>(kind)];
    if (stream == nullptr) {
        return Status::success();
    }
    out.state = stream->state();
    out.device = stream->config().device;
    out.sampleRate = stream->backend->sampleRate();
    out.inputLatency = stream->backend->inputLatency();
    out.outputLatency = stream->backend->outputLatency();
    out.callbacks = stream->callbacks();
    out.frames = stream->frames();
    out.firstCallbackNanos = stream->firstCallbackNanos();
    out.lastCallbackNanos = stream->lastCallbackNanos();
    out.firstPcmFrame = stream->firstPcmFrame();
    out.lateFrames = stream->lateFrames();
    return Status::success();
}

Status Module::pcmStream(StreamKind kind, std::shared_ptr<Stream>& out) {
    if (kind != StreamKind::Playout && kind != StreamKind::Recording && kind != StreamKind::Loopback) {
        return checkKind(kind);  // its message; it reads nothing else for a bad kind
    }
    bool open = false;
    {
        std::lock_guard<std::mutex> lock(mPcmMutex);  // not mMutex: see mPcmStreams
        out = mPcmStreams[static_cast<std::size_t>(kind)];
        open = mPcmOpen;
    }
    if (!open) {
        return Status::failure(ErrorCode::NotInitialized, "the module is closed");
    }
    if (out == nullptr) {
        return Status::failure(ErrorCode::NotInitialized,
                               std::string("the ") + toText(kind) + " stream is not initialized; initialize it first");
    }
    return Status::success();
}

void Module::setPcmStream(StreamKind kind, std::shared_ptr<Stream> stream) {
    std::shared_ptr<Stream> previous;
    {
        std::lock_guard<std::mutex> lock(mPcmMutex);
        previous = std::exchange(mPcmStreams[static_cast<std::size_t>(kind)], std::move(stream));
    }
    if (previous != nullptr) {
        previous->wakePcmSleepers();  // a thread asleep in pcmWait() on it returns at once
    }
}

Status Module::pcmWait(StreamKind kind, int64_t timeoutNanos) {
    if (timeoutNanos < 0 || timeoutNanos > 1'000'000'000) {
        return Status::failure(ErrorCode::InvalidArgument,
                               "the wait must be from 0 to 1 s, was " + std::to_string(timeoutNanos) + " ns");
    }
    std::shared_ptr<Stream> stream;
    if (Status status = pcmStream(kind, stream); !status.ok()) {
        return status;
    }
    const uint32_t generation = stream->pcmSleepGeneration();
    // Closed between the look above and reading `generation`: its wake came before, so do not sleep.
    if (std::shared_ptr<Stream> now; !pcmStream(kind, now).ok() || now != stream) {
        return Status::failure(ErrorCode::NotInitialized, std::string("the ") + toText(kind) + " stream was closed");
    }
    stream->sleepForPcm(generation, timeoutNanos);
    return Status::success();
}

Status Module::pcmWake(StreamKind kind) {
    std::shared_ptr<Stream> stream;
    if (Status status = pcmStream(kind, stream); !status.ok()) {
        return status;
    }
    stream->wakePcmSleepers();
    return Status::success();
}

Status Module::writePcm(StreamKind kind, const uint8_t* source, std::size_t frames, std::size_t& written) {
    written = 0;
    std::shared_ptr<Stream> stream;  // held: a concurrent close cannot free it under us
    if (Status status = pcmStream(kind, stream); !status.ok()) {
        return status;
    }
    if (kind != StreamKind::Playout) {
        return Status::failure(ErrorCode::NotSupported, std::string("the ") + toText(kind) +
                                                            " stream is read, not written");
    }
    written = stream->writePcm(source, frames);
    return Status::success();
}

Status Module::readPcm(StreamKind kind, uint8_t* destination, std::size_t frames, std::size_t& read) {
    read = 0;
    std::shared_ptr<Stream> stream;
    if (Status status = pcmStream(kind, stream); !status.ok()) {
        return status;
    }
    if (stream->fedToPlayout.load(std::memory_order_acquire)) {
        return Status::failure(ErrorCode::AlreadyInUse, "the device loopback test plays this recording; stop it to read");
    }
    if (kind == StreamKind::Playout) {
        return Status::failure(ErrorCode::NotSupported, "the playout stream is written, not read");
    }
    uint64_t lost = 0;
    read = stream->readPcm(destination, frames, lost);
    if (lost > 0) {
        EventRecord record;
        record.type = static_cast<int32_t>(EventType::Warning);
        record.code = static_cast<int32_t>(WarningCode::AdmRuntimeRecordingWarning);
        record.stream = static_cast<int32_t>(kind);
        record.device = stream->config().device;
        record.firstNanos = record.lastNanos = monotonicNanos();
        record.value = static_cast<int64_t>(lost);
        mEvents->publishWithMessage(record, "the application was late: " + std::to_string(lost) +
                                                " frames of the oldest " + toText(kind) +
                                                " audio were dropped before it read them; not a device glitch");
    }
    return Status::success();
}

Status Module::pcmInfo(StreamKind kind, std::size_t& available, std::size_t& capacity, std::size_t& bytesPerFrame) {
    std::shared_ptr<Stream> stream;
    if (Status status = pcmStream(kind, stream); !status.ok()) {
        return status;
    }
    available = stream->pcmAvailable();
    capacity = stream->pcmCapacity();
    bytesPerFrame = stream->bytesPerFrame();
    return Status::success();
}

Status Module::startDeviceTest(std::chrono::milliseconds levelInterval) {
    std::lock_guard<std::mutex> lock(mMutex);
    if (!mOpen) {
        return Status::failure(ErrorCode::NotInitialized, "the module is closed");
    }
    if (levelInterval.count() < 10 || levelInterval.count() > 60'000) {
        return Status::failure(ErrorCode::InvalidArgument, "the level interval must be 10 ms to 60 s, was " +
                                                               std::to_string(levelInterval.count()) + " ms");
    }
    const std::shared_ptr<Stream>& playout = mStreams[static_cast<std::size_t>(StreamKind::Playout)];
    const std::shared_ptr<Stream>& recording = mStreams[static_cast<std::size_t>(StreamKind::Recording)];
    if (playout == nullptr || recording == nullptr) {
        return Status::failure(ErrorCode::NotInitialized,
                               "the device loopback test needs an initialized playout and recording stream");
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

Status Module::setDetectorSettings(const DetectorSettings& settings) {
    if (const char* problem = validate(settings); problem != nullptr) {
        return Status::failure(ErrorCode::InvalidArgument, problem);
    }
    std::lock_guard<std::mutex> lock(mMutex);
    if (!mOpen) {
        return Status::failure(ErrorCode::NotInitialized, "the module is closed");
    }
    mDetectorSettings = settings;
    return Status::success();
}

Status Module::stopDeviceTest() {
    std::lock_guard<std::mutex> lock(mMutex);
    stopDeviceTestLocked();
    return Status::success();
}

void Module::stopDeviceTestLocked() {
    const std::shared_ptr<Stream>& playout = mStreams[static_cast<std::size_t>(StreamKind::Playout)];
    const std::shared_ptr<Stream>& recording = mStreams[static_cast<std::size_t>(StreamKind::Recording)];
    if (playout == nullptr || !playout->feeding()) {
        return;
    }
    playout->feedFrom(nullptr);
    playout->setLevelWindow(0);
    // A callback that loaded the source before we cleared it may still be reading it: let two pass.
    const uint64_t seen = playout->callbacks();
    const int64_t deadline = monotonicNanos() + 200'000'000;
    while (playout->state() == StreamState::Running && playout->callbacks() < seen + 2 && monotonicNanos() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (recording != nullptr) {
        recording->setLevelWindow(0);
        recording->fedToPlayout.store(false, std::memory_order_release);
    }
}

BackendResult Module::rewireLoopbackLocked(WireWhen when) {
    std::shared_ptr<Stream> loopback = mStreams[static_cast<std::size_t>(StreamKind::Loopback)];
    if (loopback == nullptr || loopback->state() != StreamState::Running ||
        mBackend->hostKind(loopback->config().device) != HostKind::Jack) {
        return {};
    }
    // What is played to this module's playout device when that is on JACK, else to the loopback's own device.
    std::shared_ptr<Stream> playout = mStreams[static_cast<std::size_t>(StreamKind::Playout)];
    const int32_t playoutDevice = playout != nullptr && mBackend->hostKind(playout->config().device) == HostKind::Jack
                                      ? playout->config().device
                                      : loopback->config().device;
    return loopback->backend->wireInputsToPlayoutSources(playoutDevice, when);
}

void Module::ensureWatchdog() {
    if (mWatchdog == nullptr) {
        mWatchdog = std::make_unique<Watchdog>(mSettings.period, [this] { watch(); });
    }
}

void Module::watch() {
    std::lock_guard<std::mutex> lock(mMutex);
    const int64_t now = monotonicNanos();
    if (++mTicks % mSettings.loopbackRewireTicks == 0) {
        // New players (other modules, other processes) may have come to the playout device since the
        // loopback started. A failure here is not reported: the loopback keeps what it had, and a
        // server that went away is reported by the checks below.
        rewireLoopbackLocked(WireWhen::IfGraphChanged);
    }
    for (const std::shared_ptr<Stream>& stream : mStreams) {
        if (stream == nullptr || stream->state() != StreamState::Running || stream->stopRequested()) {
            continue;
        }
        const StreamKind kind = stream->kind();
        const int32_t device = stream->config().device;
        const int active = stream->backend->isActive();
        if (active <= 0 || stream->finishedUnrequested()) {
            // Dead without a stop request: the server or device went away. Isolate it first, so that
            // the application's stop and close return at once instead of waiting on the host.
            const bool isolated = stream->backend->isolate();
            stream->setState(StreamState::Failed);
            fail(kind, runtimeErrorFor(kind),
                 std::string(toText(kind)) + " stopped while running: the host reports the stream " +
                     (active < 0 ? "invalid" : "inactive") + " (the sound server or device went away)" +
                     (isolated ? "; the stream was isolated, so stop and close will not wait for the host" : ""),
                 device, active < 0 ? active : 0);
            publishState(*stream, StreamState::Failed);
            continue;
        }
        const uint64_t callbacks = stream->callbacks();
        const int64_t last = callbacks == 0 ? stream->startedNanos() : stream->lastCallbackNanos();
        const int64_t gap = now - last;
        const StreamConfig& config = stream->config();
        const int64_t bufferNanos =
            config.framesPerBuffer == 0
                ? 0
                : static_cast<int64_t>(1e9 * config.framesPerBuffer / config.sampleRate) * mSettings.stallBuffers;
        const int64_t stallNanos = std::max(toNanos(mSettings.minStall), bufferNanos);
        if (kind != StreamKind::Playout && callbacks == 0 && gap > toNanos(mSettings.noInput)) {
            if (!stream->noInputReported) {
                stream->noInputReported = true;
                fail(kind, ErrorCode::AdmRecordAudioFailed,
                     std::string(toText(kind)) + " has delivered no audio at all " + std::to_string(gap / 1'000'000) +
                         " ms after start",
                     device);
            }
        } else if (gap > stallNanos && !stream->stallReported) {
            stream->stallReported = true;
            EventRecord record;
            record.type = static_cast<int32_t>(EventType::Warning);
            record.code = static_cast<int32_t>(malfunctionWarningFor(kind));
            record.stream = static_cast<int32_t>(kind);
            record.device = device;
            record.firstNanos = last;
            record.lastNanos = now;
            record.value = gap;
            mEvents->publishWithMessage(record, std::string(toText(kind)) + " callbacks stalled: none for " +
                                                    std::to_string(gap / 1'000'000) +
                                                    " ms although the host reports the stream active");
        } else if (gap <= stallNanos && stream->stallReported) {
            stream->stallReported = false;  // callbacks came back: say the stream runs again
            publishState(*stream, StreamState::Running, gap);
        }
    }
    mEvents->relayWake();  // for what the audio threads published without waking the dispatcher
}

}  // namespace adm
