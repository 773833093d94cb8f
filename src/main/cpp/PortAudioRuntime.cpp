#include "PortAudioRuntime.h"

#include "JackPatchbay.h"
#include "JackServerWatch.h"

#include <cstdlib>
#include <memory>
#include <optional>

namespace adm::portaudio {
namespace {

constexpr std::chrono::seconds kHostLockTimeout{3};

thread_local int tHostLocks = 0;  // HostLocks this thread owns now

}  // namespace

Runtime& runtime() {
    // Never destroyed, not even by exit(): a host thread may be inside PortAudio, holding the lock, then.
    static Runtime* const instance = std::make_unique<Runtime>().release();
    return *instance;
}

HostLock::HostLock() : mLock(runtime().mutex, kHostLockTimeout) {
    if (mLock.owns_lock()) {
        ++tHostLocks;
    }
}

HostLock::~HostLock() {
    if (mLock.owns_lock()) {
        --tHostLocks;
    }
}

bool HostLock::heldByThisThread() noexcept { return tHostLocks > 0; }

BackendResult hostBusy() {
    return BackendResult{paTimedOut, 0, "another call into the audio host has not returned for 3 s (a host that hangs)"};
}

PaError refresh(const HostLock& /*proof that the caller holds it*/, bool evenWithoutLoss) {
    Runtime& rt = runtime();
    if (rt.users == 0 || rt.openStreams.load() > 0 || openJackPatchbays() > 0 ||
        !(rt.hostLost.load() || evenWithoutLoss)) {
        return paNoError;
    }
    rt.hostLost.store(false);
    unwatchJackServer();  // before PortAudio's own client goes: see JackServerWatch.h
    if (PaError error = Pa_Terminate(); error != paNoError) {
        return error;
    }
    const PaError error = Pa_Initialize();
    rt.opensSinceInit = 0;
    watchJackServer();
    return error;
}

void selectJackServer(const HostLock& /*proof that the caller holds it*/, const std::string& server) {
    // libjack reads JACK_DEFAULT_SERVER in jack_client_open, and PortAudio has no other way to name a server.
    // The variable only changes under the host lock with no PortAudio client open, and every client of ours
    // opens under that lock. The process's own value is kept, once, to go back to; a missing one is set to
    // "default" (libjack's own default) rather than unset: glibc's setenv of an existing name only swaps a
    // pointer, never moving the environment that other threads may be reading.
    static const std::optional<std::string> processOwn = [] {
        const char* own = std::getenv("JACK_DEFAULT_SERVER");
        return own != nullptr ? std::optional<std::string>(own) : std::nullopt;
    }();
    const std::string& wanted = !server.empty() ? server : processOwn ? *processOwn : std::string("default");
    const char* now = std::getenv("JACK_DEFAULT_SERVER");
    if (now == nullptr || wanted != now) {
        setenv("JACK_DEFAULT_SERVER", wanted.c_str(), 1);
    }
}

BackendResult resultOf(PaError error) {
    BackendResult result;
    result.error = error;
    if (error >= 0) {
        return result;
    }
    result.text = Pa_GetErrorText(error);
    if (error == paUnanticipatedHostError) {
        if (const PaHostErrorInfo* host = Pa_GetLastHostErrorInfo(); host != nullptr) {
            result.hostError = host->errorCode;
            if (host->errorText != nullptr && host->errorText[0] != '\0') {
                result.text += ": ";
                result.text += host->errorText;
            }
        }
    }
    return result;
}

}  // namespace adm::portaudio
