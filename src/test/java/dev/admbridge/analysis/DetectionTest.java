package dev.admbridge.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.admbridge.AdmCode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionTest {
    private static final Duration ONE = Duration.ofSeconds(1);

    @Test
    void shouldRejectNullPartsAndBadTimes() {
        AdmCode c = AdmCode.WARN_ADM_HOWLING;
        assertThrows(NullPointerException.class, () -> new Detection(null, ONE, ONE, ONE, true, 0, ""));
        assertThrows(NullPointerException.class, () -> new Detection(c, null, ONE, ONE, true, 0, ""));
        assertThrows(NullPointerException.class, () -> new Detection(c, ONE, null, ONE, true, 0, ""));
        assertThrows(NullPointerException.class, () -> new Detection(c, ONE, ONE, null, true, 0, ""));
        assertThrows(NullPointerException.class, () -> new Detection(c, ONE, ONE, ONE, true, 0, null));
        assertThrows(IllegalArgumentException.class, () -> new Detection(c, ONE, ONE.plusMillis(1), ONE, true, 0, ""));
        assertThrows(IllegalArgumentException.class, () -> new Detection(c, ONE, ONE, ONE.negated(), true, 0, ""));
        assertThrows(IllegalArgumentException.class, () -> new Detection(c, ONE.negated(), ONE.negated(), ONE, true, 0, ""));
    }

    @Test
    void shouldPairAStartWithItsClearAndKeepAnOpenOneToTheEnd() {
        List<int[]> kinds = List.of(new int[] {1, 1051, 1}, new int[] {1, 1019, 1}, new int[] {1, 1051, 2});
        List<long[]> raw = List.of(new long[] {960, 100, 400}, new long[] {2000, 500, 2500}, new long[] {960, 100, 900});
        List<Detection> out = RecordingAnalyzer.pair(kinds, raw, 3_000);
        assertEquals(2, out.size());
        assertEquals(AdmCode.WARN_ADM_HOWLING, out.get(0).code());
        assertEquals(Duration.ofNanos(800), out.get(0).duration());
        assertEquals(true, out.get(0).cleared());
        assertEquals(Duration.ofNanos(2_500), out.get(1).duration());
        assertEquals(false, out.get(1).cleared());
        assertEquals("howling at 960 Hz for 0.0 s", out.get(0).message());
    }

    @Test
    void shouldDescribeEveryDetectorCode() {
        assertEquals("dropout: 12.5 ms of audio missing",
                RecordingAnalyzer.describe(AdmCode.WARN_ADM_RUNTIME_RECORDING_WARNING, 12_500_000, Duration.ZERO));
        assertEquals("callbacks at 24000 frames/s for 2.0 s",
                RecordingAnalyzer.describe(AdmCode.WARN_ADM_RECORD_MALFUNCTION, 24000, Duration.ofSeconds(2)));
        assertEquals("no frames for 1.0 s",
                RecordingAnalyzer.describe(AdmCode.ERR_ADM_RECORD_AUDIO_FAILED, 1_000_000_000, Duration.ZERO));
        assertEquals("recording level -62 dBFS for 3.5 s",
                RecordingAnalyzer.describe(AdmCode.WARN_ADM_RECORD_AUDIO_LOWLEVEL, -62, Duration.ofMillis(3500)));
    }

    @Test
    void shouldRejectABadAnalysis() {
        assertThrows(NullPointerException.class, () -> new Analysis(48000, 1, 0, null));
        assertThrows(IllegalArgumentException.class, () -> new Analysis(0, 1, 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Analysis(48000, 0, 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Analysis(48000, 1, -1, List.of()));
    }
}
