// Every row of the mapping in docs/errors.md: call site x stream kind x backend error -> code.
#include <gtest/gtest.h>

#include <vector>

#include "Backend.h"
#include "ErrorMapping.h"

using adm::BackendError;
using adm::CallSite;
using adm::ErrorCode;
using adm::StreamKind;

namespace {

struct Row {
    CallSite site;
    StreamKind kind;
    BackendError error;
    ErrorCode expected;
};

// Each backend error that PortAudio documents for opening, starting, stopping or closing.
const std::vector<BackendError> kEveryError = {
    BackendError::PermissionDenied, BackendError::NotInitialized, BackendError::UnanticipatedHostError, BackendError::InvalidChannelCount,
    BackendError::InvalidSampleRate, BackendError::InvalidDevice, BackendError::InvalidFlag,
    BackendError::SampleFormatNotSupported, BackendError::BadIODeviceCombination, BackendError::InsufficientMemory,
    BackendError::BufferTooBig, BackendError::BufferTooSmall, BackendError::NullCallback, BackendError::BadStreamPtr,
    BackendError::TimedOut, BackendError::InternalError, BackendError::DeviceUnavailable,
    BackendError::IncompatibleHostApiSpecificStreamInfo, BackendError::StreamIsStopped,
    BackendError::StreamIsNotStopped, BackendError::HostApiNotFound, BackendError::InvalidHostApi,
};

ErrorCode expectedFor(CallSite site, StreamKind kind, BackendError error) {
    const bool recording = kind != StreamKind::Playout;
    switch (site) {
        case CallSite::Open:
            if (error == BackendError::InvalidSampleRate) {
                return ErrorCode::AdmSampleRate;
            }
            if (error == BackendError::PermissionDenied) {
                return ErrorCode::AdmNoPermission;
            }
            return kind == StreamKind::Playout ? ErrorCode::AdmInitPlayout
                   : kind == StreamKind::Recording ? ErrorCode::AdmInitRecording
                                                   : ErrorCode::AdmInitLoopback;
        case CallSite::Start:
            return kind == StreamKind::Playout ? ErrorCode::AdmStartPlayout
                   : kind == StreamKind::Recording ? ErrorCode::AdmStartRecording
                                                   : ErrorCode::AdmStartLoopback;
        case CallSite::Stop:
        case CallSite::Close:
            return recording ? ErrorCode::AdmStopRecording : ErrorCode::AdmStopPlayout;
    }
    return ErrorCode::Failed;
}

}  // namespace

TEST(ErrorMapping, MapsEverySiteKindAndBackendError) {
    int rows = 0;
    for (CallSite site : {CallSite::Open, CallSite::Start, CallSite::Stop, CallSite::Close}) {
        for (StreamKind kind : {StreamKind::Playout, StreamKind::Recording, StreamKind::Loopback}) {
            for (BackendError error : kEveryError) {
                EXPECT_EQ(adm::mapBackendError(site, kind, static_cast<int32_t>(error)),
                          expectedFor(site, kind, error))
                    << "site " << static_cast<int>(site) << " kind " << adm::toText(adm::ErrorCode::Ok)
                    << static_cast<int>(kind) << " error " << static_cast<int>(error);
                ++rows;
            }
        }
    }
    EXPECT_EQ(rows, 4 * 3 * 22);
}

TEST(ErrorMapping, SampleRateIsOneCodeForEveryDirection) {
    for (StreamKind kind : {StreamKind::Playout, StreamKind::Recording, StreamKind::Loopback}) {
        EXPECT_EQ(adm::mapBackendError(CallSite::Open, kind, static_cast<int32_t>(BackendError::InvalidSampleRate)),
                  ErrorCode::AdmSampleRate);
    }
}

TEST(ErrorMapping, ModuleLevelFailuresAreGeneralErrors) {
    EXPECT_EQ(adm::mapBackendError(CallSite::Open, StreamKind::Module, -9999), ErrorCode::AdmGeneralError);
}

TEST(ErrorMapping, RuntimeCodesFollowTheDirection) {
    EXPECT_EQ(adm::runtimeErrorFor(StreamKind::Playout), ErrorCode::AdmRuntimePlayoutError);
    EXPECT_EQ(adm::runtimeErrorFor(StreamKind::Recording), ErrorCode::AdmRuntimeRecordingError);
    EXPECT_EQ(adm::runtimeErrorFor(StreamKind::Loopback), ErrorCode::AdmRuntimeRecordingError);
    EXPECT_EQ(adm::glitchWarningFor(StreamKind::Playout), adm::WarningCode::AdmRuntimePlayoutWarning);
    EXPECT_EQ(adm::glitchWarningFor(StreamKind::Loopback), adm::WarningCode::AdmRuntimeRecordingWarning);
    EXPECT_EQ(adm::malfunctionWarningFor(StreamKind::Playout), adm::WarningCode::AdmPlayoutMalfunction);
    EXPECT_EQ(adm::malfunctionWarningFor(StreamKind::Recording), adm::WarningCode::AdmRecordMalfunction);
}
