#include "PortAudioRuntime.h"

namespace adm::portaudio {
namespace {

constexpr std::chrono::seconds kHostLockTimeout{3};

thread_local int tHostLocks = 0;  // HostLocks this thread owns now

}  // namespace

Runtime& runtime() {
    static Runtime instance;
    return instance;
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
    if (rt.users == 0 || rt.openStreams.load() > 0 || !(rt.hostLost.load() || evenWithoutLoss)) {
        return paNoError;
    }
    rt.hostLost.store(false);
    if (PaError error = Pa_Terminate(); error != paNoError) {
        return error;
    }
    return Pa_Initialize();
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
