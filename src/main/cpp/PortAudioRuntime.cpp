#include "PortAudioRuntime.h"

#include "AlsaHost.h"
#include "JackPatchbay.h"
#include "JackServerWatch.h"
#include "MonotonicClock.h"

#include <pthread.h>

#include <condition_variable>
#include <cstdlib>
#include <exception>
#include <memory>
#include <optional>
#include <thread>

namespace adm::portaudio {
namespace {

constexpr std::chrono::seconds kHostLockTimeout{3};
constexpr std::chrono::seconds kExitWait{1};

thread_local int tHostLocks = 0;  // HostLocks this thread owns now

int64_t nanosOf(std::chrono::nanoseconds duration) { return duration.count(); }

/// The thread that terminates an idle PortAudio: it sleeps until a release is due, so it costs nothing while
/// PortAudio is in use or already released. Process-wide and never destroyed (like the runtime).
class IdleRelease {
public:
    /// A release is due at `atNanos` (monotonic), later than any due before.
    void schedule(int64_t atNanos) {
        std::lock_guard<std::mutex> lock(mMutex);
        const bool sleeping = mDue == 0;
        mDue = atNanos;
        if (!mStarted) {
            mStarted = true;
            std::thread([this] { run(); }).detach();
        } else if (sleeping) {
            mWake.notify_one();  // a due already pending wakes the thread anyway: it then waits for the new one
        }
    }

private:
    void run() {
        pthread_setname_np(pthread_self(), "adm-host-idle");
        std::unique_lock<std::mutex> lock(mMutex);
        for (;;) {
            mWake.wait(lock, [this] { return mDue != 0; });
            const int64_t now = monotonicNanos();
            if (now < mDue) {
                mWake.wait_for(lock, std::chrono::nanoseconds(mDue - now));
                continue;
            }
            mDue = 0;
            lock.unlock();
            releaseIfIdle();
            lock.lock();
        }
    }

    void releaseIfIdle() {
        HostLock host(HostLock::Use::Look);
        Runtime& rt = runtime();
        if (!host.owned()) {
            schedule(monotonicNanos() + nanosOf(kHostIdleRelease));  // a call hangs in the host: look again later
            return;
        }
        if (!rt.initialized || rt.openStreams.load() > 0 || openJackPatchbays() > 0) {
            return;  // released already, or in use: the end of that use schedules the next release
        }
        if (const int64_t due = rt.lastUseNanos + nanosOf(kHostIdleRelease); monotonicNanos() < due) {
            schedule(due);
            return;
        }
        releaseHost(host);
    }

