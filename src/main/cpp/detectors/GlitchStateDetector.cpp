#include "GlitchStateDetector.h"

#include "Codes.h"

namespace adm {
namespace {

constexpr int64_t kWindowNanos = static_cast<int64_t>(GlitchStateDetector::kWindowSeconds * 1e9);
constexpr int32_t kCode = static_cast<int32_t>(WarningCode::AdmGlitchState);

}  // namespace

void GlitchStateDetector::process(bool glitched, int64_t nowNanos, DetectionSink& sink) noexcept {
    if (glitched) {
        mTimes[mNext] = nowNanos;
        mNext = (mNext + 1) % kGlitches;
        mCount = mCount < kGlitches ? mCount + 1 : kGlitches;
        const int64_t oldest = mTimes[mNext];  // once full, the slot to be written next holds the oldest
        if (!mActive && mCount == kGlitches && nowNanos - oldest <= kWindowNanos) {
            mActive = true;
            mStartedNanos = oldest;
            sink.onDetection(Detection::of(DetectionKind::Warning, kCode, Transition::Started,
                                           static_cast<int64_t>(kGlitches), oldest, nowNanos));
        }
        return;
    }
    const int64_t last = mTimes[(mNext + kGlitches - 1) % kGlitches];
    if (mActive && nowNanos - last >= kWindowNanos) {
        mActive = false;
        sink.onDetection(Detection::of(DetectionKind::Warning, kCode, Transition::Cleared, 0, mStartedNanos, nowNanos));
    }
}

void GlitchStateDetector::reset() noexcept { *this = GlitchStateDetector{}; }

}  // namespace adm
