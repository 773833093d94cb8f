// What an application asks of a stream: device, format and buffering.
#pragma once

#include <cstdint>
#include <string>

#include "SampleFormat.h"

namespace adm {

struct StreamConfig {
    static constexpr int32_t kDefaultDevice = -1;

    int32_t device = kDefaultDevice;  ///< backend device index, or the default device of the direction
    std::string deviceName;           ///< when not empty: the first device of the direction with this name
    int32_t channels = 2;
    SampleFormat format = SampleFormat::Float32;
    double sampleRate = 48000.0;
    uint32_t framesPerBuffer = 0;     ///< 0: the backend chooses
    double suggestedLatency = 0.0;    ///< seconds; 0: the device's default low latency
};

/// The limits of a stream's configuration (ERR_INVALID_ARGUMENT outside them). Java mirrors them as the
/// constants of dev.admbridge.StreamConfig; a test compares the two.
constexpr int32_t kMaxChannels = 64;
constexpr double kMinSampleRate = 8000.0;
constexpr double kMaxSampleRate = 384000.0;
constexpr uint32_t kMaxFramesPerBuffer = 16384;
constexpr double kMaxSuggestedLatency = 2.0;

/// An empty string when `config` is acceptable, else what is wrong and what is expected.
std::string validate(const StreamConfig& config);

/// "device 0 \"system\", 2 ch float32 at 48000 Hz, 256 frames/buffer": for messages.
std::string describe(const StreamConfig& config, const std::string& deviceName);

}  // namespace adm
