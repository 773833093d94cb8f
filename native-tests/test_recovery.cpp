// The opt-in recovery policy (StreamRecovery.h), through the fault seam: a stream whose server died is reopened
// with its own configuration once an open succeeds again, its ring kept; tries, giving up, cancelling, and the
// calls an application may make meanwhile.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "FakeBackend.h"
#include "Module.h"

using adm::ErrorCode;
using adm::EventRecord;
using adm::EventType;
using adm::Module;
using adm::RecoveryPolicy;
using adm::StreamConfig;
using adm::StreamKind;
using adm::StreamState;
using adm::testing::FakeBackend;
using namespace std::chrono_literals;

namespace {

struct Event {
    EventRecord record;
    std::string message;
};

class RecoveryTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(module->open().ok()); }

    static RecoveryPolicy on(uint32_t maxTries = 20) {
        RecoveryPolicy policy;
        policy.enabled = true;
        policy.firstDelay = 10ms;
        policy.maxDelay = 40ms;
        policy.maxTries = maxTries;
        return policy;
    }

    static adm::WatchdogSettings fastWatchdog() {
        adm::WatchdogSettings settings;
        settings.period = 5ms;
        settings.minStall = 50ms;
        settings.controlDeadline = 300ms;
        return settings;
    }

    /// Every event so far, in order (kept: later calls see the earlier ones too).
    const std::vector<Event>& events() {
        EventRecord batch[64];
        std::size_t n;
        while ((n = module->events()->drain(batch, 64)) > 0) {
            for (std::size_t i = 0; i < n; ++i) {
                seen.push_back({batch[i], module->events()->takeMessage(batch[i].messageId)});
            }
        }
        return seen;
    }

    /// The state events of `kind` so far, as (state, value) pairs.
    std::vector<std::pair<int32_t, int64_t>> states(StreamKind kind) {
        std::vector<std::pair<int32_t, int64_t>> out;
        for (const Event& e : events()) {
            if (e.record.type == static_cast<int32_t>(EventType::StateChanged) &&
                e.record.stream == static_cast<int32_t>(kind)) {
                out.emplace_back(e.record.code, e.record.value);
            }
        }
        return out;
    }

    /// Waits up to 3 s until the stream of `kind` is in `state`.
    bool awaitState(StreamKind kind, StreamState state) {
        const auto deadline = std::chrono::steady_clock::now() + 3s;
        adm::StreamStats stats;
        while (std::chrono::steady_clock::now() < deadline) {
            if (module->streamStats(kind, stats).ok() && stats.state == state) {
                return true;
            }
            std::this_thread::sleep_for(2ms);
        }
        return false;
    }

    int errors(ErrorCode code) {
        int count = 0;
        for (const Event& e : events()) {
            count += e.record.type == static_cast<int32_t>(EventType::Error) && e.record.code == static_cast<int32_t>(code);
        }
        return count;
    }

    /// A running playout whose host reports it inactive: the server went away; the next `refusals` opens fail.
    void runPlayoutThenKillItsServer(int refusals) {
        ASSERT_TRUE(module->initStream(StreamKind::Playout, StreamConfig{}).ok());
        ASSERT_TRUE(module->startStream(StreamKind::Playout).ok());
        std::vector<float> out(2 * 256);
        backend->streams.back()->pumpWith(nullptr, out.data(), 256);  // one callback played (silence)
        backend->opensRefused = refusals;
        backend->script.active = 0;
    }

    std::shared_ptr<FakeBackend> backend = std::make_shared<FakeBackend>();
    std::unique_ptr<Module> module = std::make_unique<Module>(backend, fastWatchdog());
    std::vector<Event> seen;
};

}  // namespace

