package dev.admbridge;

/**
 * Which part of a module an event is about. The numbers are those of the native {@code StreamKind}
 * ({@code src/main/cpp/EventRecord.h}).
 */
public enum StreamKind {
    /** The module as a whole (device lists, the host library, the event path itself). */
    MODULE(0),
    /** The playout (output) stream. */
    PLAYOUT(1),
    /** The recording (input) stream. */
    RECORDING(2),
    /** The loopback stream (what a device plays, captured back). */
    LOOPBACK(3);

    private static final StreamKind[] BY_VALUE = values();

    private final int value;

    StreamKind(int value) {
        this.value = value;
    }

    /** The native number, 0..3. */
    public int value() {
        return value;
    }

    /**
     * The kind with this native number.
     *
     * @throws IllegalArgumentException if no kind has it
     */
    public static StreamKind fromValue(int value) {
        if (value < 0 || value >= BY_VALUE.length) {
            throw new IllegalArgumentException("no StreamKind has value " + value + " (0..3)");
        }
        return BY_VALUE[value];
    }
}
