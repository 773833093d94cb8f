package dev.admbridge;

/**
 * Where a stream is in its life. The numbers are those of the native {@code StreamState}
 * ({@code src/main/cpp/EventRecord.h}).
 */
public enum StreamState {
    /** Not open, or closed. */
    CLOSED(0),
    /** Open on its device, not running. */
    INITIALIZED(1),
    /** Running: callbacks move audio. */
    RUNNING(2),
    /** Stopped on request; can be started again. */
    STOPPED(3),
    /** Stopped by a failure (the error event says which); needs to be closed. */
    FAILED(4);

    private static final StreamState[] BY_VALUE = values();

    private final int value;

    StreamState(int value) {
        this.value = value;
    }

    /** The native number, 0..4. */
    public int value() {
        return value;
    }

    /**
     * The state with this native number.
     *
     * @throws IllegalArgumentException if no state has it
     */
    public static StreamState fromValue(int value) {
        if (value < 0 || value >= BY_VALUE.length) {
            throw new IllegalArgumentException("no StreamState has value " + value + " (0..4)");
        }
        return BY_VALUE[value];
    }
}
