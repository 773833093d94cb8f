// The host lock rule, checked: every PortAudio function is wrapped at link time (-Wl,--wrap, see
// CMakeLists.txt) by one that counts the calls made without the host lock, then calls PortAudio. The real
// backend then runs every path of the core against a real host (the JACK virtual card): module, devices,
// formats, streams of each kind started, wired, stopped, closed; and the count must stay zero. Exempt:
// Pa_IsStreamActive (a flag read the watchdog makes while another call may hang) and the two calls that
// only read constant text (Pa_GetErrorText, Pa_GetVersionText).
#include <gtest/gtest.h>
#include <pa_jack.h>
#include <portaudio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "DeviceWatch.h"
#include "Module.h"
#include "PortAudioRuntime.h"

namespace {

std::atomic<int> gCalls{0};
std::atomic<int> gUnlocked{0};
std::atomic<int> gInitializes{0};
std::atomic<int> gTerminates{0};
std::mutex gNamesMutex;
std::set<std::string> gUnlockedNames;  // guarded by gNamesMutex

void check(const char* name) {
    ++gCalls;
    if (std::strcmp(name, "Pa_Initialize") == 0) {
        ++gInitializes;
    }
    if (std::strcmp(name, "Pa_Terminate") == 0) {
        ++gTerminates;
    }
    if (!adm::portaudio::HostLock::heldByThisThread()) {
        ++gUnlocked;
        std::lock_guard<std::mutex> lock(gNamesMutex);
        gUnlockedNames.insert(name);
    }
}

}  // namespace

// One wrapper per PortAudio function the core calls: check, then the real one.
#define ADM_WRAP(ret, name, params, args)        \
    extern "C" ret __real_##name params;         \
    extern "C" ret __wrap_##name params {        \
        check(#name);                            \
        return __real_##name args;               \
    }
ADM_WRAP(PaError, Pa_Initialize, (void), ())
ADM_WRAP(PaError, Pa_Terminate, (void), ())
ADM_WRAP(PaDeviceIndex, Pa_GetDeviceCount, (void), ())
ADM_WRAP(const PaDeviceInfo*, Pa_GetDeviceInfo, (PaDeviceIndex d), (d))
ADM_WRAP(const PaHostApiInfo*, Pa_GetHostApiInfo, (PaHostApiIndex h), (h))
ADM_WRAP(PaDeviceIndex, Pa_GetDefaultInputDevice, (void), ())
ADM_WRAP(PaDeviceIndex, Pa_GetDefaultOutputDevice, (void), ())
ADM_WRAP(const PaHostErrorInfo*, Pa_GetLastHostErrorInfo, (void), ())
ADM_WRAP(PaError, Pa_OpenStream,
         (PaStream * *s, const PaStreamParameters* in, const PaStreamParameters* out, double rate, unsigned long frames,
          PaStreamFlags flags, PaStreamCallback* callback, void* user),
         (s, in, out, rate, frames, flags, callback, user))
ADM_WRAP(PaError, Pa_SetStreamFinishedCallback, (PaStream * s, PaStreamFinishedCallback* f), (s, f))
ADM_WRAP(PaError, Pa_StartStream, (PaStream * s), (s))
ADM_WRAP(PaError, Pa_StopStream, (PaStream * s), (s))
ADM_WRAP(PaError, Pa_AbortStream, (PaStream * s), (s))
ADM_WRAP(PaError, Pa_CloseStream, (PaStream * s), (s))
ADM_WRAP(const PaStreamInfo*, Pa_GetStreamInfo, (PaStream * s), (s))
ADM_WRAP(PaError, Pa_IsStreamStopped, (PaStream * s), (s))
ADM_WRAP(PaError, Pa_IsFormatSupported, (const PaStreamParameters* in, const PaStreamParameters* out, double rate),
         (in, out, rate))
ADM_WRAP(PaError, PaJack_GetClientName, (const char** name), (name))
#undef ADM_WRAP

