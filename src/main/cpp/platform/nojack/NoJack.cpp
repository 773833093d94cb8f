// A build without JACK (another platform, or no libjack): PortAudio has no JACK host, so no stream is ever
// on JACK and loopback by wiring is not possible; the wiring says so when asked.
#include "JackPatchbay.h"
#include "JackPortReuse.h"
#include "JackServerWatch.h"

namespace adm {

std::vector<std::string> portAudioJackPorts(const char* /*prefix*/) { return {}; }

void quietJackLogs() {}

double jackPeriodSeconds() { return 0.0; }

int openJackPatchbays() noexcept { return 0; }

unsigned long jackPortsReused() noexcept { return 0; }

std::size_t jackPortsKept() noexcept { return 0; }

void watchJackServer() {}

void unwatchJackServer() {}

uint64_t jackServerDeaths() noexcept { return 0; }

bool jackServerListening() { return false; }

std::string jackServerSocketName() { return ""; }

bool jackIsPipeWire() noexcept { return false; }

struct JackPatchbay::Client {};

JackPatchbay::JackPatchbay() : mClient(std::make_unique<Client>()) {}

JackPatchbay::~JackPatchbay() = default;

bool JackPatchbay::wire(const std::vector<std::string>& /*inputs*/, const std::string& /*device*/,
                        bool /*onlyIfChanged*/, std::string& error) {
    error = "this build of admbridge has no JACK support";
    return false;
}

}  // namespace adm
