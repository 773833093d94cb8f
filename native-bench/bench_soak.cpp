// Native memory over open/close cycles (issue 15), without a JVM: the same cycles as
// dev.admbridge.bench.SoakRun through the flat API (adm::api, what the JNI glue calls), so that what
// grows can be told apart from what the JVM adds. Every K cycles it prints RSS, glibc's heap (in use
// and held from the system, from mallinfo2), the number of malloc arenas, threads and fds; at the end
// the growth per cycle from the warm-up cycle to the last. Results: docs/benchmarks.md.
//
//   bench_soak SCENARIO [CYCLES [EVERY [WARMUP]]]      SCENARIO: module | listener | streams | stream-cycles | recovery
//   (stream-cycles: one module open for the whole run, the streams' cycle inside it; recovery: one module with
//   the recovery policy on and a playout and recording running on a JACK server of the bench's own, named by
//   JACK_DEFAULT_SERVER, that each cycle kills (SIGKILL) and starts again; it also prints the time from the new
//   server answering to both streams running again, median and max)
//   env: SOAK_TRIM=1 calls malloc_trim(0) before each sample (what a trim would give back);
//        SOAK_HOLD=1 holds one more module open for the whole run (PortAudio stays initialized);
//        SOAK_REINIT_EVERY=N (stream-cycles) re-initializes PortAudio every N cycles, between streams (the
//        mitigation for what PortAudio keeps per stream opened until Pa_Terminate; see docs/benchmarks.md);
//        JACK_DEFAULT_SERVER=<name> picks the JACK server (PortAudio's JACK host reads it).
#include <dirent.h>
#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "Backend.h"
#include "EventApi.h"
#include "EventRecord.h"
#include "JackServerWatch.h"
#include "NativeApi.h"
#include "UnixSocket.h"

namespace api = adm::api;

