// The one clock of the core: event times, callback times, deadlines.
#pragma once

#include <cstdint>

namespace adm {

/// CLOCK_MONOTONIC in nanoseconds (vDSO: no syscall on Linux x86_64, so the audio thread may read it).
int64_t monotonicNanos() noexcept;

}  // namespace adm
