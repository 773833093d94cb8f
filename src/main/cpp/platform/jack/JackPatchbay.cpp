// JackPatchbay on libjack, and what the backend asks of JACK besides PortAudio.
#include "JackPatchbay.h"

#include "JackWatchClient.h"

#include <jack/jack.h>
#include <pa_jack.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <memory>

namespace adm {
namespace {

/// A short-lived JACK client for patching: no ports, never activated, never starts a server.
struct JackClientCloser {
    void operator()(jack_client_t* client) const { jack_client_close(client); }
};
using JackClient = std::unique_ptr<jack_client_t, JackClientCloser>;

struct JackFreer {
    void operator()(const char** names) const { jack_free(static_cast<void*>(names)); }
};
using JackNames = std::unique_ptr<const char*, JackFreer>;

JackClient openPatchClient(jack_status_t* status = nullptr) {
    jack_status_t ignored{};
    return JackClient(jack_client_open("admbridge-patch", JackNoStartServer, status != nullptr ? status : &ignored));
}

std::vector<std::string> toVector(const JackNames& names) {
    std::vector<std::string> out;
    for (const char** name = names.get(); name != nullptr && *name != nullptr; ++name) {
        out.emplace_back(*name);
    }
    return out;
}

/// Regular expressions in jack_get_ports: escape the client name.
std::string escapeRegex(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (std::string("\\^$.|?*+()[]{}").find(c) != std::string::npos) {
            out += '\\';
        }
        out += c;
    }
    return out;
}

void ignoreJackMessage(const char* /*message*/) {}

/// The sink's own monitor of a playback port, where the server has one: PipeWire's JACK API names a sink's
/// ports "<sink>:playback_FL" and "<sink>:monitor_FL". There a link from another client's output to an input
/// carries silence (measured with PipeWire 0.3.65), and the monitor holds what every client plays to the sink.
std::string monitorOf(jack_client_t* patch, const std::string& playbackPort) {
    const std::string marker = ":playback_";
    const std::size_t at = playbackPort.rfind(marker);
    if (at == std::string::npos) {
        return {};
    }
    const std::string monitor = playbackPort.substr(0, at) + ":monitor_" + playbackPort.substr(at + marker.size());
    jack_port_t* port = jack_port_by_name(patch, monitor.c_str());
    return port != nullptr && (jack_port_flags(port) & JackPortIsOutput) != 0 ? monitor : std::string();
}

/// The decimal number that starts at `at` in a port's name ("client:in_12", 10 -> 12); 0 where there is none.
unsigned long portNumber(const std::string& port, std::size_t at) {
    unsigned long number = 0;
    for (std::size_t i = at; i < port.size() && port[i] >= '0' && port[i] <= '9'; ++i) {
        number = number * 10 + static_cast<unsigned long>(port[i] - '0');
    }
    return number;
}

std::string hex(unsigned value) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    do {
        out.insert(out.begin(), digits[value % 16]);
        value /= 16;
    } while (value != 0);
    return out;
}

}  // namespace

std::vector<std::string> portAudioJackPorts(const char* prefix) {
    const char* client = nullptr;
    if (PaJack_GetClientName(&client) != paNoError || client == nullptr) {
        return {};
    }
    // The watch's client answers: a client opened per look-up (twice per wired stream) made the server notify
    // every client each time, and each open and close is a chance for libjack's own trouble (docs/errors.md).
    JackClient own;
    jack_client_t* asking = watchingClient();
    if (asking == nullptr) {
        own = openPatchClient();
        asking = own.get();
    }
    if (asking == nullptr) {
        return {};
    }
    const std::string pattern = "^" + escapeRegex(client) + ":" + escapeRegex(prefix);
    std::vector<std::string> ports = toVector(JackNames(jack_get_ports(asking, pattern.c_str(), nullptr, 0)));
    // In PortAudio's order (in_1, in_2, ...), not the server's: PipeWire's JACK API lists a client's ports by
    // port id and hands freed ids out again last-freed first, so after a stream closed it listed in_4 before in_3
    // and a loopback wired in that order swapped its channels.
    const std::size_t numberAt = std::strlen(client) + 1 + std::strlen(prefix);
    std::sort(ports.begin(), ports.end(), [numberAt](const std::string& a, const std::string& b) {
        return portNumber(a, numberAt) < portNumber(b, numberAt);
    });
    return ports;
}

double jackPeriodSeconds() {
    jack_client_t* client = watchingClient();
    if (client == nullptr) {
        return 0.0;
    }
    const jack_nframes_t rate = jack_get_sample_rate(client);
    return rate > 0 ? static_cast<double>(jack_get_buffer_size(client)) / rate : 0.0;
}

void quietJackLogs() {
    jack_set_error_function(&ignoreJackMessage);
    jack_set_info_function(&ignoreJackMessage);
}

