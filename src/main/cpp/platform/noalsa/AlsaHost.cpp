// A build without ALSA: no libasound to quiet, no device nodes to refuse access (the host API reports its own).
#include "AlsaHost.h"

namespace adm {

void quietAlsaLogs() {}

bool alsaNodesAccessible(std::string& /*denied*/) { return true; }

bool isSoundServerPcm(const std::string& /*name*/) { return false; }

std::vector<MonitorRoute> defaultSinkMonitorRoutes() { return {}; }

PipewirePropsScope::PipewirePropsScope(const std::string& /*props*/) {}

PipewirePropsScope::~PipewirePropsScope() = default;

std::vector<std::string> answeringSoundServerSockets() { return {}; }

bool soundServerSocketAnswers(const std::string& /*path*/) { return true; }

void watchSoundServers() {}

void unwatchSoundServers() {}

uint64_t soundServerDeaths() noexcept { return 0; }

std::shared_ptr<void> alsaPcmStreamInfo(const std::string& /*pcm*/) { return nullptr; }

void holdPipeWireInitialized() noexcept {}

}  // namespace adm
