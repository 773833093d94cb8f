package dev.admbridge;

import java.util.Objects;

/**
 * A failure of the audio device module, carrying its documented error code and what caused it:
 * the backend's (PortAudio's) error number and the host API's error where there is one.
 *
 * <p>Unchecked, like {@link java.io.UncheckedIOException}: every method that throws it says so in its
 * Javadoc. The same failure is also reported to listeners as an event.
 */
public class AdmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient AdmCode code;
    private final int backendError;
    private final long hostError;

    /**
     * @param code the documented error code; never an internal-only one, never {@link AdmCode#ERR_OK}
     * @param message what was asked and what went wrong
     * @param backendError the PortAudio error number (a negative PaError), 0 when none
     * @param hostError the host API's error number, 0 when none
     * @param cause the Java cause, or null
     */
    public AdmException(AdmCode code, String message, int backendError, long hostError, Throwable cause) {
        super(Objects.requireNonNull(code, "code") + ": " + Objects.requireNonNull(message, "message"), cause);
        if (code.kind() != AdmCodeKind.ERROR || code.isOk()) {
            throw new IllegalArgumentException("an AdmException needs an error code other than ERR_OK, not " + code);
        }
        this.code = code;
        this.backendError = backendError;
        this.hostError = hostError;
    }

    /** An exception with no backend cause. */
    public AdmException(AdmCode code, String message) {
        this(code, message, 0, 0, null);
    }

    /** The documented error code. */
    public AdmCode code() {
        return code;
    }

    /** The PortAudio error number (negative), or 0 when the backend reported none. */
    public int backendError() {
        return backendError;
    }

    /** The host API's own error number, or 0. */
    public long hostError() {
        return hostError;
    }
}
