// One event as it crosses from a native thread to the Java dispatcher: fixed size, no pointers,
// no text (text is formatted off the audio thread; see EventHub::publishWithMessage).
#pragma once

#include <cstddef>
#include <cstdint>

namespace adm {

/// What an event reports.
enum class EventType : int32_t {
    Error = 0,         ///< `code` is an ErrorCode
    Warning = 1,       ///< `code` is a WarningCode
    StateChanged = 2,  ///< `code` is the new StreamState
    Dropped = 3,       ///< `value` events were lost because the ring was full
    DevicesChanged = 4,  ///< the host reported a change of its device list (where it reports one)
    Levels = 5,          ///< `value`: peak (low 32 bits) and RMS (high 32 bits) in hundredths of a dBFS
};

/// Which part of the module an event is about.
enum class StreamKind : int32_t { Module = 0, Playout = 1, Recording = 2, Loopback = 3 };

/// Where a stream is in its life. Values are shared with Java (dev.admbridge.StreamState).
enum class StreamState : int32_t { Closed = 0, Initialized = 1, Running = 2, Stopped = 3, Failed = 4 };

/*
 * Layout, 64 bytes, native byte order; Java reads it at these offsets from a direct buffer.
 *
 *   0        4        8        12       16       20       24
 *   +--------+--------+--------+--------+--------+--------+-----------------+
 *   | type   | code   | stream | device | backend| count  | hostError       |
 *   +--------+--------+--------+--------+--------+--------+-----------------+
 *   32                40                48                56                64
 *   +-----------------+-----------------+-----------------+-----------------+
 *   | firstNanos      | lastNanos       | messageId       | value           |
 *   +-----------------+-----------------+-----------------+-----------------+
 */
struct EventRecord {
    int32_t type = 0;          ///< EventType
    int32_t code = 0;          ///< documented code, or StreamState for StateChanged
    int32_t stream = 0;        ///< StreamKind
    int32_t device = -1;       ///< backend device index, -1 when none
    int32_t backendError = 0;  ///< PaError, 0 when none
    int32_t count = 1;         ///< occurrences this record stands for (coalesced)
    int64_t hostError = 0;     ///< host API error, 0 when none
    int64_t firstNanos = 0;    ///< CLOCK_MONOTONIC time of the first occurrence
    int64_t lastNanos = 0;     ///< ... and of the last
    int64_t messageId = 0;     ///< text kept by the hub for control-path events, 0 when none
    int64_t value = 0;         ///< detail: drop count, measured rate, stall length in ns, ...
};

static_assert(sizeof(EventRecord) == 64, "Java reads EventRecord at fixed offsets");
static_assert(offsetof(EventRecord, hostError) == 24 && offsetof(EventRecord, value) == 56, "layout drifted");

/// CLOCK_MONOTONIC in nanoseconds (vDSO: no syscall on Linux x86_64).
int64_t monotonicNanos() noexcept;

}  // namespace adm
