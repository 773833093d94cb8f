package dev.admbridge;

import java.time.Duration;
import java.util.Objects;

/**
 * What a module does after a stream's runtime failure ({@link AdmCode#ERR_ADM_RUNTIME_PLAYOUT_ERROR},
 * {@link AdmCode#ERR_ADM_RUNTIME_RECORDING_ERROR}: its sound server or device went away). {@link #OFF}, the default:
 * the stream stays {@link StreamState#FAILED} and the application closes it and initializes it again. On: the
 * stream becomes {@link StreamState#RECOVERING} and the module reopens it with the configuration it was initialized
 * with (its device by name, or the default device) once its server or device is back, and starts it again if it
 * ran. The first try comes {@code firstDelay} after the failure, each next one after twice the delay before, up to
 * {@code maxDelay}; after {@code maxTries} failed tries the stream is {@link StreamState#FAILED}. The same
 * {@link AudioStream} goes on: its ring, its consumer, and the application's {@code write}/{@code read} loop need no
 * new call.
 *
 * <p>Events, on the listeners: the failure (the error, then FAILED); RECOVERING with {@link AdmEvent#value()} 0 when
 * the recovery begins and, after each try that failed, the number of tries so far; then the state it recovered to
 * (RUNNING, STOPPED or INITIALIZED) with the nanoseconds since the failure as value; or, when the tries run out, the
 * runtime error again (its message says "gave up", how many tries and the last one's reason) and FAILED with the
 * tries as value. Setting {@link #OFF} cancels every recovery under way: those streams go to FAILED.
 *
 * @param enabled whether failed streams are reopened
 * @param firstDelay the delay before the first try, 0 to {@link #MAX_DELAY}
 * @param maxDelay the longest delay between tries, {@code firstDelay} to {@link #MAX_DELAY}
 * @param maxTries how many tries at most, 1 to {@link #MAX_TRIES}
 */
public record RecoveryPolicy(boolean enabled, Duration firstDelay, Duration maxDelay, int maxTries) {

    /** The longest delay a policy may have. */
    public static final Duration MAX_DELAY = Duration.ofMinutes(1);
    /** The most tries a policy may have. */
    public static final int MAX_TRIES = 1_000_000;

    /** No recovery (the default). */
    public static final RecoveryPolicy OFF = new RecoveryPolicy(false, Duration.ofMillis(50), Duration.ofMillis(500), 120);

    /**
     * Checks the values.
     *
     * @throws NullPointerException if a delay is null
     * @throws IllegalArgumentException if a value is out of its range (the message says which and what is expected)
     */
    public RecoveryPolicy {
        Objects.requireNonNull(firstDelay, "firstDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (firstDelay.isNegative() || firstDelay.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException("firstDelay must be 0 to " + MAX_DELAY.toMillis() + " ms, was " + firstDelay);
        }
        if (maxDelay.compareTo(firstDelay) < 0 || maxDelay.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException("maxDelay must be firstDelay (" + firstDelay + ") to "
                    + MAX_DELAY.toMillis() + " ms, was " + maxDelay);
        }
        if (maxTries < 1 || maxTries > MAX_TRIES) {
            throw new IllegalArgumentException("maxTries must be 1 to " + MAX_TRIES + ", was " + maxTries);
        }
    }

    /**
     * Recovery on: the first try 50 ms after the failure, then every 100, 200, 400 and 500 ms, for 120 tries (about
     * a minute): audio flows again within about half a second of the server's return.
     */
    public static RecoveryPolicy reopen() {
        return new RecoveryPolicy(true, OFF.firstDelay, OFF.maxDelay, OFF.maxTries);
    }

    /**
     * Recovery on with these values.
     *
     * @throws NullPointerException if a delay is null
     * @throws IllegalArgumentException if a value is out of its range
     */
    public static RecoveryPolicy reopen(Duration firstDelay, Duration maxDelay, int maxTries) {
        return new RecoveryPolicy(true, firstDelay, maxDelay, maxTries);
    }
}
