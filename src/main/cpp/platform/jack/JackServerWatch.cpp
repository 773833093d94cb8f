// JackServerWatch on libjack: one client per process, living as long as PortAudio's (see the header).
#include "JackServerWatch.h"

#include "HostEventBell.h"
#include "JackWatchClient.h"
#include "UnixSocket.h"

#include <jack/jack.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>

namespace adm {
namespace {

struct Watch {
    std::mutex mutex;  // the host thread(s) opening it
    jack_client_t* client = nullptr;
    std::atomic<bool> dead{false};
    std::atomic<uint64_t> deaths{0};
};

Watch& watch() {
    static Watch* const instance = std::make_unique<Watch>().release();  // libjack may call it at exit
    return *instance;
}

void onShutdown(jack_status_t /*code*/, const char* /*reason*/, void* /*arg*/) {
    // libjack's notification thread (the client is closed by the next open): count, then wake the sleeping
    // watchdogs of modules with idle streams, which fail them now.
    watch().dead.store(true, std::memory_order_release);
    watch().deaths.fetch_add(1, std::memory_order_acq_rel);
    HostEventBell::instance().ring();
}

}  // namespace

void watchJackServer() {
    Watch& w = watch();
    std::lock_guard<std::mutex> lock(w.mutex);
    if (w.client != nullptr) {
        return;
    }
    jack_status_t status{};
    w.client = jack_client_open("admbridge-watch", static_cast<jack_options_t>(JackNoStartServer | JackUseExactName),
                                &status);
    if (w.client == nullptr) {
        w.client = jack_client_open("admbridge-watch", JackNoStartServer, &status);  // another process has the name
    }
    if (w.client != nullptr) {
        w.dead.store(false, std::memory_order_release);
        jack_on_info_shutdown(w.client, &onShutdown, nullptr);
    }
}

void unwatchJackServer() {
    Watch& w = watch();
    std::lock_guard<std::mutex> lock(w.mutex);
    if (w.client != nullptr) {
        jack_client_close(w.client);  // of a dead server too: returns at once (measured), frees what libjack kept
        w.client = nullptr;
    }
}

bool jackIsPipeWire() noexcept {
    static const bool pipewire = std::strstr(jack_get_version_string(), "PipeWire") != nullptr;  // "... (using PipeWire x)"
    return pipewire;
}

std::string jackServerSocketName() {
    // JACK2 on Linux (JackSocket.cpp BuildName): /dev/shm/jack_<server>_<uid>_0.
    const char* name = std::getenv("JACK_DEFAULT_SERVER");
    return std::string("jack_") + (name != nullptr && name[0] != '\0' ? name : "default") + "_" +
           std::to_string(getuid()) + "_0";
}

bool jackServerListening() {
    return unixSocketAnswers("/dev/shm/" + jackServerSocketName());  // a dead server may leave the file behind
}

uint64_t jackServerDeaths() noexcept { return watch().deaths.load(std::memory_order_acquire); }

jack_client_t* watchingClient() noexcept { return watch().client; }

}  // namespace adm
