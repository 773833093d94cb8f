// One playout, recording or loopback stream of a module: the audio callback's side of it
// (lock-free counters and event publishing) and the control side (state, backend stream).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>

#include "Backend.h"
#include "Codes.h"
#include "DeviceInfo.h"
#include "EventHub.h"
#include "EventRecord.h"
#include "RealtimeProcessor.h"
#include "SpscPcmRing.h"
#include "StreamConfig.h"
#include "StreamKind.h"
#include "StreamState.h"
#include "WakeWord.h"
#include "detectors/DetectorChain.h"

namespace adm {

class Stream final : public StreamCallback, private DetectionSink {
public:
    /// `config` as resolved (its device index found); `requested` as the application asked (a recovery
    /// resolves it again: the device by name, or the default device); empty: `config`.
    Stream(StreamKind kind, StreamConfig config, DeviceInfo device, HostKind host, std::shared_ptr<EventHub> events,
           const DetectorSettings& detectors = DetectorSettings{}, std::optional<StreamConfig> requested = {});
    /// Detaches from the backend's callbacks first: a host that wakes up late never reaches freed memory.
    ~Stream() override;

    // --- the audio thread (StreamCallback): no allocation, lock, syscall or I/O ---
    void onAudio(const void* input, void* output, unsigned long frames, const CallbackTime& time,
                 uint32_t flags) noexcept override;
    void onFinished() noexcept override;

    // --- control threads, under the module's lock ---
    StreamKind kind() const noexcept { return mKind; }
    const StreamConfig& config() const noexcept { return mConfig; }
    const StreamConfig& requested() const noexcept { return mRequested; }
    /// A recovery reopened it (StreamRecovery): on `config`'s device (same format, channels and rate), on
    /// `device` of `host`. Control lock held, on the watchdog thread, with no callback of it running.
    void rebind(const StreamConfig& config, DeviceInfo device, HostKind host);
    /// The device it was opened on, as the backend listed it then, and that device's host family.
    const DeviceInfo& device() const noexcept { return mDevice; }
    HostKind host() const noexcept { return mHost; }
    StreamState state() const noexcept { return mState.load(std::memory_order_acquire); }
    /// Control threads only (a failure wakes the PCM sleepers: a syscall). A failed stream's writers and readers
    /// must hear it at once, not after their timeout.
    void setState(StreamState state) noexcept {
        mState.store(state, std::memory_order_release);
        if (state == StreamState::Failed) {
            wakePcmSleepers();
        }
    }

    /// The backend's stream; null before open and after close.
    std::unique_ptr<BackendStream> backend;

    /// Marks the start of a run, so the watchdog measures from now.
    void markStarted(int64_t nowNanos) noexcept;
    /// The backend's count of host deaths when the stream opened: a larger count later means its server died.
    void setHostDeathsAtOpen(uint64_t deaths) noexcept { mHostDeathsAtOpen = deaths; }
    uint64_t hostDeathsAtOpen() const noexcept { return mHostDeathsAtOpen; }
    /// Set before a stop so that the watchdog and onFinished take it as requested.
    void requestStop() noexcept { mStopRequested.store(true, std::memory_order_release); }
    bool stopRequested() const noexcept { return mStopRequested.load(std::memory_order_acquire); }

    // --- the application's PCM (any one Java thread per direction; never the audio thread) ---

    /// Playout: queues up to `frames`; returns how many fit. Re-arms the "application late" warning.
    std::size_t writePcm(const uint8_t* source, std::size_t frames) noexcept;
    /// Recording and loopback: takes up to `frames` recorded frames; overwritten ones add to `lost`.
    std::size_t readPcm(uint8_t* destination, std::size_t frames, uint64_t& lost) noexcept;
    /// Frames that can be written (playout) or read (recording) now, and the ring's size.
    std::size_t pcmAvailable() const noexcept;
    std::size_t pcmCapacity() const noexcept { return mPcm.capacityFrames(); }
    /// The application's side of the ring sleeps here between transfers: until its timeout, or until
    /// wakePcmSleepers() (a close, a consumer replaced). The audio thread never wakes it: no syscall there.
    uint32_t pcmSleepGeneration() const noexcept { return mPcmSleep.generation(); }
    void sleepForPcm(uint32_t generation, int64_t timeoutNanos) noexcept { mPcmSleep.sleep(generation, timeoutNanos); }
    void wakePcmSleepers() noexcept { mPcmSleep.wakeAll(); }
    std::size_t bytesPerFrame() const noexcept { return mPcm.bytesPerFrame(); }
    /// Device loopback test: this playout plays what `source` records (null: the application's audio).
    /// After clearing it, the caller keeps `source` alive until backend->awaitCallbackIdle() returned.
    void feedFrom(Stream* source) noexcept { mFeedFrom.store(source, std::memory_order_seq_cst); }
    bool feeding() const noexcept { return mFeedFrom.load(std::memory_order_acquire) != nullptr; }
    /// Levels published every `frames` frames (0: off), from the audio thread.
    void setLevelWindow(uint64_t frames) noexcept { mLevelWindow.store(frames, std::memory_order_release); }
    /// Recording in a device loopback test: its audio goes to the playout, not to the application.
    std::atomic<bool> fedToPlayout{false};

    /// Frames of silence inserted because the application was late (playout).
    uint64_t lateFrames() const noexcept { return mLateFrames.load(std::memory_order_relaxed); }

