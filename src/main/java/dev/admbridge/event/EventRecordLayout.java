package dev.admbridge.event;

import dev.admbridge.AdmCode;
import dev.admbridge.AdmCodeKind;
import dev.admbridge.AdmEvent;
import dev.admbridge.StreamKind;
import dev.admbridge.StreamState;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The native {@code EventRecord} ({@code src/main/cpp/EventRecord.h}) as Java reads it from a direct
 * buffer in native byte order: 64 bytes, these offsets.
 *
 * <pre>
 *   0        4        8        12       16       20       24
 *   +--------+--------+--------+--------+--------+--------+-----------------+
 *   | type   | code   | stream | device | backend| count  | hostError       |
 *   +--------+--------+--------+--------+--------+--------+-----------------+
 *   32                40                48                56                64
 *   +-----------------+-----------------+-----------------+-----------------+
 *   | firstNanos      | lastNanos       | messageId       | value           |
 *   +-----------------+-----------------+-----------------+-----------------+
 * </pre>
 */
public final class EventRecordLayout {
    /** Bytes per record; checked against the native {@code sizeof(EventRecord)} when a source attaches. */
    public static final int SIZE = 64;
    /** int32 EventType: 0 error, 1 warning, 2 state changed, 3 dropped, 4 devices changed. */
    public static final int TYPE_OFFSET = 0;
    /** int32 documented code, or the StreamState for a state change. */
    public static final int CODE_OFFSET = 4;
    /** int32 StreamKind. */
    public static final int STREAM_OFFSET = 8;
    /** int32 backend device index, -1 when none. */
    public static final int DEVICE_OFFSET = 12;
    /** int32 PaError, 0 when none. */
    public static final int BACKEND_ERROR_OFFSET = 16;
    /** int32 occurrences the record stands for. */
    public static final int COUNT_OFFSET = 20;
    /** int64 host API error, 0 when none. */
    public static final int HOST_ERROR_OFFSET = 24;
    /** int64 CLOCK_MONOTONIC nanoseconds of the first occurrence. */
    public static final int FIRST_NANOS_OFFSET = 32;
    /** int64 ... and of the last. */
    public static final int LAST_NANOS_OFFSET = 40;
    /** int64 id of a text kept by the native hub, 0 when none. */
    public static final int MESSAGE_ID_OFFSET = 48;
    /** int64 detail: drop count, measured rate, stall length, ... */
    public static final int VALUE_OFFSET = 56;

    /** EventType numbers. */
    public static final int TYPE_ERROR = 0;
    public static final int TYPE_WARNING = 1;
    public static final int TYPE_STATE_CHANGED = 2;
    public static final int TYPE_DROPPED = 3;
    public static final int TYPE_DEVICES_CHANGED = 4;
    public static final int TYPE_LEVELS = 5;

    private EventRecordLayout() {}

    public static int type(ByteBuffer buffer, int record) {
        return buffer.getInt(record + TYPE_OFFSET);
    }

    public static long messageId(ByteBuffer buffer, int record) {
        return buffer.getLong(record + MESSAGE_ID_OFFSET);
    }

    public static long value(ByteBuffer buffer, int record) {
        return buffer.getLong(record + VALUE_OFFSET);
    }

    /** The backend's error number of the record at byte offset {@code record}, 0 when none. */
    public static int backendError(ByteBuffer buffer, int record) {
        return buffer.getInt(record + BACKEND_ERROR_OFFSET);
    }

    /**
     * The event of the record at byte offset {@code record}, or empty when it must not reach a listener:
     * an internal-only error code, or numbers the native side never documents (a bug, logged by the caller).
     * Dropped records are not events; read their {@link #value(ByteBuffer, int)}.
     *
     * @param message the record's text, already taken from the hub ("" when none)
     * @param backendErrorText the backend's text of the record's {@link #backendError(ByteBuffer, int)}
     *     ({@link EventSource#backendErrorText(int)}; "" when none)
     * @throws IllegalArgumentException if the record holds an unknown type, stream or state
     */
    public static Optional<AdmEvent> decode(ByteBuffer buffer, int record, String message, String backendErrorText) {
        int type = type(buffer, record);
        int codeValue = buffer.getInt(record + CODE_OFFSET);
        AdmEvent.Kind kind;
        AdmCode code = AdmCode.ERR_OK;
        StreamState state = null;
        switch (type) {
            case TYPE_ERROR -> {
                kind = AdmEvent.Kind.ERROR;
                AdmCode found = AdmCode.lookup(AdmCodeKind.ERROR, codeValue);
                if (found == null || found.internalOnly() || found.isOk()) {
                    return Optional.empty();
                }
                code = found;
            }
            case TYPE_WARNING -> {
                kind = AdmEvent.Kind.WARNING;
                AdmCode found = AdmCode.lookup(AdmCodeKind.WARNING, codeValue);
                if (found == null) {
                    return Optional.empty();
                }
                code = found;
            }
            case TYPE_STATE_CHANGED -> {
                kind = AdmEvent.Kind.STATE_CHANGED;
                state = StreamState.fromNative(codeValue);
            }
            case TYPE_DEVICES_CHANGED -> kind = AdmEvent.Kind.DEVICES_CHANGED;
            case TYPE_LEVELS -> kind = AdmEvent.Kind.LEVELS;
            default -> throw new IllegalArgumentException("no event has type " + type);
        }
        int backendError = backendError(buffer, record);
        long first = buffer.getLong(record + FIRST_NANOS_OFFSET);
        long last = Math.max(first, buffer.getLong(record + LAST_NANOS_OFFSET));
        return Optional.of(new AdmEvent(kind, code, state,
                StreamKind.fromNative(buffer.getInt(record + STREAM_OFFSET)),
                Math.max(-1, buffer.getInt(record + DEVICE_OFFSET)),
                message,
                backendError,
                backendErrorText,
                buffer.getLong(record + HOST_ERROR_OFFSET),
                Math.max(1, buffer.getInt(record + COUNT_OFFSET)),
                first,
                last,
                value(buffer, record)));
    }
}
