// What a detector reports, and the interface through which it reports it. Detectors call the sink on
// the audio thread (live) or the analyzer's thread (offline): a sink must not allocate, lock or block
// when it runs on the audio thread (publishing an EventRecord into the module's EventHub is fine).
#pragma once

#include <cstdint>

namespace adm {

/// Whether `Detection::code` is an ErrorCode or a WarningCode (values as EventType's).
enum class DetectionKind : int32_t { Error = 0, Warning = 1 };

/// How a detection relates to the condition it reports.
enum class Transition : int32_t {
    Occurred = 0,  ///< a one-off event (a dropout, no frames): publish it; no clear follows
    Started = 1,   ///< a lasting condition began (silence, low level, howling, rate off): publish it
    Cleared = 2,   ///< that condition ended: publish the end (a clear), the code again may start later
};

/// One report. Times are the clock the caller gave the detectors (CLOCK_MONOTONIC nanoseconds live,
/// the position in the file offline).
struct Detection {
    DetectionKind kind = DetectionKind::Warning;
    int32_t code = 0;           ///< documented code (docs/codes.md)
    Transition transition = Transition::Occurred;
    int64_t value = 0;          ///< detail, per code: see docs/detectors.md
    int64_t firstNanos = 0;     ///< when the condition began (Occurred: when it happened)
    int64_t lastNanos = 0;      ///< when it was raised (Started, Occurred) or ended (Cleared)

    static Detection of(DetectionKind kind, int32_t code, Transition transition, int64_t value, int64_t firstNanos,
                        int64_t lastNanos) noexcept {
        return Detection{kind, code, transition, value, firstNanos, lastNanos};
    }

    bool started() const noexcept { return transition != Transition::Cleared; }
    bool cleared() const noexcept { return transition == Transition::Cleared; }
};

/// Receives detections. Called on the thread that runs the detectors: noexcept, and on an audio thread
/// it must not allocate, lock, log or make syscalls (EventHub::publishWithoutWake qualifies).
class DetectionSink {
public:
    virtual ~DetectionSink() = default;
    virtual void onDetection(const Detection& detection) noexcept = 0;
};

/// Nanoseconds of `frames` at `sampleRate` (rounded), for placing events inside a block.
inline int64_t framesToNanos(int64_t frames, double sampleRate) noexcept {
    return static_cast<int64_t>(static_cast<double>(frames) * 1e9 / sampleRate + 0.5);
}

}  // namespace adm
