// The narrow interface through which the core reaches the audio host (PortAudio).
// It is the fault seam: native-tests substitute a backend that fails each call with
// each relevant error, while the real one is exercised against the virtual sound card.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "DeviceInfo.h"

namespace adm {

/// Error numbers of the backend, mirroring PortAudio's PaErrorCode values
/// (checked by static_assert in PortAudioBackend.cpp) so the core needs no portaudio.h.
enum class BackendError : int32_t {
    NoError = 0,
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

/// What a backend call returned: its error number, the host's error and the text of both.
struct BackendResult {
    int32_t error = 0;
    int64_t hostError = 0;
    std::string text;

    bool ok() const noexcept { return error >= 0; }
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
    /// A short name for messages, e.g. "PortAudio V19.6.0".
    virtual std::string name() const = 0;
};

/// The real backend. One process-wide PortAudio runtime is shared by every instance.
std::shared_ptr<Backend> makePortAudioBackend();

}  // namespace adm
