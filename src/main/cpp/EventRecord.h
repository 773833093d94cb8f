// One event as it crosses from a native thread to the Java dispatcher: fixed size, no pointers,
// no text (text is formatted off the audio thread; see EventHub::publishWithMessage).
#pragma once

#include <cstddef>
#include <cstdint>

#include "StreamKind.h"

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
    int32_t code = 0;          ///< documented code, or StreamState (StreamState.h) for StateChanged
    int32_t stream = 0;        ///< StreamKind (StreamKind.h)
    int32_t device = -1;       ///< backend device index, -1 when none
    int32_t backendError = 0;  ///< PaError, 0 when none
    int32_t count = 1;         ///< occurrences this record stands for (coalesced)
    int64_t hostError = 0;     ///< host API error, 0 when none
    int64_t firstNanos = 0;    ///< CLOCK_MONOTONIC time of the first occurrence
    int64_t lastNanos = 0;     ///< ... and of the last
    int64_t messageId = 0;     ///< text kept by the hub for control-path events, 0 when none
    int64_t value = 0;         ///< detail: drop count, measured rate, stall length in ns, ...

    /// The one way to fill a record: what happened (type, code), about which stream and device, when
    /// (first and last occurrence), and its detail. No text: control paths attach one through the hub.
    static constexpr EventRecord of(EventType type, int32_t code, StreamKind stream, int32_t device,
                                    int64_t firstNanos, int64_t lastNanos, int64_t value = 0) noexcept {
        EventRecord record;
        record.type = static_cast<int32_t>(type);
        record.code = code;
        record.stream = static_cast<int32_t>(stream);
        record.device = device;
        record.firstNanos = firstNanos;
        record.lastNanos = lastNanos;
        record.value = value;
        return record;
    }

    /// This record carrying the backend's error number and the host's.
    constexpr EventRecord withBackendError(int32_t backend, int64_t host) const noexcept {
        EventRecord record = *this;
        record.backendError = backend;
        record.hostError = host;
        return record;
    }

    /// This record pointing at a text the hub keeps (EventHub::fixedMessage).
    constexpr EventRecord withMessageId(int64_t id) const noexcept {
        EventRecord record = *this;
        record.messageId = id;
        return record;
    }
};

static_assert(sizeof(EventRecord) == 64, "Java reads EventRecord at fixed offsets");
static_assert(offsetof(EventRecord, hostError) == 24 && offsetof(EventRecord, value) == 56, "layout drifted");

}  // namespace adm