namespace {

using namespace std::chrono_literals;

bool ciDemandsACard() {
    const char* ci = std::getenv("CI");
    return ci != nullptr && std::strcmp(ci, "true") == 0;
}

/// The JACK "system" device of the virtual card, or -1.
int32_t jackSystem(adm::Module& module) {
    std::vector<adm::DeviceInfo> devices;
    if (!module.listDevices(devices).ok()) {
        return -1;
    }
    for (const adm::DeviceInfo& d : devices) {
        if (d.name == "system" && d.hostApi.find("JACK") != std::string::npos) {
            return d.index;
        }
    }
    return -1;
}

}  // namespace

/// The JACK "system" device of an open module, or the test is skipped outside CI (and fails in CI).
#define ADM_REQUIRE_JACK_SYSTEM(module, system)                                                            \
    const int32_t system = jackSystem(module);                                                             \
    if (system < 0) {                                                                                      \
        (module).close();                                                                                  \
        if (ciDemandsACard()) {                                                                            \
            FAIL() << "no JACK \"system\" device: CI starts the virtual sound card (scripts/virtual-soundcard)"; \
        }                                                                                                  \
        GTEST_SKIP() << "no JACK \"system\" device (scripts/virtual-soundcard start); skipped outside CI";   \
    }

TEST(HostLock, CatchesACallMadeWithoutIt) {
    const int before = gUnlocked.load();
    Pa_GetDeviceCount();  // the test's own call, no lock: the wrapper must see it
    EXPECT_EQ(gUnlocked.load(), before + 1);
    {
        adm::portaudio::HostLock lock;
        ASSERT_TRUE(lock.owned());
        Pa_GetDeviceCount();
    }
    EXPECT_EQ(gUnlocked.load(), before + 1);
    std::lock_guard<std::mutex> names(gNamesMutex);
    gUnlockedNames.clear();
    gUnlocked = 0;
}

TEST(HostLock, EveryPortAudioCallOfTheCoreHoldsIt) {
    adm::WatchdogSettings fast;
    fast.period = 10ms;
    fast.loopbackRewireTicks = 1;
    adm::Module module(adm::makePortAudioBackend(), fast);
    ASSERT_TRUE(module.open().ok());
    ADM_REQUIRE_JACK_SYSTEM(module, system);
    adm::StreamConfig config;
    config.device = system;
    config.framesPerBuffer = 256;
    for (adm::StreamKind kind : {adm::StreamKind::Playout, adm::StreamKind::Recording, adm::StreamKind::Loopback}) {
        EXPECT_TRUE(module.probeFormat(kind, config).ok()) << adm::toText(kind);
        adm::StreamConfig bad = config;
        bad.sampleRate = 44100;  // refused by the 48 kHz server: the error path too
        EXPECT_FALSE(module.probeFormat(kind, bad).ok());
        ASSERT_TRUE(module.initStream(kind, config).ok()) << adm::toText(kind);
        ASSERT_TRUE(module.startStream(kind).ok()) << adm::toText(kind);
    }
    std::this_thread::sleep_for(150ms);  // the watchdog's rewiring and checks run meanwhile
    for (adm::StreamKind kind : {adm::StreamKind::Playout, adm::StreamKind::Recording, adm::StreamKind::Loopback}) {
        adm::StreamStats stats;
        ASSERT_TRUE(module.streamStats(kind, stats).ok());
        EXPECT_GT(stats.callbacks, 0u) << adm::toText(kind);
        EXPECT_TRUE(module.stopStream(kind).ok());
    }
    EXPECT_TRUE(module.closeStream(adm::StreamKind::Recording).ok());
    EXPECT_TRUE(module.close().ok());  // closes the others, terminates PortAudio
    EXPECT_GT(gCalls.load(), 50);
    std::lock_guard<std::mutex> names(gNamesMutex);
    std::string unlocked;
    for (const std::string& name : gUnlockedNames) {
        unlocked += name + " ";
    }
    EXPECT_EQ(gUnlocked.load(), 0) << "PortAudio called without the host lock: " << unlocked;
}

