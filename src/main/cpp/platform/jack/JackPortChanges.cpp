// JackPortRemovalScope on libjack: the interposed jack_port_unregister (JackPortChanges.h has the race it
// avoids). Like JackShutdownGuard.cpp, the definition comes before libjack's in the lookup scope of the library
// that links the core, so PortAudio's calls reach it.
#include "JackPortChanges.h"

#include "JackServerWatch.h"

#include <dlfcn.h>
#include <jack/jack.h>

#include <atomic>

namespace adm {
namespace {

thread_local bool tMayPause = false;
std::atomic<jack_client_t*> gPaused{nullptr};  // written on the host thread, host lock held
std::atomic<unsigned long> gRemovalsPaused{0};

using ClientCall = int (*)(jack_client_t*);

/// libjack's own `name`: the next definition after ours. dlsym is thread-safe; these run a few times per stream.
template <typename Call>
Call libjack(const char* name) {
    return reinterpret_cast<Call>(dlsym(RTLD_NEXT, name));
}

void pauseBeforeRemoval(jack_client_t* client) {
    if (!tMayPause || jackIsPipeWire() || gPaused.load() == client) {
        return;
    }
    if (auto deactivate = libjack<ClientCall>("jack_deactivate"); deactivate != nullptr) {
        deactivate(client);  // on a dead server it fails: the removal then meets no notification either
        gPaused.store(client);
    }
}

}  // namespace

JackPortRemovalScope::JackPortRemovalScope(bool mayPause) noexcept : mPrevious(tMayPause) { tMayPause = mayPause; }

JackPortRemovalScope::~JackPortRemovalScope() { tMayPause = mPrevious; }

void resumeJackClient() {
    jack_client_t* client = gPaused.exchange(nullptr);
    if (client == nullptr) {
        return;
    }
    if (auto activate = libjack<ClientCall>("jack_activate"); activate != nullptr) {
        activate(client);  // fails only with its server gone: PortAudio's shutdown notice then ends its waits
    }
}

void forgetPausedJackClient() noexcept { gPaused.store(nullptr); }

bool jackClientPaused() noexcept { return gPaused.load() != nullptr; }

unsigned long jackPortRemovalsPaused() noexcept { return gRemovalsPaused.load(std::memory_order_relaxed); }

}  // namespace adm

// Also part of the shutdown guard (JackShutdownGuard.cpp): PortAudio asserts that it succeeds, which after a
// server's death it does not, so it reports success; the memory is PortAudio's to free either way.
extern "C" int jack_port_unregister(jack_client_t* client, jack_port_t* port) {
    adm::pauseBeforeRemoval(client);
    if (adm::jackClientPaused()) {
        adm::gRemovalsPaused.fetch_add(1, std::memory_order_relaxed);
    }
    if (auto real = adm::libjack<int (*)(jack_client_t*, jack_port_t*)>("jack_port_unregister"); real != nullptr) {
        real(client, port);
    }
    return 0;
}
