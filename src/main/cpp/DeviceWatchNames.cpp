#include "DeviceWatch.h"

#include "JackServerWatch.h"

namespace adm {

bool isSoundCardNode(const std::string& name) {
    return name.rfind("pcmC", 0) == 0 || name.rfind("controlC", 0) == 0;
}

bool isJackServerSocket(const std::string& name) {
    // JACK_DEFAULT_SERVER is in the environment before this thread starts (the watch's first device list
    // initialized PortAudio, which sets it), and later changes only replace its value: no reallocation of the
    // environment races with this read.
    const std::string server = jackServerSocketName();
    return !server.empty() && name == server;
}

}  // namespace adm
