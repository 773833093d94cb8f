package dev.admbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.admbridge.junit.Recording;
import dev.admbridge.junit.SignalAssertions;
import dev.admbridge.junit.SoundCard;
import dev.admbridge.junit.SoundCardTest;
import dev.admbridge.loopback.LoopbackMeasurement;
import dev.admbridge.loopback.LoopbackOptions;
import dev.admbridge.loopback.LoopbackReport;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The desktop servers as users meet them: PipeWire through PortAudio's ALSA host and through its JACK API
 * ({@code scripts/test-desktop-servers} runs this class once per API; {@code ADMBRIDGE_DESKTOP_SERVER} names
 * it). Where the APIs differ, the test says what each does.
 */
@SoundCardTest(inputs = 2, outputs = 2, loopback = true)
class DesktopServerSoundcardTest {
    private static final String JACK_HOST = "JACK Audio Connection Kit";
    /** PipeWire's default quantum: the graph moves 1024 frames a cycle at 48 kHz, whatever the client asks. */
    private static final int QUANTUM = 1024;

    private final SoundCard card;
    private final String api = System.getenv().getOrDefault("ADMBRIDGE_DESKTOP_SERVER", "");

    DesktopServerSoundcardTest(SoundCard card) {
        this.card = card;
    }

    @Test
    void shouldRunOnTheHostOfItsApiByDefault(AudioDeviceModule adm) {
        assertTrue(api.equals("alsa") || api.equals("pipewire-jack"),
                "ADMBRIDGE_DESKTOP_SERVER must say which API this pass uses (alsa or pipewire-jack), was \"" + api + "\"");
        AudioDevice playout = adm.defaultPlayoutDevice().orElseThrow();
        // ALSA: PipeWire's ALSA plug-in is the "default" PCM. JACK API: the null sink is a JACK client.
        assertEquals(api.equals("alsa") ? "ALSA" : JACK_HOST, playout.hostApi(), adm.devices().toString());
        assertEquals(playout, card.playoutDevice(adm));
    }

    @Test
    void shouldCaptureWhatIsPlayedToTheDefaultSink(AudioDeviceModule adm) throws Exception {
        try (AudioStream playout = adm.initPlayout(card.playoutConfig(adm).sampleRate(48000).channels(1).build())) {
            playout.start();
            float[] tone = new float[48000 * 2];
            for (int n = 0; n < tone.length; n++) {
                tone[n] = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * n / 48000.0));
            }
            Thread writer = new Thread(() -> playout.write(tone, 0, tone.length, Duration.ofSeconds(5)));
            writer.start();
            Thread.sleep(300);  // the capture hears the tone already playing
            Recording heard = card.recordLoopback(adm, Duration.ofMillis(500));
            writer.join();
            // Played mono, captured stereo: ALSA's pulse PCM and the JACK monitor ports carry it at -6 dBFS.
            SignalAssertions.assertTone(heard, 1000, -6, 1.0);
        }
    }

    @Test
    void shouldMeasureTheRoundTripAsAdmLoopbackDoesWithNoOptions(AudioDeviceModule adm) throws Exception {
        LoopbackOptions defaults = new LoopbackOptions(null, LoopbackOptions.Path.LOOPBACK, 48000, 256, 5, -6);
        LoopbackReport first = LoopbackMeasurement.run(adm, defaults, line -> {});
        LoopbackReport second = LoopbackMeasurement.run(adm, defaults, line -> {});
        for (LoopbackReport report : new LoopbackReport[] {first, second}) {
            assertEquals(5, report.latencyFrames().size(), report.problems().toString());
            assertTrue(report.snrDb() > 60, "SNR " + report.snrDb());
            // The host's figure is a latency: finite, above zero, below a second (PipeWire's JACK API reported
            // UINT32_MAX frames, and 0 for its devices).
            assertTrue(report.reportedLatencyMs() > 0 && report.reportedLatencyMs() < 1000,
                    "reported " + report.reportedLatencyMs() + " ms");
            System.out.printf(Locale.ROOT, "desktop %s: round trip %d frames (%.3f ms), host reports %.3f ms, SNR %.1f dB%n",
                    api, report.medianLatencyFrames(), report.medianLatencyMs(), report.reportedLatencyMs(),
                    report.snrDb());
        }
        // The same figure run to run, within one buffer (alignment outside JACK waited for the first audio).
        assertTrue(Math.abs(first.medianLatencyFrames() - second.medianLatencyFrames()) <= 256,
                first.latencyFrames() + " then " + second.latencyFrames());
        // At least one quantum: the graph moves audio a quantum at a time on both APIs.
        assertTrue(first.medianLatencyFrames() >= QUANTUM, first.latencyFrames().toString());
    }

    @Test
    void shouldMeasureViaTheRecordingAndSayWhatCameBack(AudioDeviceModule adm) throws Exception {
        LoopbackOptions viaRecording = new LoopbackOptions(null, LoopbackOptions.Path.RECORDING, 48000, 256, 3, -6);
        LoopbackReport first = LoopbackMeasurement.run(adm, viaRecording, line -> {});
        if (api.equals("pipewire-jack")) {
            // The default recording device is the sink's node: its monitor ports hear the playout.
            LoopbackReport second = LoopbackMeasurement.run(adm, viaRecording, line -> {});
            assertEquals(3, first.latencyFrames().size(), first.problems().toString());
            assertEquals(3, second.latencyFrames().size(), second.problems().toString());
            assertTrue(Math.abs(first.medianLatencyFrames() - second.medianLatencyFrames()) <= 256,
                    first.latencyFrames() + " then " + second.latencyFrames());
        } else {
            // ALSA: the default recording device is the default source, the card's silent null source. Nothing
            // comes back, and the report says so (no exception, as an uncaught one did before).
            assertTrue(first.latencyFrames().isEmpty(), first.latencyFrames().toString());
            assertTrue(first.problems().contains("sweep 1 did not come back"), first.problems().toString());
        }
    }

    @Test
    void shouldReportLatenciesThatAreLatencies(AudioDeviceModule adm) {
        for (AudioDevice device : adm.devices()) {
            if (device.isPlayout()) {
                assertTrue(device.lowOutputLatency().compareTo(Duration.ZERO) > 0, device.toString());
            }
            if (device.isRecording()) {
                assertTrue(device.lowInputLatency().compareTo(Duration.ZERO) > 0, device.toString());
            }
        }
        try (AudioStream playout = adm.initPlayout(card.playoutConfig(adm).build());
                AudioStream recording = adm.initRecording(card.recordingConfig(adm).build())) {
            playout.start();
            recording.start();
            for (AudioStream stream : new AudioStream[] {playout, recording}) {
                Duration latency = stream.latency();
                assertTrue(latency.compareTo(Duration.ZERO) > 0 && latency.compareTo(Duration.ofSeconds(1)) < 0,
                        stream + " latency " + latency);
            }
        }
    }
}
