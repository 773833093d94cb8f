#include "DeviceWatch.h"

namespace adm {

bool isSoundCardNode(const std::string& name) {
    return name.rfind("pcmC", 0) == 0 || name.rfind("controlC", 0) == 0;
}

bool isJackServerSocket(const std::string& name) {
    // jack_default_0_0, jack_admbridge-junit-1_1000_0; not jack_sem.*, jack-0-0 (shared memory), jack_db-0.
    if (name.rfind("jack_", 0) != 0 || name.rfind("jack_sem", 0) == 0 || name.size() < 9 ||
        name.compare(name.size() - 2, 2, "_0") != 0) {
        return false;
    }
    const std::size_t uidEnd = name.size() - 2;
    const std::size_t uidStart = name.rfind('_', uidEnd - 1);
    if (uidStart == std::string::npos || uidStart <= 5 || uidStart + 1 >= uidEnd) {
        return false;
    }
    for (std::size_t i = uidStart + 1; i < uidEnd; ++i) {
        if (name[i] < '0' || name[i] > '9') {
            return false;
        }
    }
    return true;
}

}  // namespace adm
