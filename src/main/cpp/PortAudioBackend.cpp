// The PortAudio backend (Backend): the host library's life, its device list and stream opening. Its streams
// are PortAudioStream; the runtime and the host lock are PortAudioRuntime. Only these files include portaudio.h.
#include <portaudio.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <thread>
#include <utility>
#include <memory>
#include <string>
#include <vector>

#include "AlsaHost.h"
#include "Backend.h"
#include "JackPatchbay.h"
#include "JackServerWatch.h"
#include "LatencySanity.h"
#include "PortAudioCallbacks.h"
#include "PortAudioRuntime.h"
#include "PortAudioStream.h"

namespace adm {
namespace portaudio {
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

PaStreamParameters paParameters(const StreamDirection& direction) {
    PaStreamParameters parameters{};
    parameters.device = direction.device;
    parameters.channelCount = direction.channels;
    parameters.sampleFormat = direction.format == SampleFormat::Int16 ? paInt16 : paFloat32;
    parameters.suggestedLatency = direction.suggestedLatency;
    parameters.hostApiSpecificStreamInfo = nullptr;
    return parameters;
}

// The default device: a running JACK server's, else PortAudio's. PortAudio picks its first host with
// devices, ALSA, whose list then holds the ALSA "jack" plug-in PCM (libasound2-plugins) routed through the
// same server: a resampling, re-buffering detour whose ports the loopback cannot wire.
PaDeviceIndex preferredDefault(bool input) {
    const PaHostApiIndex jack = Pa_HostApiTypeIdToHostApiIndex(paJACK);
    if (const PaHostApiInfo* host = jack >= 0 ? Pa_GetHostApiInfo(jack) : nullptr; host != nullptr) {
        const PaDeviceIndex device = input ? host->defaultInputDevice : host->defaultOutputDevice;
        if (device != paNoDevice) {
            return device;
        }
    }
    return input ? Pa_GetDefaultInputDevice() : Pa_GetDefaultOutputDevice();
}

class PortAudioBackend final : public Backend {
public:
    explicit PortAudioBackend(HostOptions options) : mOptions(std::move(options)) {}

    // A module's open only counts it: PortAudio initializes at the first call that needs it (PortAudioRuntime.h).
    BackendResult initialize() override {
        return withHostLock([this](const HostLock& lock) {
            Runtime& rt = runtime();
            if (rt.users > 0 && rt.jackServer != mOptions.jackServer) {
                return BackendResult{static_cast<PaError>(BackendError::OtherJackServer), 0,
                                     std::to_string(rt.users) + " open module(s) of this process use " +
                                         jackServerText(rt.jackServer) + ", and all modules of a process share " +
                                         "one PortAudio; close them before opening one on " +
                                         jackServerText(mOptions.jackServer)};
            }
            if (rt.users == 0 && rt.jackServer != mOptions.jackServer) {
                if (PaError error = releaseHost(lock); error != paNoError) {  // still up for the last module's server
                    return resultOf(error);
                }
                rt.jackServer = mOptions.jackServer;
            }
            ++rt.users;
            return BackendResult{};
        });
    }

    // The last module's close leaves PortAudio to the idle release (PortAudioRuntime.h).
    BackendResult terminate() override {
        return withHostLock([](const HostLock&) {
            Runtime& rt = runtime();
            if (rt.users == 0) {
                return resultOf(paNotInitialized);
            }
            --rt.users;
            return BackendResult{};
        });
    }

    BackendResult reinitialize() override {
        return withHostLock([](const HostLock& lock) {
            Runtime& rt = runtime();
            if (rt.users == 0) {
                return resultOf(paNotInitialized);
            }
            if (rt.openStreams.load() > 0) {
                return BackendResult{paStreamIsNotStopped, 0, std::to_string(rt.openStreams.load()) +
                                                                  " stream(s) of this process are still open"};
            }
            return resultOf(acquireHost(lock, Renew::Always));
        });
    }

    BackendResult listDevices(std::vector<DeviceInfo>& out) override {
        out.clear();
        return withHostLock([this, &out](const HostLock& lock) {
            if (PaError error = acquireHost(lock, Renew::IfEmpty); error != paNoError) {
                return resultOf(error);
            }
            const PaDeviceIndex count = Pa_GetDeviceCount();
            if (count < 0) {
                return resultOf(count);
            }
            // PortAudio is not renewed under open streams: a JACK server it knew that died since is left out
            // of its list rather than listed as if it were there.
            const bool jackGone = jackDiedSinceInit(lock);
            const PaDeviceIndex defaultInput = jackGone ? Pa_GetDefaultInputDevice() : preferredDefault(true);
            const PaDeviceIndex defaultOutput = jackGone ? Pa_GetDefaultOutputDevice() : preferredDefault(false);
            out.reserve(static_cast<std::size_t>(count));
            for (PaDeviceIndex i = 0; i < count; ++i) {
                const PaDeviceInfo* info = Pa_GetDeviceInfo(i);
                if (info != nullptr && !(jackGone && hostKindOf(i) == HostKind::Jack)) {
                    out.push_back(deviceOf(i, *info, i == defaultInput, i == defaultOutput));
                }
            }
            mLastListStale.store(hostStale(lock), std::memory_order_release);  // acquireHost renewed it if it could
            return BackendResult{};
        });
    }

