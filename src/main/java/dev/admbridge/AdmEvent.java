package dev.admbridge;

import java.util.Objects;

/**
 * Something the audio device module reports to its {@link AdmEventListener}s: an error, a warning, a
 * stream's state change or a change of the host's device list. Immutable.
 *
 * @param kind what the event reports
 * @param code the documented code: an error code for {@link Kind#ERROR}, a warning code for
 *     {@link Kind#WARNING}, {@link AdmCode#ERR_OK} for the other kinds; never an internal-only code
 * @param state the stream's new state for {@link Kind#STATE_CHANGED}, null for the other kinds
 * @param stream the stream the event is about, {@link StreamKind#MODULE} for the module as a whole
 * @param device the backend's device index, -1 when the event concerns no device
 * @param message what happened, in words; empty when the native side gave no text (audio-thread events
 *     carry numbers only, see {@link #value()})
 * @param backendError the PortAudio error number (a negative {@code PaError}), 0 when none
 * @param backendErrorText PortAudio's text for {@code backendError}, empty when it is 0
 * @param hostError the host API's own error number (ALSA, JACK, errno), 0 when none
 * @param count how many occurrences this event stands for, at least 1 (more when repeats were coalesced)
 * @param firstNanos native monotonic time of the first occurrence, in nanoseconds ({@code CLOCK_MONOTONIC},
 *     the clock of {@link System#nanoTime()} on Linux)
 * @param lastNanos native monotonic time of the last occurrence, {@code >= firstNanos}
 * @param value a detail that depends on the code: a measured rate, a stall length in nanoseconds, ...
 */
public record AdmEvent(
        Kind kind,
        AdmCode code,
        StreamState state,
        StreamKind stream,
        int device,
        String message,
        int backendError,
        String backendErrorText,
        long hostError,
        int count,
        long firstNanos,
        long lastNanos,
        long value) {

    /** What an event reports. */
    public enum Kind {
        /** A failure: {@link AdmEvent#code()} is an error code. */
        ERROR,
        /** Trouble the module may recover from: {@link AdmEvent#code()} is a warning code. */
        WARNING,
        /** A stream changed state: see {@link AdmEvent#state()}. */
        STATE_CHANGED,
        /** The host reported that its list of devices changed. */
        DEVICES_CHANGED,
        /** A stream's levels over the last interval: see {@link AdmEvent#peakDbfs()}, {@link AdmEvent#rmsDbfs()}. */
        LEVELS
    }

    /**
     * Checks that the parts agree.
     *
     * @throws NullPointerException if kind, code, stream, message or backendErrorText is null
     * @throws IllegalArgumentException if code or state does not fit the kind, the code is internal-only,
     *     device is below -1, count is below 1, or lastNanos is before firstNanos
     */
    public AdmEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(backendErrorText, "backendErrorText");
        boolean codeFits = switch (kind) {
            case ERROR -> code.kind() == AdmCodeKind.ERROR && !code.isOk();
            case WARNING -> code.kind() == AdmCodeKind.WARNING;
            case STATE_CHANGED, DEVICES_CHANGED, LEVELS -> code == AdmCode.ERR_OK;
        };
        if (!codeFits) {
            throw new IllegalArgumentException("code " + code + " does not fit an event of kind " + kind);
        }
        if (code.internalOnly()) {
            throw new IllegalArgumentException("code " + code + " is internal-only and never reaches an application");
        }
        if ((state != null) != (kind == Kind.STATE_CHANGED)) {
            throw new IllegalArgumentException("state=" + state + " does not fit an event of kind " + kind);
        }
        if (device < -1) {
            throw new IllegalArgumentException("device must be -1 (none) or an index, was " + device);
        }
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
        if (lastNanos < firstNanos) {
            throw new IllegalArgumentException("lastNanos=" + lastNanos + " is before firstNanos=" + firstNanos);
        }
    }

    /** The documented number of {@link #code()}, e.g. 1014. */
    public int codeValue() {
        return code.value();
    }

    /** True when the event concerns a device ({@link #device()} is not -1). */
    public boolean hasDevice() {
        return device >= 0;
    }

    /** This event standing for {@code count} occurrences from {@code firstNanos} to {@code lastNanos}. */
    public AdmEvent coalesced(int count, long firstNanos, long lastNanos) {
        return new AdmEvent(kind, code, state, stream, device, message, backendError, backendErrorText, hostError,
                count, firstNanos, lastNanos, value);
    }

    /** For {@link Kind#LEVELS}: the peak level of the interval in dBFS (NaN for other kinds). */
    public double peakDbfs() {
        return kind == Kind.LEVELS ? (int) value / 100.0 : Double.NaN;
    }

    /** For {@link Kind#LEVELS}: the RMS level of the interval in dBFS (NaN for other kinds). */
    public double rmsDbfs() {
        return kind == Kind.LEVELS ? (int) (value >> 32) / 100.0 : Double.NaN;
    }
}
