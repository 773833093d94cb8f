package dev.admbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.admbridge.junit.VirtualCard;
import dev.admbridge.junit.VirtualSoundCard;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code adm devices --watch} as a user runs it, in a process of its own on a virtual card: the list, then a line
 * per change and the list again when the card's server is killed and when it comes back.
 */
class DevicesWatchCommandTest {

    @Test
    @VirtualSoundCard
    void shouldPrintEachChangeAndTheListAgain(VirtualCard card) throws Exception {
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AdmCli.class.getName(), "devices", "--watch",
                "--seconds", "20"));
        ProcessBuilder builder = new ProcessBuilder(java).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(card.environment());
        Process adm = builder.start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(adm.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                lines.add("READER FAILED " + e);
            }
        });
        reader.start();
        try {
            await(lines, "system", "the first list");
            card.kill();
            await(lines, "change: playout device removed: \"system\" (JACK Audio Connection Kit)", "the removal");
            card.restart();
            await(lines, "change: playout device added: \"system\" (JACK Audio Connection Kit)", "the addition");
            int added = lines.indexOf("change: playout device added: \"system\" (JACK Audio Connection Kit)");
            await(lines, added + 1, "  system ", "the list again");
        } finally {
            adm.destroy();
            adm.waitFor(10, TimeUnit.SECONDS);
            reader.join(5000);
        }
    }

    @Test
    void shouldRefuseSecondsWithoutWatchOrBelowOne() {
        DevicesCommandTest.Run alone = DevicesCommandTest.run("devices", "--seconds", "5");
        assertEquals(2, alone.exit());
        assertTrue(alone.err().contains("--seconds needs --watch"), alone.err());
        DevicesCommandTest.Run zero = DevicesCommandTest.run("devices", "--watch", "--seconds", "0");
        assertEquals(2, zero.exit());
        assertTrue(zero.err().contains("positive number, was 0"), zero.err());
    }

    @Test
    void shouldWatchForTheSecondsGivenThenExit() {
        long start = System.nanoTime();
        DevicesCommandTest.Run run = DevicesCommandTest.run("devices", "--watch", "--seconds", "1");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(0, run.exit(), run.err());
        assertTrue(ms >= 1000 && ms < 10_000, ms + " ms");
        assertTrue(run.out().startsWith("  #  Name") || run.out().startsWith("no audio devices"), run.out());
    }

    /** Waits up to 10 s for a line that contains {@code text}. */
    private static void await(List<String> lines, String text, String what) throws InterruptedException {
        await(lines, 0, text, what);
    }

    /** Waits up to 10 s for a line from index {@code from} on that contains {@code text}. */
    private static void await(List<String> lines, int from, String text, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (lines.stream().skip(from).anyMatch(l -> l.contains(text))) {  // the reader adds lines meanwhile
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + what + " (a line with " + text + ") in: " + lines);
    }
}
