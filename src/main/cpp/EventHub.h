// A module's event path: producers on any native thread publish fixed records into a lock-free
// ring; one consumer (the Java dispatcher, through JNI) drains them in batches. Control-path
// producers may attach a text, kept here under an id, so audio threads never format strings.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "EventRecord.h"
#include "MpscEventRing.h"
#include "WakeWord.h"

namespace adm {

class EventHub {
public:
    static constexpr std::size_t kDefaultCapacity = 4096;

    /// @param capacity a power of two (MpscEventRing::validCapacity)
    explicit EventHub(std::size_t capacity = kDefaultCapacity);
    EventHub(const EventHub&) = delete;
    EventHub& operator=(const EventHub&) = delete;

    /**
     * Control threads: publishes, then wakes the consumer if it sleeps (one FUTEX_WAKE, bounded, never
     * blocks; see docs/design.md). No allocation, no lock. A full ring counts a drop and returns false.
     */
    bool publishAndWake(const EventRecord& record) noexcept;

    /**
     * Audio threads: publishes with no allocation, no lock and no syscall at all; the consumer hears of
     * it at the next relayWake() (the module's watchdog, every period). A full ring counts a drop.
     */
    bool publishWithoutWake(const EventRecord& record) noexcept;

    /// How a publish reaches a sleeping consumer.
    enum class Wake : bool { Later = false, Now = true };

    /// As the two above, but a full ring is not counted as a drop: for a producer that retries (benchmarks).
    bool tryPublish(const EventRecord& record, Wake wake) noexcept;

    /**
     * Control path only: keeps a text for good under a negative id that audio-thread producers may
     * put in EventRecord::messageId (a fixed explanation, e.g. "the application was late"). The same
     * text always gets the same id, so the texts kept are bounded by the distinct texts, not the calls.
     */
    int64_t fixedMessage(std::string message);

    /// Control path only (allocates, locks): keeps `message` for the consumer, then publishes.
    bool publishWithMessage(EventRecord record, std::string message);

    /// The consumer only: copies up to `max` records; returns how many.
    std::size_t drain(EventRecord* out, std::size_t max) noexcept;

    /// The consumer only: waits until a record is readable, woken, or `timeoutNanos` passed.
    /// Returns true when a record is readable.
    bool await(int64_t timeoutNanos) noexcept;

    /// Wakes the consumer (for shutdown): a waiting await() returns now, and if the consumer is
    /// not waiting yet, its next await() returns at once (the request is remembered, not lost).
    void wakeConsumer() noexcept;

    /**
     * Wakes a sleeping consumer if records were published without a wake since the last call. The audio
     * thread uses publishWithoutWake() (no syscall at all); the module's watchdog calls this every period.
     */
    void relayWake() noexcept;

    /// Claims the single consumer's role; false when another consumer holds it.
    bool attachConsumer() noexcept {
        return !mConsumerAttached.exchange(true, std::memory_order_acq_rel);
    }
    /// Gives the consumer's role back.
    void detachConsumer() noexcept { mConsumerAttached.store(false, std::memory_order_release); }

    /// The consumer: the text published under `id`, removed from the hub (fixed ones stay); empty when none.
    std::string takeMessage(int64_t id);

    /// Records lost to a full ring since the last call.
    uint64_t takeDropped() noexcept { return mDropped.exchange(0, std::memory_order_acq_rel); }

    std::size_t capacity() const noexcept { return mRing.capacity(); }

private:
    void wakeFutex() noexcept;
    /// Counts a record the ring refused; returns `published`.
    bool countDrop(bool published) noexcept;

    MpscEventRing mRing;
    std::atomic<uint64_t> mDropped{0};
    // Bumped on each wake; the consumer sleeps on it while mSleeping is set.
    alignas(64) WakeWord mWake;
    std::atomic<uint32_t> mSleeping{0};
    std::atomic<uint32_t> mPendingWake{0};  // set by wake=false publishes, taken by relayWake()
    std::atomic<uint32_t> mWakeRequested{0};  // set by wakeConsumer(), consumed by await()
    std::atomic<bool> mConsumerAttached{false};
    std::mutex mMessagesMutex;  // control path and consumer only
    std::unordered_map<int64_t, std::string> mMessages;
    std::unordered_map<std::string, int64_t> mFixedIds;  // fixed text -> its id; guarded by mMessagesMutex
    int64_t mNextMessageId = 1;
    int64_t mNextFixedId = -1;
};

}  // namespace adm
