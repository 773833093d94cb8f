// The audio device module: one application's handle on the audio host, with at most one playout, one
// recording and one loopback stream. It owns the parts and keeps their order; the work is theirs:
//   DeviceResolver  checks a configuration and finds its device (init and the format probe)
//   StreamControl   start, stop, close of one stream, each with a deadline (never hangs)
//   StreamSupervisor the watchdog thread: dead and stalled streams, JACK loopback wiring
//   StreamRecovery  the opt-in recovery policy: failed streams reopened by the watchdog
//   PcmRouter       the application's PCM calls, away from the control lock
//   EventReporter   how control paths tell listeners (the hub: EventHub)
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "Backend.h"
#include "DeviceInfo.h"
#include "DeviceResolver.h"
#include "EventHub.h"
#include "EventReporter.h"
#include "PcmRouter.h"
#include "Status.h"
#include "Stream.h"
#include "StreamConfig.h"
#include "StreamControl.h"
#include "StreamRecovery.h"
#include "StreamSet.h"
#include "StreamSupervisor.h"

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
    uint64_t lateCallbacks = 0;      ///< realtime callback: callbacks that took longer than their period
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
    bool isOpen();

    /**
     * A fresh list of devices; an empty list is a valid answer. `stale` (when given) says whether the list is
     * known to be out of date: the devices changed since the host last listed them (a server died or appeared,
     * a card came or went), and the host cannot list again while streams of the process are open.
     */
    Status listDevices(std::vector<DeviceInfo>& out, bool* stale = nullptr);

    /**
     * Device change events from now on (Java asks with the first listener): the list now is the baseline, and
     * each time the DeviceWatch says the devices may have changed, refreshDevices() reports the difference.
     * Errors: 7 module closed.
     */
    Status watchDevices();
    /**
     * Lists the devices again (PortAudio renewed first when no stream of the process is open; else its list is
     * stale, and the refresh is repeated when this module's last stream closes) and publishes a DevicesChanged
     * event per device added, removed or become the default (DeviceChanges.h). The DeviceWatch's thread.
     */
    void refreshDevices();

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
    /// The device the stream of `kind` was opened on. Errors: 7 no such stream.
    Status streamDevice(StreamKind kind, DeviceInfo& out);

    /// The application's PCM: see PcmRouter.
    PcmRouter& pcm() noexcept { return mPcm; }

    /**
     * The application's code runs in each of the stream's callbacks instead of the ring (null: the ring again).
     * Set on an initialized or stopped stream only (else 19), and not while the device loopback test runs (19).
     */
    Status setRealtime(StreamKind kind, std::shared_ptr<RealtimeProcessor> processor);

    /// Device loopback test: the recording is played straight back inside the core, and both streams
    /// report their levels every `levelInterval`. Needs initialized playout and recording streams of one
    /// format, channel count and rate (else 2, or 7 when one is missing), neither with a realtime callback (19).
    /// While on, reading the recording gives 19.
    Status startDeviceTest(std::chrono::milliseconds levelInterval);
    /// Ends it; a no-op when it is not on.
    Status stopDeviceTest();

    /// Detector thresholds for the streams initialized from now on (validated: 2 and the reason).
    Status setDetectorSettings(const DetectorSettings& settings);

    /// What follows a stream's runtime failure from now on (StreamRecovery.h); off cancels the recoveries under
    /// way. Errors: 2 a value out of range, 7 module closed.
    Status setRecoveryPolicy(const RecoveryPolicy& policy);
    RecoveryPolicy recoveryPolicy();

    /// Ticks of the module's watchdog so far: it ticks only while a stream runs (tests, diagnostics).
    unsigned long watchdogTicks() { return mSupervisor.ticks(); }

    /// Where this module's events go. Shared so the dispatcher can drain after the module closed.
    const std::shared_ptr<EventHub>& events() const noexcept { return mReporter.hub(); }

private:
    /// 2 for a kind that is not a stream's, 7 when the module is closed; the set's lock held.
    Status checkKind(StreamKind kind) const;
    /// The stream of `kind`, or 7 when there is none; the set's lock held.
    Status existing(StreamKind kind, std::shared_ptr<Stream>& out);
    Status closeLocked(StreamKind kind);
    /// Whether an open failed because another program holds the device (1033).
    static bool deviceBusy(HostKind host, const BackendResult& result);
    /// 1042 when playout and recording are both initialized on different devices. Control lock held.
    void warnIfDevicesDiffer(StreamKind initialized);
    /// 1322 (recording) or 1323 (playout): the host lists no device for that direction; `when` says at what.
    void warnNoDevice(bool input, const std::string& when);
    void stopDeviceTestLocked();

    /// Ends the device watch of this module, if any (without the control lock: a refresh takes it).
    void unwatchDevices();

    std::shared_ptr<Backend> mBackend;
    EventReporter mReporter;
    std::mutex mDeviceWatchMutex;                // never held across a host call but the baseline's list
    std::vector<DeviceInfo> mKnownDevices;       // guarded by mDeviceWatchMutex: the list last reported on
    uint64_t mDeviceWatchToken = 0;              // guarded by mDeviceWatchMutex: 0 when not watching
    std::atomic<bool> mDevicesStale{false};      // the last refresh could not renew the list
    DetectorSettings mDetectorSettings;  // guarded by the set's lock
    StreamSet mStreams;
    DeviceResolver mResolver;
    StreamControl mControl;
    PcmRouter mPcm;
    StreamRecovery mRecovery;      // before the supervisor, whose ticks carry it out
    StreamSupervisor mSupervisor;  // last: its thread uses the parts above
};

}  // namespace adm
