// The process-wide PortAudio runtime and the one lock around it. Only the PortAudio*.cpp files include this.
//
// PortAudio is not thread-safe: its JACK host hands streams to its process thread through one slot, and a
// failed port registration makes its cleanup assert (abort the JVM), both seen under concurrent calls. So
// every call into PortAudio holds the host lock (a HostLock), but three: Pa_IsStreamActive (a flag read the
// watchdog needs while another call may hang), Pa_GetErrorText and Pa_GetVersionText (constant text).
// native-tests/test_host_lock.cpp checks the rule: every PortAudio function is wrapped at link time and
// fails the test when it runs without the lock.
#pragma once

#include <portaudio.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <utility>

#include "Backend.h"

namespace adm::portaudio {

/// PortAudio's own initialization is counted too, but a count of ours makes the last-close-terminates rule
/// explicit, and lets a dead host be re-initialized when no stream is open.
struct Runtime {
    std::timed_mutex mutex;
    int users = 0;                        // guarded by mutex
    std::atomic<int> openStreams{0};      // open and not isolated
    std::atomic<bool> hostLost{false};    // a stream was isolated: PortAudio's host state is stale
    std::string jackServer;               // guarded by mutex: HostOptions::jackServer of the open modules
    int opensSinceInit = 0;               // guarded by mutex: Pa_OpenStream calls since the last Pa_Initialize
};

/// PortAudio's JACK host keeps 389 bytes per Pa_OpenStream until Pa_Terminate (pa_jack.c allocates a stream's
/// port name and regex from the host's device memory): after this many opens, the next one re-initializes
/// PortAudio first when no stream of the process is open, so a long-lived module stays bounded (measured:
/// docs/benchmarks.md, "Native memory over open/close cycles").
inline constexpr int kOpensBetweenReinit = 256;

Runtime& runtime();

/// The host lock, held for a scope. Timed: a call that hangs in the host must not freeze every other
/// thread; they give up after 3 s (owned() false) and fail with paTimedOut (hostBusy()).
class HostLock {
public:
    HostLock();
    ~HostLock();
    HostLock(const HostLock&) = delete;
    HostLock& operator=(const HostLock&) = delete;

    bool owned() const noexcept { return mLock.owns_lock(); }

    /// Whether the calling thread holds the host lock now (for the rule's check).
    static bool heldByThisThread() noexcept;

private:
    std::unique_lock<std::timed_mutex> mLock;
};

/// What a call answers when the host lock stayed busy for 3 s.
BackendResult hostBusy();

/// `call(lock)` with the host lock held, or `busy` when it stayed busy for 3 s.
template <typename Result, typename Call>
Result withHostLock(Result busy, Call&& call) {
    HostLock lock;
    return lock.owned() ? call(lock) : busy;
}

/// `call(lock)` with the host lock held, or hostBusy().
template <typename Call>
BackendResult withHostLock(Call&& call) {
    return withHostLock(hostBusy(), std::forward<Call>(call));
}

/// With the lock held: re-initializes PortAudio when a host went away (or, with `evenWithoutLoss`, in case
/// a server started since, or to let go of what it kept) and no stream of this process is open to be cut off.
PaError refresh(const HostLock& lock, bool evenWithoutLoss);

/// With the lock held and PortAudio not initialized: makes libjack connect to `server` (empty: the process's
/// own choice) from the next Pa_Initialize on.
void selectJackServer(const HostLock& lock, const std::string& server);

/// A PaError as a BackendResult with PortAudio's text (and the host's error, if any). With the lock held.
BackendResult resultOf(PaError error);

}  // namespace adm::portaudio
