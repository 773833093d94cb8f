// Loopback on JACK: what is played to a device's playback ports is captured by re-wiring a
// recording stream's input ports to the sources of those playback ports.
#pragma once

#include <string>
#include <vector>

namespace adm {

/// Full names of `client`'s ports whose short name starts with `prefix` (e.g. "in_"), in port order.
std::vector<std::string> jackPortsOfClient(const std::string& client, const std::string& prefix);

/**
 * Disconnects each of `inputs` and connects to input i every port that feeds playback port
 * i (modulo their count) of the JACK client `device` (e.g. "system"). Control path only.
 * False with `error` set when the server cannot be reached or a connection fails.
 */
bool wireJackInputsToPlaybackSources(const std::vector<std::string>& inputs, const std::string& device,
                                     std::string& error);

}  // namespace adm