/// PortAudio's JACK host keeps a little memory per stream opened until it terminates: after
/// kOpensBetweenReinit opens, the next one re-initializes it, but only while no stream of the process is open.
TEST(HostLock, PortAudioIsReinitializedAfterManyOpensOnlyWhenNoStreamIsOpen) {
    adm::Module module(adm::makePortAudioBackend(), adm::WatchdogSettings{});
    ASSERT_TRUE(module.open().ok());
    ADM_REQUIRE_JACK_SYSTEM(module, system);
    adm::StreamConfig config;
    config.device = system;
    config.framesPerBuffer = 256;
    const auto cycle = [&](adm::StreamKind kind) {
        ASSERT_TRUE(module.initStream(kind, config).ok());
        ASSERT_TRUE(module.closeStream(kind).ok());
    };
    // A recording open throughout: however many opens, PortAudio is never re-initialized under it.
    ASSERT_TRUE(module.initStream(adm::StreamKind::Recording, config).ok());
    const int before = gInitializes.load();
    for (int i = 0; i <= adm::portaudio::kOpensBetweenReinit; ++i) {
        cycle(adm::StreamKind::Playout);
    }
    EXPECT_EQ(gInitializes.load(), before);
    ASSERT_TRUE(module.closeStream(adm::StreamKind::Recording).ok());
    // Nothing open now: the next open re-initializes first, once, and the device is still there.
    cycle(adm::StreamKind::Playout);
    EXPECT_EQ(gInitializes.load(), before + 1);
    for (int i = 0; i < 10; ++i) {
        cycle(adm::StreamKind::Playout);
    }
    EXPECT_EQ(gInitializes.load(), before + 1);
    EXPECT_TRUE(module.close().ok());
}

namespace {

bool portAudioInitialized() {
    adm::portaudio::HostLock lock(adm::portaudio::HostLock::Use::Look);
    return lock.owned() && adm::portaudio::runtime().initialized;
}

/// Waits up to `timeout` for PortAudio to be (or not be) initialized.
bool awaitInitialized(bool wanted, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (portAudioInitialized() != wanted) {
        if (std::chrono::steady_clock::now() >= deadline) {
            return false;
        }
        std::this_thread::sleep_for(20ms);
    }
    return true;
}

constexpr auto kIdleRelease = std::chrono::duration_cast<std::chrono::milliseconds>(adm::portaudio::kHostIdleRelease);

}  // namespace

/// An open module with nothing to do keeps no sound-server client (issue 14): PortAudio initializes at the
/// first call that needs it, stays for modules and streams that follow soon, and goes once idle.
TEST(HostLock, PortAudioInitializesWhenFirstNeededAndGoesWhenIdle) {
    ASSERT_TRUE(awaitInitialized(false, kIdleRelease + 2s)) << "left initialized by an earlier test";
    const int initializes = gInitializes.load();
    const int terminates = gTerminates.load();
    {
        adm::Module module(adm::makePortAudioBackend(), adm::WatchdogSettings{});
        ASSERT_TRUE(module.open().ok());
        EXPECT_FALSE(portAudioInitialized()) << "an open module alone initialized PortAudio";
        ADM_REQUIRE_JACK_SYSTEM(module, system);  // the device list initializes it
        EXPECT_TRUE(portAudioInitialized());
        EXPECT_EQ(gInitializes.load(), initializes + 1);
        adm::StreamConfig config;
        config.device = system;
        config.framesPerBuffer = 256;
        ASSERT_TRUE(module.initStream(adm::StreamKind::Playout, config).ok());
        std::this_thread::sleep_for(kIdleRelease + 500ms);
        EXPECT_TRUE(portAudioInitialized()) << "released under an open stream";
        ASSERT_TRUE(module.closeStream(adm::StreamKind::Playout).ok());
        ASSERT_TRUE(module.close().ok());
    }
    EXPECT_TRUE(portAudioInitialized()) << "the last module's close released at once";
    {
        // A module cycle soon after keeps the same initialization.
        adm::Module module(adm::makePortAudioBackend(), adm::WatchdogSettings{});
        ASSERT_TRUE(module.open().ok());
        ADM_REQUIRE_JACK_SYSTEM(module, system);
        EXPECT_EQ(gInitializes.load(), initializes + 1);
        ASSERT_TRUE(module.close().ok());
    }
    const auto idleFrom = std::chrono::steady_clock::now();
    ASSERT_TRUE(awaitInitialized(false, kIdleRelease + 2s));
    EXPECT_GE(std::chrono::steady_clock::now() - idleFrom, kIdleRelease - 100ms);
    EXPECT_EQ(gTerminates.load(), terminates + 1);
    EXPECT_EQ(gInitializes.load(), initializes + 1);
}

