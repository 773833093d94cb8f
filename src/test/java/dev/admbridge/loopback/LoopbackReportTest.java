package dev.admbridge.loopback;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The host's latency against the measured round trip: one buffer of the measurement is the tolerance. */
class LoopbackReportTest {
    /** 256 frames at 48 kHz: one buffer is 5.333 ms. */
    private static final LoopbackOptions OPTIONS = new LoopbackOptions(null, LoopbackOptions.Path.LOOPBACK, 48000, 256, 5, -6);

    static LoopbackReport report(double medianMs, double reportedMs) {
        List<Integer> latencies = Double.isNaN(medianMs) ? List.of() : List.of((int) Math.round(medianMs * 48));
        return new LoopbackReport(OPTIONS, "system", "system", latencies, medianMs, medianMs, medianMs, 0, reportedMs,
                0, 200, true, 0, -6, -9, List.of(), List.of());
    }

    @Test
    void shouldAgreeWithinOneBufferOnEitherSide() {
        double period = 256 * 1000 / 48000.0;
        assertTrue(report(period, 2 * period).latencyAgrees());  // JACK: exactly one period apart
        assertTrue(report(21.333, 16.0).latencyAgrees());
        assertTrue(report(21.333, 21.333).latencyAgrees());
    }

    @Test
    void shouldDisagreeBeyondOneBuffer() {
        assertFalse(report(21.333, 42.667).latencyAgrees());  // PipeWire's JACK API: a quantum apart
        assertFalse(report(16.0, 5.0).latencyAgrees());
    }

    @Test
    void shouldNotAgreeWithoutAFigureOnEitherSide() {
        assertFalse(report(Double.NaN, 10.0).latencyAgrees());  // no sweep came back
        assertFalse(report(10.0, Double.NaN).latencyAgrees());
        assertFalse(report(10.0, Double.POSITIVE_INFINITY).latencyAgrees());
    }
}