TEST_F(RecoveryTest, ARunningPlayoutIsReopenedOnceItsServerIsBackAndPlaysWhatWasWrittenMeanwhile) {
    ASSERT_TRUE(module->setRecoveryPolicy(on()).ok());
    runPlayoutThenKillItsServer(2);  // the server is not back for the first two tries
    ASSERT_TRUE(awaitState(StreamKind::Playout, StreamState::Recovering));
    backend->script.active = 1;  // what a new stream of the server that is back answers
    // The application's write goes on without a new call: into the ring, played once the stream runs again.
    std::vector<float> frames(2 * 128, 0.25f);
    std::size_t written = 0;
    ASSERT_TRUE(module->pcm()
                    .write(StreamKind::Playout, reinterpret_cast<const uint8_t*>(frames.data()), 128, written)
                    .ok());
    EXPECT_EQ(written, 128u);
    ASSERT_TRUE(awaitState(StreamKind::Playout, StreamState::Running));
    EXPECT_EQ(backend->opens.load(), 4) << "the open, two refused tries, the reopen";
    std::vector<float> out(2 * 128, 0.0f);
    backend->streams.back()->pumpWith(nullptr, out.data(), 128);
    EXPECT_FLOAT_EQ(out[0], 0.25f);
    EXPECT_FLOAT_EQ(out[255], 0.25f);

    const auto seenStates = states(StreamKind::Playout);
    ASSERT_EQ(seenStates.size(), 7u);
    const std::vector<int32_t> expected{1, 2, 4, 5, 5, 5, 2};  // init, run, failed, recovering x3, running
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(seenStates[i].first, expected[i]) << "state event " << i;
    }
    EXPECT_EQ(seenStates[3].second, 0) << "the recovery begins";
    EXPECT_EQ(seenStates[4].second, 1) << "the first try failed";
    EXPECT_EQ(seenStates[5].second, 2) << "the second try failed";
    EXPECT_GT(seenStates[6].second, 10'000'000) << "nanoseconds from the failure: at least the first delay";
    EXPECT_EQ(errors(ErrorCode::AdmRuntimePlayoutError), 1) << "the failure is reported, once";

    // And it is watched like any running stream: a second death, which rings no bell, is seen and recovered.
    backend->script.active = 0;
    ASSERT_TRUE(awaitState(StreamKind::Playout, StreamState::Recovering)) << "the recovered stream is not watched";
    backend->script.active = 1;
    ASSERT_TRUE(awaitState(StreamKind::Playout, StreamState::Running));
    EXPECT_EQ(errors(ErrorCode::AdmRuntimePlayoutError), 2);
    ASSERT_TRUE(module->stopStream(StreamKind::Playout).ok());
    ASSERT_TRUE(module->closeStream(StreamKind::Playout).ok());
}

TEST_F(RecoveryTest, IdleStreamsAreReopenedToTheStateTheyWereIn) {
    ASSERT_TRUE(module->setRecoveryPolicy(on()).ok());
    ASSERT_TRUE(module->initStream(StreamKind::Playout, StreamConfig{}).ok());
    ASSERT_TRUE(module->initStream(StreamKind::Recording, StreamConfig{}).ok());
    ASSERT_TRUE(module->startStream(StreamKind::Recording).ok());
    ASSERT_TRUE(module->stopStream(StreamKind::Recording).ok());
    backend->opensRefused = 1;
    backend->killServer();
    const auto deadline = std::chrono::steady_clock::now() + 3s;
    while (backend->opens.load() < 2 + 1 + 2 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(2ms);  // the two opens, one refused try, the two reopens
    }
    ASSERT_TRUE(awaitState(StreamKind::Playout, StreamState::Initialized) &&
                awaitState(StreamKind::Recording, StreamState::Stopped));
    // Both failed (1015, 1017), recovered, and none was started behind the application's back.
    EXPECT_EQ(errors(ErrorCode::AdmRuntimePlayoutError), 1);
    EXPECT_EQ(errors(ErrorCode::AdmRuntimeRecordingError), 1);
    EXPECT_EQ(states(StreamKind::Playout).back().first, 1);
    EXPECT_EQ(states(StreamKind::Recording).back().first, 3);
    EXPECT_TRUE(module->startStream(StreamKind::Playout).ok());
}

