package dev.admbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.admbridge.AudioDeviceModule;
import dev.admbridge.audio.Levels;
import dev.admbridge.audio.WavFiles;
import dev.admbridge.junit.SoundCard;
import dev.admbridge.junit.SoundCardTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioCommandsTest {

    private static DevicesCommandTest.Run run(String... args) {
        return DevicesCommandTest.run(args);
    }

    /** A tone played by one module comes back through another module's loopback recording, into a WAV file. */
    @Test
    @SoundCardTest(outputs = 2, loopback = true)
    void shouldRecordAPlayedToneThroughTheLoopbackAndPlayItBack(@TempDir Path dir, SoundCard card,
            AudioDeviceModule adm) throws Exception {
        String device = card.playoutDevice(adm).name();
        Path wav = dir.resolve("tone.wav");
        CompletableFuture<DevicesCommandTest.Run> recording = CompletableFuture.supplyAsync(
                () -> run("record", wav.toString(), "--seconds", "1.5", "--loopback", "--device", device));
        Thread.sleep(300);
        DevicesCommandTest.Run tone = run("tone", "--seconds", "2", "--level", "-12", "--device", device);
        assertEquals(0, tone.exit(), tone.err());
        DevicesCommandTest.Run recorded = recording.get();
        assertEquals(0, recorded.exit(), recorded.err());
        WavFiles.Pcm16 pcm = WavFiles.read(wav);
        assertEquals(72000, pcm.frames());
        assertEquals(2, pcm.channels());
        float[] tail = new float[48000];
        for (int i = 0; i < tail.length; i++) {
            tail[i] = pcm.samples()[pcm.samples().length - tail.length + i] / 32768f;
        }
        double[] levels = Levels.of(tail, tail.length);
        assertEquals(-12, levels[0], 0.5, "the tone's peak came back");
        assertEquals(-15, levels[1], 0.5, "a sine's rms is 3 dB under its peak");
        DevicesCommandTest.Run play = run("play", wav.toString(), "--device", device);
        assertEquals(0, play.exit(), play.err());
        assertTrue(play.err().contains("72000 frames"), play.err());
    }

    @Test
    @SoundCardTest(inputs = 1, outputs = 1)
    void shouldShowLevelsUntilItsTimeIsUp(SoundCard card, AudioDeviceModule adm) {
        DevicesCommandTest.Run monitor = run("monitor", "--seconds", "0.6", "--interval", "100", "--device",
                card.playoutDevice(adm).name());
        assertEquals(0, monitor.exit(), monitor.err());
        assertTrue(monitor.out().lines().filter(l -> l.startsWith("level   peak")).count() >= 4, monitor.out());
    }

    @Test
    void shouldRefuseBadArguments(@TempDir Path dir) throws Exception {
        assertEquals(2, run("record", dir.resolve("x.wav").toString()).exit(), "--seconds is required");
        DevicesCommandTest.Run missing = run("play", dir.resolve("missing.wav").toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("no such file"), missing.err());
        Path text = Files.writeString(dir.resolve("text.wav"), "not audio");
        DevicesCommandTest.Run notWav = run("play", text.toString());
        assertEquals(1, notWav.exit());
        assertTrue(notWav.err().contains("is not a WAV file"), notWav.err());
        DevicesCommandTest.Run high = run("tone", "--frequency", "30000");
        assertEquals(1, high.exit());
        assertTrue(high.err().contains("frequency must be above 0 and below half the sample rate"), high.err());
        assertEquals(1, run("tone", "--level", "3").exit());
        assertEquals(1, run("tone", "--seconds", "0").exit());
        assertEquals(1, run("record", dir.resolve("y.wav").toString(), "--seconds", "-1").exit());
        DevicesCommandTest.Run interval = run("monitor", "--interval", "1");
        assertEquals(1, interval.exit());
        assertTrue(interval.err().contains("interval must be at least 10 ms"), interval.err());
        assertEquals(2, run("tone", "--frequency", "loud").exit());
    }
}
