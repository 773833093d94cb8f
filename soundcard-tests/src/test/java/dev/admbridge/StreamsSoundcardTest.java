package dev.admbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Streams on the JACK "system" device of the virtual sound card. */
@Tag("soundcard")
class StreamsSoundcardTest {

    private static StreamConfig system(AudioDeviceModule adm) {
        return StreamConfig.builder().device(TestEnvironment.jackSystemDevice(adm)).framesPerBuffer(256).build();
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
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            for (StreamKind kind : List.of(StreamKind.PLAYOUT, StreamKind.RECORDING, StreamKind.LOOPBACK)) {
                AudioStream stream = adm.initStream(kind, system(adm));
                assertEquals(StreamState.INITIALIZED, stream.state());
                assertTrue(stream.isInitialized());
                assertEquals("system", stream.device().name());
                assertEquals(stream, adm.stream(kind).orElseThrow());
                stream.start();
                assertTrue(stream.isRunning());
                awaitCallbacks(stream);
                assertEquals(48000.0, stream.sampleRate());
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
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            AudioStream playout = adm.initPlayout(system(adm));
            AudioStream recording = adm.initRecording(system(adm));
            playout.start();
            recording.start();
            awaitCallbacks(playout);
            awaitCallbacks(recording);
            playout.stop();
            long before = recording.stats().callbacks();
            Thread.sleep(100);
            assertTrue(recording.stats().callbacks() > before, "recording goes on after playout stopped");
            assertEquals(StreamState.STOPPED, playout.state());
            AdmException twice = assertThrows(AdmException.class, () -> adm.initRecording(system(adm)));
            assertEquals(AdmCode.ERR_ALREADY_IN_USE, twice.code());
        }
        // closing the module closed both streams: a new module can open them again
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            adm.initPlayout(system(adm)).start();
        }
    }

    @Test
    void shouldRefuse44kOnThe48kServerWithSampleRateForEveryKind() {
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            StreamConfig config = system(adm).toBuilder().sampleRate(44100).build();
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
            assertTrue(adm.checkFormat(StreamKind.PLAYOUT, system(adm)).supported());
        }
    }

    @Test
    void shouldRefuseTooManyChannelsWithTheInitCode() {
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            StreamConfig config = system(adm).toBuilder().channels(64).build();
            AdmException e = assertThrows(AdmException.class, () -> adm.initPlayout(config));
            assertEquals(AdmCode.ERR_ADM_INIT_PLAYOUT, e.code());
            assertEquals(-9998, e.backendError());
        }
    }

    /** Loopback on JACK: its inputs are wired to what feeds system:playback, here this module's playout. */
    @Test
    void shouldWireLoopbackToThePlayoutPorts() throws Exception {
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            TestEnvironment.jackSystemDevice(adm);
            AudioStream loopback = adm.initLoopback(StreamConfig.defaults());  // on JACK, whatever the default is
            assertEquals("system", loopback.device().name());
            loopback.start();
            AudioStream playout = adm.initPlayout(system(adm));
            playout.start();
            awaitCallbacks(loopback);
            Process lsp = new ProcessBuilder("jack_lsp", "-c").redirectErrorStream(true).start();
            String connections = new String(lsp.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            lsp.waitFor();
            // The loopback's inputs in_0/in_1 are fed by the playout's out_0/out_1, not by system:capture.
            assertTrue(connections.matches("(?s).*PortAudio:in_0\\n\\s+PortAudio:out_0\\n.*"), connections);
            assertTrue(connections.matches("(?s).*PortAudio:in_1\\n\\s+PortAudio:out_1\\n.*"), connections);
        }
    }
}