TEST_F(RecoveryTest, ALoopbackIsReopenedAndWiredAgain) {
    ASSERT_TRUE(module->setRecoveryPolicy(on()).ok());
    ASSERT_TRUE(module->initStream(StreamKind::Loopback, StreamConfig{}).ok());
    ASSERT_TRUE(module->startStream(StreamKind::Loopback).ok());
    backend->opensRefused = 1;
    backend->script.active = 0;
    ASSERT_TRUE(awaitState(StreamKind::Loopback, StreamState::Recovering));
    backend->script.active = 1;
    const int wiredBefore = backend->script.wirings.load();
    ASSERT_TRUE(awaitState(StreamKind::Loopback, StreamState::Running));
    const auto deadline = std::chrono::steady_clock::now() + 2s;
    while (backend->script.wirings.load() == wiredBefore && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(2ms);
    }
    EXPECT_GT(backend->script.wirings.load(), wiredBefore) << "the reopened loopback is wired to the sources again";
    EXPECT_EQ(errors(ErrorCode::AdmRuntimeRecordingError), 1) << "a loopback's failure is 1017";
}

TEST_F(RecoveryTest, StartAndStopDuringARecoveryDecideTheStateItRecoversTo) {
    ASSERT_TRUE(module->setRecoveryPolicy(on(1000)).ok());
    ASSERT_TRUE(module->initStream(StreamKind::Playout, StreamConfig{}).ok());
    ASSERT_TRUE(module->initStream(StreamKind::Recording, StreamConfig{}).ok());
    ASSERT_TRUE(module->startStream(StreamKind::Recording).ok());
    backend->opensRefused = 1'000'000;
    backend->killServer();
    backend->script.active = 0;
    ASSERT_TRUE(awaitState(StreamKind::Playout, StreamState::Recovering) &&
                awaitState(StreamKind::Recording, StreamState::Recovering));
    EXPECT_TRUE(module->startStream(StreamKind::Playout).ok());  // initialized: it runs once reopened
    EXPECT_TRUE(module->stopStream(StreamKind::Recording).ok());  // running: it stays stopped once reopened
    backend->script.active = 1;
    backend->opensRefused = 0;
    ASSERT_TRUE(awaitState(StreamKind::Playout, StreamState::Running));
    ASSERT_TRUE(awaitState(StreamKind::Recording, StreamState::Stopped));
}

TEST_F(RecoveryTest, ATryWhileTheServerDoesNotAnswerOpensNothing) {
    ASSERT_TRUE(module->setRecoveryPolicy(on(1000)).ok());
    backend->script.serverAnswers = false;
    runPlayoutThenKillItsServer(0);
    const auto deadline = std::chrono::steady_clock::now() + 3s;
    while (states(StreamKind::Playout).back() != std::pair<int32_t, int64_t>{5, 3} &&
           std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(2ms);
    }
    ASSERT_EQ(states(StreamKind::Playout).back(), (std::pair<int32_t, int64_t>{5, 3})) << "three tries made";
    EXPECT_EQ(backend->opens.load(), 1) << "none of them opened (nor renewed) anything";
    backend->script.active = 1;
    backend->script.serverAnswers = true;
    ASSERT_TRUE(awaitState(StreamKind::Playout, StreamState::Running));
    EXPECT_EQ(backend->opens.load(), 2);
}

