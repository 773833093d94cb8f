// The audio device module: one application's handle on the audio host, with at most one
// playout, one recording and one loopback stream.
#pragma once

#include <array>
#include <memory>
#include <mutex>
#include <vector>

#include "Backend.h"
#include "DeviceInfo.h"
#include "EventHub.h"
#include "Status.h"
#include "Stream.h"
#include "StreamConfig.h"
#include "Watchdog.h"

namespace adm {

/// What an open stream reports about itself.
struct StreamStats {
    StreamState state = StreamState::Closed;
    int32_t device = -1;
    double sampleRate = 0.0;
    double inputLatency = 0.0;   ///< seconds, as the backend reports it
    double outputLatency = 0.0;
    uint64_t callbacks = 0;
    uint64_t frames = 0;
    int64_t firstCallbackNanos = 0;  ///< monotonic time of the first callback of this run, 0 before
    int64_t lastCallbackNanos = 0;   ///< monotonic time of the latest callback, 0 before any
    int64_t firstPcmFrame = -1;      ///< playout: stream frame where the app's first frame played
    uint64_t lateFrames = 0;         ///< playout: frames of silence inserted because the app was late
};

/// Timing of the watchdog; defaults documented in docs/errors.md.
struct WatchdogSettings {
    std::chrono::milliseconds period{50};         ///< every wake costs CPU (20-60 us on a VM): not more often
    std::chrono::milliseconds minStall{100};      ///< a gap in callbacks this long is a stall...
    int stallBuffers = 4;                         ///< ...or this many buffers, whichever is longer
    std::chrono::milliseconds noInput{1000};      ///< a recording with no callback this long: 1018
    std::chrono::milliseconds controlDeadline{1500};  ///< stop/close wait this long, then isolate
    int loopbackRewireTicks = 2;                  ///< JACK loopback follows new sources every this many periods
};

class Module {
public:
    explicit Module(std::shared_ptr<Backend> backend, WatchdogSettings settings = {});
    ~Module();
    Module(const Module&) = delete;
    Module& operator=(const Module&) = delete;

    /// Initializes the backend (counted); ERR_ADM_GENERAL_ERROR with the backend's text on failure.
    Status open();
    /// Stops and closes every stream, then releases the backend. Idempotent.
    Status close();
    bool isOpen() const;

    /// A fresh list of devices; an empty list is a valid answer.
    Status listDevices(std::vector<DeviceInfo>& out);

    /// Opens the stream of `kind` (playout, recording, loopback). Errors: 2 bad config, 7 module
    /// closed, 19 already initialized, 1007 rate refused, 1008/1011/1022 open failed, 4 no loopback.
    Status initStream(StreamKind kind, const StreamConfig& config);
    /// Starts it (no-op when running). Errors: 7 not initialized, 3 failed stream, 1009/1012/1023.
    Status startStream(StreamKind kind);
    /// Stops it (no-op when not running); never hangs: a dead stream is isolated. Errors: 1010/1013.
    Status stopStream(StreamKind kind);
    /// Stops and closes it (no-op when closed); never hangs. Errors: 1010/1013.
    Status closeStream(StreamKind kind);
    /// ERR_OK when the device can open `config` for `kind`, else the code initStream would give.
    Status probeFormat(StreamKind kind, const StreamConfig& config);
    /// State and figures of the stream of `kind` (state Closed when there is none).
    Status streamStats(StreamKind kind, StreamStats& out);

    /// Playout: queues up to `frames` interleaved frames of the stream's format; `written` says how many fit.
    /// Errors: 7 no such stream, 4 not a playout stream.
    Status writePcm(StreamKind kind, const uint8_t* source, std::size_t frames, std::size_t& written);
    /// Recording and loopback: takes up to `frames` recorded frames. Frames lost because the
    /// application read too late are reported as a warning (1016). Errors: 7, 4 not a recording.
    Status readPcm(StreamKind kind, uint8_t* destination, std::size_t frames, std::size_t& read);
    /// Frames writable (playout) or readable (recording) now, the ring's capacity and a frame's size.
    Status pcmInfo(StreamKind kind, std::size_t& available, std::size_t& capacity, std::size_t& bytesPerFrame);
    /// The application's side of a PCM ring sleeps up to `timeoutNanos` (0 to 1 s), or until the stream
    /// closes or pcmWake() is called. The audio thread wakes nobody: callers sleep for what they expect.
    Status pcmWait(StreamKind kind, int64_t timeoutNanos);
    /// Wakes every thread asleep in pcmWait() on that stream.
    Status pcmWake(StreamKind kind);

    /// Device loopback test: the recording is played straight back inside the core, and both streams
    /// report their levels every `levelInterval`. Needs initialized playout and recording streams of one
    /// format, channel count and rate (else 2, or 7 when one is missing). While on, reading the
    /// recording gives 19.
    Status startDeviceTest(std::chrono::milliseconds levelInterval);
    /// Ends it; a no-op when it is not on.
    Status stopDeviceTest();

    /// Detector thresholds for the streams initialized from now on (validated: 2 and the reason).
    Status setDetectorSettings(const DetectorSettings& settings);

    /// Where this module's events go. Shared so the dispatcher can drain after the module closed.
    const std::shared_ptr<EventHub>& events() const noexcept { return mEvents; }

private:
    Status checkKind(StreamKind kind) const;
    Status pcmStream(StreamKind kind, std::shared_ptr<Stream>& out);
    Status resolve(StreamKind kind, StreamConfig& config, StreamRequest& request);
    Status fail(StreamKind kind, ErrorCode code, std::string message, int32_t device, int32_t backendError = 0,
                int64_t hostError = 0);
    void publishState(const Stream& stream, StreamState state, int64_t value = 0);
    Status stopLocked(Stream& stream);
    Status closeLocked(StreamKind kind);
    void watch();
    BackendResult rewireLoopbackLocked(WireWhen when);
    void stopDeviceTestLocked();
    void ensureWatchdog();
    void setPcmStream(StreamKind kind, std::shared_ptr<Stream> stream);

    std::shared_ptr<Backend> mBackend;
    WatchdogSettings mSettings;
    std::shared_ptr<EventHub> mEvents = std::make_shared<EventHub>();
    DetectorSettings mDetectorSettings;  // guarded by mMutex
    mutable std::mutex mMutex;  // control calls and the watchdog; never taken on an audio thread
    bool mOpen = false;
    std::array<std::shared_ptr<Stream>, 4> mStreams;  // by StreamKind; [Module] unused
    // The PCM path's view of mStreams, so that a transfer (inside a JNI critical region) never waits on a
    // control call that holds mMutex while the host hangs. mPcmMutex is only held to copy a pointer.
    mutable std::mutex mPcmMutex;
    std::array<std::shared_ptr<Stream>, 4> mPcmStreams;  // guarded by mPcmMutex
    bool mPcmOpen = true;                                // guarded by mPcmMutex
    std::unique_ptr<Watchdog> mWatchdog;             // after mStreams: stopped before they go
    int mTicks = 0;                                  // watchdog only
};

}  // namespace adm
