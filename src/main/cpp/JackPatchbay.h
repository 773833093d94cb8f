// Loopback on JACK: what is played to a device's playback ports is captured by wiring a
// recording stream's input ports to the sources of those playback ports. A seam: platform/jack/ wires
// with libjack, platform/nojack/ (a build without JACK) reports that it cannot.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace adm {

/// The JACK ports that PortAudio's own client has now whose short name starts with `prefix` ("in_"):
/// PortAudio names them in_N/out_N, counting up per client, so the new ones after an open are that stream's.
/// Call with the host lock held (it asks PortAudio for its client's name). Empty without JACK.
std::vector<std::string> portAudioJackPorts(const char* prefix);

/// One period of the JACK server PortAudio is connected to, in seconds (its buffer size over its rate): the least
/// latency a JACK device has. 0 without a server. Call with the host lock held.
double jackPeriodSeconds();

/// JackPatchbay clients open now in this process. PortAudio is re-initialized only when there are none
/// (a client left from a dead server would keep libjack's state of it alive: see JackServerWatch.h).
int openJackPatchbays() noexcept;

/// Keeps libjack from printing "Cannot connect to server socket" when no server runs: a normal answer
/// to PortAudio's probe (it then lists no JACK device). Real failures reach callers through PaError.
void quietJackLogs();

/// A JACK client with no ports that keeps a loopback's inputs wired to what feeds a device's
/// playback ports. Control path and watchdog only; never on an audio thread. It is activated (without
/// a process callback, so the server never schedules it) only to hear of new ports and connections:
/// the watchdog's look then costs nothing until the graph changes.
class JackPatchbay {
public:
    JackPatchbay();
    ~JackPatchbay();
    JackPatchbay(const JackPatchbay&) = delete;
    JackPatchbay& operator=(const JackPatchbay&) = delete;

    /**
     * Makes input i fed by exactly the ports that feed playback port i (modulo their count) of the
     * JACK client `device` (e.g. "system"): connects what is new, disconnects what left. Connections
     * that already hold are not touched, so calling it again never interrupts the captured audio.
     * With `onlyIfChanged`, skips the work when JACK reported no change since the last call for the same ports.
     * False with `error` set when the server cannot be reached or a connection fails.
     */
    bool wire(const std::vector<std::string>& inputs, const std::string& device, bool onlyIfChanged, std::string& error);

private:
    bool wireNow(const std::vector<std::string>& inputs, const std::string& device, std::string& error);

    struct Client;
    std::unique_ptr<Client> mClient;
};

}  // namespace adm
