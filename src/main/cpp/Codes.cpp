#include "Codes.h"

#include <iterator>

namespace adm {
namespace {

constexpr CodeKind E = CodeKind::Error;
constexpr CodeKind W = CodeKind::Warning;
constexpr bool kInternal = true;
constexpr bool kPublic = false;
constexpr bool kExtension = true;

// The seed's descriptions are reference only; these are our own words.
constexpr CodeInfo kTable[] = {
    {0, E, "ERR_OK", kPublic, "No error."},
    {1, E, "ERR_FAILED", kPublic, "A general error with no more specific cause."},
    {2, E, "ERR_INVALID_ARGUMENT", kPublic, "A call was given an invalid argument."},
    {3, E, "ERR_NOT_READY", kPublic, "The module or stream is not in a state to serve this call yet."},
    {4, E, "ERR_NOT_SUPPORTED", kPublic, "The feature is not supported here."},
    {5, E, "ERR_REFUSED", kInternal, "The call was refused (internal only)."},
    {6, E, "ERR_BUFFER_TOO_SMALL", kPublic, "The buffer given is too small for the data to return."},
    {7, E, "ERR_NOT_INITIALIZED", kPublic, "The module or stream is not initialized, or already closed."},
    {9, E, "ERR_NO_PERMISSION", kInternal, "No permission for the operation (internal only)."},
    {10, E, "ERR_TIMEDOUT", kPublic, "The call did not complete in time."},
    {11, E, "ERR_CANCELED", kInternal, "The request was canceled (internal only)."},
    {12, E, "ERR_TOO_OFTEN", kInternal, "The call was made too often (internal only)."},
    {13, E, "ERR_BIND_SOCKET", kInternal, "Binding a network socket failed (internal only)."},
    {14, E, "ERR_NET_DOWN", kInternal, "The network is unavailable (internal only)."},
    {15, E, "ERR_NET_NOBUFS", kInternal, "No network buffers are available (internal only)."},
    {17, E, "ERR_JOIN_CHANNEL_REJECTED", kPublic, "Joining the channel was rejected, usually because the user is already in it."},
    {18, E, "ERR_LEAVE_CHANNEL_REJECTED", kPublic, "Leaving the channel was rejected, usually because the user already left it."},
    {19, E, "ERR_ALREADY_IN_USE", kPublic, "The resource is already in use."},
    {20, E, "ERR_ABORTED", kInternal, "The request was abandoned, possibly because of too many requests (internal only)."},
    {21, E, "ERR_INIT_NET_ENGINE", kPublic, "The network engine failed to initialize (a firewall setting on Windows)."},
    {101, E, "ERR_INVALID_VENDOR_KEY", kPublic, "The App ID is invalid."},
    {102, E, "ERR_INVALID_CHANNEL_NAME", kPublic, "The channel name is invalid."},
    {113, E, "ERR_NOT_IN_CHANNEL", kPublic, "The user is not in the channel."},
    {114, E, "ERR_SIZE_TOO_LARGE", kPublic, "The data is too large."},
    {115, E, "ERR_BITRATE_LIMIT", kPublic, "The bitrate is limited."},
    {1001, E, "ERR_LOAD_MEDIA_ENGINE", kPublic, "The native media engine (the JNI library or a library it needs) failed to load."},
    {1002, E, "ERR_START_CALL", kPublic, "The media engine failed to start the call."},
    {1005, E, "ERR_ADM_GENERAL_ERROR", kPublic, "The audio device module hit an error with no more specific code."},
    {1006, E, "ERR_ADM_JAVA_RESOURCE", kPublic, "The audio device module failed to use a Java resource (JNI)."},
    {1007, E, "ERR_ADM_SAMPLE_RATE", kPublic, "The device does not support the sample rate asked for."},
    {1008, E, "ERR_ADM_INIT_PLAYOUT", kPublic, "The playout device failed to initialize."},
    {1009, E, "ERR_ADM_START_PLAYOUT", kPublic, "The playout device failed to start."},
    {1010, E, "ERR_ADM_STOP_PLAYOUT", kPublic, "The playout device failed to stop."},
    {1011, E, "ERR_ADM_INIT_RECORDING", kPublic, "The recording device failed to initialize."},
    {1012, E, "ERR_ADM_START_RECORDING", kPublic, "The recording device failed to start."},
    {1013, E, "ERR_ADM_STOP_RECORDING", kPublic, "The recording device failed to stop."},
    {1015, E, "ERR_ADM_RUNTIME_PLAYOUT_ERROR", kPublic, "Playout failed while running (the device or its server went away)."},
    {1017, E, "ERR_ADM_RUNTIME_RECORDING_ERROR", kPublic, "Recording failed while running (the device or its server went away)."},
    {1018, E, "ERR_ADM_RECORD_AUDIO_FAILED", kPublic, "A started recording delivers no audio at all."},
    {1022, E, "ERR_ADM_INIT_LOOPBACK", kPublic, "The loopback capture failed to initialize."},
    {1023, E, "ERR_ADM_START_LOOPBACK", kPublic, "The loopback capture failed to start."},
    {1027, E, "ERR_ADM_NO_PERMISSION", kPublic, "No permission to use the audio device."},
    {20, W, "WARN_PENDING", kPublic, "The request is pending: a module it needs is not ready yet."},
    {103, W, "WARN_NO_AVAILABLE_CHANNEL", kPublic, "No channel resources are available."},
    {104, W, "WARN_LOOKUP_CHANNEL_TIMEOUT", kPublic, "Looking up the channel timed out."},
    {105, W, "WARN_LOOKUP_CHANNEL_REJECTED", kPublic, "The server rejected the channel lookup."},
    {106, W, "WARN_OPEN_CHANNEL_TIMEOUT", kPublic, "Opening the channel timed out."},
    {107, W, "WARN_OPEN_CHANNEL_REJECTED", kPublic, "The server rejected opening the channel."},
    {118, W, "WARN_SET_CLIENT_ROLE_TIMEOUT", kPublic, "Setting the client role timed out."},
    {119, W, "WARN_SET_CLIENT_ROLE_NOT_AUTHORIZED", kPublic, "The user is not authorized to set the client role."},
    {701, W, "WARN_AUDIO_MIXING_OPEN_ERROR", kPublic, "The audio mixing file is missing or invalid."},
    {1014, W, "WARN_ADM_RUNTIME_PLAYOUT_WARNING", kPublic, "Playout glitched while running (underflow or overflow)."},
    {1016, W, "WARN_ADM_RUNTIME_RECORDING_WARNING", kPublic, "Recording glitched while running (overflow or underflow)."},
    {1019, W, "WARN_ADM_RECORD_AUDIO_SILENCE", kPublic, "The recording has been digital silence for a while."},
    {1020, W, "WARN_ADM_PLAYOUT_MALFUNCTION", kPublic, "The playout device runs far from its nominal rate, or has stalled."},
    {1021, W, "WARN_ADM_RECORD_MALFUNCTION", kPublic, "The recording device runs far from its nominal rate, or has stalled."},
    // The seed names this row WARN_ADM_RECORD_MALFUNCTION as well (a copy slip); the SDK's headers use this name.
    {1031, W, "WARN_ADM_RECORD_AUDIO_LOWLEVEL", kPublic, "The recording level has been too low for a while."},
    {1032, W, "WARN_ADM_PLAYOUT_AUDIO_LOWLEVEL", kPublic, "The playout level has been too low for a while.", kExtension},
    {1033, W, "WARN_ADM_RECORD_AUDIO_IS_ACTIVE", kPublic, "The recording device is busy: another program holds it.",
     kExtension},
    {1042, W, "WARN_ADM_INCONSISTENT_AUDIO_DEVICE", kPublic,
     "Recording and playout are on different devices, which risks echo.", kExtension},
    // The SDK's headers call it WARN_APM_HOWLING; the documented table says WARN_ADM_HOWLING.
    {1051, W, "WARN_ADM_HOWLING", kPublic, "Howling (acoustic feedback) is detected on the recording."},
    {1052, W, "WARN_ADM_GLITCH_STATE", kPublic, "The device keeps glitching: underflows or overflows persist.",
     kExtension},
    // The SDK raised these two on Windows (Core Audio), hence the names; here they mean the same on any host.
    {1322, W, "WARN_ADM_WIN_CORE_NO_RECORDING_DEVICE", kPublic, "No recording device is available.", kExtension},
    {1323, W, "WARN_ADM_WIN_CORE_NO_PLAYOUT_DEVICE", kPublic, "No playout device is available.", kExtension},
};

}  // namespace

const CodeInfo* codeTable() noexcept { return kTable; }

std::size_t codeCount() noexcept { return std::size(kTable); }

const CodeInfo* findCode(CodeKind kind, int32_t value) noexcept {
    for (const CodeInfo& row : kTable) {
        if (row.kind == kind && row.value == value) {
            return &row;
        }
    }
    return nullptr;
}

const char* toText(ErrorCode code) noexcept {
    const CodeInfo* row = findCode(CodeKind::Error, static_cast<int32_t>(code));
    return row != nullptr ? row->name : "ERR_UNKNOWN";
}

const char* toText(WarningCode code) noexcept {
    const CodeInfo* row = findCode(CodeKind::Warning, static_cast<int32_t>(code));
    return row != nullptr ? row->name : "WARN_UNKNOWN";
}

}  // namespace adm
