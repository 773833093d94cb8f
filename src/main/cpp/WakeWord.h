// A futex word that one side sleeps on with a timeout and another bumps to wake it: the cheapest timed
// sleep with a wake-up on Linux (one syscall each way, no mutex), for threads that wait on a ring.
#pragma once

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <ctime>

namespace adm {

class WakeWord {
public:
    /// The generation to pass to sleep(): read it before checking the condition slept on.
    uint32_t generation() const noexcept { return mWord.load(std::memory_order_acquire); }

    /// Sleeps up to `timeoutNanos` unless wake() came after `generation` was read.
    void sleep(uint32_t generation, int64_t timeoutNanos) noexcept {
        if (timeoutNanos <= 0) {
            return;
        }
        const timespec timeout{static_cast<time_t>(timeoutNanos / 1'000'000'000),
                               static_cast<long>(timeoutNanos % 1'000'000'000)};
        futex(FUTEX_WAIT_PRIVATE, generation, &timeout);
    }

    /// Wakes every sleeper. Never blocks (the kernel's hash-bucket lock, briefly).
    void wakeAll() noexcept {
        mWord.fetch_add(1, std::memory_order_release);
        futex(FUTEX_WAKE_PRIVATE, INT32_MAX, nullptr);
    }

    /// Wakes one sleeper.
    void wakeOne() noexcept {
        mWord.fetch_add(1, std::memory_order_release);
        futex(FUTEX_WAKE_PRIVATE, 1, nullptr);
    }

private:
    long futex(int operation, uint32_t value, const timespec* timeout) noexcept {
        static_assert(sizeof(std::atomic<uint32_t>) == sizeof(uint32_t) && std::atomic<uint32_t>::is_always_lock_free);
        return syscall(SYS_futex, reinterpret_cast<uint32_t*>(&mWord), operation, value, timeout, nullptr, 0);
    }

    std::atomic<uint32_t> mWord{0};
};

}  // namespace adm
