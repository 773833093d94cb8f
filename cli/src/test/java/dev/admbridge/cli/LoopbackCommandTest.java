package dev.admbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.admbridge.loopback.LoopbackOptions;
import dev.admbridge.loopback.LoopbackReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What `adm loopback` prints of the host's latency beside the measured round trip. */
class LoopbackCommandTest {
    private static final LoopbackOptions OPTIONS = new LoopbackOptions(null, LoopbackOptions.Path.LOOPBACK, 48000, 256, 5, -6);

    private static LoopbackReport report(double reportedMs) {
        return new LoopbackReport(OPTIONS, "sink", "sink", List.of(1024, 1024, 1024, 1024, 1024), 21.333, 21.333,
                21.333, 0, reportedMs, 0, 200, true, 0, -6, -9, List.of(), List.of());
    }

    @Test
    void shouldPrintTheHostsFigureAndFlagADisagreement() throws Exception {
        String agrees = LoopbackCommand.summary(report(21.333));
        assertTrue(agrees.contains("host-reported latency: 21.333 ms (playout out + capture in): agrees within one buffer"),
                agrees);
        String disagrees = LoopbackCommand.summary(report(42.667));
        assertTrue(disagrees.contains("DISAGREES with the measured round trip by +21.334 ms, more than one buffer"
                + " (256 frames)"), disagrees);
        JsonNode json = new ObjectMapper().readTree(LoopbackCommand.toJson(report(42.667)));
        assertEquals(42.667, json.get("reportedLatencyMs").asDouble(), 1e-9);
        assertFalse(json.get("latencyAgrees").asBoolean());
    }

    @Test
    void shouldWriteNullForAHostFigureThatIsNoNumber() throws Exception {
        JsonNode json = new ObjectMapper().readTree(LoopbackCommand.toJson(report(Double.NaN)));
        assertTrue(json.get("reportedLatencyMs").isNull());
        assertFalse(json.get("latencyAgrees").asBoolean());
    }
}