namespace {

constexpr int32_t kPlayout = 1;
constexpr int32_t kRecording = 2;
constexpr int32_t kFloat32 = 0;
constexpr double kRate = 48000.0;
constexpr int32_t kFramesPerBuffer = 256;
constexpr int32_t kChannels = 1;

struct Sample {
    long cycle = 0;
    long rssKb = 0;
    long heapUsed = 0;  // bytes the program holds from malloc (small chunks in use plus mmapped ones)
    long heapHeld = 0;  // bytes malloc holds from the system (arenas' sbrk/heaps plus mmapped chunks)
    int arenas = 0;
    int threads = 0;
    int fds = 0;
};

long statusKb(const char* field) {
    std::ifstream status("/proc/self/status");
    std::string line;
    const std::size_t n = std::strlen(field);
    while (std::getline(status, line)) {
        if (line.compare(0, n, field) == 0 && line.size() > n && line[n] == ':') {
            return std::strtol(line.c_str() + n + 1, nullptr, 10);
        }
    }
    return -1;
}

int countEntries(const char* path) {
    std::unique_ptr<DIR, int (*)(DIR*)> dir(opendir(path), &closedir);
    if (dir == nullptr) {
        return -1;
    }
    int count = 0;
    for (const dirent* entry = readdir(dir.get()); entry != nullptr; entry = readdir(dir.get())) {
        count += entry->d_name[0] != '.' ? 1 : 0;
    }
    return count;
}

/// The malloc arenas in use: malloc_info's XML has one <heap nr="..."> element per arena.
int arenaCount() {
    char* text = nullptr;
    std::size_t size = 0;
    FILE* out = open_memstream(&text, &size);
    if (out == nullptr) {
        return -1;
    }
    malloc_info(0, out);
    std::fclose(out);
    int count = 0;
    for (const char* at = text; (at = std::strstr(at, "<heap nr=")) != nullptr; ++at) {
        ++count;
    }
    std::free(text);
    return count;
}

Sample sample(long cycle) {
    if (const char* trim = std::getenv("SOAK_TRIM"); trim != nullptr && std::strcmp(trim, "1") == 0) {
        malloc_trim(0);
    }
    const struct mallinfo2 info = mallinfo2();
    Sample s;
    s.cycle = cycle;
    s.rssKb = statusKb("VmRSS");
    s.heapUsed = static_cast<long>(info.uordblks + info.hblkhd);
    s.heapHeld = static_cast<long>(info.arena + info.hblkhd);
    s.arenas = arenaCount();
    s.threads = countEntries("/proc/self/task");
    s.fds = countEntries("/proc/self/fd");
    return s;
}

void print(const char* scenario, const Sample& s, double msPerCycle) {
    std::printf("SOAK native %-8s cycle=%-6ld rss_kb=%-7ld heap_used_kb=%-7ld heap_held_kb=%-7ld arenas=%-3d "
                "threads=%-3d fds=%-3d ms_per_cycle=%.1f\n",
                scenario, s.cycle, s.rssKb, s.heapUsed / 1024, s.heapHeld / 1024, s.arenas, s.threads, s.fds,
                msPerCycle);
    std::fflush(stdout);
}

[[noreturn]] void die(const char* what, int32_t code) {
    std::fprintf(stderr, "%s failed: %d %s\n", what, code, api::lastErrorMessage());
    std::exit(1);
}

void check(const char* what, int32_t code) {
    if (code != 0) {
        die(what, code);
    }
}

/// The dispatcher of the Java side in C++: one thread per module that attaches to its events, drains
/// them, takes their texts, sleeps in the hub, and detaches when stopped.
class Listener {
public:
    explicit Listener(int64_t module) {
        check("eventsAttach", api::eventsAttach(module, &mHub));
        mThread = std::thread([this] { run(); });
    }
    ~Listener() {
        mStop.store(true, std::memory_order_release);
        api::eventsWake(mHub);
        mThread.join();
        api::eventsDetach(mHub);
    }
    Listener(const Listener&) = delete;
    Listener& operator=(const Listener&) = delete;
    long events() const { return mEvents; }

private:
    void run() {
        std::vector<adm::EventRecord> batch(256);
        for (;;) {
            const bool last = mStop.load(std::memory_order_acquire);
            int32_t n = 0;
            do {
                api::eventsDrain(mHub, batch.data(), static_cast<int32_t>(batch.size()), &n);
                for (int32_t i = 0; i < n; ++i) {
                    if (batch[static_cast<std::size_t>(i)].messageId != 0) {
                        api::eventsTakeMessage(mHub, batch[static_cast<std::size_t>(i)].messageId);
                    }
                }
                mEvents += n;
            } while (n == static_cast<int32_t>(batch.size()));
            if (last) {
                return;
            }
            api::eventsAwait(mHub, 250'000'000);
        }
    }

