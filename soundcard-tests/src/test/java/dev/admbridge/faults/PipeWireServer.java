package dev.admbridge.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PipeWire virtual card ({@code scripts/virtual-soundcard --server pipewire}, which
 * {@code scripts/test-desktop-servers} starts and names in ADMBRIDGE_PIPEWIRE_CARD), as a server the tests take
 * down: signals go to its {@code pipewire} daemon; a restart stops and starts the whole card.
 */
public final class PipeWireServer implements FaultServer {
    private boolean stalled;

    @Override
    public void kill() throws Exception {
        long pid = daemonPid("pipewire");
        signal(pid, "KILL");
        awaitGone(pid);
        stalled = false;
    }

    @Override
    public void terminate() throws Exception {
        long pid = daemonPid("pipewire");
        signal(pid, "TERM");
        if (stalled) {
            signal(pid, "CONT");  // to act on it
            stalled = false;
        }
        awaitGone(pid);
    }

    @Override
    public void stall() throws Exception {
        signal(daemonPid("pipewire"), "STOP");
        stalled = true;
    }

    @Override
    public void resume() throws Exception {
        signal(daemonPid("pipewire"), "CONT");
        stalled = false;
    }

    @Override
    public void restart() throws Exception {
        if (stalled) {
            resume();
        }
        runCard("stop");
        assertFalse(runCard("start").isBlank());
    }

    @Override
    public boolean isStalled() {
        return stalled;
    }

    /** The child uses the default device: PipeWire's through ALSA, or through pw-jack (inherited). */
    @Override
    public Map<String, String> environment() {
        return Map.of("ADMBRIDGE_CHILD_DEVICE", "");
    }

    /** A daemon of the card, from {@code virtual-soundcard status --server pipewire}. */
    public static long daemonPid(String name) throws IOException, InterruptedException {
        String status = runCard("status");
        Matcher pid = daemon(name).matcher(status);
        assertTrue(pid.find(), "no " + name + " process in: " + status);
        return Long.parseLong(pid.group(1));
    }

    /** Whether the card's pipewire daemon runs. */
    public static boolean isRunning() throws IOException, InterruptedException {
        return daemon("pipewire").matcher(runCard("status")).find();
    }

    private static Pattern daemon(String name) {
        return Pattern.compile("(\\d+) " + Pattern.quote(name) + "(?![-\\w])");
    }

    public static void signal(long pid, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + signal + " " + pid);
    }

    /** Runs {@code virtual-soundcard COMMAND --server pipewire}; its output. */
    public static String runCard(String command) throws IOException, InterruptedException {
        String script = System.getenv("ADMBRIDGE_PIPEWIRE_CARD");
        assertNotNull(script, "ADMBRIDGE_PIPEWIRE_CARD names scripts/virtual-soundcard (scripts/test-desktop-servers sets it)");
        Process process = new ProcessBuilder(script, command, "--server", "pipewire").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "virtual-soundcard " + command + " hangs");
        // status answers 3 when the card is not running; anything else but 0 is a failure of the card.
        assertTrue(process.exitValue() == 0 || command.equals("status"), "virtual-soundcard " + command + ": " + output);
        return output;
    }

    private static void awaitGone(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            assertTrue(System.nanoTime() < deadline, "pipewire (pid " + pid + ") still alive after 10 s");
            Thread.sleep(10);
        }
    }
}
