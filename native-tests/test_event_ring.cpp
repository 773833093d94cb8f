// The event ring and hub: order, capacity, drops, messages, and several producers at once.
#include <gtest/gtest.h>

#include <set>
#include <thread>
#include <vector>

#include "MonotonicClock.h"
#include "EventHub.h"
#include "MpscEventRing.h"

using adm::EventHub;
using adm::EventRecord;
using adm::MpscEventRing;

namespace {
EventRecord recordWithValue(int64_t value) {
    EventRecord record;
    record.value = value;
    return record;
}
}  // namespace

TEST(MpscEventRing, DrainsInPublicationOrder) {
    MpscEventRing ring(8);
    for (int i = 0; i < 5; ++i) {
        ASSERT_TRUE(ring.tryPublish(recordWithValue(i)));
    }
    EventRecord out[8];
    ASSERT_EQ(ring.drain(out, 8), 5u);
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(out[i].value, i);
    }
    EXPECT_EQ(ring.drain(out, 8), 0u);
}

TEST(MpscEventRing, RefusesWhenFullAndRecoversAfterDrain) {
    MpscEventRing ring(4);
    for (int i = 0; i < 4; ++i) {
        ASSERT_TRUE(ring.tryPublish(recordWithValue(i)));
    }
    EXPECT_FALSE(ring.tryPublish(recordWithValue(99)));
    EventRecord out[2];
    ASSERT_EQ(ring.drain(out, 2), 2u);
    EXPECT_TRUE(ring.tryPublish(recordWithValue(4)));
    EXPECT_TRUE(ring.tryPublish(recordWithValue(5)));
    EXPECT_FALSE(ring.tryPublish(recordWithValue(6)));
    EventRecord rest[8];
    ASSERT_EQ(ring.drain(rest, 8), 4u);
    EXPECT_EQ(rest[0].value, 2);
    EXPECT_EQ(rest[3].value, 5);
}

TEST(MpscEventRing, ValidatesCapacity) {
    EXPECT_TRUE(MpscEventRing::validCapacity(2));
    EXPECT_TRUE(MpscEventRing::validCapacity(4096));
    EXPECT_FALSE(MpscEventRing::validCapacity(0));
    EXPECT_FALSE(MpscEventRing::validCapacity(1));
    EXPECT_FALSE(MpscEventRing::validCapacity(100));
}

// Four producers race one consumer: every record arrives exactly once, or is counted as dropped.
TEST(EventHub, LosesNothingSilentlyUnderContention) {
    EventHub hub(256);
    constexpr int kProducers = 4;
    constexpr int kPerProducer = 50'000;
    std::atomic<int> running{kProducers};
    std::vector<std::thread> producers;
    for (int p = 0; p < kProducers; ++p) {
        producers.emplace_back([&, p] {
            for (int i = 0; i < kPerProducer; ++i) {
                hub.publishAndWake(recordWithValue(static_cast<int64_t>(p) * kPerProducer + i));
            }
            running.fetch_sub(1);
        });
    }
    std::set<int64_t> seen;
    std::vector<int64_t> lastPerProducer(kProducers, -1);
    EventRecord batch[64];
    uint64_t dropped = 0;
    while (running.load() > 0 || hub.await(1'000'000)) {
        const std::size_t n = hub.drain(batch, 64);
        for (std::size_t i = 0; i < n; ++i) {
            const int64_t value = batch[i].value;
            ASSERT_TRUE(seen.insert(value).second) << "duplicate " << value;
            const auto producer = static_cast<std::size_t>(value / kPerProducer);
            ASSERT_GT(value, lastPerProducer[producer]) << "out of order for producer " << producer;
            lastPerProducer[producer] = value;
        }
        dropped += hub.takeDropped();
    }
    for (std::thread& t : producers) {
        t.join();
    }
    dropped += hub.takeDropped();
    EXPECT_EQ(seen.size() + dropped, static_cast<std::size_t>(kProducers) * kPerProducer);
}

TEST(EventHub, KeepsMessagesUntilTaken) {
    EventHub hub(4);
    ASSERT_TRUE(hub.publishWithMessage(EventRecord{}, "could not open \"system\" at 44100 Hz"));
    EventRecord out[4];
    ASSERT_EQ(hub.drain(out, 4), 1u);
    EXPECT_GT(out[0].messageId, 0);
    EXPECT_EQ(hub.takeMessage(out[0].messageId), "could not open \"system\" at 44100 Hz");
    EXPECT_EQ(hub.takeMessage(out[0].messageId), "");  // taken once
}

// Every stream asks its module's hub for the same fixed texts: one id per text, or a long-lived module that
// initializes streams again and again keeps a new copy per stream (issue 15).
TEST(EventHub, FixedMessagesGetOneIdPerText) {
    EventHub hub(4);
    const int64_t late = hub.fixedMessage("the application was late");
    const int64_t silence = hub.fixedMessage("silence was inserted");
    EXPECT_LT(late, 0);
    EXPECT_LT(silence, 0);
    EXPECT_NE(late, silence);
    for (int i = 0; i < 1000; ++i) {
        ASSERT_EQ(hub.fixedMessage("the application was late"), late);
    }
    EXPECT_EQ(hub.fixedMessage("silence was inserted"), silence);
    EXPECT_EQ(hub.takeMessage(late), "the application was late");
    EXPECT_EQ(hub.takeMessage(late), "the application was late");  // fixed: never taken away
    EXPECT_EQ(hub.takeMessage(silence), "silence was inserted");
}

TEST(EventHub, AwaitWakesOnPublishAndTimesOutWhenIdle) {
    EventHub hub(8);
    const int64_t before = adm::monotonicNanos();
    EXPECT_FALSE(hub.await(20'000'000));
    EXPECT_GE(adm::monotonicNanos() - before, 15'000'000);
    std::thread producer([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        hub.publishAndWake(recordWithValue(1));
    });
    EXPECT_TRUE(hub.await(5'000'000'000));  // woken long before the timeout
    producer.join();
}

// A shutdown wake that comes before the consumer waits must not be lost (it would sleep out its timeout).
TEST(EventHub, RemembersAWakeThatCameBeforeTheWait) {
    EventHub hub(8);
    hub.wakeConsumer();
    const int64_t before = adm::monotonicNanos();
    EXPECT_FALSE(hub.await(5'000'000'000));
    EXPECT_LT(adm::monotonicNanos() - before, 1'000'000'000);
    const int64_t again = adm::monotonicNanos();
    EXPECT_FALSE(hub.await(10'000'000));  // consumed: the next wait waits
    EXPECT_GE(adm::monotonicNanos() - again, 5'000'000);
}

TEST(EventHub, HasOneConsumerAtATime) {
    EventHub hub(8);
    EXPECT_TRUE(hub.attachConsumer());
    EXPECT_FALSE(hub.attachConsumer());
    hub.detachConsumer();
    EXPECT_TRUE(hub.attachConsumer());
}

// The audio thread publishes without a wake; the watchdog relays it: the consumer sleeps on until then.
TEST(EventHub, AWakeFreePublishIsRelayedByTheWatchdog) {
    EventHub hub(8);
    std::atomic<bool> woken{false};
    std::thread consumer([&] {
        woken = hub.await(5'000'000'000);
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EventRecord record;
    ASSERT_TRUE(hub.publishWithoutWake(record));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_FALSE(woken.load()) << "no syscall from the publisher, so no wake yet";
    hub.relayWake();
    consumer.join();
    EXPECT_TRUE(woken.load());
    hub.relayWake();  // nothing pending: a no-op
}
