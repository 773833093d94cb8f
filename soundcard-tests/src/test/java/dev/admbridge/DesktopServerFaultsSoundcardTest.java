package dev.admbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.admbridge.faults.PipeWireServer;
import dev.admbridge.junit.EventRecorder;
import dev.admbridge.junit.SoundCard;
import dev.admbridge.junit.SoundCardTest;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real faults of PipeWire under the module, on both of its APIs ({@code scripts/test-desktop-servers} runs this
 * class in a JVM of its own per API, after the other desktop tests): a stall (SIGSTOP, SIGCONT), no server, and
 * kill -9 with a restart. The kill comes last: on PortAudio 19.6's ALSA host it leaves a thread of the process
 * spinning (see docs/servers.md).
 */
@SoundCardTest(inputs = 2, outputs = 2)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DesktopServerFaultsSoundcardTest {
    private static final Duration DETECTION = Duration.ofSeconds(1);

    private final SoundCard card;
    private final String api = System.getenv().getOrDefault("ADMBRIDGE_DESKTOP_SERVER", "");

    DesktopServerFaultsSoundcardTest(SoundCard card) {
        this.card = card;
    }

    @Test
    @Order(1)
    void shouldRideOutAStallOfTheServer(AudioDeviceModule adm, EventRecorder events) throws Exception {
        try (AudioStream playout = adm.initPlayout(card.playoutConfig(adm).build())) {
            playout.start();
            awaitCallbacks(playout, 20);
            long pid = PipeWireServer.daemonPid("pipewire");
            PipeWireServer.signal(pid, "STOP");
            try {
                Thread.sleep(1500);
            } finally {
                PipeWireServer.signal(pid, "CONT");
            }
            // A stalled server is alive: no runtime error, and the stream runs again once it wakes.
            awaitCallbacks(playout, playout.stats().callbacks() + 20);
            assertEquals(StreamState.RUNNING, playout.state());
            assertTrue(events.events().stream().noneMatch(e -> e.kind() == AdmEvent.Kind.ERROR), events.log());
        }
    }

    @Test
    @Order(2)
    void shouldFailFastWhenTheServerIsKilled(AudioDeviceModule adm, EventRecorder events) throws Exception {
        AudioStream playout = adm.initPlayout(card.playoutConfig(adm).build());
        AudioStream recording = adm.initRecording(card.recordingConfig(adm).build());
        playout.start();
        recording.start();
        awaitCallbacks(playout, 20);
        awaitCallbacks(recording, 20);
        long killed = System.nanoTime();
        ProcessHandle.of(PipeWireServer.daemonPid("pipewire")).orElseThrow().destroyForcibly();
        try {
            AdmEvent playoutError = events.awaitCode(AdmCode.ERR_ADM_RUNTIME_PLAYOUT_ERROR, Duration.ofSeconds(3));
            AdmEvent recordingError = events.awaitCode(AdmCode.ERR_ADM_RUNTIME_RECORDING_ERROR, Duration.ofSeconds(3));
            long playoutMs = TimeUnit.NANOSECONDS.toMillis(playoutError.firstNanos() - killed);
            long recordingMs = TimeUnit.NANOSECONDS.toMillis(recordingError.firstNanos() - killed);
            System.out.printf(Locale.ROOT, "desktop %s: kill -9 of pipewire: 1015 after %d ms, 1017 after %d ms%n", api,
                    playoutMs, recordingMs);
            assertTrue(playoutMs < DETECTION.toMillis() && recordingMs < DETECTION.toMillis(),
                    playoutMs + " / " + recordingMs + " ms");
            // The failed streams fail calls at once, not after their timeout, and close at once.
            long before = System.nanoTime();
            AdmException write = assertThrows(AdmException.class,
                    () -> playout.write(new float[512], 0, 256, Duration.ofSeconds(5)));
            assertEquals(AdmCode.ERR_ADM_RUNTIME_PLAYOUT_ERROR, write.code());
            playout.close();
            recording.close();
            long callsMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
            System.out.printf(Locale.ROOT, "desktop %s: write, then close of both: %d ms%n", api, callsMs);
            assertTrue(callsMs < 1000, callsMs + " ms");
        } finally {
            restartServer();
        }
        // The module runs streams on the server as it is back.
        try (AudioStream stream = adm.initPlayout(card.playoutConfig(adm).build())) {
            stream.start();
            awaitCallbacks(stream, 20);
        }
    }

    @Test
    @Order(3)
    void shouldSayThereIsNoDeviceWithoutAServer() throws Exception {
        PipeWireServer.runCard("stop");
        try (AudioDeviceModule adm = card.openModule()) {
            // Neither the ALSA plug-in nor PipeWire's JACK API lists a device of a server that is not there.
            AdmException init = assertThrows(AdmException.class, () -> adm.initPlayout(StreamConfig.builder().build()));
            assertEquals(AdmCode.ERR_ADM_INIT_PLAYOUT, init.code(), init.getMessage());
            assertTrue(init.getMessage().contains("no playout device"), init.getMessage());
        } finally {
            restartServer();
        }
    }

    /** Waits up to 5 s for the stream's callbacks to reach {@code count}. */
    private static void awaitCallbacks(AudioStream stream, long count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (stream.stats().callbacks() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(stream.stats().callbacks() >= count, "no " + count + " callbacks: " + stream.stats());
    }

    private static void restartServer() throws Exception {
        new PipeWireServer().restart();
    }
}
