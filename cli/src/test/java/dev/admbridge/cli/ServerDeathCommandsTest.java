package dev.admbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.admbridge.junit.VirtualCard;
import dev.admbridge.junit.VirtualSoundCard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every audio command, running on a virtual card, when the card's server is killed: it exits within a second
 * with status 1 and the runtime code on stderr, without a stack trace. The tool runs as a user runs it, in a
 * process of its own (the card's environment names its server).
 */
class ServerDeathCommandsTest {

    @TempDir
    Path dir;

    private List<String> command(String name) {
        String device = "system";
        return switch (name) {
            case "tone" -> List.of("tone", "--seconds", "30", "--device", device);
            case "play" -> List.of("play", dir.resolve("long.wav").toString(), "--device", device);
            case "record" -> List.of("record", dir.resolve("out.wav").toString(), "--seconds", "30", "--device", device);
            case "monitor" -> List.of("monitor", "--seconds", "30", "--device", device);
            case "loopback" -> List.of("loopback", "--repeats", "100", "--device", device);
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest(name = "adm {0}")
    @ValueSource(strings = {"tone", "play", "record", "monitor", "loopback"})
    @VirtualSoundCard
    void shouldExitWithTheCodeSoonAfterTheServerDies(String name, VirtualCard card) throws Exception {
        if (name.equals("play")) {
            // 30 s of silence to play.
            dev.admbridge.audio.WavFiles.write(dir.resolve("long.wav"), new short[2 * 48000 * 30], 48000 * 30, 2, 48000f);
        }
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AdmCli.class.getName()));
        java.addAll(command(name));
        ProcessBuilder builder = new ProcessBuilder(java);
        builder.environment().putAll(card.environment());
        Path err = dir.resolve("stderr.txt");
        builder.redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process adm = builder.start();
        try {
            awaitRunning(card, err, adm);
            card.kill();
            long killed = System.nanoTime();
            assertTrue(adm.waitFor(10, TimeUnit.SECONDS), "adm " + name + " still runs 10 s after the server died");
            long exitMs = (System.nanoTime() - killed) / 1_000_000;
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            System.out.printf("adm %s: exit %d, %d ms after kill -9%n", name, adm.exitValue(), exitMs);
            assertEquals(1, adm.exitValue(), stderr);
            assertTrue(stderr.matches("(?s).*adm " + name + ": ERR_ADM_RUNTIME_(PLAYOUT|RECORDING)_ERROR \\(101[57]\\).*"),
                    stderr);
            assertFalse(stderr.contains("\tat "), "no stack trace: " + stderr);
            assertTrue(exitMs < 1000, "exited " + exitMs + " ms after the server died");
        } finally {
            adm.destroyForcibly();
        }
    }

    @Test
    @VirtualSoundCard
    void shouldMonitorARecoveryWithRecoverAndGoOn(VirtualCard card) throws Exception {
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AdmCli.class.getName(), "monitor", "--recover",
                "--seconds", "30", "--interval", "50", "--device", "system"));
        ProcessBuilder builder = new ProcessBuilder(java);
        builder.environment().putAll(card.environment());
        Path err = dir.resolve("stderr.txt");
        Path out = dir.resolve("stdout.txt");
        builder.redirectError(err.toFile()).redirectOutput(out.toFile());
        Process adm = builder.start();
        try {
            awaitRunning(card, err, adm);
            card.kill();
            awaitLine(out, adm, "state   RECOVERING on RECORDING: reopening it once its server is back");
            card.restart();
            String recovered = awaitLine(out, adm, "state   RUNNING on RECORDING (after ");
            assertTrue(adm.isAlive(), "adm monitor --recover goes on after the recovery: "
                    + Files.readString(err, StandardCharsets.UTF_8));
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            assertTrue(stdout.contains("error   ERR_ADM_RUNTIME_RECORDING_ERROR (1017) on RECORDING"), stdout);
            System.out.println("adm monitor --recover: " + recovered);
            Thread.sleep(500);
            String later = Files.readString(out, StandardCharsets.UTF_8);
            assertTrue(later.substring(later.indexOf(recovered)).lines().filter(l -> l.startsWith("level   peak")).count()
                    >= 3, "the meter goes on after the recovery: " + later);
        } finally {
            adm.destroyForcibly();
        }
    }

    /** The first line of `file` that starts with `prefix`, waiting up to 10 s for it. */
    private static String awaitLine(Path file, Process adm, String prefix) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            assertTrue(adm.isAlive(), "adm ended: " + Files.readString(file, StandardCharsets.UTF_8));
            Thread.sleep(20);
        }
        throw new AssertionError("no line \"" + prefix + "\" within 10 s: " + Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Until the command's streams run: PortAudio's ports show up on the card's server (10 s at most). */
    private static void awaitRunning(VirtualCard card, Path err, Process adm) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            assertTrue(adm.isAlive(), "adm ended before the fault: " + Files.readString(err, StandardCharsets.UTF_8));
            ProcessBuilder lsp = new ProcessBuilder("jack_lsp").redirectErrorStream(true);
            lsp.environment().putAll(card.environment());
            Process ports = lsp.start();
            String listed = new String(ports.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            ports.waitFor();
            if (listed.contains("PortAudio:")) {
                Thread.sleep(300);  // the stream started: let it run a little
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("adm's streams did not show up on " + card + ": "
                + Files.readString(err, StandardCharsets.UTF_8));
    }
}