/// A module opened while PortAudio still serves another JACK server's last module gets its own server.
TEST(HostLock, AModuleOnAnotherJackServerReleasesTheIdleInitializationAtOnce) {
    adm::HostOptions other;
    other.jackServer = "admbridge-no-such-server";
    {
        adm::Module module(adm::makePortAudioBackend(), adm::WatchdogSettings{});
        ASSERT_TRUE(module.open().ok());
        ADM_REQUIRE_JACK_SYSTEM(module, system);
        ASSERT_TRUE(module.close().ok());
    }
    ASSERT_TRUE(portAudioInitialized());
    const int terminates = gTerminates.load();
    adm::Module module(adm::makePortAudioBackend(other), adm::WatchdogSettings{});
    ASSERT_TRUE(module.open().ok());
    EXPECT_EQ(gTerminates.load(), terminates + 1);
    EXPECT_FALSE(portAudioInitialized());
    std::vector<adm::DeviceInfo> devices;
    ASSERT_TRUE(module.listDevices(devices).ok());
    for (const adm::DeviceInfo& d : devices) {
        EXPECT_EQ(d.hostApi.find("JACK"), std::string::npos) << d.name << ": a JACK device of a server not asked for";
    }
    ASSERT_TRUE(module.close().ok());
}

/// A device refresh initializes PortAudio again; that initialization's own JACK client sockets (jack_PortAudio_*,
/// in /dev/shm where the device watch looks for servers) must not count as a change: they did, and each
/// refresh triggered the next (112 ms of CPU a second, measured by IdleCost).
TEST(HostLock, ADeviceRefreshDoesNotTriggerTheNext) {
    adm::Module module(adm::makePortAudioBackend(), adm::WatchdogSettings{});
    ASSERT_TRUE(module.open().ok());
    ADM_REQUIRE_JACK_SYSTEM(module, system);
    ASSERT_TRUE(module.watchDevices().ok());
    std::this_thread::sleep_for(500ms);
    const int before = gInitializes.load();
    adm::DeviceWatch::instance().poke();
    std::this_thread::sleep_for(1500ms);
    EXPECT_EQ(gInitializes.load(), before + 1) << "the poke's refresh";
    std::this_thread::sleep_for(2000ms);
    EXPECT_EQ(gInitializes.load(), before + 1) << "refreshes went on by themselves";
    EXPECT_TRUE(module.close().ok());
}

namespace {

/// How long a child process lives that initializes PortAudio, has another thread hold the host lock for `hold`
/// (a call in flight), and exits 50 ms later; the child's exit status in `status`.
std::chrono::milliseconds lifetimeOfAnExitDuringACall(std::chrono::milliseconds hold, int& status) {
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = fork();
    if (pid == 0) {
        // No JACK server in the child: a client of the shared card's server left behind by the exit would stall it.
        setenv("JACK_DEFAULT_SERVER", "admbridge-exit-test-none", 1);
        setenv("JACK_NO_START_SERVER", "1", 1);
        {
            adm::portaudio::HostLock lock;
            if (!lock.owned() || adm::portaudio::acquireHost(lock) != paNoError) {
                _exit(3);
            }
        }
        std::thread([hold] {
            adm::portaudio::HostLock lock;
            std::this_thread::sleep_for(hold);
        }).detach();
        std::this_thread::sleep_for(50ms);
        std::exit(0);
    }
    waitpid(pid, &status, 0);
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
}

}  // namespace

// A process that exits (a JVM's System.exit) while a PortAudio call is in flight waits for it, briefly: exiting in
// the middle of the idle release's Pa_Terminate left the JACK server waiting 50 s for the half-closed client.
// A call that hangs (a stalled server) does not keep the process from exiting for more than a second.
TEST(HostLock, AnExitWaitsForTheCallInFlightButNotForOneThatHangs) {
    int status = 0;
    EXPECT_GE(lifetimeOfAnExitDuringACall(800ms, status), 800ms) << "the exit cut the call in flight";
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
    EXPECT_LT(lifetimeOfAnExitDuringACall(20s, status), 5s) << "the exit waited for a call that hangs";
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
}
