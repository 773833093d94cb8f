#include "StreamConfig.h"

#include <cmath>
#include <sstream>

namespace adm {

std::string validate(const StreamConfig& config) {
    std::ostringstream why;
    if (config.device < StreamConfig::kDefaultDevice) {
        why << "device must be an index >= 0 or -1 for the default, was " << config.device;
    } else if (!config.deviceName.empty() && config.device != StreamConfig::kDefaultDevice) {
        why << "name a device or give its index, not both (index " << config.device << ", name \""
            << config.deviceName << "\")";
    } else if (config.channels < 1 || config.channels > kMaxChannels) {
        why << "channels must be 1 to " << kMaxChannels << ", was " << config.channels;
    } else if (config.format != SampleFormat::Float32 && config.format != SampleFormat::Int16) {
        why << "format must be float32 (0) or int16 (1), was " << static_cast<int32_t>(config.format);
    } else if (!std::isfinite(config.sampleRate) || config.sampleRate < kMinSampleRate ||
               config.sampleRate > kMaxSampleRate) {
        why << "sample rate must be " << kMinSampleRate << " to " << kMaxSampleRate << " Hz, was "
            << config.sampleRate;
    } else if (config.framesPerBuffer > kMaxFramesPerBuffer) {
        why << "frames per buffer must be 0 (backend's choice) to " << kMaxFramesPerBuffer << ", was "
            << config.framesPerBuffer;
    } else if (!std::isfinite(config.suggestedLatency) || config.suggestedLatency < 0.0 ||
               config.suggestedLatency > kMaxSuggestedLatency) {
        why << "suggested latency must be 0 (device default) to " << kMaxSuggestedLatency << " s, was "
            << config.suggestedLatency;
    }
    return why.str();
}

std::string describe(const StreamConfig& config, const std::string& deviceName) {
    std::ostringstream text;
    text << "device " << config.device;
    if (!deviceName.empty()) {
        text << " \"" << deviceName << "\"";
    }
    text << ", " << config.channels << " ch " << toText(config.format) << " at " << config.sampleRate << " Hz";
    if (config.framesPerBuffer != 0) {
        text << ", " << config.framesPerBuffer << " frames/buffer";
    }
    return text.str();
}

}  // namespace adm
