// HostThread (every call into the host bounded by a deadline) and CallbackGate (what a late audio
// callback may touch), on their own.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

#include "CallbackGate.h"
#include "HostThread.h"

using adm::CallbackGate;
using adm::HostThread;
using namespace std::chrono_literals;

namespace {

/// A host call that hangs until released, as PortAudio on a stopped JACK server.
struct Hang {
    std::mutex mutex;
    std::condition_variable released;
    bool go = false;
    void wait() {
        std::unique_lock<std::mutex> lock(mutex);
        released.wait(lock, [&] { return go; });
    }
    void release() {
        std::lock_guard<std::mutex> lock(mutex);
        go = true;
        released.notify_all();
    }
};

template <typename F>
std::chrono::milliseconds timed(F f) {
    const auto start = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
}

class Counter final : public adm::StreamCallback {
public:
    void onAudio(const void*, void* output, unsigned long frames, const adm::CallbackTime&, uint32_t) noexcept override {
        ++calls;
        if (output != nullptr) {
            std::memset(output, 0x7f, frames * 8);
        }
        if (slow) {
            std::this_thread::sleep_for(50ms);
        }
    }
    void onFinished() noexcept override { ++finished; }
    std::atomic<int> calls{0};
    std::atomic<int> finished{0};
    std::atomic<bool> slow{false};
};

}  // namespace

TEST(HostThread, RunsACallAndWaitsForIt) {
    HostThread host(200ms);
    int value = 0;
    EXPECT_EQ(host.call([&] { value = 42; }), HostThread::Outcome::Answered);
    EXPECT_EQ(value, 42);
    EXPECT_TRUE(host.answering());
}

TEST(HostThread, LeavesAHangingCallBehindAndFailsTheNextOnesAtOnce) {
    auto hang = std::make_shared<Hang>();
    std::atomic<bool> late{false};
    HostThread host(100ms);
    const auto took = timed([&] {
        EXPECT_EQ(host.call([hang] { hang->wait(); }, [&] { late = true; }), HostThread::Outcome::LeftBehind);
    });
    EXPECT_GE(took, 100ms);
    EXPECT_LT(took, 600ms);
    EXPECT_FALSE(host.answering());
    bool ran = false;
    EXPECT_LT(timed([&] { EXPECT_EQ(host.call([&] { ran = true; }), HostThread::Outcome::NotRun); }), 20ms);
    EXPECT_FALSE(ran);
    std::atomic<bool> deferred{false};
    host.defer([&] { deferred = true; });
    hang->release();
    for (int i = 0; i < 200 && !deferred; ++i) {
        std::this_thread::sleep_for(5ms);
    }
    EXPECT_TRUE(late.load()) << "the late handler runs once the call returned";
    EXPECT_TRUE(deferred.load()) << "deferred work runs once the host answers again";
    EXPECT_TRUE(host.answering());
    EXPECT_EQ(host.call([&] { ran = true; }), HostThread::Outcome::Answered);
    EXPECT_TRUE(ran);
}

TEST(HostThread, AScanGetsItsOwnLongerDeadlineAndIsNotTakenForAStuckHost) {
    HostThread host(50ms);
    std::atomic<bool> scanning{false};
    std::thread other;
    const auto took = timed([&] {
        EXPECT_EQ(host.callWithin(1000ms, [&] {
                      scanning = true;
                      std::this_thread::sleep_for(200ms);  // a slow but healthy host scan
                  }),
                  HostThread::Outcome::Answered);
    });
    EXPECT_GE(took, 200ms);
    EXPECT_TRUE(host.answering());
    // While a long scan runs past the short deadline, the host is busy, not stuck: a call is queued, and
    // not run only when its own deadline passes in the queue.
    auto hang = std::make_shared<Hang>();
    other = std::thread([&] { host.callWithin(1000ms, [hang] { hang->wait(); }); });
    std::this_thread::sleep_for(100ms);  // past the short deadline, within the long one
    EXPECT_TRUE(host.answering());
    bool ran = false;
    EXPECT_EQ(host.call([&] { ran = true; }), HostThread::Outcome::NotRun);  // waited 50 ms in the queue
    hang->release();
    other.join();
    EXPECT_FALSE(ran);
    EXPECT_TRUE(scanning.load());
    EXPECT_EQ(host.runWithin(10ms, [&] { ran = true; }), true);
    EXPECT_TRUE(ran);
}

