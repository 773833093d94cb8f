// A build without ALSA: no libasound to quiet, no device nodes to refuse access (the host API reports its own).
#include "AlsaHost.h"

namespace adm {

void quietAlsaLogs() {}

bool alsaNodesAccessible(std::string& /*denied*/) { return true; }

}  // namespace adm
