// The narrow interface through which the core reaches the audio host (PortAudio).
// It is the fault seam: native-tests substitute a backend that fails each call with
// each relevant error, while the real one is exercised against the virtual sound card.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "DeviceInfo.h"
#include "SampleFormat.h"

namespace adm {

/// Error numbers of the backend, mirroring PortAudio's PaErrorCode values
/// (checked by static_assert in PortAudioBackend.cpp) so the core needs no portaudio.h.
enum class BackendError : int32_t {
    NoError = 0,
    /// Ours, not PortAudio's: the device nodes refuse access (PortAudio's ALSA host would report
    /// EACCES as paBadIODeviceCombination, hiding the cause).
    PermissionDenied = -1,
    /// Ours: the host did not answer within the module's deadline (GuardedBackend); the call was left behind.
    HostNotAnswering = -2,
    /// Ours: the stream's host went away (its server died) before the call; the stream was isolated.
    HostGone = -3,
    /// Ours: the process's host library is connected to another JACK server (HostOptions::jackServer).
    OtherJackServer = -4,
    /// Ours: no route to the default sink's monitor (StreamDirection::defaultSinkMonitor); the message says
    /// what the user can do.
    NoMonitorRoute = -5,
    NotInitialized = -10000,
    UnanticipatedHostError = -9999,
    InvalidChannelCount = -9998,
    InvalidSampleRate = -9997,
    InvalidDevice = -9996,
    InvalidFlag = -9995,
    SampleFormatNotSupported = -9994,
    BadIODeviceCombination = -9993,
    InsufficientMemory = -9992,
    BufferTooBig = -9991,
    BufferTooSmall = -9990,
    NullCallback = -9989,
    BadStreamPtr = -9988,
    TimedOut = -9987,
    InternalError = -9986,
    DeviceUnavailable = -9985,
    IncompatibleHostApiSpecificStreamInfo = -9984,
    StreamIsStopped = -9983,
    StreamIsNotStopped = -9982,
    InputOverflowed = -9981,
    OutputUnderflowed = -9980,
    HostApiNotFound = -9979,
    InvalidHostApi = -9978,
    CanNotReadFromACallbackStream = -9977,
    CanNotWriteToACallbackStream = -9976,
    CanNotReadFromAnOutputOnlyStream = -9975,
    CanNotWriteToAnInputOnlyStream = -9974,
    IncompatibleStreamHostApi = -9973,
    BadBufferPtr = -9972,
};

/// One direction of a stream, as the backend opens it.
struct StreamDirection {
    int32_t device = -1;             ///< backend device index
    int32_t channels = 0;
    SampleFormat format = SampleFormat::Float32;
    double suggestedLatency = 0.0;   ///< seconds
    /// Capture what is played to the default sink instead of `device` (an input on a host that cannot wire
    /// it, ALSA): the backend finds the route to the sound server's monitor source, or fails with NoMonitorRoute.
    bool defaultSinkMonitor = false;
};

/// What to open: an input, an output, or both, at one rate.
struct StreamRequest {
    bool hasInput = false;
    bool hasOutput = false;
    StreamDirection input;
    StreamDirection output;
    double sampleRate = 48000.0;
    uint32_t framesPerBuffer = 0;    ///< 0: the backend chooses, and may vary it per callback
};

/// Callback flags, with PortAudio's values (checked in PortAudioBackend.cpp).
enum CallbackFlag : uint32_t {
    kInputUnderflow = 0x1,
    kInputOverflow = 0x2,
    kOutputUnderflow = 0x4,
    kOutputOverflow = 0x8,
    kPrimingOutput = 0x10,
};

/// Timestamps of one callback, in the backend's stream clock (seconds).
struct CallbackTime {
    double inputAdcTime = 0.0;
    double currentTime = 0.0;
    double outputDacTime = 0.0;
};

/// Called on the backend's real-time thread: must not allocate, lock, log, do I/O or call Java.
class StreamCallback {
public:
    virtual ~StreamCallback() = default;
    virtual void onAudio(const void* input, void* output, unsigned long frames, const CallbackTime& time,
                         uint32_t flags) noexcept = 0;
    /// The backend finished the stream (after stop, abort, or on its own).
    virtual void onFinished() noexcept = 0;
};

/// What a backend call returned: its error number, the host's error and the text of both.
struct BackendResult {
    int32_t error = 0;
    int64_t hostError = 0;
    std::string text;

