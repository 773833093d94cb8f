// The module's recovery policy at work (RecoveryPolicy.h): a stream that failed at runtime (1015/1017) is
// RECOVERING, and the watchdog reopens it with the configuration the application asked for (its device by
// name, or the default device) once its server or device is back, then restarts it if it ran. The Stream
// stays the same object: its PCM rings, its consumer and the application's blocked write or read go on.
//
// Events: RECOVERING when the recovery begins (value 0) and after each try that failed (value: the tries so
// far); the state it recovered to (RUNNING, STOPPED, INITIALIZED) with the nanoseconds since the failure as
// value; when the tries run out, the runtime error again ("gave up") and FAILED (value: the tries).
// Switching the policy off cancels every recovery: those streams are FAILED again (value: the tries).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "Backend.h"
#include "DeviceResolver.h"
#include "RecoveryPolicy.h"
#include "Status.h"
#include "StreamSet.h"
#include "StreamState.h"

namespace adm {

class EventReporter;
class Stream;

class StreamRecovery {
public:
    StreamRecovery(StreamSet& streams, Backend& backend, DeviceResolver& resolver, EventReporter& reporter)
        : mStreams(streams), mBackend(backend), mResolver(resolver), mReporter(reporter) {}

    // --- control threads and the watchdog, the control lock held ---

    /// Errors: 2 a value out of range (what was wrong and what is expected). Off cancels every recovery.
    Status setPolicy(const RecoveryPolicy& policy);
    RecoveryPolicy policy() const { return mPolicy; }

    /**
     * `stream` just failed at runtime (its error and FAILED reported; its state FAILED, or RECOVERING already:
     * StreamSupervisor sets that at once when the policy is on, so that PCM calls never see it FAILED). With the
     * policy on it is RECOVERING and goes back to `resumeAs` (RUNNING, STOPPED or INITIALIZED) once reopened; its
     * old host stream is closed now (an isolated one at once). Returns whether it recovers.
     */
    bool begin(const std::shared_ptr<Stream>& stream, StreamState resumeAs);

    /// The application started (`run` true) or stopped a RECOVERING stream: it resumes running, or stopped.
    void resumeAs(StreamKind kind, bool run);

    /// The watchdog: tries the reopens that are due, with the control lock taken if free (else the next
    /// tick tries). Returns whether the watchdog must tick again: a recovery is still pending, or one just
    /// ended (a stream that runs again is watched from the next tick on, and a loopback wired again).
    bool tick(int64_t nowNanos);

private:
    struct Record {
        bool active = false;
        StreamState resumeAs = StreamState::Initialized;
        uint32_t tries = 0;
        int64_t failedNanos = 0;
        int64_t nextNanos = 0;
        int64_t delayNanos = 0;
        const Stream* stream = nullptr;  // the stream the record is for: a stream closed meanwhile is forgotten
    };

    /// A try's host work, done without the control lock: the device found again and a new host stream open.
    struct Attempt {
        ResolvedStream resolved;
        std::unique_ptr<BackendStream> fresh;  // null when the try failed
        std::string why;                       // empty when it did not
        uint64_t deathsBefore = 0;             // the host's deaths before the open (Stream::hostDeathsAtOpen)
    };
    Attempt prepare(Stream& stream);
    /// With the lock: `attempt`'s host stream becomes the stream's, started if it is to run. Empty on success, else
    /// why it failed.
    std::string install(const std::shared_ptr<Stream>& stream, Record& record, Attempt attempt, int64_t nowNanos);
    /// A host stream opened for a stream that no longer recovers: closed, never started.
    static void discard(std::unique_ptr<BackendStream> fresh);
    void giveUp(Stream& stream, Record& record, const std::string& why);
    Record& recordOf(StreamKind kind);

    StreamSet& mStreams;
    Backend& mBackend;
    DeviceResolver& mResolver;
    EventReporter& mReporter;
    RecoveryPolicy mPolicy;          // the control lock
    std::array<Record, 3> mRecords;  // the control lock; by stream slot
    std::atomic<int> mActive{0};     // records active: read without the lock when it is busy
};

}  // namespace adm
