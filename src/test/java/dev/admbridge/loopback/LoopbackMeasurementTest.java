package dev.admbridge.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.admbridge.AdmCode;
import dev.admbridge.AdmException;
import dev.admbridge.AudioDeviceModule;
import org.junit.jupiter.api.Test;

class LoopbackMeasurementTest {

    @Test
    void shouldRefuseBadOptions() {
        assertEquals(AdmCode.ERR_INVALID_ARGUMENT, assertThrows(AdmException.class,
                () -> new LoopbackOptions(null, LoopbackOptions.Path.LOOPBACK, 48000, 32, 5, -6)).code());
        assertEquals(AdmCode.ERR_INVALID_ARGUMENT, assertThrows(AdmException.class,
                () -> new LoopbackOptions(null, LoopbackOptions.Path.LOOPBACK, 48000, 256, 0, -6)).code());
        assertEquals(AdmCode.ERR_INVALID_ARGUMENT, assertThrows(AdmException.class,
                () -> new LoopbackOptions(null, LoopbackOptions.Path.LOOPBACK, 48000, 256, 5, 3)).code());
        assertEquals(AdmCode.ERR_INVALID_ARGUMENT, assertThrows(AdmException.class,
                () -> new LoopbackOptions(null, LoopbackOptions.Path.LOOPBACK, 1000, 256, 5, -6)).code());
        assertEquals(AdmCode.ERR_INVALID_ARGUMENT, assertThrows(AdmException.class,
                () -> new LoopbackOptions(" ", LoopbackOptions.Path.LOOPBACK, 48000, 256, 5, -6)).code());
        assertThrows(NullPointerException.class, () -> new LoopbackOptions(null, null, 48000, 256, 5, -6));
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            assertThrows(NullPointerException.class, () -> LoopbackMeasurement.run(adm, null, s -> { }));
            assertThrows(NullPointerException.class, () -> LoopbackMeasurement.run(null, LoopbackOptions.defaults(), s -> { }));
            assertThrows(NullPointerException.class, () -> LoopbackMeasurement.run(adm, LoopbackOptions.defaults(), null));
        }
    }

    @Test
    void shouldFindASweepWhereItIsAndFitItsGain() {
        float[] sweep = SweepSignal.sweep(48000, 2400, 0.5);
        float[] signal = new float[10000];
        for (int i = 0; i < sweep.length; i++) {
            signal[3000 + i] = sweep[i] * 0.25f;
        }
        assertEquals(3000, SweepSignal.bestLag(signal, signal.length, sweep, 0, 6000));
        double[] fit = SweepSignal.fit(signal, 3000, sweep);
        assertEquals(0.25, fit[0], 1e-6);
        assertEquals(-1, SweepSignal.bestLag(new float[100], 100, sweep, 0, 50), "nothing fits");
    }

    @Test
    void shouldRefuseBadSweepArguments() {
        assertThrows(IllegalArgumentException.class, () -> SweepSignal.sweep(0, 100, 0.5));
        assertThrows(IllegalArgumentException.class, () -> SweepSignal.sweep(48000, 2, 0.5));
        assertThrows(IllegalArgumentException.class, () -> SweepSignal.sweep(48000, 100, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> SweepSignal.sweep(48000, 100, 2));
        float[] sweep = SweepSignal.sweep(48000, 100, 0.5);
        assertThrows(IndexOutOfBoundsException.class, () -> SweepSignal.bestLag(new float[10], 11, sweep, 0, 5));
        assertThrows(NullPointerException.class, () -> SweepSignal.bestLag(null, 0, sweep, 0, 5));
        assertThrows(NullPointerException.class, () -> SweepSignal.bestLag(new float[10], 10, null, 0, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> SweepSignal.fit(new float[150], 60, sweep));
        assertThrows(IndexOutOfBoundsException.class, () -> SweepSignal.fit(new float[150], -1, sweep));
    }
}
