package dev.admbridge.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.admbridge.AdmCode;
import dev.admbridge.AdmException;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingAnalyzerTest {
    @TempDir
    Path dir;

    /** 1 s of a note, 3 s of digital silence, 1 s of a note. */
    private static float[] silenceInTheMiddle() {
        return TestSignals.concat(TestSignals.note(1, 440, -12, 8), TestSignals.silence(3),
                TestSignals.note(1, 440, -12, 8));
    }

    private static void assertSilenceFromOneToFour(List<Detection> detections) {
        assertEquals(1, detections.size(), detections.toString());
        Detection d = detections.get(0);
        assertEquals(AdmCode.WARN_ADM_RECORD_AUDIO_SILENCE, d.code());
        assertEquals(1.0, d.since().toNanos() / 1e9, 0.001);
        assertEquals(3.0, d.time().toNanos() / 1e9, 0.011);
        assertEquals(3.0, d.duration().toNanos() / 1e9, 0.011);
        assertTrue(d.cleared());
        assertEquals(2000, d.value(), 10);
        assertTrue(d.message().startsWith("digital silence for 3.0 s"), d.message());
    }

    private Path wav(String name, AudioFormat format, float[] mono) throws Exception {
        int bytesPerSample = format.getSampleSizeInBits() / 8;
        ByteBuffer b = ByteBuffer.allocate(mono.length * bytesPerSample * format.getChannels())
                .order(format.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        for (float x : mono) {
            for (int c = 0; c < format.getChannels(); c++) {
                if (format.getEncoding().equals(AudioFormat.Encoding.PCM_FLOAT)) {
                    b.putFloat(x);
                } else if (bytesPerSample == 3) {
                    int v = Math.round(x * 8388607);
                    b.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
                } else if (bytesPerSample == 1) {
                    b.put((byte) (Math.round(x * 127) + 128));
                } else {
                    b.putShort((short) Math.round(x * 32767));
                }
            }
        }
        Path file = dir.resolve(name);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(b.array()), format, mono.length)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
        return file;
    }

    @Test
    void shouldTimeEachDetectionByItsPositionInTheFile() throws Exception {
        Path file = wav("stereo16.wav", new AudioFormat(48000, 16, 2, true, false), silenceInTheMiddle());
        Analysis analysis = RecordingAnalyzer.analyzeFile(file, DetectorSettings.defaults());
        assertEquals(48000f, analysis.sampleRate());
        assertEquals(2, analysis.channels());
        assertEquals(5 * 48000, analysis.frames());
        assertEquals(Duration.ofSeconds(5), analysis.length());
        assertSilenceFromOneToFour(analysis.detections());
    }

    @Test
    void shouldReadOtherWavFormats() throws Exception {
        float[] signal = silenceInTheMiddle();
        for (AudioFormat format : new AudioFormat[] {
            new AudioFormat(48000, 24, 1, true, false),
            new AudioFormat(AudioFormat.Encoding.PCM_FLOAT, 44100, 32, 2, 8, 44100, false),
            new AudioFormat(16000, 16, 1, true, false),
        }) {
            float[] resampled = TestSignals.resample(signal, 48000, format.getSampleRate());
            Path file = wav("f" + format.getSampleSizeInBits() + "_" + (int) format.getSampleRate() + ".wav", format, resampled);
            assertSilenceFromOneToFour(RecordingAnalyzer.analyze(file, DetectorSettings.defaults()));
        }
    }

    @Test
    void shouldAnalyseSamplesInMemoryWithTheSameResult() {
        float[] mono = silenceInTheMiddle();
        Analysis analysis = RecordingAnalyzer.analyze(mono, 48000, 1, DetectorSettings.defaults());
        assertSilenceFromOneToFour(analysis.detections());
    }

    @Test
    void shouldApplyTheSettingsGiven() {
        float[] mono = silenceInTheMiddle();
        DetectorSettings longer = DetectorSettings.defaults().withSilence(Duration.ofSeconds(4));
        List<Detection> detections = RecordingAnalyzer.analyze(mono, 48000, 1, longer).detections();
        // 3 s of silence is not silence under a 4 s threshold, but it is a low level for 3 s.
        assertEquals(1, detections.size(), detections.toString());
        assertEquals(AdmCode.WARN_ADM_RECORD_AUDIO_LOWLEVEL, detections.get(0).code());
    }

    @Test
    void shouldReportAConditionStillOnAtTheEndAsNotCleared() {
        float[] mono = TestSignals.silence(3);
        Detection d = RecordingAnalyzer.analyze(mono, 48000, 1, DetectorSettings.defaults()).detections().get(0);
        assertFalse(d.cleared());
        assertEquals(Duration.ofSeconds(3), d.duration());
    }

    @Test
    void shouldRejectMissingUnreadableAndNonWavFiles() throws Exception {
        AdmException missing = assertThrows(AdmException.class,
                () -> RecordingAnalyzer.analyze(dir.resolve("nope.wav"), DetectorSettings.defaults()));
        assertEquals(AdmCode.ERR_INVALID_ARGUMENT, missing.code());
        assertTrue(missing.getMessage().contains("no such file"), missing.getMessage());

        Path text = Files.writeString(dir.resolve("text.wav"), "this is not audio at all, only some words");
        AdmException notWav = assertThrows(AdmException.class,
                () -> RecordingAnalyzer.analyze(text, DetectorSettings.defaults()));
        assertTrue(notWav.getMessage().contains("is not a WAV file"), notWav.getMessage());

        AdmException directory = assertThrows(AdmException.class,
                () -> RecordingAnalyzer.analyze(dir, DetectorSettings.defaults()));
        assertTrue(directory.getMessage().contains("cannot read"), directory.getMessage());

        Path aiff = dir.resolve("tone.aiff");
        float[] tone = TestSignals.note(0.5, 440, -12, 8);
        byte[] bytes = new byte[tone.length * 2];
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(bytes),
                new AudioFormat(48000, 16, 1, true, true), tone.length)) {
            AudioSystem.write(in, AudioFileFormat.Type.AIFF, aiff.toFile());
        }
        AdmException notWave = assertThrows(AdmException.class,
                () -> RecordingAnalyzer.analyze(aiff, DetectorSettings.defaults()));
        assertTrue(notWave.getMessage().contains("is not a WAV file but AIFF"), notWave.getMessage());
    }

    @Test
    void shouldRejectBadArguments() {
        DetectorSettings s = DetectorSettings.defaults();
        assertThrows(NullPointerException.class, () -> RecordingAnalyzer.analyze((Path) null, s));
        assertThrows(NullPointerException.class, () -> RecordingAnalyzer.analyze(dir, null));
        assertThrows(NullPointerException.class, () -> RecordingAnalyzer.analyzeFile(null, s));
        assertThrows(NullPointerException.class, () -> RecordingAnalyzer.analyze((float[]) null, 48000, 1, s));
        assertThrows(NullPointerException.class, () -> RecordingAnalyzer.analyze(new float[2], 48000, 1, null));
        for (float rate : new float[] {0, 7999, Float.NaN, 2e6f}) {
            AdmException e = assertThrows(AdmException.class, () -> RecordingAnalyzer.analyze(new float[2], rate, 1, s));
            assertEquals(AdmCode.ERR_INVALID_ARGUMENT, e.code());
        }
        for (int channels : new int[] {0, -1, 65}) {
            assertThrows(AdmException.class, () -> RecordingAnalyzer.analyze(new float[2], 48000, channels, s));
        }
        assertThrows(AdmException.class, () -> RecordingAnalyzer.analyze(new float[3], 48000, 2, s));
        assertTrue(RecordingAnalyzer.analyze(new float[0], 48000, 2, s).detections().isEmpty());
    }
}
