// The PortAudio backend: the only file that includes portaudio.h.
#include <alsa/asoundlib.h>
#include <dirent.h>
#include <unistd.h>
#include <jack/jack.h>
#include <pa_jack.h>
#include <portaudio.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <memory>
#include <chrono>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "Backend.h"
#include "JackLoopbackWiring.h"

namespace adm {
namespace {

#define ADM_SAME_ERROR(ours, theirs) \
    static_assert(static_cast<int32_t>(BackendError::ours) == (theirs), "BackendError::" #ours " drifted from PortAudio")
ADM_SAME_ERROR(NotInitialized, paNotInitialized);
ADM_SAME_ERROR(UnanticipatedHostError, paUnanticipatedHostError);
ADM_SAME_ERROR(InvalidChannelCount, paInvalidChannelCount);
ADM_SAME_ERROR(InvalidSampleRate, paInvalidSampleRate);
ADM_SAME_ERROR(InvalidDevice, paInvalidDevice);
ADM_SAME_ERROR(SampleFormatNotSupported, paSampleFormatNotSupported);
ADM_SAME_ERROR(BadIODeviceCombination, paBadIODeviceCombination);
ADM_SAME_ERROR(InsufficientMemory, paInsufficientMemory);
ADM_SAME_ERROR(BufferTooBig, paBufferTooBig);
ADM_SAME_ERROR(BufferTooSmall, paBufferTooSmall);
ADM_SAME_ERROR(BadStreamPtr, paBadStreamPtr);
ADM_SAME_ERROR(TimedOut, paTimedOut);
ADM_SAME_ERROR(InternalError, paInternalError);
ADM_SAME_ERROR(DeviceUnavailable, paDeviceUnavailable);
ADM_SAME_ERROR(StreamIsStopped, paStreamIsStopped);
ADM_SAME_ERROR(StreamIsNotStopped, paStreamIsNotStopped);
ADM_SAME_ERROR(HostApiNotFound, paHostApiNotFound);
ADM_SAME_ERROR(InvalidHostApi, paInvalidHostApi);
ADM_SAME_ERROR(BadBufferPtr, paBadBufferPtr);
#undef ADM_SAME_ERROR
static_assert(kInputUnderflow == paInputUnderflow && kInputOverflow == paInputOverflow &&
              kOutputUnderflow == paOutputUnderflow && kOutputOverflow == paOutputOverflow &&
              kPrimingOutput == paPrimingOutput, "CallbackFlag drifted from PortAudio");

/// PortAudio's stream objects begin with this magic (pa_stream.h, PA_STREAM_MAGIC); PortAudio
/// rejects a stream without it with paBadStreamPtr before touching the host.
constexpr unsigned long kPortAudioStreamMagic = 0x18273645UL;

/// PortAudio's ALSA host probes every configured PCM and libasound prints each miss to stderr
/// (dozens of lines on a machine without a card). Those probes are expected; real failures
/// reach the caller through PaError, so the library's chatter is dropped.
void ignoreAlsaMessage(const char* /*file*/, int /*line*/, const char* /*function*/, int /*err*/,
                       const char* /*fmt*/, ...) {}

/// Likewise libjack prints "Cannot connect to server socket" when no JACK server runs, which
/// is a normal answer to the probe (PortAudio then lists no JACK device).
void ignoreJackMessage(const char* /*message*/) {}

/// PortAudio's own initialization is counted too, but a process-wide count of ours makes the
/// last-close-terminates rule explicit, and lets a dead host be re-initialized when no stream is open.
/// PortAudio is not thread-safe: its JACK host hands streams to its process thread through one
/// slot, and a failed port registration makes its cleanup assert (abort the JVM) -- both seen
/// under concurrent calls. So every call into PortAudio but Pa_IsStreamActive (a flag read the
/// watchdog needs) holds this lock. It is timed: a call that hangs in the host must not freeze
/// every other thread; they fail with paTimedOut instead.
struct Runtime {
    std::timed_mutex mutex;
    int users = 0;                        // guarded by mutex
    std::atomic<int> openStreams{0};      // open and not isolated
    std::atomic<bool> hostLost{false};    // a stream was isolated: PortAudio's host state is stale
};

constexpr std::chrono::seconds kHostLockTimeout{3};

/// The runtime's lock, or an owns_lock() == false one when the host stayed busy too long.
std::unique_lock<std::timed_mutex> lockHost(Runtime& rt) {
    return std::unique_lock<std::timed_mutex>(rt.mutex, kHostLockTimeout);
}

BackendResult hostBusy() {
    return BackendResult{paTimedOut, 0,
                         "another call into the audio host has not returned for 3 s (a host that hangs)"};
}

/// With the runtime locked: re-initializes PortAudio when a host went away (or when it lists no
/// device at all, in case a server has started since) and no stream is open to be cut off.
PaError refreshLocked(Runtime& rt, bool evenWithoutLoss) {
    if (rt.users == 0 || rt.openStreams.load() > 0 || !(rt.hostLost.load() || evenWithoutLoss)) {
        return paNoError;
    }
    rt.hostLost.store(false);
    if (PaError error = Pa_Terminate(); error != paNoError) {
        return error;
    }
    return Pa_Initialize();
}

Runtime& runtime() {
    static Runtime instance;
    return instance;
}

BackendResult resultOf(PaError error) {
    BackendResult result;
    result.error = error;
    if (error >= 0) {
        return result;
    }
    result.text = Pa_GetErrorText(error);
    if (error == paUnanticipatedHostError) {
        if (const PaHostErrorInfo* host = Pa_GetLastHostErrorInfo(); host != nullptr) {
            result.hostError = host->errorCode;
            if (host->errorText != nullptr && host->errorText[0] != '\0') {
                result.text += ": ";
                result.text += host->errorText;
            }
        }
    }
    return result;
}

PaSampleFormat paFormat(SampleFormat format) { return format == SampleFormat::Int16 ? paInt16 : paFloat32; }

PaStreamParameters paParameters(const StreamDirection& direction) {
    PaStreamParameters parameters{};
    parameters.device = direction.device;
    parameters.channelCount = direction.channels;
    parameters.sampleFormat = paFormat(direction.format);
    parameters.suggestedLatency = direction.suggestedLatency;
    parameters.hostApiSpecificStreamInfo = nullptr;
    return parameters;
}

HostKind hostKindOf(PaDeviceIndex device) {
    const PaDeviceInfo* info = device >= 0 ? Pa_GetDeviceInfo(device) : nullptr;
    if (info == nullptr) {
        return HostKind::Other;
    }
    const PaHostApiInfo* host = Pa_GetHostApiInfo(info->hostApi);
    if (host == nullptr) {
        return HostKind::Other;
    }
    return host->type == paJACK ? HostKind::Jack : host->type == paALSA ? HostKind::Alsa : HostKind::Other;
}

/// Whether this process may use ALSA's device nodes: false when /dev/snd has PCM nodes and none of
/// them can be opened for reading and writing (EACCES: not in the "audio" group, a sandbox).
bool alsaNodesAccessible(std::string& denied) {
    std::unique_ptr<DIR, int (*)(DIR*)> dir(opendir("/dev/snd"), &closedir);
    if (dir == nullptr) {
        return true;  // no ALSA devices at all: nothing to refuse
    }
    int pcm = 0;
    for (const dirent* entry = readdir(dir.get()); entry != nullptr; entry = readdir(dir.get())) {
        if (std::strncmp(entry->d_name, "pcmC", 4) != 0) {
            continue;
        }
        ++pcm;
        const std::string path = std::string("/dev/snd/") + entry->d_name;
        if (access(path.c_str(), R_OK | W_OK) == 0) {
            return true;
        }
        denied = path;
    }
    return pcm == 0;
}

/// The JACK port names PortAudio's client has now, for one direction ("in_" or "out_").
std::vector<std::string> jackClientPorts(const char* prefix) {
    const char* client = nullptr;
    if (PaJack_GetClientName(&client) != paNoError || client == nullptr) {
        return {};
    }
    return jackPortsOfClient(client, prefix);
}

class PortAudioStream final : public BackendStream {
public:
    PortAudioStream(PaStream* stream, HostKind host, std::vector<std::string> jackInputs)
        : mStream(stream), mHost(host), mJackInputs(std::move(jackInputs)) {}

    ~PortAudioStream() override { close(); }

    BackendResult start() override { return locked(&Pa_StartStream); }
    BackendResult stop() override { return locked(&Pa_StopStream); }
    BackendResult abort() override { return locked(&Pa_AbortStream); }

    BackendResult close() override {
        if (mStream == nullptr) {
            return {};
        }
        auto lock = lockHost(runtime());
        if (!lock.owns_lock()) {
            return hostBusy();
        }
        PaStream* stream = mStream;
        mStream = nullptr;
        mPatchbay.reset();
        const PaError error = Pa_CloseStream(stream);
        if (!mIsolated.load()) {
            --runtime().openStreams;
        }
        // An isolated stream answers paBadStreamPtr by design: that close did all there was to do.
        return mIsolated.load() ? BackendResult{} : resultOf(error);
    }

    int isActive() override { return mStream != nullptr ? Pa_IsStreamActive(mStream) : 0; }

    double inputLatency() override { return info().inputLatency; }
    double outputLatency() override { return info().outputLatency; }
    double sampleRate() override { return info().sampleRate; }

    bool isolate() noexcept override {
        // Never takes the host lock: the watchdog calls this while another call may hang in the host.
        // Only JACK is known to wait forever on a dead server (pa_jack.c RealStop: a 10-minute
        // timed wait for a process callback that never comes, reached from stop, abort, close and
        // Pa_Terminate). Clearing the magic makes PortAudio refuse the stream up front.
        if (mStream == nullptr || mIsolated.load() || mHost != HostKind::Jack) {
            return mIsolated.load();
        }
        auto* magic = static_cast<unsigned long*>(mStream);
        if (*magic != kPortAudioStreamMagic) {
            return false;  // not the layout we know: leave it alone
        }
        *magic = 0;
        mIsolated.store(true);
        --runtime().openStreams;
        runtime().hostLost.store(true);
        return true;
    }

    bool isolated() const noexcept override { return mIsolated.load(); }

    BackendResult wireInputsToPlayoutSources(int32_t playoutDevice, WireWhen when) override {
        if (mHost != HostKind::Jack) {
            return resultOf(paInvalidHostApi);
        }
        const PaDeviceInfo* device = Pa_GetDeviceInfo(playoutDevice);
        if (device == nullptr) {
            return resultOf(paInvalidDevice);
        }
        auto lock = lockHost(runtime());
        if (!lock.owns_lock()) {
            return hostBusy();
        }
        std::string error;
        if (mPatchbay == nullptr) {
            mPatchbay = std::make_unique<JackPatchbay>();
        }
        if (!mPatchbay->wire(mJackInputs, device->name, when == WireWhen::IfGraphChanged, error)) {
            return BackendResult{paUnanticipatedHostError, 0, "JACK wiring failed: " + error};
        }
        return {};
    }

private:
    BackendResult locked(PaError (*call)(PaStream*)) {
        auto lock = lockHost(runtime());
        if (!lock.owns_lock()) {
            return hostBusy();
        }
        return resultOf(call(mStream));
    }

    /// Stream info, copied under the host lock (zeros when closed, isolated or the host is busy).
    PaStreamInfo info() {
        auto lock = lockHost(runtime());
        const PaStreamInfo* info =
            lock.owns_lock() && mStream != nullptr && !mIsolated.load() ? Pa_GetStreamInfo(mStream) : nullptr;
        return info != nullptr ? *info : PaStreamInfo{};
    }

    PaStream* mStream;
    HostKind mHost;
    std::vector<std::string> mJackInputs;  // this stream's JACK input ports, for loopback wiring
    std::unique_ptr<JackPatchbay> mPatchbay;  // loopback: keeps mJackInputs wired to the playback's sources
    std::atomic<bool> mIsolated{false};
};

int onPortAudioCallback(const void* input, void* output, unsigned long frames, const PaStreamCallbackTimeInfo* time,
                        PaStreamCallbackFlags flags, void* userData) {
    CallbackTime callbackTime;
    if (time != nullptr) {
        callbackTime.inputAdcTime = time->inputBufferAdcTime;
        callbackTime.currentTime = time->currentTime;
        callbackTime.outputDacTime = time->outputBufferDacTime;
    }
    static_cast<StreamCallback*>(userData)->onAudio(input, output, frames, callbackTime,
                                                    static_cast<uint32_t>(flags));
    return paContinue;
}

void onPortAudioFinished(void* userData) { static_cast<StreamCallback*>(userData)->onFinished(); }

class PortAudioBackend final : public Backend {
public:
    BackendResult initialize() override {
        Runtime& rt = runtime();
        auto lock = lockHost(rt);
        if (!lock.owns_lock()) {
            return hostBusy();
        }
        if (rt.users == 0) {
            snd_lib_error_set_handler(&ignoreAlsaMessage);
            jack_set_error_function(&ignoreJackMessage);
            jack_set_info_function(&ignoreJackMessage);
            if (PaError error = Pa_Initialize(); error != paNoError) {
                return resultOf(error);
            }
        }
        ++rt.users;
        return {};
    }

    BackendResult terminate() override {
        Runtime& rt = runtime();
        auto lock = lockHost(rt);
        if (!lock.owns_lock()) {
            return hostBusy();
        }
        if (rt.users == 0) {
            return resultOf(paNotInitialized);
        }
        if (--rt.users == 0) {
            return resultOf(Pa_Terminate());
        }
        return {};
    }

    BackendResult reinitialize() override {
        Runtime& rt = runtime();
        auto lock = lockHost(rt);
        if (!lock.owns_lock()) {
            return hostBusy();
        }
        if (rt.users == 0) {
            return resultOf(paNotInitialized);
        }
        if (rt.openStreams.load() > 0) {
            return BackendResult{paStreamIsNotStopped, 0,
                                 std::to_string(rt.openStreams.load()) + " stream(s) of this process are still open"};
        }
        return resultOf(refreshLocked(rt, true));
    }

    BackendResult listDevices(std::vector<DeviceInfo>& out) override {
        out.clear();
        Runtime& rt = runtime();
        auto lock = lockHost(rt);
        if (!lock.owns_lock()) {
            return hostBusy();
        }
        if (PaError error = refreshLocked(rt, Pa_GetDeviceCount() == 0); error != paNoError) {
            return resultOf(error);
        }
        const PaDeviceIndex count = Pa_GetDeviceCount();
        if (count < 0) {
            return resultOf(count);
        }
        const PaDeviceIndex defaultInput = Pa_GetDefaultInputDevice();
        const PaDeviceIndex defaultOutput = Pa_GetDefaultOutputDevice();
        out.reserve(static_cast<std::size_t>(count));
        for (PaDeviceIndex i = 0; i < count; ++i) {
            const PaDeviceInfo* info = Pa_GetDeviceInfo(i);
            if (info == nullptr) {
                continue;
            }
            const PaHostApiInfo* host = Pa_GetHostApiInfo(info->hostApi);
            DeviceInfo device;
            device.index = i;
            device.name = info->name != nullptr ? info->name : "";
            device.hostApi = host != nullptr && host->name != nullptr ? host->name : "";
            device.maxInputChannels = info->maxInputChannels;
            device.maxOutputChannels = info->maxOutputChannels;
            device.defaultSampleRate = info->defaultSampleRate;
            device.defaultLowInputLatency = info->defaultLowInputLatency;
            device.defaultHighInputLatency = info->defaultHighInputLatency;
            device.defaultLowOutputLatency = info->defaultLowOutputLatency;
            device.defaultHighOutputLatency = info->defaultHighOutputLatency;
            device.defaultInput = i == defaultInput;
            device.defaultOutput = i == defaultOutput;
            out.push_back(std::move(device));
        }
        return {};
    }

    std::string name() const override { return Pa_GetVersionText(); }

    BackendResult openStream(const StreamRequest& request, StreamCallback* callback,
                             std::unique_ptr<BackendStream>& out) override {
        const PaStreamParameters input = paParameters(request.input);
        const PaStreamParameters output = paParameters(request.output);
        const PaDeviceIndex device = request.hasInput ? input.device : output.device;
        auto lock = lockHost(runtime());
        if (!lock.owns_lock()) {
            return hostBusy();
        }
        if (PaError error = refreshLocked(runtime(), false); error != paNoError) {
            return resultOf(error);
        }
        const HostKind host = hostKindOf(device);
        if (std::string denied; host == HostKind::Alsa && !alsaNodesAccessible(denied)) {
            return BackendResult{static_cast<int32_t>(BackendError::PermissionDenied), EACCES,
                                 "no permission to use the sound device nodes (" + denied +
                                     " and the others refuse read/write; is the user in the \"audio\" group?)"};
        }
        // PortAudio names JACK ports in_N/out_N with N counting up per client: the new ones are this stream's.
        const std::vector<std::string> portsBefore =
            host == HostKind::Jack && request.hasInput ? jackClientPorts("in_") : std::vector<std::string>{};
        PaStream* stream = nullptr;
        const PaError error =
            Pa_OpenStream(&stream, request.hasInput ? &input : nullptr, request.hasOutput ? &output : nullptr,
                          request.sampleRate, request.framesPerBuffer == 0 ? paFramesPerBufferUnspecified
                                                                            : request.framesPerBuffer,
                          paNoFlag, &onPortAudioCallback, callback);
        if (error != paNoError) {
            return resultOf(error);
        }
        Pa_SetStreamFinishedCallback(stream, &onPortAudioFinished);
        std::vector<std::string> ours;
        if (host == HostKind::Jack && request.hasInput) {
            for (std::string& port : jackClientPorts("in_")) {
                if (std::find(portsBefore.begin(), portsBefore.end(), port) == portsBefore.end()) {
                    ours.push_back(std::move(port));
                }
            }
        }
        ++runtime().openStreams;
        out = std::make_unique<PortAudioStream>(stream, host, std::move(ours));
        return {};
    }

    BackendResult isFormatSupported(const StreamRequest& request) override {
        auto lock = lockHost(runtime());
        if (!lock.owns_lock()) {
            return hostBusy();
        }
        const PaStreamParameters input = paParameters(request.input);
        const PaStreamParameters output = paParameters(request.output);
        return resultOf(Pa_IsFormatSupported(request.hasInput ? &input : nullptr,
                                             request.hasOutput ? &output : nullptr, request.sampleRate));
    }

    int32_t defaultDevice(bool input) override {
        auto lock = lockHost(runtime());
        if (!lock.owns_lock()) {
            return -1;
        }
        const PaDeviceIndex device = input ? Pa_GetDefaultInputDevice() : Pa_GetDefaultOutputDevice();
        return device == paNoDevice ? -1 : device;
    }

    HostKind hostKind(int32_t device) override {
        auto lock = lockHost(runtime());
        if (!lock.owns_lock()) {
            return HostKind::Other;
        }
        return hostKindOf(device);
    }

    std::string deviceName(int32_t device) override {
        auto lock = lockHost(runtime());
        if (!lock.owns_lock()) {
            return "";
        }
        const PaDeviceInfo* info = device >= 0 && device < Pa_GetDeviceCount() ? Pa_GetDeviceInfo(device) : nullptr;
        return info != nullptr && info->name != nullptr ? info->name : "";
    }
};

}  // namespace

std::shared_ptr<Backend> makePortAudioBackend() { return std::make_shared<PortAudioBackend>(); }

std::string backendErrorText(int32_t error) {
    if (error == static_cast<int32_t>(BackendError::PermissionDenied)) {
        return "Permission denied";  // ours: PortAudio has no number for it
    }
    return error == 0 ? "" : Pa_GetErrorText(error);  // a static string, whatever the number
}

}  // namespace adm
