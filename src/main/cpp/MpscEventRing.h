// A bounded multi-producer single-consumer ring of EventRecords (Vyukov's bounded queue,
// one consumer). Producers: audio callbacks, the watchdog, control calls. Publishing never
// allocates, locks or makes a syscall: a full ring returns false and the caller counts a drop.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "EventRecord.h"

namespace adm {

class MpscEventRing {
public:
    /// @param capacity a power of two >= 2
    explicit MpscEventRing(std::size_t capacity)
        : mMask(capacity - 1), mSlots(std::make_unique<Slot[]>(capacity)) {
        for (std::size_t i = 0; i < capacity; ++i) {
            mSlots[i].sequence.store(i, std::memory_order_relaxed);
        }
    }

    static bool validCapacity(std::size_t capacity) noexcept {
        return capacity >= 2 && (capacity & (capacity - 1)) == 0 && capacity <= (std::size_t{1} << 24);
    }

    std::size_t capacity() const noexcept { return mMask + 1; }

    /// Any thread. False when full: the record was not published.
    bool tryPublish(const EventRecord& record) noexcept {
        std::size_t position = mTail.load(std::memory_order_relaxed);
        for (;;) {
            Slot& slot = mSlots[position & mMask];
            const std::size_t sequence = slot.sequence.load(std::memory_order_acquire);
            const auto difference = static_cast<std::ptrdiff_t>(sequence) - static_cast<std::ptrdiff_t>(position);
            if (difference == 0) {
                if (mTail.compare_exchange_weak(position, position + 1, std::memory_order_relaxed,
                                                std::memory_order_relaxed)) {
                    slot.record = record;
                    slot.sequence.store(position + 1, std::memory_order_release);
                    return true;
                }
            } else if (difference < 0) {
                return false;  // full: the consumer has not freed this slot yet
            } else {
                position = mTail.load(std::memory_order_relaxed);
            }
        }
    }

    /// The single consumer only. Copies up to `max` records in publication order; returns how many.
    std::size_t drain(EventRecord* out, std::size_t max) noexcept {
        std::size_t taken = 0;
        while (taken < max) {
            Slot& slot = mSlots[mHead & mMask];
            if (slot.sequence.load(std::memory_order_acquire) != mHead + 1) {
                break;  // empty, or the next producer has claimed the slot but not finished writing
            }
            out[taken++] = slot.record;
            slot.sequence.store(mHead + mMask + 1, std::memory_order_release);
            ++mHead;
        }
        return taken;
    }

    /// The single consumer only: true when a record is ready to drain.
    bool readable() const noexcept {
        return mSlots[mHead & mMask].sequence.load(std::memory_order_acquire) == mHead + 1;
    }

private:
    struct alignas(64) Slot {
        std::atomic<std::size_t> sequence{0};
        EventRecord record;
    };

    const std::size_t mMask;
    std::unique_ptr<Slot[]> mSlots;
    alignas(64) std::atomic<std::size_t> mTail{0};  // producers
    alignas(64) std::size_t mHead = 0;              // the consumer
};

}  // namespace adm
