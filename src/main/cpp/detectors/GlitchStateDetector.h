// Glitches that persist (WARN_ADM_GLITCH_STATE 1052, an extension: docs/codes.md): one underflow or overflow is a
// 1014/1016 warning of its own; kGlitches of them within kWindowSeconds mean the device (or the machine) cannot keep
// up, which the application may want to act on (a larger buffer, another device). A condition: Started once, Cleared
// after kWindowSeconds without a glitch, and it may start again later.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "Detection.h"

namespace adm {

class GlitchStateDetector {
public:
    static constexpr std::size_t kGlitches = 5;
    static constexpr double kWindowSeconds = 10.0;

    /// Real-time safe. One callback at `nowNanos`: `glitched` when the host flagged an underflow or overflow in it.
    void process(bool glitched, int64_t nowNanos, DetectionSink& sink) noexcept;

    bool active() const noexcept { return mActive; }
    /// Forgets all history (a new run of the stream).
    void reset() noexcept;

private:
    std::array<int64_t, kGlitches> mTimes{};  // the latest glitches, oldest at mNext once full
    std::size_t mNext = 0;
    std::size_t mCount = 0;
    bool mActive = false;
    int64_t mStartedNanos = 0;
};

}  // namespace adm
