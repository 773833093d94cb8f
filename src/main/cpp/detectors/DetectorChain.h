// Every runtime detector of one stream, run from its audio callback (live) or over a file (offline,
// OfflineAnalyzer). Built on a control thread (it allocates there); process() is real-time safe:
// no allocation, lock, syscall or I/O. See docs/detectors.md for what each detection means.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "Backend.h"
#include "CallbackTimingMonitor.h"
#include "Detection.h"
#include "DetectorSettings.h"
#include "GlitchStateDetector.h"
#include "HowlingDetector.h"
#include "LevelDetector.h"

namespace adm {

class DetectorChain {
public:
    /// process() converts int16 input and runs the level and howling detectors in chunks this long.
    static constexpr std::size_t kChunkFrames = 1024;

    /**
     * @param direction Playout: timing (1014/1020) and low level (1032) on the played audio; Recording (and
     *     loopback): timing, 1018, level (1019/1031) and howling (1051) on the recorded audio
     * @throws std::invalid_argument for a rate outside 8 kHz..1 MHz, channels outside 1..64, or settings
     *     that validate() rejects
     */
    DetectorChain(DetectorDirection direction, double sampleRate, int channels, const DetectorSettings& settings);

    /**
     * One callback. `interleaved` holds `frames` frames of the stream's channels in `format` (the recorded
     * input, or the played output; may be null: no audio this callback). `time` is the backend's time info, `nowNanos` the
     * host's monotonic clock at the callback (offline: the position in the file). Detections go to `sink`
     * on this thread, in time order per detector.
     */
    void process(const void* interleaved, SampleFormat format, std::size_t frames, const CallbackTime& time,
                 int64_t nowNanos, DetectionSink& sink) noexcept;

    /// Glitches that persist (1052): once per callback, `glitched` when the host flagged an underflow or overflow.
    void processGlitches(bool glitched, int64_t nowNanos, DetectionSink& sink) noexcept {
        mGlitches.process(glitched, nowNanos, sink);
    }

    /// Forgets all history: for a new run of the stream (start after stop).
    void reset() noexcept;

    DetectorDirection direction() const noexcept { return mDirection; }
    const LevelDetector& level() const noexcept { return mLevel; }
    const HowlingDetector& howling() const noexcept { return mHowling; }
    const CallbackTimingMonitor& timing() const noexcept { return mTiming; }

private:
    /// The level detector (and, on a recording, the howling detector) over one callback's audio.
    void analyze(const void* interleaved, SampleFormat format, std::size_t frames, int64_t nowNanos,
                 DetectionSink& sink) noexcept;

    const DetectorDirection mDirection;
    const double mSampleRate;
    const int mChannels;
    CallbackTimingMonitor mTiming;
    LevelDetector mLevel;
    HowlingDetector mHowling;
    GlitchStateDetector mGlitches;
    std::vector<float> mScratch;  // kChunkFrames x channels, for int16 input
};

}  // namespace adm