    // --- the realtime callback (RealtimeProcessor.h), instead of the ring ---

    /// The application's code runs in each callback from now (null: the ring again). Control lock held, with no
    /// callback of this stream running (not started, or stopped): the processor it replaces is then released.
    void setRealtime(std::shared_ptr<RealtimeProcessor> processor) noexcept;
    bool realtime() const noexcept { return mRealtime.load(std::memory_order_acquire) != nullptr; }
    /// Callbacks in which the application's code took longer than the period it had to fill.
    uint64_t lateCallbacks() const noexcept { return mLateCallbacks.load(std::memory_order_relaxed); }

    // --- the watchdog (and readers of statistics) ---
    uint64_t callbacks() const noexcept { return mCallbacks.load(std::memory_order_acquire); }
    uint64_t frames() const noexcept { return mFrames.load(std::memory_order_relaxed); }
    int64_t lastCallbackNanos() const noexcept { return mLastCallbackNanos.load(std::memory_order_acquire); }
    int64_t startedNanos() const noexcept { return mStartedNanos.load(std::memory_order_acquire); }
    bool finishedUnrequested() const noexcept { return mFinishedUnrequested.load(std::memory_order_acquire); }
    /// Monotonic time of the first callback of this run (0 before it): streams of one JACK client
    /// run in the same cycles, so these times put two streams' frame counts on one timeline.
    int64_t firstCallbackNanos() const noexcept { return mFirstCallbackNanos.load(std::memory_order_acquire); }
    /// Stream frame at which the application's first written frame played (-1 before; playout).
    int64_t firstPcmFrame() const noexcept { return mFirstPcmFrame.load(std::memory_order_acquire); }

private:
    void meter(const void* samples, unsigned long frames, int64_t nowNanos) noexcept;
    /// The ring's side of a callback: what the application wrote to the output, what came in to the ring.
    void moveThroughRing(const void* input, void* output, unsigned long frames, int64_t nowNanos) noexcept;
    /// The realtime callback's side: the application's code, timed; a failure silences the stream.
    void runRealtime(RealtimeProcessor& processor, const void* input, void* output, unsigned long frames,
                     int64_t nowNanos) noexcept;
    /// The detectors' findings become events, from the audio thread (no allocation, lock or syscall).
    void onDetection(const Detection& detection) noexcept override;

    const StreamKind mKind;
    const StreamConfig mRequested;
    // Changed only by rebind (see there); format, channels and rate never change.
    StreamConfig mConfig;
    DeviceInfo mDevice;
    HostKind mHost;
    const std::shared_ptr<EventHub> mEvents;
    const std::size_t mBytesPerFrame;
    SpscPcmRing mPcm;                        // app <-> audio thread
    WakeWord mPcmSleep;                      // where the app side of mPcm sleeps
    const int64_t mLateMessageId;            // fixed text of the "application late" warning
    std::atomic<bool> mPlayoutArmed{false};  // the app wrote since the ring last ran dry
    std::atomic<uint64_t> mLateFrames{0};
    std::atomic<Stream*> mFeedFrom{nullptr};
    std::shared_ptr<RealtimeProcessor> mRealtimeOwner;  // control threads: keeps mRealtime alive
    std::atomic<RealtimeProcessor*> mRealtime{nullptr};
    std::atomic<bool> mRealtimeFailed{false};  // its code failed: silence until the next start or set
    std::atomic<uint64_t> mLateCallbacks{0};
    const int64_t mRealtimeLateMessageId;    // fixed text of the "realtime callback late" warning
    const int64_t mRealtimeFailedMessageId;  // fixed text of the "realtime callback failed" error
    const double mNanosPerFrame;
    std::unique_ptr<DetectorChain> mDetectors;  // the audio thread's; reset by markStarted
    std::atomic<uint64_t> mLevelWindow{0};
    // Level window: the audio thread's alone.
    double mLevelPeak = 0.0;
    double mLevelSquares = 0.0;
    uint64_t mLevelFrames = 0;
    int64_t mLevelStartNanos = 0;
    std::atomic<StreamState> mState{StreamState::Initialized};
    std::atomic<bool> mStopRequested{false};
    std::atomic<bool> mFinishedUnrequested{false};
    std::atomic<uint64_t> mCallbacks{0};
    std::atomic<uint64_t> mFrames{0};
    std::atomic<int64_t> mLastCallbackNanos{0};
    std::atomic<int64_t> mStartedNanos{0};
    std::atomic<int64_t> mFirstCallbackNanos{0};
    std::atomic<int64_t> mFirstPcmFrame{-1};
    uint64_t mHostDeathsAtOpen = 0;  // set once, before the stream is shared
};

/**
 * How the module lets a stream go (its shared_ptr's deleter): detached from its backend's callbacks first, then
 * freed; but a stream whose callback is still inside the application's realtime code after the gate's wait (code
 * that blocks) is kept for good, so that the callback returns into live memory whenever it does.
 */
struct ReleaseStream {
    void operator()(Stream* stream) const noexcept;
};

/// A stream owned as the module owns its streams (ReleaseStream).
template <typename... Args>
std::shared_ptr<Stream> makeReleasedStream(Args&&... args) {
    return std::shared_ptr<Stream>(std::make_unique<Stream>(std::forward<Args>(args)...).release(), ReleaseStream{});
}

}  // namespace adm
