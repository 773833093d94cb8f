// Cycle-counter timing for the benchmarks: rdtsc is ~7 ns to read (clock_gettime ~20 ns), calibrated
// against CLOCK_MONOTONIC once. Shared by the C++ harness and the JNI baseline library.
#pragma once

#include <x86intrin.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <thread>
#include <vector>

namespace adm::bench {

inline uint64_t ticks() noexcept {
    _mm_lfence();
    const uint64_t t = __rdtsc();
    _mm_lfence();
    return t;
}

/// Nanoseconds per tick, measured over 100 ms.
inline double nanosPerTick() {
    static const double kValue = [] {
        const auto start = std::chrono::steady_clock::now();
        const uint64_t t0 = ticks();
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        const uint64_t t1 = ticks();
        const auto nanos = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
        return nanos / static_cast<double>(t1 - t0);
    }();
    return kValue;
}

/// The p-th percentile (0..100) of `values` (sorted in place).
inline double percentile(std::vector<double>& values, double p) {
    if (values.empty()) {
        return 0;
    }
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(p / 100.0 * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
}

/// Busy-waits `nanos` (for spacing events so that a consumer falls asleep).
inline void spinFor(int64_t nanos) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::nanoseconds(nanos);
    while (std::chrono::steady_clock::now() < end) {
    }
}

}  // namespace adm::bench