std::atomic<int>& patchbays() {
    static std::atomic<int> count{0};
    return count;
}

int openJackPatchbays() noexcept { return patchbays().load(std::memory_order_acquire); }

struct JackPatchbay::Client {
    // Set by JACK's notification thread on any port or connection change; before `client`, which joins
    // that thread when it closes.
    std::atomic<bool> graphChanged{true};
    JackClient client;
    std::vector<std::string> wiredInputs;  // what the last successful wire() was for
    std::string wiredDevice;

    static void onPortRegistration(jack_port_id_t, int, void* self) { changed(self); }
    static void onPortConnect(jack_port_id_t, jack_port_id_t, int, void* self) { changed(self); }
    static void onShutdown(void* self) { changed(self); }
    static void changed(void* self) {
        static_cast<Client*>(self)->graphChanged.store(true, std::memory_order_release);
    }

    /// Opens the client and asks for notifications. Without them (activation refused) every wire() works.
    bool open() {
        client = openPatchClient(&status);
        if (client == nullptr) {
            return false;
        }
        ++patchbays();
        jack_client_t* c = client.get();
        jack_on_shutdown(c, onShutdown, this);
        notified = jack_set_port_registration_callback(c, onPortRegistration, this) == 0 &&
                   jack_set_port_connect_callback(c, onPortConnect, this) == 0 && jack_activate(c) == 0;
        graphChanged.store(true, std::memory_order_release);
        return true;
    }

    bool notified = false;
    jack_status_t status{};  // of the last open, for the error message

    ~Client() {
        if (client != nullptr) {
            client.reset();
            --patchbays();
        }
    }
};

JackPatchbay::JackPatchbay() : mClient(std::make_unique<Client>()) {}

JackPatchbay::~JackPatchbay() = default;

bool JackPatchbay::wire(const std::vector<std::string>& inputs, const std::string& device, bool onlyIfChanged,
                        std::string& error) {
    if (inputs.empty()) {
        error = "the loopback stream has no JACK input ports";
        return false;
    }
    if (mClient->client == nullptr && !mClient->open()) {
        error = "no JACK server answers (jack_client_open status 0x" + hex(mClient->status) + ")";
        return false;
    }
    const bool changed = mClient->graphChanged.exchange(false, std::memory_order_acq_rel);
    if (onlyIfChanged && mClient->notified && !changed && inputs == mClient->wiredInputs &&
        device == mClient->wiredDevice) {
        return true;  // nothing moved since the last wiring
    }
    if (!wireNow(inputs, device, error)) {
        mClient->graphChanged.store(true, std::memory_order_release);  // try again next time
        return false;
    }
    mClient->wiredInputs = inputs;
    mClient->wiredDevice = device;
    return true;
}

bool JackPatchbay::wireNow(const std::vector<std::string>& inputs, const std::string& device, std::string& error) {
    jack_client_t* patch = mClient->client.get();
    const std::string pattern = "^" + escapeRegex(device) + ":";
    const std::vector<std::string> playback =
        toVector(JackNames(jack_get_ports(patch, pattern.c_str(), JACK_DEFAULT_AUDIO_TYPE, JackPortIsInput)));
    if (playback.empty()) {
        error = "JACK client \"" + device + "\" has no playback ports";
        return false;
    }
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        jack_port_t* input = jack_port_by_name(patch, inputs[i].c_str());
        jack_port_t* sink = jack_port_by_name(patch, playback[i % playback.size()].c_str());
        if (input == nullptr || sink == nullptr) {
            error = "port " + inputs[i] + " or " + playback[i % playback.size()] + " vanished";
            return false;
        }
        const std::string monitor = monitorOf(patch, playback[i % playback.size()]);
        const std::vector<std::string> wanted =
            monitor.empty() ? toVector(JackNames(jack_port_get_all_connections(patch, sink)))
                            : std::vector<std::string>{monitor};
        const std::vector<std::string> present = toVector(JackNames(jack_port_get_all_connections(patch, input)));
        for (const std::string& source : present) {
            if (std::find(wanted.begin(), wanted.end(), source) == wanted.end()) {
                jack_disconnect(patch, source.c_str(), inputs[i].c_str());
            }
        }
        for (const std::string& source : wanted) {
            if (std::find(present.begin(), present.end(), source) != present.end()) {
                continue;
            }
            const int result = jack_connect(patch, source.c_str(), inputs[i].c_str());
            // A player that left between the listing and now is no failure: there is nothing to capture.
            if (result != 0 && result != EEXIST && jack_port_by_name(patch, source.c_str()) != nullptr) {
                error = "could not connect " + source + " to " + inputs[i];
                return false;
            }
        }
    }
    return true;
}

}  // namespace adm
