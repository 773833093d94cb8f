// JACK ports kept for reuse instead of unregistered (JackPortReuse.h says why).
#include "JackPortReuse.h"

#include "JackServerWatch.h"

#include <dlfcn.h>
#include <jack/jack.h>

#include <array>
#include <cstring>
#include <mutex>

namespace adm {
namespace {

struct KeptPort {
    jack_client_t* client;
    jack_port_t* port;
    unsigned long flags;
    std::array<char, 64> type;  // JACK's type names fit in 32 (jack_port_type_size)
};

/// Trivially destructible on purpose: a client may close after static destructors ran (PortAudio terminated at
/// exit), and must still find the lock. Beyond its capacity a port is unregistered, as without the reuse.
struct Kept {
    std::mutex lock;
    std::array<KeptPort, 256> ports;
    std::size_t count;
    unsigned long reused;
};
Kept kept{};

template <typename Call>
Call next(const char* name) {
    return reinterpret_cast<Call>(dlsym(RTLD_NEXT, name));  // thread-safe; a few calls per stream
}

/// Whether this libjack needs the reuse, and can rename a port (JACK 1.9.11 and later).
bool reuseWanted() noexcept {
    static const bool wanted = !jackIsPipeWire() && next<void*>("jack_port_rename") != nullptr;
    return wanted;
}

/// Takes out a port kept for `client` with these flags and type; null when there is none. Lock held.
jack_port_t* takeKept(jack_client_t* client, unsigned long flags, const char* type) {
    for (std::size_t i = 0; i < kept.count; ++i) {
        const KeptPort& k = kept.ports[i];
        if (k.client == client && k.flags == flags && std::strcmp(k.type.data(), type) == 0) {
            jack_port_t* port = k.port;
            kept.ports[i] = kept.ports[--kept.count];
            return port;
        }
    }
    return nullptr;
}

/// Keeps `port` of `client`; false when full or the type name does not fit. Lock held.
bool keep(jack_client_t* client, jack_port_t* port, unsigned long flags, const char* type) {
    if (kept.count == kept.ports.size() || std::strlen(type) >= KeptPort{}.type.size()) {
        return false;
    }
    KeptPort& k = kept.ports[kept.count++];
    k = KeptPort{client, port, flags, {}};
    std::strcpy(k.type.data(), type);
    return true;
}

}  // namespace

unsigned long jackPortsReused() noexcept {
    std::lock_guard<std::mutex> guard(kept.lock);
    return kept.reused;
}

std::size_t jackPortsKept() noexcept {
    std::lock_guard<std::mutex> guard(kept.lock);
    return kept.count;
}

void forgetJackPortsOf(jack_client_t* client) noexcept {
    std::lock_guard<std::mutex> guard(kept.lock);
    for (std::size_t i = 0; i < kept.count;) {
        if (kept.ports[i].client == client) {
            kept.ports[i] = kept.ports[--kept.count];
        } else {
            ++i;
        }
    }
}

}  // namespace adm

extern "C" jack_port_t* jack_port_register(jack_client_t* client, const char* name, const char* type,
                                           unsigned long flags, unsigned long bufferSize) {
    using Register = jack_port_t* (*)(jack_client_t*, const char*, const char*, unsigned long, unsigned long);
    using Rename = int (*)(jack_client_t*, jack_port_t*, const char*);
    // A buffer size counts for types that are not built in; a port asked for with one is always a fresh one.
    if (client != nullptr && name != nullptr && type != nullptr && bufferSize == 0 && adm::reuseWanted()) {
        jack_port_t* port = nullptr;
        {
            std::lock_guard<std::mutex> guard(adm::kept.lock);
            port = adm::takeKept(client, flags, type);
        }
        // Renamed to the name asked for, so the graph shows what PortAudio named (in_N counting up); outside the
        // lock, since it waits for the server. A port whose rename is refused (a dead server) stays kept.
        if (port != nullptr) {
            const bool renamed = adm::next<Rename>("jack_port_rename")(client, port, name) == 0;
            std::lock_guard<std::mutex> guard(adm::kept.lock);
            if (renamed) {
                ++adm::kept.reused;
                return port;
            }
            adm::keep(client, port, flags, type);
        }
    }
    auto real = adm::next<Register>("jack_port_register");
    return real != nullptr ? real(client, name, type, flags, bufferSize) : nullptr;
}

extern "C" int jack_port_unregister(jack_client_t* client, jack_port_t* port) {
    using Unregister = int (*)(jack_client_t*, jack_port_t*);
    // Kept only when it could be cut from every connection (the server answers: only then is the port's shared
    // state read) and is the client's own; otherwise libjack's unregister runs, whose answer after a server's
    // death is not PortAudio's to assert on (JackShutdownGuard.cpp).
    if (client != nullptr && port != nullptr && adm::reuseWanted() && jack_port_disconnect(client, port) == 0 &&
        jack_port_is_mine(client, port) != 0) {
        const char* type = jack_port_type(port);
        std::lock_guard<std::mutex> guard(adm::kept.lock);
        if (type != nullptr && adm::keep(client, port, static_cast<unsigned long>(jack_port_flags(port)), type)) {
            return 0;
        }
    }
    if (auto real = adm::next<Unregister>("jack_port_unregister"); real != nullptr) {
        real(client, port);
    }
    return 0;
}
