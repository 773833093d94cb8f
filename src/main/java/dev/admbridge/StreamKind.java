package dev.admbridge;

/** Which part of a module an event or a stream is about. Values match the native core. */
public enum StreamKind {
    /** The module itself, not one stream. */
    MODULE(0),
    /** Playing audio to a device. */
    PLAYOUT(1),
    /** Recording audio from a device. */
    RECORDING(2),
    /** Capturing what is played (through JACK wiring or a monitor source). */
    LOOPBACK(3);

    /** Native values are the ordinals: checked by the tests of this enum. */
    private static final StreamKind[] BY_NATIVE = values();

    private final int nativeValue;

    StreamKind(int nativeValue) {
        this.nativeValue = nativeValue;
    }

    /** The value the native core uses. */
    public int nativeValue() {
        return nativeValue;
    }

    /**
     * The kind with this native value.
     *
     * @throws IllegalArgumentException for a value with no kind
     */
    public static StreamKind fromNative(int value) {
        if (value < 0 || value >= BY_NATIVE.length) {
            throw new IllegalArgumentException("no stream kind has native value " + value + " (expected 0 to 3)");
        }
        return BY_NATIVE[value];
    }

}
