package dev.admbridge.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.admbridge.junit.VirtualCard;
import dev.admbridge.junit.VirtualSoundCard;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Real faults of the sound server, each on a virtual card of the test's own that it kills, stalls and
 * restarts, with the library in a child JVM (the card's environment names its server). The figures each
 * test measures are printed, for docs/errors.md.
 */
class ServerFaultsTest {
    private static final Duration STEP = Duration.ofSeconds(15);

    private static long eventTime(String line) {
        return Long.parseLong(line.split(" ")[3]);
    }

    @Test
    @VirtualSoundCard
    void shouldReportAKilledServerWithin500msAndNeverHangStopOrClose(VirtualCard server) throws Exception {
        try (ChildJvm child = new ChildJvm(server.environment(), "kill")) {
            child.await("READY", STEP);
            long killed = System.nanoTime();
            server.kill();
            String playout = child.await("EVENT 1015 PLAYOUT", Duration.ofSeconds(3));
            String recording = child.await(l -> l.startsWith("EVENT 1017 RECORDING"), Duration.ofSeconds(3));
            long playoutMs = (eventTime(playout) - killed) / 1_000_000;
            long recordingMs = (eventTime(recording) - killed) / 1_000_000;
            System.out.printf("kill -9: 1015 after %d ms, 1017 after %d ms%n", playoutMs, recordingMs);
            assertTrue(playoutMs < 500, playout);
            assertTrue(recordingMs < 500, recording);
            assertTrue(playout.contains("went away") && playout.contains("isolated"), playout);
            child.send("STOP");
            for (String call : new String[] {"stop_playout", "stop_recording", "close_playout", "close_recording"}) {
                String timing = child.await("TIMING " + call, Duration.ofSeconds(5));
                System.out.println("after kill -9: " + timing);
                String[] parts = timing.split(" ");
                assertTrue(Long.parseLong(parts[2]) < 2000, timing);
                assertEquals("ok", parts[3], timing);
            }
            server.restart();  // the same server name again: the module must find it
            child.send("RESTARTED");
            String reinit = child.await("REINIT", STEP);
            assertTrue(reinit.startsWith("REINIT ok"), reinit);
            child.await("DONE", STEP);
            assertEquals(0, child.exitStatus(Duration.ofSeconds(10)), "the JVM exits normally: " + child.transcript);
        }
    }

    @Test
    @VirtualSoundCard
    void shouldReportAStalledServerWhileItLastsAndGoOnAfterwards(VirtualCard server) throws Exception {
        try (ChildJvm child = new ChildJvm(server.environment(), "stall")) {
            child.await("READY", STEP);
            long stopped = System.nanoTime();
            server.stall();
            String playout = child.await("EVENT 1020 PLAYOUT", Duration.ofSeconds(2));
            String recording = child.await("EVENT 1021 RECORDING", Duration.ofSeconds(2));
            long detected = (Math.max(eventTime(playout), eventTime(recording)) - stopped) / 1_000_000;
            long remaining = 2000 - (System.nanoTime() - stopped) / 1_000_000;
            if (remaining > 0) {
                Thread.sleep(remaining);
            }
            server.resume();
            System.out.printf("SIGSTOP: 1020 and 1021 after %d ms%n", detected);
            assertTrue(detected < 2000, "reported while the stall lasts: " + playout + " / " + recording);
            assertTrue(playout.contains("stalled"), playout);
            child.send("CONTINUED");
            String resumed = child.await("RESUMED", STEP);
            String[] parts = resumed.split(" ");
            assertTrue(Long.parseLong(parts[1]) > 10, "callbacks resumed by themselves: " + resumed);
            assertEquals("RUNNING", parts[2], resumed);
            assertEquals("RUNNING", parts[3], resumed);
            child.await("DONE", STEP);
            assertEquals(0, child.exitStatus(Duration.ofSeconds(10)));
        }
    }

    @Test
    void shouldSayThereIsNoDeviceWhenNoServerRuns() throws Exception {
        Map<String, String> noServer = Map.of("JACK_DEFAULT_SERVER", "admbridge-no-server-" + ProcessHandle.current().pid(),
                "JACK_NO_START_SERVER", "1");
        try (ChildJvm child = new ChildJvm(noServer, "nodevice")) {
            String devices = child.await("DEVICES", STEP);
            // A machine with a real sound card lists its ALSA devices: only a machine without one (CI) can show
            // this, so a person's machine with a card skips it, with this reason.
            assumeTrue(devices.equals("DEVICES 0"), "needs a machine without any sound device; this one lists "
                    + devices);
            String playout = child.await("INIT playout", STEP);
            String recording = child.await("INIT recording", STEP);
            assertTrue(playout.startsWith("INIT playout 1008 ") && playout.contains("no playout device"), playout);
            assertTrue(recording.startsWith("INIT recording 1011 ") && recording.contains("no recording device"),
                    recording);
            child.await("DONE", STEP);
            assertEquals(0, child.exitStatus(Duration.ofSeconds(10)));
        }
    }
}
