package dev.admbridge;

/** Where a stream is in its life. Values match the native core. */
public enum StreamState {
    /** Not initialized, or closed. */
    CLOSED(0),
    /** Initialized (the device is open), not started. */
    INITIALIZED(1),
    /** Started: callbacks run. */
    RUNNING(2),
    /** Stopped; it can start again. */
    STOPPED(3),
    /** Died while running (device or server gone): close it and initialize again. */
    FAILED(4);

    /** Native values are the ordinals: checked by the tests of this enum. */
    private static final StreamState[] BY_NATIVE = values();

    private final int nativeValue;

    StreamState(int nativeValue) {
        this.nativeValue = nativeValue;
    }

    /** The value the native core uses. */
    public int nativeValue() {
        return nativeValue;
    }

    /**
     * The state with this native value.
     *
     * @throws IllegalArgumentException for a value with no state
     */
    public static StreamState fromNative(int value) {
        if (value < 0 || value >= BY_NATIVE.length) {
            throw new IllegalArgumentException("no stream state has native value " + value + " (expected 0 to 4)");
        }
        return BY_NATIVE[value];
    }

}
