// Sleeping on a 32-bit word until another thread changes it and says so: the one primitive the core
// needs from the operating system to wait (WakeWord). One file per platform implements it:
// platform/linux/AddressWait.cpp (futex), platform/portable/AddressWait.cpp (condition variables).
#pragma once

#include <atomic>
#include <cstdint>

namespace adm {

/// Sleeps while `word` holds `expected`, up to `timeoutNanos` (> 0), or until addressWake() on it.
/// May return early (a spurious wake): callers check their condition again.
void addressWait(const std::atomic<uint32_t>& word, uint32_t expected, int64_t timeoutNanos) noexcept;

/// Wakes one (`all` false) or every thread asleep in addressWait() on `word`. Control threads only:
/// the portable version takes a lock.
void addressWake(const std::atomic<uint32_t>& word, bool all) noexcept;

}  // namespace adm