    bool ok() const noexcept { return error >= 0; }
    /// The host did not answer within the call's deadline (GuardedBackend): the call was left behind.
    bool notAnswered() const noexcept { return error == static_cast<int32_t>(BackendError::HostNotAnswering); }
};

/// The host family of a device: what the module can do about loopback and dead servers.
enum class HostKind : int32_t { Jack = 0, Alsa = 1, Other = 2 };

/// When a JACK loopback's wiring is re-applied: at once (stream start), or only if the server reported a
/// port or connection change since the last time (the watchdog's periodic look).
enum class WireWhen : int32_t { Now = 0, IfGraphChanged = 1 };

/// An open stream of the backend. Calls come from control threads, one at a time per stream.
class BackendStream {
public:
    virtual ~BackendStream() = default;
    virtual BackendResult start() = 0;
    virtual BackendResult stop() = 0;
    virtual BackendResult abort() = 0;
    virtual BackendResult close() = 0;
    /// 1 while callbacks are expected, 0 when not, < 0 for an error. Safe from the watchdog thread.
    virtual int isActive() = 0;
    /// Actual latencies in seconds and rate in Hz, once open.
    virtual double inputLatency() = 0;
    virtual double outputLatency() = 0;
    virtual double sampleRate() = 0;
    /**
     * Cuts a stream whose host is gone loose from the backend, so that no later call on it (close,
     * terminate) waits for a host that will never answer. Returns false when this backend cannot.
     */
    virtual bool isolate() noexcept = 0;
    /// True once isolate() succeeded.
    virtual bool isolated() const noexcept = 0;
    /**
     * Whether the stream's sound server is known to have gone, for a stream that stalled while its host calls
     * it active (asked only then: it may ask the server). False where the backend cannot tell.
     */
    virtual bool hostGone() { return false; }
    /**
     * Whether the sound server this stream reached answers now (its socket accepts a connection), asked of a
     * stream that failed: a recovery reopens it only then, instead of renewing the host for a server that is not
     * back (StreamRecovery). True where it cannot tell (a card's own ALSA PCM has no server).
     */
    virtual bool serverAnswers() { return true; }
    /**
     * After it returns, the backend never calls this stream's StreamCallback again (a call in progress has
     * left it), even if its host, stalled, wakes up later: the callback's memory may then be freed. False when a
     * call in progress did not leave within a short wait (a realtime callback of the application's that blocks):
     * the callback's memory must then be kept.
     */
    virtual bool detachCallback() noexcept = 0;
    /// Waits (briefly) until no callback of this stream is in progress, without detaching it.
    virtual void awaitCallbackIdle() noexcept = 0;
    /**
     * Loopback on JACK: wires this stream's inputs to whatever feeds `playoutDevice`'s playback ports,
     * instead of the capture ports. Fails with paInvalidHostApi where the host cannot.
     */
    virtual BackendResult wireInputsToPlayoutSources(int32_t playoutDevice, WireWhen when) = 0;
};

class Backend {
public:
    virtual ~Backend() = default;

    /// Reference-counted: the first call initializes the host library, later ones only count.
    virtual BackendResult initialize() = 0;
    /// Balances initialize(); the last one terminates the host library.
    virtual BackendResult terminate() = 0;
    /// Fills `out` with every device; an empty list is a valid answer.
    virtual BackendResult listDevices(std::vector<DeviceInfo>& out) = 0;
    /**
     * Whether the last list that listDevices gave is known to be out of date: the host should have listed
     * again (a server died or appeared since it initialized) but could not, since streams are open. Never calls
     * the host: safe from any thread.
     */
    virtual bool lastListStale() const noexcept { return false; }
    /// A short name for messages, e.g. "PortAudio V19.6.0".
    virtual std::string name() const = 0;

    /// Opens a stream whose callbacks go to `callback` (which must outlive the stream).
    virtual BackendResult openStream(const StreamRequest& request, StreamCallback* callback,
                                     std::unique_ptr<BackendStream>& out) = 0;
    /// 0 when the device can open this request, else the error opening would give.
    virtual BackendResult isFormatSupported(const StreamRequest& request) = 0;
    /// The default input or output device index, -1 when there is none.
    virtual int32_t defaultDevice(bool input) = 0;
    /// The host family of a device, and its name (empty for an unknown index).
    virtual HostKind hostKind(int32_t device) = 0;
    virtual std::string deviceName(int32_t device) = 0;
    /**
     * Terminates and initializes the host library again, so that a server that died and came back
     * is found. Only when no stream of this process is open (isolated ones excepted).
     */
    virtual BackendResult reinitialize() = 0;
    /**
     * How many times a sound server of the host family `host` that this process uses died so far, whether a
     * stream ran on it or not (its streams then fail: a running one is seen inactive, an idle one only through
     * this count). JACK: the JACK server; ALSA: the servers behind ALSA's server PCMs (PipeWire, PulseAudio).
     * Never calls the host: safe from any thread.
     */
    virtual uint64_t hostDeaths(HostKind host) noexcept = 0;
};

/// Where the host library connects. One process-wide PortAudio runtime serves every module, so modules open
/// at the same time agree on it.
struct HostOptions {
    /// The JACK server (jackd -n NAME); empty: the process's own choice (JACK_DEFAULT_SERVER, else "default").
    std::string jackServer;
};

/// Whether `name` can name a JACK server here: 1 to kMaxJackServerName characters, none of them '/',
/// whitespace or control characters (libjack makes file names of it). Empty means "the process's own".
constexpr std::size_t kMaxJackServerName = 64;
bool isValidJackServerName(const std::string& name) noexcept;

/// The real backend. One process-wide PortAudio runtime is shared by every instance.
std::shared_ptr<Backend> makePortAudioBackend(HostOptions options = {});

/// PortAudio's own text for one of its error numbers ("Invalid sample rate"); needs no initialization.
std::string backendErrorText(int32_t error);

}  // namespace adm
