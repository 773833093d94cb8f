// The documented ADM error and warning codes: the contract shared with Java.
// Values are exactly those of the SDK's table (../shared/seeds); never renumber.
#pragma once

#include <cstddef>
#include <cstdint>

namespace adm {

/// Errors and warnings are two namespaces: the same int can mean one thing in each (20).
enum class CodeKind : int32_t { Error = 0, Warning = 1 };

/// Error codes. Internal-only ones (see CodeInfo::internalOnly) never reach an application.
enum class ErrorCode : int32_t {
    Ok = 0,
    Failed = 1,
    InvalidArgument = 2,
    NotReady = 3,
    NotSupported = 4,
    Refused = 5,
    BufferTooSmall = 6,
    NotInitialized = 7,
    NoPermission = 9,
    TimedOut = 10,
    Canceled = 11,
    TooOften = 12,
    BindSocket = 13,
    NetDown = 14,
    NetNoBufs = 15,
    JoinChannelRejected = 17,
    LeaveChannelRejected = 18,
    AlreadyInUse = 19,
    Aborted = 20,
    InitNetEngine = 21,
    InvalidVendorKey = 101,
    InvalidChannelName = 102,
    NotInChannel = 113,
    SizeTooLarge = 114,
    BitrateLimit = 115,
    LoadMediaEngine = 1001,
    StartCall = 1002,
    AdmGeneralError = 1005,
    AdmJavaResource = 1006,
    AdmSampleRate = 1007,
    AdmInitPlayout = 1008,
    AdmStartPlayout = 1009,
    AdmStopPlayout = 1010,
    AdmInitRecording = 1011,
    AdmStartRecording = 1012,
    AdmStopRecording = 1013,
    AdmRuntimePlayoutError = 1015,
    AdmRuntimeRecordingError = 1017,
    AdmRecordAudioFailed = 1018,
    AdmInitLoopback = 1022,
    AdmStartLoopback = 1023,
    AdmNoPermission = 1027,
};

/// Warning codes: trouble the module may recover from.
enum class WarningCode : int32_t {
    Pending = 20,
    NoAvailableChannel = 103,
    LookupChannelTimeout = 104,
    LookupChannelRejected = 105,
    OpenChannelTimeout = 106,
    OpenChannelRejected = 107,
    SetClientRoleTimeout = 118,
    SetClientRoleNotAuthorized = 119,
    AudioMixingOpenError = 701,
    AdmRuntimePlayoutWarning = 1014,
    AdmRuntimeRecordingWarning = 1016,
    AdmRecordAudioSilence = 1019,
    AdmPlayoutMalfunction = 1020,
    AdmRecordMalfunction = 1021,
    AdmRecordAudioLowlevel = 1031,
    AdmHowling = 1051,
    // Extensions: not in the seed table; more specific codes of the SDK's later public headers (docs/codes.md).
    AdmPlayoutAudioLowlevel = 1032,
    AdmRecordAudioIsActive = 1033,
    AdmInconsistentAudioDevice = 1042,
    AdmGlitchState = 1052,
    AdmWinCoreNoRecordingDevice = 1322,
    AdmWinCoreNoPlayoutDevice = 1323,
};

/// One row of the table.
struct CodeInfo {
    int32_t value;
    CodeKind kind;
    const char* name;         ///< the documented name, e.g. "ERR_ADM_INIT_PLAYOUT"
    bool internalOnly;        ///< the SDK never returns it through the API or callbacks
    const char* description;  ///< one English sentence
    bool extension = false;   ///< not in the seed table: a more specific code of the SDK's later headers
};

/// Every code, errors first, each in ascending value order.
const CodeInfo* codeTable() noexcept;
std::size_t codeCount() noexcept;

/// The row for (kind, value), or nullptr when no such code is documented.
const CodeInfo* findCode(CodeKind kind, int32_t value) noexcept;

/// The documented name, e.g. "ERR_ADM_SAMPLE_RATE"; "ERR_UNKNOWN" / "WARN_UNKNOWN" otherwise.
const char* toText(ErrorCode code) noexcept;
const char* toText(WarningCode code) noexcept;

}  // namespace adm
