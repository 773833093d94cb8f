package dev.admbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.admbridge.junit.SoundCard;
import dev.admbridge.junit.SoundCardTest;
import dev.admbridge.junit.VirtualCard;
import dev.admbridge.junit.VirtualSoundCard;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Streams on the JACK "system" device of the virtual sound card. */
@SoundCardTest(inputs = 2, outputs = 2, loopback = true)
class StreamsSoundcardTest {
    private final SoundCard card;

    StreamsSoundcardTest(SoundCard card) {
        this.card = card;
    }

    private static StreamConfig system(SoundCard card, AudioDeviceModule adm) {
        return StreamConfig.builder().device(card.playoutDevice(adm)).framesPerBuffer(256).build();
    }

    private static void awaitCallbacks(AudioStream stream) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (stream.stats().callbacks() < 5 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(stream.stats().callbacks() >= 5, stream + ": " + stream.stats());
    }

    @Test
    void shouldRunEachKindThroughItsLifecycle() throws Exception {
        try (AudioDeviceModule adm = card.openModule()) {
            for (StreamKind kind : List.of(StreamKind.PLAYOUT, StreamKind.RECORDING, StreamKind.LOOPBACK)) {
                AudioStream stream = adm.initStream(kind, system(card, adm));
                assertEquals(StreamState.INITIALIZED, stream.state());
                assertTrue(stream.isInitialized());
                assertEquals("system", stream.device().name());
                assertEquals(stream, adm.stream(kind).orElseThrow());
                stream.start();
                assertTrue(stream.isRunning());
                awaitCallbacks(stream);
                assertEquals(card.playoutDevice(adm).defaultSampleRate(), stream.sampleRate());
                if (kind == StreamKind.PLAYOUT) {
                    assertTrue(stream.latency().compareTo(Duration.ZERO) > 0, stream.stats().toString());
                }
                stream.stop();
                assertEquals(StreamState.STOPPED, stream.state());
                stream.start();  // again after a stop
                awaitCallbacks(stream);
                stream.close();
                assertEquals(StreamState.CLOSED, stream.state());
                stream.close();  // idempotent
                assertTrue(adm.stream(kind).isEmpty());
                assertEquals(AdmCode.ERR_NOT_INITIALIZED, assertThrows(AdmException.class, stream::start).code());
            }
        }
    }

    @Test
    void shouldRunPlayoutAndRecordingAtOnceAndStopThemIndependently() throws Exception {
        try (AudioDeviceModule adm = card.openModule()) {
            AudioStream playout = adm.initPlayout(system(card, adm));
            AudioStream recording = adm.initRecording(system(card, adm));
            playout.start();
            recording.start();
            awaitCallbacks(playout);
            awaitCallbacks(recording);
            playout.stop();
            long before = recording.stats().callbacks();
            Thread.sleep(100);
            assertTrue(recording.stats().callbacks() > before, "recording goes on after playout stopped");
            assertEquals(StreamState.STOPPED, playout.state());
            AdmException twice = assertThrows(AdmException.class, () -> adm.initRecording(system(card, adm)));
            assertEquals(AdmCode.ERR_ALREADY_IN_USE, twice.code());
        }
        // closing the module closed both streams: a new module can open them again
        try (AudioDeviceModule adm = card.openModule()) {
            adm.initPlayout(system(card, adm)).start();
        }
    }

    /** JACK runs every client at the server's rate: PortAudio's JACK host refuses any other. */
    @Test
    @VirtualSoundCard(rate = 48000)
    void shouldRefuse44kOnThe48kServerWithSampleRateForEveryKind(VirtualCard card) {
        try (AudioDeviceModule adm = card.openModule()) {
            StreamConfig config = system(card, adm).toBuilder().sampleRate(44100).build();
            for (StreamKind kind : List.of(StreamKind.PLAYOUT, StreamKind.RECORDING, StreamKind.LOOPBACK)) {
                FormatCheck check = adm.checkFormat(kind, config);
                assertFalse(check.supported());
                assertEquals(AdmCode.ERR_ADM_SAMPLE_RATE, check.code());
                AdmException e = assertThrows(AdmException.class, () -> adm.initStream(kind, config));
                assertEquals(AdmCode.ERR_ADM_SAMPLE_RATE, e.code());
                assertEquals(-9997, e.backendError());
                assertTrue(e.getMessage().contains("\"system\", 2 ch float32 at 44100"), e.getMessage());
                assertTrue(e.getMessage().contains("Invalid sample rate"), e.getMessage());
            }
            assertTrue(adm.checkFormat(StreamKind.PLAYOUT, system(card, adm)).supported());
        }
    }

    @Test
    void shouldRefuseTooManyChannelsWithTheInitCode() {
        try (AudioDeviceModule adm = card.openModule()) {
            StreamConfig config = system(card, adm).toBuilder().channels(64).build();
            AdmException e = assertThrows(AdmException.class, () -> adm.initPlayout(config));
            assertEquals(AdmCode.ERR_ADM_INIT_PLAYOUT, e.code());
            assertEquals(-9998, e.backendError());
        }
    }

    /** Loopback on JACK: its inputs are wired to what feeds system:playback, here this module's playout. */
    @Test
    @VirtualSoundCard
    void shouldWireLoopbackToThePlayoutPorts(VirtualCard card) throws Exception {
        try (AudioDeviceModule adm = card.openModule()) {
            AudioStream loopback = adm.initLoopback(StreamConfig.defaults());  // on JACK, whatever the default is
            assertEquals("system", loopback.device().name());
            loopback.start();
            AudioStream playout = adm.initPlayout(system(card, adm));
            playout.start();
            awaitCallbacks(loopback);
            ProcessBuilder lspOnTheCard = new ProcessBuilder("jack_lsp", "-c").redirectErrorStream(true);
            lspOnTheCard.environment().putAll(card.environment());
            Process lsp = lspOnTheCard.start();
            String connections = new String(lsp.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            lsp.waitFor();
            // The loopback's inputs in_0/in_1 are fed by the playout's out_0/out_1, not by system:capture.
            assertTrue(connections.matches("(?s).*PortAudio:in_0\\n\\s+PortAudio:out_0\\n.*"), connections);
            assertTrue(connections.matches("(?s).*PortAudio:in_1\\n\\s+PortAudio:out_1\\n.*"), connections);
        }
    }
}