    std::mutex mMutex;
    std::condition_variable mWake;
    int64_t mDue = 0;  // guarded by mMutex; 0: none
    bool mStarted = false;
};

IdleRelease& idleRelease() {
    static IdleRelease* const instance = std::make_unique<IdleRelease>().release();  // its thread outlives exit()
    return *instance;
}

/// libjack reads JACK_DEFAULT_SERVER in jack_client_open, and PortAudio has no other way to name a server.
/// The variable only changes under the host lock with PortAudio not initialized, and every client of ours
/// opens under that lock. The process's own value is kept, once, to go back to; a missing one is set to
/// "default" (libjack's own default) rather than unset: glibc's setenv of an existing name only swaps a
/// pointer, never moving the environment that other threads may be reading.
void selectJackServer(const std::string& server) {
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

/// Whether PortAudio, initialized, lists a JACK device (a JACK server answered its initialization).
bool portAudioHasJack() {
    const PaHostApiIndex jack = Pa_HostApiTypeIdToHostApiIndex(paJACK);
    const PaHostApiInfo* host = jack >= 0 ? Pa_GetHostApiInfo(jack) : nullptr;
    return host != nullptr && host->deviceCount > 0;
}

/// Terminates an initialized PortAudio: the servers' watches go first, then PortAudio's own clients. Host lock held.
PaError terminateHost(Runtime& rt) {
    unwatchJackServer();  // before PortAudio's own client goes: see JackServerWatch.h
    unwatchSoundServers();
    rt.initialized = false;
    return Pa_Terminate();
}

/// At the process's exit (atexit, as a JVM's System.exit ends): waits up to kExitWait for a PortAudio call in
/// flight, then keeps the host lock, so that no call is cut in half and none starts after; and with no stream
/// open, terminates PortAudio, again for at most kExitWait, so that its JACK clients leave the server properly.
/// Measured: a JVM that exited in the middle of the idle release's Pa_Terminate left the JACK server waiting 50 s
/// for that half-deactivated client, and one that exited with PortAudio initialized left it waiting a client
/// timeout, every other client of the server stalled meanwhile. Open streams are left as they are: their
/// callbacks may be running, and the watchdog reads their state without the lock.
void releaseHostAtExit() {
    if (tHostLocks > 0) {
        return;  // exit() from inside a call: nothing to wait for but ourselves
    }
    Runtime& rt = runtime();
    if (!rt.mutex.try_lock_for(kExitWait)) {
        return;  // a call that hangs (a stalled server): the exit goes on without it
    }
    // Never unlocked: the process ends.
    if (!rt.initialized || rt.openStreams.load() > 0 || rt.hostLost.load() || openJackPatchbays() > 0) {
        return;
    }
    // On a thread of its own, which may hang on a stalled server: the exit waits for it only so long. Nothing may
    // escape an exit handler (std::terminate would abort the exit): a thread that cannot start leaves PortAudio be.
    struct Done {
        std::mutex mutex;
        std::condition_variable cv;
        bool done = false;
    };
    try {
        auto done = std::make_shared<Done>();
        std::thread([&rt, done] {
            ++tHostLocks;  // on behalf of the exiting thread, which holds the lock
            terminateHost(rt);
            std::lock_guard<std::mutex> lock(done->mutex);
            done->done = true;
            done->cv.notify_all();
        }).detach();
        std::unique_lock<std::mutex> lock(done->mutex);
        done->cv.wait_for(lock, kExitWait, [&] { return done->done; });
    } catch (const std::exception&) {
        // no thread or no memory at exit: the server sees the clients go with the process
    }
}

PaError initializeHost() {
    Runtime& rt = runtime();
    if (static bool registered = false; !registered) {
        registered = std::atexit(&releaseHostAtExit) == 0;  // host lock held: registered once
    }
    selectJackServer(rt.jackServer);
    quietAlsaLogs();
    quietJackLogs();
    if (PaError error = Pa_Initialize(); error != paNoError) {
        return error;
    }
    holdPipeWireInitialized();  // before the next terminate: see platform/alsa/PipeWireHold.cpp
    rt.initialized = true;
    rt.hostLost.store(false);
    rt.opensSinceInit = 0;
    watchJackServer();
    watchSoundServers();
    rt.jackDeathsAtInit = jackServerDeaths();
    rt.serverDeathsAtInit = soundServerDeaths();
    rt.jackAtInit = portAudioHasJack();
    return paNoError;
}

}  // namespace

Runtime& runtime() {
    // Never destroyed, not even by exit(): a host thread may be inside PortAudio, holding the lock, then.
    static Runtime* const instance = std::make_unique<Runtime>().release();
    return *instance;
}

HostLock::HostLock(Use use) : mUse(use), mLock(runtime().mutex, kHostLockTimeout) {
    if (mLock.owns_lock()) {
        ++tHostLocks;
    }
}

HostLock::~HostLock() {
    if (!mLock.owns_lock()) {
        return;
    }
    Runtime& rt = runtime();
    if (mUse == Use::Call && rt.initialized && rt.openStreams.load() == 0 && openJackPatchbays() == 0) {
        rt.lastUseNanos = monotonicNanos();
        idleRelease().schedule(rt.lastUseNanos + nanosOf(kHostIdleRelease));
    }
    --tHostLocks;
}

bool HostLock::heldByThisThread() noexcept { return tHostLocks > 0; }

BackendResult hostBusy() {
    return BackendResult{paTimedOut, 0, "another call into the audio host has not returned for 3 s (a host that hangs)"};
}

PaError acquireHost(const HostLock& lock, Renew renew) {
    Runtime& rt = runtime();
    if (!rt.initialized) {
        return initializeHost();
    }
    const bool stale = hostStale(lock);
    const bool wanted = stale || renew == Renew::Always || (renew == Renew::IfEmpty && Pa_GetDeviceCount() == 0);
    if (!wanted || rt.openStreams.load() > 0 || openJackPatchbays() > 0) {
        return paNoError;
    }
    if (PaError error = terminateHost(rt); error != paNoError) {
        return error;
    }
    return initializeHost();
}

bool hostStale(const HostLock& /*proof that the caller holds it*/) {
    const Runtime& rt = runtime();
    return rt.initialized && (rt.hostLost.load() || jackServerDeaths() != rt.jackDeathsAtInit ||
                              soundServerDeaths() != rt.serverDeathsAtInit ||
                              (!rt.jackAtInit && jackServerListening()));
}

bool jackDiedSinceInit(const HostLock& /*proof that the caller holds it*/) {
    const Runtime& rt = runtime();
    return rt.initialized && rt.jackAtInit &&
           (jackServerDeaths() != rt.jackDeathsAtInit ||
            (jackIsPipeWire() && soundServerDeaths() != rt.serverDeathsAtInit));
}

PaError releaseHost(const HostLock& /*proof that the caller holds it*/) {
    Runtime& rt = runtime();
    return rt.initialized ? terminateHost(rt) : paNoError;
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
