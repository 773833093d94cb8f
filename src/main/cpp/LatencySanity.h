// Latencies as hosts report them are not always latencies: PipeWire's JACK API passes UINT32_MAX frames on
// for a stream (89,478 s) and 0 for its devices. The module hands on a figure only when it is one.
#pragma once

#include <cmath>

namespace adm {

/// The longest latency taken as reported; anything longer is a sentinel or garbage, not buffering.
constexpr double kLongestPlausibleLatencySeconds = 10.0;

/// `reported` when it is a latency (finite, above zero: a device with buffering has some, and at most
/// kLongestPlausibleLatencySeconds), else `fallback` (the caller's best estimate, such as one buffer).
inline double plausibleLatency(double reported, double fallback) noexcept {
    const bool plausible = std::isfinite(reported) && reported > 0.0 && reported <= kLongestPlausibleLatencySeconds;
    return plausible ? reported : fallback;
}

}  // namespace adm
