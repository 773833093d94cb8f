package dev.admbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.admbridge.audio.Tone;
import dev.admbridge.audio.WavFiles;
import dev.admbridge.internal.Durations;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Public types refuse rates that are not positive finite numbers; durations convert without overflow. */
class EdgeValuesTest {

    @Test
    void shouldRefuseWavRatesThatAreNotPositiveFiniteNumbers(@TempDir Path dir) {
        for (float rate : new float[] {0, -1, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            AdmException e = assertThrows(AdmException.class,
                    () -> WavFiles.write(dir.resolve("x.wav"), new short[4], 2, 2, rate), "rate " + rate);
            assertEquals(AdmCode.ERR_INVALID_ARGUMENT, e.code());
            assertThrows(AdmException.class, () -> new WavFiles.Pcm16(new short[4], 2, rate));
        }
        assertThrows(AdmException.class, () -> WavFiles.write(dir.resolve("x.wav"), new short[4], 3, 2, 48000));
        assertThrows(AdmException.class, () -> WavFiles.write(dir.resolve("x.wav"), new short[4], -1, 2, 48000));
        assertThrows(AdmException.class, () -> WavFiles.write(dir.resolve("x.wav"), new short[4], Integer.MAX_VALUE, 2,
                48000));
        assertThrows(AdmException.class, () -> WavFiles.write(dir.resolve("x.wav"), new short[4], 2, 0, 48000));
        assertThrows(AdmException.class, () -> WavFiles.write(null, new short[4], 2, 2, 48000));
        WavFiles.write(dir.resolve("ok.wav"), new short[4], 2, 2, 48000);
        assertEquals(2, WavFiles.read(dir.resolve("ok.wav")).frames());
    }

    @Test
    void shouldRefuseToneAndConfigRatesThatAreNotNumbers() {
        for (double rate : new double[] {0, -48000, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertEquals(AdmCode.ERR_INVALID_ARGUMENT,
                    assertThrows(AdmException.class, () -> new Tone(1000, -6, rate, 2)).code(), "rate " + rate);
        }
        for (double rate : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertEquals(AdmCode.ERR_INVALID_ARGUMENT, assertThrows(AdmException.class,
                    () -> StreamConfig.builder().sampleRate(rate).build()).code());
            assertThrows(IllegalArgumentException.class, () -> new AudioDevice(0, "d", "h", 1, 1, rate, Duration.ZERO,
                    Duration.ZERO, Duration.ZERO, Duration.ZERO, false, false));
        }
    }

    @Test
    void shouldConvertAnyDurationWithoutOverflow() {
        Duration forever = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
        Duration never = Duration.ofSeconds(Long.MIN_VALUE);
        assertEquals(Long.MAX_VALUE / 4, Durations.saturatedNanos(forever, Long.MAX_VALUE / 4));
        assertEquals(5, Durations.saturatedNanos(Duration.ofNanos(5), Long.MAX_VALUE));
        assertEquals(Long.MIN_VALUE, Durations.saturatedNanos(never, Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, Durations.saturatedMillis(forever));
        assertEquals(Long.MIN_VALUE, Durations.saturatedMillis(never));
        assertEquals(1500, Durations.saturatedMillis(Duration.ofMillis(1500)));
        assertEquals(9.223372036854776E18, Durations.seconds(forever), 1e3);
        assertEquals(0.25, Durations.seconds(Duration.ofMillis(250)), 1e-12);
    }
}