    bool lastListStale() const noexcept override { return mLastListStale.load(std::memory_order_acquire); }

    std::string name() const override { return Pa_GetVersionText(); }

    BackendResult openStream(const StreamRequest& request, StreamCallback* callback,
                             std::unique_ptr<BackendStream>& out) override {
        return withHostLock([&](const HostLock& lock) { return open(lock, request, callback, out); });
    }

    BackendResult isFormatSupported(const StreamRequest& request) override {
        return withHostLock([&request](const HostLock& lock) {
            if (PaError error = acquireHost(lock); error != paNoError) {
                return resultOf(error);
            }
            const PaStreamParameters input = paParameters(request.input);
            const PaStreamParameters output = paParameters(request.output);
            return resultOf(Pa_IsFormatSupported(request.hasInput ? &input : nullptr,
                                                 request.hasOutput ? &output : nullptr, request.sampleRate));
        });
    }

    int32_t defaultDevice(bool input) override {
        return withHostLock(int32_t{-1}, [input](const HostLock& lock) {
            acquireHost(lock);  // a failure leaves PortAudio uninitialized: no device, below
            const PaDeviceIndex device = preferredDefault(input);
            return device == paNoDevice ? int32_t{-1} : device;
        });
    }

    HostKind hostKind(int32_t device) override {
        return withHostLock(HostKind::Other, [device](const HostLock& lock) {
            acquireHost(lock);  // a failure leaves PortAudio uninitialized: no host, below
            return hostKindOf(device);
        });
    }

    uint64_t hostDeaths(HostKind host) noexcept override {
        if (host == HostKind::Jack) {
            return jackServerDeaths() + (jackIsPipeWire() ? soundServerDeaths() : 0);  // see jackIsPipeWire()
        }
        return host == HostKind::Alsa ? soundServerDeaths() : 0;
    }

    std::string deviceName(int32_t device) override {
        return withHostLock(std::string(), [device](const HostLock& lock) {
            acquireHost(lock);  // a failure leaves PortAudio uninitialized: no name, below
            const PaDeviceInfo* info = device >= 0 && device < Pa_GetDeviceCount() ? Pa_GetDeviceInfo(device) : nullptr;
            return std::string(info != nullptr && info->name != nullptr ? info->name : "");
        });
    }

private:
    static DeviceInfo deviceOf(PaDeviceIndex index, const PaDeviceInfo& info, bool defaultInput, bool defaultOutput) {
        const PaHostApiInfo* host = Pa_GetHostApiInfo(info.hostApi);
        DeviceInfo device;
        device.index = index;
        device.name = info.name != nullptr ? info.name : "";
        device.hostApi = host != nullptr && host->name != nullptr ? host->name : "";
        device.maxInputChannels = info.maxInputChannels;
        device.maxOutputChannels = info.maxOutputChannels;
        device.defaultSampleRate = info.defaultSampleRate;
        // A JACK device without a latency (PipeWire's JACK API reports 0) has at least one period.
        const double least = host != nullptr && host->type == paJACK ? jackPeriodSeconds() : 0.0;
        device.defaultLowInputLatency = plausibleLatency(info.defaultLowInputLatency, least);
        device.defaultHighInputLatency = plausibleLatency(info.defaultHighInputLatency, least);
        device.defaultLowOutputLatency = plausibleLatency(info.defaultLowOutputLatency, least);
        device.defaultHighOutputLatency = plausibleLatency(info.defaultHighOutputLatency, least);
        device.defaultInput = defaultInput;
        device.defaultOutput = defaultOutput;
        return device;
    }

