#include "DeviceResolver.h"

#include <algorithm>
#include <string>
#include <vector>

#include "AlsaHost.h"
#include "ErrorMapping.h"

namespace adm {
namespace {

const char* direction(bool input) { return input ? "recording" : "playout"; }

}  // namespace

bool serves(const DeviceInfo& device, bool input) {
    return (input ? device.maxInputChannels : device.maxOutputChannels) > 0;
}

bool servesAny(const std::vector<DeviceInfo>& devices, bool input) {
    return std::any_of(devices.begin(), devices.end(), [input](const DeviceInfo& d) { return serves(d, input); });
}

Status DeviceResolver::resolve(StreamKind kind, const StreamConfig& requested, ResolvedStream& out) {
    if (!isStreamKind(kind)) {
        return Status::failure(ErrorCode::InvalidArgument,
                               "stream kind must be playout (1), recording (2) or loopback (3), was " +
                                   std::to_string(static_cast<int32_t>(kind)));
    }
    if (std::string why = validate(requested); !why.empty()) {
        return Status::failure(ErrorCode::InvalidArgument, why);
    }
    const bool input = isCapture(kind);
    std::vector<DeviceInfo> devices;
    mBackend.listDevices(devices);  // a failed list is an empty one: the messages below say so
    out.noDeviceForDirection = !servesAny(devices, input);
    StreamConfig config = requested;
    if (Status status = findDevice(kind, requested, devices, config.device); !status.ok()) {
        return status;
    }
    config.deviceName.clear();
    const auto device = std::find_if(devices.begin(), devices.end(),
                                     [&](const DeviceInfo& d) { return d.index == config.device; });
    if (device == devices.end()) {
        return Status::failure(ErrorCode::InvalidArgument,
                               "no device has index " + std::to_string(config.device) + " (there are " +
                                   std::to_string(devices.size()) + "; list them again after the host re-initialized)");
    }
    if (!serves(*device, input)) {
        return Status::failure(mapBackendError(CallSite::Open, kind, 0),
                               "device " + std::to_string(config.device) + " \"" + device->name + "\" cannot " +
                                   (input ? "record" : "play out") + ": it has no " + (input ? "input" : "output") +
                                   " channels");
    }
    const HostKind host = mBackend.hostKind(config.device);
    const bool defaultLoopback = kind == StreamKind::Loopback && requested.device == StreamConfig::kDefaultDevice &&
                                 requested.deviceName.empty();
    if (defaultLoopback && host != HostKind::Jack && host != HostKind::Alsa) {
        return Status::failure(ErrorCode::NotSupported,
                               "loopback on the default device needs a JACK host to wire it or an ALSA host whose "
                               "sound server has a monitor source (this is " + describe(config, device->name) +
                                   "); name a monitor device instead");
    }
    StreamDirection stream;
    // On ALSA, what is played to a sound server's PCM is captured from its default sink's monitor; another ALSA
    // device is captured from as it is (a loopback source of its own, such as snd-aloop's).
    stream.defaultSinkMonitor = kind == StreamKind::Loopback && host == HostKind::Alsa &&
                                (defaultLoopback || isSoundServerPcm(device->name));
    stream.device = config.device;
    stream.channels = config.channels;
    stream.format = config.format;
    stream.suggestedLatency = config.suggestedLatency > 0.0 ? config.suggestedLatency
                              : input ? device->defaultLowInputLatency
                                      : device->defaultLowOutputLatency;
    out.request = StreamRequest{};
    out.request.hasInput = input;
    out.request.hasOutput = !input;
    (input ? out.request.input : out.request.output) = stream;
    out.request.sampleRate = config.sampleRate;
    out.request.framesPerBuffer = config.framesPerBuffer;
    out.config = config;
    out.device = *device;
    out.host = host;
    return Status::success();
}

Status DeviceResolver::findDevice(StreamKind kind, const StreamConfig& config, const std::vector<DeviceInfo>& devices,
                                  int32_t& index) {
    const bool input = isCapture(kind);
    if (!config.deviceName.empty()) {
        const auto named = std::find_if(devices.begin(), devices.end(), [&](const DeviceInfo& d) {
            return serves(d, input) && d.name == config.deviceName;
        });
        if (named == devices.end()) {
            std::string names;
            for (const DeviceInfo& d : devices) {
                if (serves(d, input)) {
                    names += (names.empty() ? "\"" : ", \"") + d.name + "\"";
                }
            }
            return Status::failure(mapBackendError(CallSite::Open, kind, 0),
                                   std::string("no ") + toText(kind) + " device is named \"" + config.deviceName +
                                       "\"; there are: [" + names + "]");
        }
        index = named->index;
        return Status::success();
    }
    index = config.device;
    if (index != StreamConfig::kDefaultDevice) {
        return Status::success();
    }
    if (kind == StreamKind::Loopback && mBackend.hostKind(mBackend.defaultDevice(true)) != HostKind::Jack) {
        // Only JACK can loop back by wiring: when the default input is elsewhere (an ALSA "default"
        // that a sound server serves), the first JACK device with inputs is the default loopback.
        const auto jack = std::find_if(devices.begin(), devices.end(), [&](const DeviceInfo& d) {
            return serves(d, input) && mBackend.hostKind(d.index) == HostKind::Jack;
        });
        if (jack != devices.end()) {
            index = jack->index;
            return Status::success();
        }
    }
    index = mBackend.defaultDevice(input);
    if (index < 0) {
        return Status::failure(mapBackendError(CallSite::Open, kind, 0),
                               std::string("no ") + toText(kind) + " device: the host reports no " + direction(input) +
                                   " device at all (no sound card, and no sound server such as JACK running)");
    }
    return Status::success();
}

}  // namespace adm
