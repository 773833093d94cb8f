package dev.admbridge.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

class SignalAssertionsTest {
    private static final double RATE = 48000;

    /** {@code seconds} of silence, then a tone on channel {@code toneChannel} of a stereo recording, then silence. */
    static Recording tone(double frequency, double levelDbfs, int toneChannel, double noiseRms, long seed) {
        int lead = 2400;
        int frames = 24000;
        float[] samples = new float[2 * (lead + frames + lead)];
        Random random = new Random(seed);
        double amplitude = Math.pow(10, levelDbfs / 20);
        for (int n = 0; n < frames; n++) {
            double x = amplitude * Math.sin(2 * Math.PI * frequency * n / RATE) + noiseRms * random.nextGaussian();
            samples[2 * (lead + n) + toneChannel] = (float) x;
        }
        return new Recording("tone", samples, 2, RATE);
    }

    @Test
    void shouldMeasureATonesLevelInItsChannel() {
        assertEquals(-6.0, SignalAssertions.assertTone(tone(1000, -6, 1, 0, 1), 1000, -6, 0.1), 0.05);
        assertEquals(-20.0, SignalAssertions.assertTone(tone(440, -20, 0, 0, 1), 440, -20, 0.1), 0.05);
        // A few hertz off still reads its level (the flat top of the window).
        assertEquals(-6.0, SignalAssertions.assertTone(tone(1005, -6, 0, 0, 1), 1000, -6, 0.1), 0.05);
        // Some noise is fine while the tone carries most of the power.
        SignalAssertions.assertTone(tone(1000, -6, 0, 0.05, 2), 1000, -6, 0.5);
    }

    @Test
    void shouldFailForAToneTooQuietElsewhereOrBuried() {
        AssertionFailedError quiet = assertThrows(AssertionFailedError.class,
                () -> SignalAssertions.assertTone(tone(1000, -30, 0, 0, 1), 1000, -6, 1));
        assertTrue(quiet.getMessage().contains("expected a tone at -6.00 +- 1.00 dBFS; heard 1000.0 Hz at -30.00 dBFS"),
                quiet.getMessage());
        assertThrows(AssertionFailedError.class,
                () -> SignalAssertions.assertTone(tone(2000, -6, 0, 0, 1), 1000, -6, 1), "another frequency");
        AssertionFailedError buried = assertThrows(AssertionFailedError.class,
                () -> SignalAssertions.assertTone(tone(1000, -6, 0, 0.7, 3), 1000, -6, 3));
        assertTrue(buried.getMessage().contains("buried"), buried.getMessage());
        assertThrows(AssertionFailedError.class,
                () -> SignalAssertions.assertTone(new Recording("silence", new float[96000], 2, RATE), 1000, -6, 1));
    }

    @Test
    void shouldRefuseBadArguments() {
        Recording r = tone(1000, -6, 0, 0, 1);
        assertThrows(NullPointerException.class, () -> SignalAssertions.assertTone(null, 1000, -6, 1));
        assertThrows(IllegalArgumentException.class, () -> SignalAssertions.assertTone(r, 0, -6, 1));
        assertThrows(IllegalArgumentException.class, () -> SignalAssertions.assertTone(r, 24000, -6, 1));
        assertThrows(IllegalArgumentException.class, () -> SignalAssertions.assertTone(r, Double.NaN, -6, 1));
        assertThrows(IllegalArgumentException.class, () -> SignalAssertions.assertTone(r, 1000, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> SignalAssertions.assertTone(r, 1000, -6, 0));
        assertThrows(IllegalArgumentException.class,
                () -> SignalAssertions.assertTone(r, 1000, -6, Double.POSITIVE_INFINITY));
        assertThrows(NullPointerException.class, () -> SignalAssertions.assertRoundTrip(null, null, null, null));
        assertThrows(NullPointerException.class, () -> SignalAssertions.assertNoXruns(null, null, null));
    }

    @Test
    void shouldKeepRecordingsWholeAndWriteThemAsWav(@TempDir Path dir) throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new Recording("x", new float[3], 2, RATE));
        assertThrows(IllegalArgumentException.class, () -> new Recording("a/b", new float[2], 2, RATE));
        assertThrows(IllegalArgumentException.class, () -> new Recording(" ", new float[2], 2, RATE));
        assertThrows(IllegalArgumentException.class, () -> new Recording("x", new float[2], 0, RATE));
        assertThrows(IllegalArgumentException.class, () -> new Recording("x", new float[2], 2, 0));
        assertThrows(IllegalArgumentException.class, () -> new Recording("x", new float[2], 2, Double.NaN));
        assertThrows(NullPointerException.class, () -> new Recording("x", null, 2, RATE));
        Recording r = tone(1000, -6, 1, 0, 1);
        assertEquals(28800, r.frames());
        assertEquals(600, r.duration().toMillis());
        assertEquals(0f, r.channel(0)[3000]);
        assertThrows(IndexOutOfBoundsException.class, () -> r.channel(2));
        Path wav = dir.resolve("tone.wav");
        r.writeWav(wav);
        AudioFileFormat format = AudioSystem.getAudioFileFormat(wav.toFile());
        assertEquals(AudioFileFormat.Type.WAVE, format.getType());
        assertEquals(28800, format.getFrameLength());
        assertEquals(2, format.getFormat().getChannels());
    }
}