    int64_t mHub = 0;
    std::atomic<bool> mStop{false};
    long mEvents = 0;
    std::thread mThread;
};

int32_t findDevice(int64_t module, const char* name) {
    int32_t count = 0;
    check("moduleListDevices", api::moduleListDevices(module, &count));
    for (int32_t row = 0; row < count; ++row) {
        const char* deviceName = api::moduleDeviceName(module, row);
        if (deviceName != nullptr && std::strcmp(deviceName, name) == 0) {
            int32_t ints[5];
            double doubles[5];
            check("moduleDeviceNumbers", api::moduleDeviceNumbers(module, row, ints, doubles));
            return ints[0];
        }
    }
    std::fprintf(stderr, "no device \"%s\" (is a JACK server running? JACK_DEFAULT_SERVER=%s)\n", name,
                 std::getenv("JACK_DEFAULT_SERVER") != nullptr ? std::getenv("JACK_DEFAULT_SERVER") : "(unset)");
    std::exit(1);
}

/// Playout and recording on JACK's "system": init, start, write 50 ms, read what came, stop, close.
void streamsCycle(int64_t module, std::vector<float>& pcm) {
    const int32_t device = findDevice(module, "system");
    for (int32_t kind : {kPlayout, kRecording}) {
        check("streamInit", api::streamInit(module, kind, device, nullptr, kChannels, kFloat32, kRate, kFramesPerBuffer, 0.0));
    }
    check("streamStart", api::streamStart(module, kRecording));
    check("streamStart", api::streamStart(module, kPlayout));
    const auto bytes = static_cast<int32_t>(pcm.size() * sizeof(float));
    const auto frames = static_cast<int32_t>(pcm.size() / kChannels);
    int32_t moved = 0;
    check("pcmWrite", api::pcmWrite(module, kPlayout, pcm.data(), bytes, 0, frames, &moved));
    int32_t got = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(200);
    while (got < kFramesPerBuffer && std::chrono::steady_clock::now() < deadline) {
        int32_t generation = 0;
        check("pcmGeneration", api::pcmGeneration(module, kRecording, &generation));
        check("pcmWait", api::pcmWait(module, kRecording, generation, 5'000'000));
        check("pcmRead", api::pcmRead(module, kRecording, pcm.data(), bytes, 0, frames, &moved));
        got += moved;
    }
    if (got < kFramesPerBuffer) {
        std::fprintf(stderr, "the recording delivered %d frames in 200 ms\n", got);
        std::exit(1);
    }
    check("streamStop", api::streamStop(module, kPlayout));
    check("streamStop", api::streamStop(module, kRecording));
    check("streamClose", api::streamClose(module, kPlayout));
    check("streamClose", api::streamClose(module, kRecording));
}

/// Open, then a listener or the streams' cycle as the scenario says, then close. Returns the events drained.
long moduleCycle(const std::string& scenario, std::vector<float>& pcm) {
    int64_t module = 0;
    check("moduleOpen", api::moduleOpen(nullptr, &module));
    std::unique_ptr<Listener> listener = scenario == "listener" ? std::make_unique<Listener>(module) : nullptr;
    if (scenario == "streams") {
        streamsCycle(module, pcm);
    }
    check("moduleClose", api::moduleClose(module));
    return listener != nullptr ? listener->events() : 0;  // the listener stops after the close, as in Java
}

/// A JACK dummy server of the bench's own (recovery): started, killed with SIGKILL, started again.
class OwnJackServer {
public:
    explicit OwnJackServer(std::string name) : mName(std::move(name)) {}
    ~OwnJackServer() { kill(); }
    OwnJackServer(const OwnJackServer&) = delete;
    OwnJackServer& operator=(const OwnJackServer&) = delete;

