// AddressWait on Linux: the futex, one syscall each way and no lock in user space.
#include "AddressWait.h"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <climits>
#include <ctime>

namespace adm {
namespace {

long futex(const std::atomic<uint32_t>& word, int operation, uint32_t value, const timespec* timeout) noexcept {
    static_assert(sizeof(std::atomic<uint32_t>) == sizeof(uint32_t) && std::atomic<uint32_t>::is_always_lock_free);
    return syscall(SYS_futex, reinterpret_cast<const uint32_t*>(&word), operation, value, timeout, nullptr, 0);
}

}  // namespace

void addressWait(const std::atomic<uint32_t>& word, uint32_t expected, int64_t timeoutNanos) noexcept {
    const timespec timeout{static_cast<time_t>(timeoutNanos / 1'000'000'000),
                           static_cast<long>(timeoutNanos % 1'000'000'000)};
    futex(word, FUTEX_WAIT_PRIVATE, expected, &timeout);
}

void addressWake(const std::atomic<uint32_t>& word, bool all) noexcept {
    futex(word, FUTEX_WAKE_PRIVATE, all ? INT_MAX : 1, nullptr);
}

}  // namespace adm
