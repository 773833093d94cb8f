package dev.admbridge.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.admbridge.AudioDeviceModule;
import dev.admbridge.junit.VirtualSoundCard;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@VirtualSoundCard(rate = 48000, period = 256)
class LoopbackMeasurementSoundcardTest {

    /**
     * On the virtual card (JACK, 256-frame periods) the loop is digital: the sweep comes back bit-exact one
     * JACK period later, whatever the frames per buffer, which is what jack_iodelay measures (docs/benchmarks.md).
     */
    @Test
    void shouldMeasureOneJackPeriodBitExactOnTheVirtualCard(AudioDeviceModule adm) throws Exception {
        for (int frames : new int[] {128, 256}) {
            List<String> progress = new ArrayList<>();
            LoopbackReport report = LoopbackMeasurement.run(adm,
                    new LoopbackOptions("system", LoopbackOptions.Path.LOOPBACK, 48000, frames, 3, -6), progress::add);
            // The non-realtime jackd can glitch when the machine is busy: that is reported, and is then
            // the only problem allowed; the figures must hold either way.
            assertTrue(report.ok() || report.problems().equals(
                    List.of(report.dropouts() + " dropout(s) during the measurement")), report.toString());
            assertEquals(List.of(256, 256, 256), report.latencyFrames());
            assertEquals(256 / 48.0, report.medianLatencyMs(), 1e-9);
            assertEquals(0.0, report.stdevLatencyMs(), 1e-9);
            assertTrue(report.bitExact());
            assertEquals(0.0, report.gainDb(), 1e-3);
            assertEquals(-6.0, report.peakDbfs(), 0.01);
            assertEquals("sweep 3 of 3", progress.get(progress.size() - 1));
        }
    }
}
