package dev.admbridge.internal;

import java.time.Duration;

/**
 * Durations as numbers, without {@link ArithmeticException}s: {@link Duration} reaches Long.MAX_VALUE
 * seconds, far beyond what a long holds in nanoseconds or milliseconds. Internal: this package is not exported.
 */
public final class Durations {
    private Durations() {}

    /** Nanoseconds, at most {@code max} (a longer duration saturates); negative durations pass as they are. */
    public static long saturatedNanos(Duration duration, long max) {
        if (duration.compareTo(Duration.ofNanos(max)) >= 0) {
            return max;
        }
        return duration.isNegative() && duration.compareTo(Duration.ofNanos(Long.MIN_VALUE)) <= 0
                ? Long.MIN_VALUE
                : duration.toNanos();
    }

    /** Milliseconds, saturating at Long.MIN_VALUE and Long.MAX_VALUE. */
    public static long saturatedMillis(Duration duration) {
        if (duration.compareTo(Duration.ofMillis(Long.MAX_VALUE)) >= 0) {
            return Long.MAX_VALUE;
        }
        if (duration.compareTo(Duration.ofMillis(Long.MIN_VALUE)) <= 0) {
            return Long.MIN_VALUE;
        }
        return duration.toMillis();
    }

    /** A native figure in seconds as a duration; zero for anything that is not a positive finite number. */
    public static Duration ofSeconds(double seconds) {
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(Math.round(Math.min(seconds, Long.MAX_VALUE / 1e9) * 1e9));
    }

    /** Seconds as a double: exact enough for any duration, and never an exception. */
    public static double seconds(Duration duration) {
        return duration.getSeconds() + duration.getNano() / 1e9;
    }
}