TEST(HostThread, AQueuedCallThatWaitedPastItsDeadlineNeverRuns) {
    auto hang = std::make_shared<Hang>();
    HostThread host(100ms);
    host.defer([hang] { hang->wait(); });  // stuck, but no caller saw it yet
    std::this_thread::sleep_for(10ms);
    bool ran = false;
    EXPECT_EQ(host.call([&] { ran = true; }), HostThread::Outcome::NotRun);
    hang->release();
    std::this_thread::sleep_for(50ms);
    EXPECT_FALSE(ran);
}

TEST(HostThread, ItsDestructorNeverWaitsOnAStuckHost) {
    auto hang = std::make_shared<Hang>();
    std::atomic<bool> deferredRan{false};
    {
        auto host = std::make_unique<HostThread>(100ms);
        EXPECT_EQ(host->call([hang] { hang->wait(); }), HostThread::Outcome::LeftBehind);
        host->defer([&] { deferredRan = true; });
        EXPECT_LT(timed([&] { host.reset(); }), 50ms);
    }
    hang->release();  // the thread left behind runs what was queued, then ends
    for (int i = 0; i < 200 && !deferredRan; ++i) {
        std::this_thread::sleep_for(5ms);
    }
    EXPECT_TRUE(deferredRan.load());
}

TEST(HostThread, ManyCallersAreServedOneAtATime) {
    HostThread host(1000ms);
    std::atomic<int> inside{0};
    std::atomic<int> most{0};
    std::atomic<int> answered{0};
    std::vector<std::thread> callers;
    for (int t = 0; t < 4; ++t) {
        callers.emplace_back([&] {
            for (int i = 0; i < 50; ++i) {
                answered += host.call([&] {
                    const int now = ++inside;
                    most = std::max(most.load(), now);
                    --inside;
                }) == HostThread::Outcome::Answered;
            }
        });
    }
    for (std::thread& t : callers) {
        t.join();
    }
    EXPECT_EQ(answered.load(), 200);
    EXPECT_EQ(most.load(), 1);
}

TEST(CallbackGate, ForwardsUntilDetachedThenPlaysSilence) {
    Counter target;
    CallbackGate gate(&target, 8);
    std::vector<uint8_t> out(256 * 8, 0);
    gate.onAudio(nullptr, out.data(), 256, adm::CallbackTime{}, 0);
    gate.onFinished();
    EXPECT_EQ(target.calls.load(), 1);
    EXPECT_EQ(target.finished.load(), 1);
    EXPECT_EQ(out[100], 0x7f);
    EXPECT_TRUE(gate.detach());
    EXPECT_TRUE(gate.detached());
    gate.onAudio(nullptr, out.data(), 256, adm::CallbackTime{}, 0);
    gate.onFinished();
    EXPECT_EQ(target.calls.load(), 1) << "no callback reaches a detached target";
    EXPECT_EQ(target.finished.load(), 1);
    for (uint8_t byte : out) {
        ASSERT_EQ(byte, 0) << "a detached gate outputs silence";
    }
}

TEST(CallbackGate, DetachWaitsForACallbackInProgress) {
    Counter target;
    target.slow = true;
    CallbackGate gate(&target, 8);
    std::vector<uint8_t> out(64 * 8);
    std::thread audio([&] { gate.onAudio(nullptr, out.data(), 64, adm::CallbackTime{}, 0); });
    while (target.calls.load() == 0) {
        std::this_thread::yield();
    }
    const auto took = timed([&] { EXPECT_TRUE(gate.detach()); });
    EXPECT_GE(took, 20ms) << "it waited for the 50 ms callback to leave";
    audio.join();
    target.slow = false;
    std::thread stuck([&] {
        target.slow = true;
        gate.onAudio(nullptr, out.data(), 64, adm::CallbackTime{}, 0);
    });
    stuck.join();
    EXPECT_EQ(target.calls.load(), 1);
}

TEST(CallbackGate, ReportsACallbackThatWillNotLeave) {
    Counter target;
    target.slow = true;
    CallbackGate gate(&target, 0);
    std::thread audio([&] { gate.onAudio(nullptr, nullptr, 1, adm::CallbackTime{}, 0); });
    while (target.calls.load() == 0) {
        std::this_thread::yield();
    }
    EXPECT_FALSE(gate.detach(std::chrono::milliseconds(5))) << "the caller must then keep the target";
    audio.join();
    EXPECT_TRUE(gate.awaitIdle());
}