// A server that came back stalled keeps a try in the host (here: its device listing) for a second; the try holds
// no lock meanwhile, so the application's close returns within its deadline, and what the try opened is dropped.
TEST_F(RecoveryTest, AControlCallDuringASlowTryDoesNotWaitForIt) {
    ASSERT_TRUE(module->setRecoveryPolicy(on()).ok());
    runPlayoutThenKillItsServer(0);
    ASSERT_TRUE(awaitState(StreamKind::Playout, StreamState::Recovering));
    backend->listDelayMs = 1000;
    std::this_thread::sleep_for(100ms);  // the first try (10 ms after the failure) is in its listing now
    const auto start = std::chrono::steady_clock::now();
    EXPECT_TRUE(module->closeStream(StreamKind::Playout).ok());
    const auto took = std::chrono::steady_clock::now() - start;
    EXPECT_LT(took, 700ms) << "the close waited for the try";
    adm::StreamStats stats;
    ASSERT_TRUE(module->streamStats(StreamKind::Playout, stats).ok());
    EXPECT_EQ(stats.state, StreamState::Closed);
    std::this_thread::sleep_for(1200ms);  // the try ends: it finds the stream gone
    ASSERT_TRUE(module->streamStats(StreamKind::Playout, stats).ok());
    EXPECT_EQ(stats.state, StreamState::Closed);
    EXPECT_EQ(states(StreamKind::Playout).back().first, 0) << "CLOSED is the last state event: no recovery after it";
    backend->listDelayMs = 0;
    ASSERT_TRUE(module->initStream(StreamKind::Playout, StreamConfig{}).ok()) << "the module works on";
}

TEST_F(RecoveryTest, ADelayThatStartsAtZeroStillGrows) {
    RecoveryPolicy policy = on(1000);
    policy.firstDelay = 0ms;
    policy.maxDelay = 200ms;
    ASSERT_TRUE(module->setRecoveryPolicy(policy).ok());
    runPlayoutThenKillItsServer(1'000'000);
    ASSERT_TRUE(awaitState(StreamKind::Playout, StreamState::Recovering));
    std::this_thread::sleep_for(1000ms);
    // 0, 10, 20, 40, 80, 160, then every 200 ms: about 8 tries in a second, not one per 5 ms watchdog period.
    const int tries = backend->opens.load() - 1;
    EXPECT_GE(tries, 3) << "it tries";
    EXPECT_LE(tries, 12) << "the delay grew (it stayed at 0 before: a try every watchdog period)";
}

TEST_F(RecoveryTest, TriesThatRunOutLeaveTheStreamFailedWithTheErrorAgain) {
    ASSERT_TRUE(module->setRecoveryPolicy(on(3)).ok());
    runPlayoutThenKillItsServer(1'000'000);
    ASSERT_TRUE(awaitState(StreamKind::Playout, StreamState::Recovering));
    const auto deadline = std::chrono::steady_clock::now() + 3s;
    while (errors(ErrorCode::AdmRuntimePlayoutError) < 2 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(5ms);
    }
    ASSERT_EQ(errors(ErrorCode::AdmRuntimePlayoutError), 2) << "the failure, then the giving up";
    EXPECT_TRUE(awaitState(StreamKind::Playout, StreamState::Failed));
    EXPECT_EQ(backend->opens.load(), 1 + 3);
    const auto seenStates = states(StreamKind::Playout);
    EXPECT_EQ(seenStates.back(), (std::pair<int32_t, int64_t>{4, 3})) << "FAILED after 3 tries";
    for (const Event& e : events()) {
        if (e.record.type == static_cast<int32_t>(EventType::Error) && e.message.find("gave up") != std::string::npos) {
            EXPECT_NE(e.message.find("3 tries"), std::string::npos) << e.message;
            EXPECT_NE(e.message.find("not back yet"), std::string::npos) << "the last try's reason: " << e.message;
        }
    }
    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(backend->opens.load(), 4) << "no try after giving up";
    EXPECT_EQ(module->startStream(StreamKind::Playout).code, ErrorCode::NotReady);
    EXPECT_TRUE(module->closeStream(StreamKind::Playout).ok());
}

