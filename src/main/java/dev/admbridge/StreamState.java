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
    /**
     * Its server or device went away (or a call the host did not answer): close it and initialize again, or let
     * the {@linkplain RecoveryPolicy recovery policy} reopen it.
     */
    FAILED(4),
    /**
     * Failed, and being reopened by the module's {@linkplain RecoveryPolicy recovery policy}: writes fill its
     * ring and reads return what it captured, as when it is initialized; it goes back to the state it was in
     * (or to the one a start or stop during the recovery asked for), or to {@link #FAILED} when the tries run
     * out or the policy is switched off.
     */
    RECOVERING(5);

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
            throw new IllegalArgumentException(
                    "no stream state has native value " + value + " (expected 0 to " + (BY_NATIVE.length - 1) + ")");
        }
        return BY_NATIVE[value];
    }

}