    /// Starts it and waits until its socket answers; returns that moment.
    std::chrono::steady_clock::time_point start() {
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
        std::vector<std::string> args{"jackd", "-n", mName, "--no-realtime", "-t", "5000", "-d", "dummy",
                                      "-r", "48000", "-p", "256"};
        std::vector<char*> argv;
        for (std::string& arg : args) {
            argv.push_back(arg.data());
        }
        argv.push_back(nullptr);
        setenv("JACK_NO_AUDIO_RESERVATION", "1", 1);
        if (posix_spawnp(&mPid, "jackd", &actions, nullptr, argv.data(), environ) != 0) {
            std::fprintf(stderr, "could not start jackd\n");
            std::exit(1);
        }
        posix_spawn_file_actions_destroy(&actions);
        const std::string socket = "/dev/shm/" + adm::jackServerSocketName();
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (!adm::unixSocketAnswers(socket)) {
            if (std::chrono::steady_clock::now() > deadline) {
                std::fprintf(stderr, "jackd -n %s did not answer within 10 s\n", mName.c_str());
                std::exit(1);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        return std::chrono::steady_clock::now();
    }

    void kill() {
        if (mPid > 0) {
            ::kill(mPid, SIGKILL);
            waitpid(mPid, nullptr, 0);
            mPid = 0;
        }
    }

private:
    const std::string mName;
    pid_t mPid = 0;
};

/// Waits up to 10 s until the streams of `kinds` are all in `state`; false when they are not.
bool awaitStates(int64_t module, int32_t state) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (;;) {
        bool all = true;
        for (int32_t kind : {kPlayout, kRecording}) {
            int32_t ints[2] = {0, 0};
            double doubles[3];
            int64_t longs[7];
            check("streamStats", api::streamStats(module, kind, ints, doubles, longs));
            all = all && ints[0] == state;
        }
        if (all) {
            return true;
        }
        if (std::chrono::steady_clock::now() > deadline) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

/// The module of the recovery scenario: the policy on, playout and recording running on "system" (by name,
/// as a recovery resolves it again), its events drained as Java's dispatcher would.
struct RecoveringModule {
    int64_t module = 0;
    std::unique_ptr<Listener> listener;

    RecoveringModule() {
        check("moduleOpen", api::moduleOpen(nullptr, &module));
        listener = std::make_unique<Listener>(module);
        check("moduleSetRecoveryPolicy", api::moduleSetRecoveryPolicy(module, 1, 50, 500, 120));
        for (int32_t kind : {kPlayout, kRecording}) {
            check("streamInit", api::streamInit(module, kind, -1, "system", kChannels, kFloat32, kRate,
                                                kFramesPerBuffer, 0.0));
            check("streamStart", api::streamStart(module, kind));
        }
    }
    ~RecoveringModule() {
        api::moduleClose(module);
        listener.reset();
    }
    RecoveringModule(const RecoveringModule&) = delete;
    RecoveringModule& operator=(const RecoveringModule&) = delete;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr,
                     "usage: bench_soak module|listener|streams|stream-cycles|recovery [cycles [every [warmup]]]\n");
        return 2;
    }
    const std::string scenario = argv[1];
    if (scenario != "module" && scenario != "listener" && scenario != "streams" && scenario != "stream-cycles" &&
        scenario != "recovery") {
        std::fprintf(stderr, "unknown scenario '%s'\n", scenario.c_str());
        return 2;
    }
    const long cycles = argc > 2 ? std::strtol(argv[2], nullptr, 10) : 10'000;
    const long every = argc > 3 ? std::strtol(argv[3], nullptr, 10) : std::max(1L, cycles / 20);
    const long warmup = argc > 4 ? std::strtol(argv[4], nullptr, 10) : std::min(1000L, cycles / 10);
    std::vector<float> pcm(2400 * kChannels, 0.0f);  // 50 ms
    for (std::size_t i = 0; i < pcm.size(); ++i) {
        pcm[i] = 0.1f * static_cast<float>((i % 96) < 48 ? 1 : -1);
    }

    int64_t held = 0;  // SOAK_HOLD=1: the cycles neither initialize nor terminate PortAudio
    if (const char* hold = std::getenv("SOAK_HOLD"); hold != nullptr && std::strcmp(hold, "1") == 0) {
        check("moduleOpen", api::moduleOpen(nullptr, &held));
    }
    Sample first = sample(0);
    print(scenario.c_str(), first, 0.0);
    Sample atWarmup = first;
    Sample last = first;
    auto since = std::chrono::steady_clock::now();
    long sinceCycle = 0;
    long events = 0;
    int64_t longLived = 0;  // stream-cycles: the one module of the run
    if (scenario == "stream-cycles") {
        check("moduleOpen", api::moduleOpen(nullptr, &longLived));
    }
    std::unique_ptr<OwnJackServer> server;  // recovery: the server each cycle kills and starts again
    std::unique_ptr<RecoveringModule> recovering;
    std::vector<double> recoveryMs;
    if (scenario == "recovery") {
        const char* name = std::getenv("JACK_DEFAULT_SERVER");
        if (name == nullptr) {
            std::fprintf(stderr, "recovery: set JACK_DEFAULT_SERVER to a name no server has: the bench starts it\n");
            return 2;
        }
        server = std::make_unique<OwnJackServer>(name);
        server->start();
        recovering = std::make_unique<RecoveringModule>();
    }
    const char* reinitEvery = std::getenv("SOAK_REINIT_EVERY");
    const long reinit = reinitEvery != nullptr ? std::strtol(reinitEvery, nullptr, 10) : 0;
    double reinitMs = 0;
    for (long cycle = 1; cycle <= cycles; ++cycle) {
        if (recovering != nullptr) {
            server->kill();
            if (!awaitStates(recovering->module, 5)) {  // RECOVERING
                std::fprintf(stderr, "cycle %ld: the streams did not begin to recover\n", cycle);
                return 1;
            }
            const auto back = server->start();
            if (!awaitStates(recovering->module, 2)) {  // RUNNING
                std::fprintf(stderr, "cycle %ld: the streams did not recover within 10 s\n", cycle);
                return 1;
            }
            recoveryMs.push_back(
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - back).count());
        } else if (longLived != 0) {
            streamsCycle(longLived, pcm);
            if (reinit > 0 && cycle % reinit == 0) {
                // Every backend object shares the one process-wide PortAudio runtime: this re-initializes it
                // (no stream of the process is open between two cycles).
                const auto start = std::chrono::steady_clock::now();
                if (adm::BackendResult r = adm::makePortAudioBackend()->reinitialize(); !r.ok()) {
                    std::fprintf(stderr, "reinitialize failed: %d %s\n", r.error, r.text.c_str());
                    return 1;
                }
                reinitMs += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
            }
        } else {
            events += moduleCycle(scenario, pcm);
        }
        if (cycle % every == 0 || cycle == warmup || cycle == cycles) {
            const auto now = std::chrono::steady_clock::now();
            const double ms = std::chrono::duration<double, std::milli>(now - since).count() /
                              static_cast<double>(cycle - sinceCycle);
            last = sample(cycle);
            print(scenario.c_str(), last, ms);
            if (cycle == warmup) {
                atWarmup = last;
            }
            since = std::chrono::steady_clock::now();
            sinceCycle = cycle;
        }
    }
    const double span = static_cast<double>(last.cycle - atWarmup.cycle);
    if (span > 0) {
        std::printf("GROWTH native %s cycles=%ld..%ld rss_bytes_per_cycle=%.0f heap_used_bytes_per_cycle=%.0f "
                    "heap_held_bytes_per_cycle=%.0f threads=%+d fds=%+d arenas=%+d events=%ld\n",
                    scenario.c_str(), atWarmup.cycle, last.cycle, static_cast<double>(last.rssKb - atWarmup.rssKb) * 1024 / span,
                    static_cast<double>(last.heapUsed - atWarmup.heapUsed) / span,
                    static_cast<double>(last.heapHeld - atWarmup.heapHeld) / span, last.threads - atWarmup.threads,
                    last.fds - atWarmup.fds, last.arenas - atWarmup.arenas, events);
    }
    if (!recoveryMs.empty()) {
        std::sort(recoveryMs.begin(), recoveryMs.end());
        std::printf("RECOVERY %zu restarts: both streams running again %.0f ms (median), %.0f ms (max) after the new "
                    "server answered\n",
                    recoveryMs.size(), recoveryMs[recoveryMs.size() / 2], recoveryMs.back());
    }
    recovering.reset();
    if (reinit > 0) {
        std::printf("REINIT every %ld cycles: %ld times, %.1f ms each\n", reinit, cycles / reinit,
                    reinitMs / static_cast<double>(std::max(1L, cycles / reinit)));
    }
    if (longLived != 0) {
        check("moduleClose", api::moduleClose(longLived));
    }
    if (held != 0) {
        check("moduleClose", api::moduleClose(held));
    }
    return 0;
}