TEST_F(RecoveryTest, NothingRecoversWhenThePolicyIsOff) {
    EXPECT_FALSE(module->recoveryPolicy().enabled) << "off by default";
    runPlayoutThenKillItsServer(0);
    ASSERT_TRUE(awaitState(StreamKind::Playout, StreamState::Failed));
    std::this_thread::sleep_for(150ms);
    EXPECT_EQ(backend->opens.load(), 1);
    for (const auto& [state, value] : states(StreamKind::Playout)) {
        EXPECT_NE(state, 5) << "no RECOVERING";
    }
    EXPECT_EQ(module->startStream(StreamKind::Playout).code, ErrorCode::NotReady);
}

TEST_F(RecoveryTest, SwitchingThePolicyOffCancelsARecovery) {
    ASSERT_TRUE(module->setRecoveryPolicy(on(1000)).ok());
    runPlayoutThenKillItsServer(1'000'000);
    const auto deadline = std::chrono::steady_clock::now() + 3s;
    while (backend->opens.load() < 3 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(2ms);
    }
    RecoveryPolicy off;
    ASSERT_TRUE(module->setRecoveryPolicy(off).ok());
    EXPECT_TRUE(awaitState(StreamKind::Playout, StreamState::Failed));
    const int opens = backend->opens.load();
    std::this_thread::sleep_for(150ms);
    EXPECT_EQ(backend->opens.load(), opens) << "no try after the cancel";
    EXPECT_EQ(states(StreamKind::Playout).back().first, 4);
}

TEST_F(RecoveryTest, ClosingARecoveringStreamOrItsModuleEndsTheRecovery) {
    ASSERT_TRUE(module->setRecoveryPolicy(on(1000)).ok());
    ASSERT_TRUE(module->initStream(StreamKind::Recording, StreamConfig{}).ok());
    runPlayoutThenKillItsServer(1'000'000);
    backend->killServer();
    ASSERT_TRUE(awaitState(StreamKind::Playout, StreamState::Recovering) &&
                awaitState(StreamKind::Recording, StreamState::Recovering));
    ASSERT_TRUE(module->closeStream(StreamKind::Playout).ok());
    std::size_t read = 0;
    uint8_t buffer[64];
    EXPECT_TRUE(module->pcm().read(StreamKind::Recording, buffer, 8, read).ok()) << "a recovering recording reads";
    EXPECT_EQ(read, 0u);
    ASSERT_TRUE(module->close().ok());
    const int opens = backend->opens.load();
    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(backend->opens.load(), opens);
}

TEST_F(RecoveryTest, APolicyOutOfRangeIsRefusedWithWhatWasExpected) {
    RecoveryPolicy policy = on();
    policy.firstDelay = -1ms;
    adm::Status status = module->setRecoveryPolicy(policy);
    EXPECT_EQ(status.code, ErrorCode::InvalidArgument);
    EXPECT_NE(status.message.find("first delay -1 ms"), std::string::npos) << status.message;
    policy = on();
    policy.maxDelay = 5ms;  // below the first delay
    EXPECT_EQ(module->setRecoveryPolicy(policy).code, ErrorCode::InvalidArgument);
    policy = on();
    policy.maxDelay = RecoveryPolicy::kMaxDelay + 1ms;
    EXPECT_EQ(module->setRecoveryPolicy(policy).code, ErrorCode::InvalidArgument);
    policy = on(0);
    EXPECT_EQ(module->setRecoveryPolicy(policy).code, ErrorCode::InvalidArgument);
    policy = on(RecoveryPolicy::kMaxTries + 1);
    EXPECT_EQ(module->setRecoveryPolicy(policy).code, ErrorCode::InvalidArgument);
    EXPECT_FALSE(module->recoveryPolicy().enabled) << "a refused policy changes nothing";
    ASSERT_TRUE(module->close().ok());
    EXPECT_EQ(module->setRecoveryPolicy(on()).code, ErrorCode::NotInitialized);
}
