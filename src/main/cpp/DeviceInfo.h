// One audio device as the backend reports it.
#pragma once

#include <cstdint>
#include <string>

namespace adm {

struct DeviceInfo {
    int32_t index = -1;  ///< backend device index, valid until the backend is re-initialized
    std::string name;
    std::string hostApi;
    int32_t maxInputChannels = 0;
    int32_t maxOutputChannels = 0;
    double defaultSampleRate = 0.0;
    double defaultLowInputLatency = 0.0;  ///< seconds
    double defaultHighInputLatency = 0.0;
    double defaultLowOutputLatency = 0.0;
    double defaultHighOutputLatency = 0.0;
    bool defaultInput = false;  ///< the system's default recording device
    bool defaultOutput = false; ///< the system's default playout device
};

}  // namespace adm
