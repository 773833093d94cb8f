package dev.admbridge.properties;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/** Generators of the values a caller may pass, edges mixed in (QuickTheories shrinks toward the first). */
final class Gens {
    private Gens() {}

    @SafeVarargs
    static <T> Gen<T> edgesOr(Gen<T> usual, T... edges) {
        return Generate.oneOf(Generate.pick(Arrays.asList(edges)), usual);
    }

    /** Any int, the extremes and a small range around the interesting values. */
    static Gen<Integer> ints(int low, int high, Integer... edges) {
        List<Integer> all = new java.util.ArrayList<>(List.of(edges));
        all.addAll(List.of(Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1));
        return Generate.oneOf(Generate.pick(all), Generate.range(low, high));
    }

    /** Rates as a caller might pass them: sane, at the limits, outside them, not a number. */
    static Gen<Double> rates() {
        return edgesOr(SourceDSL.doubles().between(-1e6, 1e6), 48000.0, 44100.0, 8000.0, 7999.9, 384000.0, 384000.5,
                0.0, -48000.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
                Double.MAX_VALUE);
    }

    /** Durations from nothing to Long.MAX_VALUE seconds, negative ones too. */
    static Gen<Duration> durations() {
        return edgesOr(SourceDSL.longs().between(-1_000_000L, 3_000_000_000L).map(Duration::ofNanos), Duration.ZERO,
                Duration.ofMillis(10), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofNanos(-1),
                Duration.ofSeconds(Long.MAX_VALUE), Duration.ofSeconds(Long.MIN_VALUE), Duration.ofNanos(Long.MAX_VALUE));
    }

    /** Short timeouts (a blocked call must come back within them) and the non-blocking and negative ones. */
    static Gen<Duration> shortTimeouts() {
        return edgesOr(Generate.range(0, 20).map(ms -> Duration.ofMillis(ms)), Duration.ZERO, Duration.ofNanos(1),
                Duration.ofNanos(-1), Duration.ofSeconds(Long.MIN_VALUE));
    }
}
