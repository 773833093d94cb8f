package dev.admbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeCommandTest {
    @TempDir
    Path dir;

    /** 1 s of a 440 Hz note with harmonics, then 3 s of digital silence, mono 16-bit 48 kHz. */
    private Path recording() throws Exception {
        int frames = 4 * 48000;
        ByteBuffer b = ByteBuffer.allocate(frames * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int n = 0; n < frames; n++) {
            double x = 0;
            for (int k = 1; n < 48000 && k <= 6; k++) {
                x += 0.1 / k * Math.sin(2 * Math.PI * 440 * k * n / 48000.0);
            }
            b.putShort((short) Math.round(x * 32767));
        }
        Path file = dir.resolve("call.wav");
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(b.array()),
                new AudioFormat(48000, 16, 1, true, false), frames)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
        return file;
    }

    @Test
    void shouldPrintATableWithTimesInTheFile() throws Exception {
        Path file = recording();
        DevicesCommandTest.Run run = DevicesCommandTest.run("analyze", file.toString());
        assertEquals(0, run.exit(), run.err());
        String[] lines = run.out().split("\n");
        assertEquals(file + ": 48000 Hz, 1 channel, 0:04.000", lines[0]);
        assertTrue(lines[1].startsWith("Time       Since      Lasted"), lines[1]);
        assertTrue(lines[2].matches("0:03\\.000\\s+0:01\\.000\\s+3\\.0 s\\+\\s+WARN_ADM_RECORD_AUDIO_SILENCE\\s+1019\\s+"
                + "digital silence for 3\\.0 s"), lines[2]);
    }

    @Test
    void shouldPrintJson() throws Exception {
        DevicesCommandTest.Run run = DevicesCommandTest.run("analyze", "--json", recording().toString());
        assertEquals(0, run.exit(), run.err());
        JsonNode root = new ObjectMapper().readTree(run.out());
        assertEquals(48000, root.get("sampleRate").asInt());
        assertEquals(4.0, root.get("lengthSeconds").asDouble(), 1e-9);
        JsonNode d = root.get("detections").get(0);
        assertEquals("WARN_ADM_RECORD_AUDIO_SILENCE", d.get("code").asText());
        assertEquals(1019, d.get("codeValue").asInt());
        assertEquals("WARNING", d.get("kind").asText());
        assertEquals(3.0, d.get("timeSeconds").asDouble(), 0.011);
        assertEquals(1.0, d.get("sinceSeconds").asDouble(), 0.001);
        assertEquals(false, d.get("cleared").asBoolean());
    }

    @Test
    void shouldSayNoDetectionsForACleanRecording() throws Exception {
        Path file = dir.resolve("short.wav");
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(new byte[9600]),
                new AudioFormat(48000, 16, 1, true, false), 4800)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
        DevicesCommandTest.Run run = DevicesCommandTest.run("analyze", file.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().endsWith("no detections\n"), run.out());
    }

    @Test
    void shouldFailClearlyOnAMissingOrNonWavFile() throws Exception {
        DevicesCommandTest.Run missing = DevicesCommandTest.run("analyze", dir.resolve("gone.wav").toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("ERR_INVALID_ARGUMENT") && missing.err().contains("no such file"), missing.err());
        Path text = Files.writeString(dir.resolve("notes.wav"), "just text, no RIFF header at all here");
        DevicesCommandTest.Run notWav = DevicesCommandTest.run("analyze", text.toString());
        assertEquals(1, notWav.exit());
        assertTrue(notWav.err().contains("is not a WAV file"), notWav.err());
        DevicesCommandTest.Run directory = DevicesCommandTest.run("analyze", dir.toString());
        assertEquals(1, directory.exit());
        assertTrue(directory.err().contains("cannot read"), directory.err());
    }

    @Test
    void shouldRejectMissingArgumentsAsUsageErrors() {
        DevicesCommandTest.Run none = DevicesCommandTest.run("analyze");
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("Missing required parameter"), none.err());
        DevicesCommandTest.Run option = DevicesCommandTest.run("analyze", "--jsn", "x.wav");
        assertEquals(2, option.exit());
    }
}
