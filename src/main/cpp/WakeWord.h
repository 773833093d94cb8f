// A word that one side sleeps on with a timeout and another bumps to wake it: the cheapest timed sleep
// with a wake-up (on Linux one futex syscall each way, no mutex), for threads that wait on a ring.
#pragma once

#include <atomic>
#include <cstdint>

#include "AddressWait.h"

namespace adm {

class WakeWord {
public:
    /// The generation to pass to sleep(): read it before checking the condition slept on.
    uint32_t generation() const noexcept { return mWord.load(std::memory_order_acquire); }

    /// Sleeps up to `timeoutNanos` unless wake() came after `generation` was read.
    void sleep(uint32_t generation, int64_t timeoutNanos) noexcept {
        if (timeoutNanos > 0) {
            addressWait(mWord, generation, timeoutNanos);
        }
    }

    /// Wakes every sleeper. Never blocks (on Linux: the kernel's hash-bucket lock, briefly).
    void wakeAll() noexcept {
        mWord.fetch_add(1, std::memory_order_release);
        addressWake(mWord, true);
    }

    /// Wakes one sleeper.
    void wakeOne() noexcept {
        mWord.fetch_add(1, std::memory_order_release);
        addressWake(mWord, false);
    }

private:
    std::atomic<uint32_t> mWord{0};
};

}  // namespace adm
