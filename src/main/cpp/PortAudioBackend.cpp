// The PortAudio backend: the only file that includes portaudio.h.
#include <alsa/asoundlib.h>
#include <jack/jack.h>
#include <portaudio.h>

#include <mutex>
#include <string>
#include <vector>

#include "Backend.h"

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
ADM_SAME_ERROR(TimedOut, paTimedOut);
ADM_SAME_ERROR(InternalError, paInternalError);
ADM_SAME_ERROR(DeviceUnavailable, paDeviceUnavailable);
ADM_SAME_ERROR(StreamIsStopped, paStreamIsStopped);
ADM_SAME_ERROR(StreamIsNotStopped, paStreamIsNotStopped);
ADM_SAME_ERROR(HostApiNotFound, paHostApiNotFound);
ADM_SAME_ERROR(BadBufferPtr, paBadBufferPtr);
#undef ADM_SAME_ERROR

/// PortAudio's own initialization is counted too, but a process-wide count of ours makes the
/// last-close-terminates rule explicit and lets a dead host be re-initialized later.
struct Runtime {
    std::mutex mutex;
    int users = 0;
};

/// PortAudio's ALSA host probes every configured PCM and libasound prints each miss to stderr
/// (dozens of lines on a machine without a card). Those probes are expected; real failures
/// reach the caller through PaError, so the library's chatter is dropped.
void ignoreAlsaMessage(const char* /*file*/, int /*line*/, const char* /*function*/, int /*err*/,
                       const char* /*fmt*/, ...) {}

/// Likewise libjack prints "Cannot connect to server socket" when no JACK server runs, which
/// is a normal answer to the probe (PortAudio then lists no JACK device).
void ignoreJackMessage(const char* /*message*/) {}

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

class PortAudioBackend final : public Backend {
public:
    BackendResult initialize() override {
        Runtime& rt = runtime();
        std::lock_guard<std::mutex> lock(rt.mutex);
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
        std::lock_guard<std::mutex> lock(rt.mutex);
        if (rt.users == 0) {
            return resultOf(paNotInitialized);
        }
        if (--rt.users == 0) {
            return resultOf(Pa_Terminate());
        }
        return {};
    }

    BackendResult listDevices(std::vector<DeviceInfo>& out) override {
        out.clear();
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
};

}  // namespace

std::shared_ptr<Backend> makePortAudioBackend() { return std::make_shared<PortAudioBackend>(); }

}  // namespace adm