    static BackendResult open(const HostLock& lock, const StreamRequest& request, StreamCallback* callback,
                              std::unique_ptr<BackendStream>& out) {
        const Renew renew = runtime().opensSinceInit >= kOpensBetweenReinit ? Renew::Always : Renew::No;
        if (PaError error = acquireHost(lock, renew); error != paNoError) {
            return resultOf(error);
        }
        PaStreamParameters input = paParameters(request.input);
        const PaStreamParameters output = paParameters(request.output);
        const HostKind host = hostKindOf(request.hasInput ? input.device : output.device);
        if (std::string denied; host == HostKind::Alsa && !alsaNodesAccessible(denied)) {
            return BackendResult{static_cast<int32_t>(BackendError::PermissionDenied), EACCES,
                                 "no permission to use the sound device nodes (" + denied +
                                     " and the others refuse read/write; is the user in the \"audio\" group?)"};
        }
        // PortAudio names JACK ports in_N/out_N with N counting up per client: the new ones are this stream's.
        const bool wired = host == HostKind::Jack && request.hasInput;
        const std::vector<std::string> portsBefore = wired ? portAudioJackPorts("in_") : std::vector<std::string>{};
        const std::size_t outputBytesPerFrame =
            request.hasOutput ? static_cast<std::size_t>(request.output.channels) * bytesPerSample(request.output.format)
                              : 0;
        auto gate = std::make_unique<CallbackGate>(callback, outputBytesPerFrame);
        PaStream* stream = nullptr;
        auto openWith = [&](const PaStreamParameters* in) {
            return Pa_OpenStream(&stream, in, request.hasOutput ? &output : nullptr, request.sampleRate,
                                 request.framesPerBuffer == 0 ? paFramesPerBufferUnspecified : request.framesPerBuffer,
                                 paNoFlag, &onPortAudioCallback, gate.get());
        };
        if (request.hasInput && request.input.defaultSinkMonitor) {
            if (BackendResult opened = openSinkMonitor(input, openWith); !opened.ok()) {
                return opened;
            }
        } else if (PaError error = openWith(request.hasInput ? &input : nullptr); error != paNoError) {
            return resultOf(error);  // PortAudio cleaned up after itself: it calls nothing
        }
        ++runtime().opensSinceInit;
        Pa_SetStreamFinishedCallback(stream, &onPortAudioFinished);
        std::vector<std::string> ours;
        // A loaded machine was seen to list the ports a moment late: look again a few times before giving up
        // (the loopback's start then says it has no input ports).
        for (int look = 0; wired && ours.empty() && look < 10; ++look) {
            if (look > 0) {
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            }
            for (std::string& port : portAudioJackPorts("in_")) {
                if (std::find(portsBefore.begin(), portsBefore.end(), port) == portsBefore.end()) {
                    ours.push_back(std::move(port));
                }
            }
        }
        ++runtime().openStreams;
        // An ALSA stream may reach a sound server that can die under it: remember which answered (AlsaHost.h).
        out = std::make_unique<PortAudioStream>(stream, std::move(gate), host, std::move(ours),
                                                host == HostKind::Alsa ? answeringSoundServerSockets()
                                                                       : std::vector<std::string>{});
        return BackendResult{};
    }

    /// Opens `input` on the first ALSA PCM that reaches the default sink's monitor (AlsaHost.h).
    template <typename Open>
    static BackendResult openSinkMonitor(PaStreamParameters input, Open& openWith) {
        std::string tried;
        for (const MonitorRoute& route : defaultSinkMonitorRoutes()) {
            const std::shared_ptr<void> info = alsaPcmStreamInfo(route.pcm);
            input.device = paUseHostApiSpecificDeviceSpecification;
            input.hostApiSpecificStreamInfo = info.get();
            const PipewirePropsScope props(route.pipewireProps);
            const PaError error = openWith(&input);
            if (error == paNoError) {
                return BackendResult{};
            }
            tried += (tried.empty() ? "" : ", ") + route.pcm + " (" + Pa_GetErrorText(error) + ")";
        }
        return BackendResult{static_cast<int32_t>(BackendError::NoMonitorRoute), 0,
                             "no ALSA PCM reaches the default sink's monitor" +
                                 (tried.empty() ? std::string(" in this build") : " (tried " + tried + ")") +
                                 "; run PipeWire with its ALSA plug-in (Debian: pipewire-alsa), or PulseAudio with "
                                 "ALSA's \"pulse\" PCM (Debian: libasound2-plugins), run the application on "
                                 "PipeWire's JACK API (pw-jack), or open the loopback on a named monitor device"};
    }

private:
    static std::string jackServerText(const std::string& server) {
        return server.empty() ? "the process's own JACK server" : "JACK server \"" + server + "\"";
    }

    const HostOptions mOptions;
    std::atomic<bool> mLastListStale{false};
};

}  // namespace
}  // namespace portaudio

std::shared_ptr<Backend> makePortAudioBackend(HostOptions options) {
    return std::make_shared<portaudio::PortAudioBackend>(std::move(options));
}

bool isValidJackServerName(const std::string& name) noexcept {
    if (name.size() > kMaxJackServerName) {
        return false;
    }
    for (const char c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '/' || u <= ' ' || u == 0x7f) {
            return false;
        }
    }
    return true;
}

std::string backendErrorText(int32_t error) {
    if (error == static_cast<int32_t>(BackendError::PermissionDenied)) {
        return "Permission denied";  // ours: PortAudio has no number for it
    }
    if (error == static_cast<int32_t>(BackendError::HostNotAnswering)) {
        return "The audio host is not answering";  // ours
    }
    if (error == static_cast<int32_t>(BackendError::HostGone)) {
        return "The audio host went away";  // ours
    }
    if (error == static_cast<int32_t>(BackendError::OtherJackServer)) {
        return "Connected to another JACK server";  // ours
    }
    return error == 0 ? "" : Pa_GetErrorText(error);  // a static string, whatever the number
}

}  // namespace adm
