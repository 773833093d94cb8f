// RealtimeSanitizer: the publish path called from [[clang::nonblocking]] functions, as an audio
// callback would. RTSan aborts the process on any allocation, lock, blocking call or syscall made
// (transitively) from a nonblocking function; a death test shows the checker is really armed.
#include <gtest/gtest.h>

#include <sanitizer/rtsan_interface.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <thread>

#include "MonotonicClock.h"
#include "EventHub.h"

using adm::EventHub;
using adm::EventRecord;

namespace {

EventRecord xrunWarning(int64_t value) {
    EventRecord record;
    record.type = static_cast<int32_t>(adm::EventType::Warning);
    record.code = 1014;
    record.stream = static_cast<int32_t>(adm::StreamKind::Playout);
    record.value = value;
    return record;
}

// The compile-time effect analysis cannot see into EventHub.cpp (another translation unit), so these
// calls are declared safe here; RTSan checks them at run time, which is the proof.
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wfunction-effects"
bool publishFromCallback(EventHub& hub, const EventRecord& record, bool wake) [[clang::nonblocking]] {
    return wake ? hub.publishAndWake(record) : hub.publishWithoutWake(record);
}
int64_t stampFromCallback() [[clang::nonblocking]] { return adm::monotonicNanos(); }
void allocateFromCallback() [[clang::nonblocking]] {
    auto leaked = std::make_unique<int[]>(64);
    leaked[0] = 1;
}
#pragma clang diagnostic pop

}  // namespace

// The audio path proper: no wake, a full ring, the drop counter, the clock. Nothing is exempted.
TEST(RtsanPublish, PublishWithoutWakeIsRealtimeSafeIncludingDrops) {
    EventHub hub(8);
    for (int i = 0; i < 20; ++i) {  // 8 published, 12 dropped and counted
        EventRecord record = xrunWarning(i);
        record.firstNanos = stampFromCallback();
        publishFromCallback(hub, record, false);
    }
    EXPECT_EQ(hub.takeDropped(), 12u);
}

// With the wake: while the consumer sleeps the producer makes one FUTEX_WAKE (exempted, and only
// that call, in EventHub.cpp: it never blocks). Everything around it is still checked.
TEST(RtsanPublish, PublishWithWakeOfASleepingConsumer) {
    EventHub hub(1024);
    std::atomic<bool> stop{false};
    std::atomic<int> drained{0};
    std::thread consumer([&] {
        EventRecord batch[64];
        while (!stop.load(std::memory_order_acquire)) {
            hub.await(50'000'000);
            drained.fetch_add(static_cast<int>(hub.drain(batch, 64)), std::memory_order_relaxed);
        }
        drained.fetch_add(static_cast<int>(hub.drain(batch, 64)), std::memory_order_relaxed);
    });
    for (int i = 0; i < 200; ++i) {
        EXPECT_TRUE(publishFromCallback(hub, xrunWarning(i), true));
        std::this_thread::sleep_for(std::chrono::microseconds(200));  // let the consumer fall asleep
    }
    stop.store(true, std::memory_order_release);
    hub.wakeConsumer();
    consumer.join();
    EXPECT_EQ(drained.load(), 200);
}

// The checker is armed: an allocation in a nonblocking function kills the process.
TEST(RtsanPublishDeathTest, AllocationInANonblockingFunctionIsCaught) {
    EXPECT_DEATH(allocateFromCallback(), "RealtimeSanitizer");
}
