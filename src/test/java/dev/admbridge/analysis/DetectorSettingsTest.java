package dev.admbridge.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.admbridge.AdmCode;
import dev.admbridge.AdmException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DetectorSettingsTest {

    @Test
    void shouldHaveTheNativeDefaults() {
        assertEquals(RecordingAnalyzer.nativeDefaults(), DetectorSettings.defaults());
        assertNull(RecordingAnalyzer.nativeProblem(DetectorSettings.defaults().toArray()));
    }

    @Test
    void shouldRoundTripThroughTheNativeOrder() {
        double[] values = DetectorSettings.defaults().toArray();
        assertEquals(DetectorSettings.COUNT, values.length);
        assertArrayEquals(values, DetectorSettings.fromArray(values).toArray());
    }

    @Test
    void shouldRejectEveryValueOutOfRangeAsTheNativeSideDoes() {
        double[] defaults = DetectorSettings.defaults().toArray();
        for (int i = 0; i < defaults.length; i++) {
            for (double bad : new double[] {Double.NaN, -1e9, 1e9}) {
                double[] values = defaults.clone();
                values[i] = bad;
                String nativeProblem = RecordingAnalyzer.nativeProblem(values);
                AdmException e = assertThrows(AdmException.class, () -> DetectorSettings.fromArray(values),
                        "setting " + i + " = " + bad + " (native: " + nativeProblem + ")");
                assertEquals(AdmCode.ERR_INVALID_ARGUMENT, e.code());
                assertNotNull(nativeProblem, "setting " + i + " = " + bad);
            }
        }
    }

    @Test
    void shouldRejectNullDurationsAndCrossedBands() {
        assertThrows(AdmException.class, () -> DetectorSettings.defaults().withSilence(null));
        assertThrows(AdmException.class, () -> DetectorSettings.defaults().withLowLevel(-50, null));
        assertThrows(AdmException.class, () -> DetectorSettings.defaults().withHowlingPersistence(null));
        assertThrows(AdmException.class, () -> DetectorSettings.defaults().withSilence(Duration.ZERO));
        assertThrows(AdmException.class, () -> DetectorSettings.defaults().withSilence(Duration.ofSeconds(-1)));
        assertThrows(AdmException.class, () -> DetectorSettings.defaults().withLowLevel(1, Duration.ofSeconds(1)));
        assertThrows(AdmException.class, () -> DetectorSettings.defaults().withHowlingRatios(-1, 10, 10));
        assertThrows(AdmException.class, () -> DetectorSettings.defaults().withHowlingRatios(10, Double.NaN, 10));
        assertThrows(AdmException.class, () -> DetectorSettings.defaults().withHowlingRatios(10, 10, 101));
        assertThrows(AdmException.class,
                () -> DetectorSettings.defaults().withHowlingPersistence(Duration.ofMillis(10)));
        assertThrows(AdmException.class, () -> DetectorSettings.defaults().withHowlingMinGrowthDb(-1));
        assertThrows(AdmException.class, () -> DetectorSettings.defaults().withHowlingMinGrowthDb(Double.NaN));
        double[] crossed = DetectorSettings.defaults().toArray();
        crossed[10] = crossed[9];  // maxHz == minHz
        assertThrows(AdmException.class, () -> DetectorSettings.fromArray(crossed));
        assertNotNull(RecordingAnalyzer.nativeProblem(crossed));
    }

    @Test
    void shouldChangeOnlyWhatAWitherNames() {
        DetectorSettings s = DetectorSettings.defaults().withSilence(Duration.ofSeconds(5))
                .withLowLevel(-40, Duration.ofSeconds(1)).withHowlingRatios(8, 9, 7)
                .withHowlingPersistence(Duration.ofMillis(500)).withHowlingMinGrowthDb(0);
        assertEquals(Duration.ofSeconds(5), s.silence());
        assertEquals(-40, s.lowLevelDbfs());
        assertEquals(Duration.ofSeconds(1), s.lowLevel());
        assertEquals(9, s.howlingPnprDb());
        assertEquals(Duration.ofMillis(500), s.howlingPersistence());
        assertEquals(0, s.howlingMinGrowthDb());
        assertEquals(DetectorSettings.defaults().howlingMaxHz(), s.howlingMaxHz());
        assertEquals(DetectorSettings.defaults().rateTolerance(), s.rateTolerance());
        assertNull(RecordingAnalyzer.nativeProblem(s.toArray()));
    }
}
