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

/// PortAudio's life in this process. It is initialized lazily, by the first call that needs it (a device list, a
/// format probe, an open), not when a module opens: initialized, PortAudio's JACK host has a client that the
/// server wakes every period, so an open module with nothing to do would cost CPU (and battery) all day.
/// It is terminated again once no stream is open and no call has needed it for kHostIdleRelease.
struct Runtime {
    std::timed_mutex mutex;
    int users = 0;                        // guarded by mutex: open modules
    bool initialized = false;             // guarded by mutex: Pa_Initialize done, Pa_Terminate not yet
    bool jackAtInit = false;              // guarded by mutex: PortAudio found a JACK server when it initialized
    uint64_t jackDeathsAtInit = 0;        // guarded by mutex: jackServerDeaths() then
    uint64_t serverDeathsAtInit = 0;      // guarded by mutex: soundServerDeaths() then
    int64_t lastUseNanos = 0;             // guarded by mutex: when the latest call needing PortAudio ended
    std::atomic<int> openStreams{0};      // open and not isolated
    std::atomic<bool> hostLost{false};    // a stream was isolated: PortAudio's host state is stale
    std::string jackServer;               // guarded by mutex: HostOptions::jackServer of the open modules
    int opensSinceInit = 0;               // guarded by mutex: Pa_OpenStream calls since the last Pa_Initialize
};

/// How long PortAudio stays initialized with no stream open and no call: long enough that an application (or a
/// test suite, or a soak) that closes and opens modules and streams in a row keeps one initialization (each
/// one costs ~0.1 s, and PipeWire's ALSA plug-in leaks ~17 KB per initialization: docs/benchmarks.md), short
/// enough that an idle module soon costs nothing.
inline constexpr std::chrono::seconds kHostIdleRelease{2};

/// PortAudio's JACK host keeps 389 bytes per Pa_OpenStream until Pa_Terminate (pa_jack.c allocates a stream's
/// port name and regex from the host's device memory): after this many opens, the next one re-initializes
/// PortAudio first when no stream of the process is open, so a long-lived module stays bounded (measured:
/// docs/benchmarks.md, "Native memory over open/close cycles").
inline constexpr int kOpensBetweenReinit = 256;

Runtime& runtime();

/// The host lock, held for a scope. Timed: a call that hangs in the host must not freeze every other
/// thread; they give up after 3 s (owned() false) and fail with paTimedOut (hostBusy()). A scope of the kind
/// Use::Call counts as use of PortAudio: at its end with no stream open, the idle release is (re)scheduled.
/// Use::Look (the idle release itself, tests) only looks at the runtime.
class HostLock {
public:
    enum class Use { Call, Look };

    explicit HostLock(Use use = Use::Call);
    ~HostLock();
    HostLock(const HostLock&) = delete;
    HostLock& operator=(const HostLock&) = delete;

    bool owned() const noexcept { return mLock.owns_lock(); }

    /// Whether the calling thread holds the host lock now (for the rule's check).
    static bool heldByThisThread() noexcept;

private:
    const Use mUse;
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

/// Whether acquireHost re-initializes an initialized PortAudio that looks well: `Always` to let go of what it
/// kept or to see devices that came since; `IfEmpty` when it lists no device (a server may have started).
enum class Renew { No, IfEmpty, Always };

/**
 * With the lock held: PortAudio ready for a call. Initializes it when it is not (with the open modules' JACK
 * server), and re-initializes it when no stream of this process is open (none is cut off) and its host state
 * is stale: a stream was isolated, the JACK server or a sound server it knew died, a JACK server appeared where
 * there was none, or `renew` asks for it. Does not re-initialize what it initialized in this same call.
 */
PaError acquireHost(const HostLock& lock, Renew renew = Renew::No);

/// With the lock held: whether an initialized PortAudio is stale, as acquireHost judges it (it renews one only
/// when no stream is open: so after it, true means the device list is out of date under open streams).
bool hostStale(const HostLock& lock);

/// With the lock held: whether the JACK server of PortAudio's initialization died since (its JACK devices are
/// gone; PortAudio still lists them until it can be renewed). PipeWire's death counts under pw-jack.
bool jackDiedSinceInit(const HostLock& lock);

/// With the lock held and no stream open: terminates PortAudio now (a module on another JACK server opens).
PaError releaseHost(const HostLock& lock);

/// A PaError as a BackendResult with PortAudio's text (and the host's error, if any). With the lock held.
BackendResult resultOf(PaError error);

}  // namespace adm::portaudio
