// The one clock of the core: event times, callback times, deadlines.
#pragma once

#include <chrono>
#include <cstdint>

namespace adm {

/// CLOCK_MONOTONIC in nanoseconds (vDSO: no syscall on Linux x86_64, so the audio thread may read it).
int64_t monotonicNanos() noexcept;

/// A duration in this clock's unit.
constexpr int64_t toNanos(std::chrono::milliseconds duration) noexcept {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(duration).count();
}

}  // namespace adm
