package dev.admbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.admbridge.analysis.DetectorSettings;
import dev.admbridge.audio.Tone;
import dev.admbridge.junit.SoundCard;
import dev.admbridge.junit.SoundCardTest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The runtime detectors live on the virtual card, each condition brought about through the PCM path. */
@SoundCardTest(inputs = 2, outputs = 2, loopback = true)
class DetectorsSoundcardTest {
    private static final Duration WAIT = Duration.ofSeconds(3);

    private final SoundCard card;

    DetectorsSoundcardTest(SoundCard card) {
        this.card = card;
    }

    /** Warnings of one code on one stream, collected by a listener. */
    private static final class Heard implements AdmEventListener {
        final List<AdmEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onWarning(AdmEvent event) {
            events.add(event);
        }

        boolean await(AdmCode code, StreamKind stream, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (has(code, stream)) {
                    return true;
                }
                Thread.sleep(20);
            }
            return has(code, stream);
        }

        boolean has(AdmCode code, StreamKind stream) {
            return events.stream().anyMatch(e -> e.code() == code && e.stream() == stream);
        }
    }

    private StreamConfig config(AudioDeviceModule adm, int channels) {
        return StreamConfig.builder().device(card.playoutDevice(adm)).framesPerBuffer(256)
                .channels(channels).build();
    }

    /** The dummy driver captures digital silence: 1019 once the silence lasts (0.5 s here). */
    @Test
    void shouldWarnOfASilentRecording() throws Exception {
        try (AudioDeviceModule adm = card.openModule()) {
            Heard heard = new Heard();
            adm.addListener(heard);
            adm.setDetectorSettings(DetectorSettings.defaults().withSilence(Duration.ofMillis(500)));
            AudioStream recording = adm.initRecording(config(adm, 2));
            long started = System.nanoTime();
            recording.start();
            assertTrue(heard.await(AdmCode.WARN_ADM_RECORD_AUDIO_SILENCE, StreamKind.RECORDING, WAIT), heard.events.toString());
            AdmEvent silence = heard.events.stream()
                    .filter(e -> e.code() == AdmCode.WARN_ADM_RECORD_AUDIO_SILENCE).findFirst().orElseThrow();
            assertTrue(silence.lastNanos() - started >= 450_000_000L, "not before the silence lasted: " + silence);
        }
    }

    /** Noise at -60 dBFS played, captured by the loopback: the low-level warning, and no silence warning. */
    @Test
    void shouldWarnOfAQuietRecordingButNotCallItSilent() throws Exception {
        try (AudioDeviceModule adm = card.openModule()) {
            Heard heard = hearWithShortLevelWindows(adm);
            AudioStream loopback = adm.initLoopback(config(adm, 1));
            loopback.start();
            AudioStream playout = adm.initPlayout(config(adm, 1));
            playout.start();
            float[] quiet = noise(48000, 0.001, 7);  // -60 dBFS rms
            for (int second = 0; second < 2; second++) {
                playout.write(quiet, 0, quiet.length, WAIT);
            }
            assertTrue(heard.await(AdmCode.WARN_ADM_RECORD_AUDIO_LOWLEVEL, StreamKind.LOOPBACK, WAIT),
                    heard.events.toString());
        }
    }

    /**
     * 1032, an extension (docs/codes.md): the same level detector on what the playout plays. Silence played (the
     * application writes nothing) is no warning on a playout; noise at -60 dBFS is, once it lasts (0.5 s here);
     * noise at -20 dBFS is not.
     */
    @Test
    void shouldWarnOfAQuietPlayoutButNotOfASilentOrLoudOne() throws Exception {
        try (AudioDeviceModule adm = card.openModule()) {
            Heard heard = hearWithShortLevelWindows(adm);
            AudioStream playout = adm.initPlayout(config(adm, 1));
            playout.start();
            Thread.sleep(1500);  // silence played three times as long as a warning needs
            float[] loud = noise(48000, 0.1, 3);  // -20 dBFS rms
            playout.write(loud, 0, loud.length, WAIT);
            Thread.sleep(1000);
            // (The application stopped writing after the loud second: that may be 1014, "the application was late".)
            assertTrue(heard.events.stream().noneMatch(e -> e.code() == AdmCode.WARN_ADM_PLAYOUT_AUDIO_LOWLEVEL),
                    "silence and a normal level are no low level on a playout: " + heard.events);
            float[] quiet = noise(48000, 0.001, 7);  // -60 dBFS rms
            for (int second = 0; second < 2; second++) {
                playout.write(quiet, 0, quiet.length, WAIT);
            }
            assertTrue(heard.await(AdmCode.WARN_ADM_PLAYOUT_AUDIO_LOWLEVEL, StreamKind.PLAYOUT, WAIT),
                    heard.events.toString());
            assertTrue(heard.events.stream().noneMatch(e -> e.code() == AdmCode.WARN_ADM_RECORD_AUDIO_LOWLEVEL
                    || e.code() == AdmCode.WARN_ADM_RECORD_AUDIO_SILENCE), "no recording codes: " + heard.events);
        }
    }

    /** A listener on `adm`, whose silence and low level (-50 dBFS) warnings need only 0.5 s of it. */
    private static Heard hearWithShortLevelWindows(AudioDeviceModule adm) {
        Heard heard = new Heard();
        adm.addListener(heard);
        adm.setDetectorSettings(DetectorSettings.defaults().withSilence(Duration.ofMillis(500))
                .withLowLevel(-50, Duration.ofMillis(500)));
        return heard;
    }

    private static float[] noise(int frames, double rms, long seed) {
        float[] samples = new float[frames];
        Random random = new Random(seed);
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) (random.nextGaussian() * rms);
        }
        return samples;
    }

    /**
     * A closed loop through the JACK loopback: what the loopback captures is band-passed around 1 kHz (a
     * resonant "room"), amplified and played again. With a loop gain above 1 at the resonance it howls and
     * 1051 comes; well below 1 it dies out and 1051 never comes.
     */
    @Test
    void shouldHearHowlingOnlyWhenTheLoopIsUnstable() throws Exception {
        assertTrue(loopHowls(4.0), "gain 4 at the resonance must howl");
        assertTrue(!loopHowls(0.25), "gain 0.25 must not howl");
    }

    /** A module on the card with a mono loopback and playout running, and what its listener heard. */
    private record Loop(AudioDeviceModule adm, Heard heard, AudioStream loopback, AudioStream playout)
            implements AutoCloseable {
        @Override
        public void close() {
            adm.close();
        }
    }

    private Loop openLoop() {
        AudioDeviceModule adm = card.openModule();
        Heard heard = new Heard();
        adm.addListener(heard);
        AudioStream loopback = adm.initLoopback(config(adm, 1));
        loopback.start();  // first: its wiring then takes the playout in from the start
        AudioStream playout = adm.initPlayout(config(adm, 1));
        playout.start();
        return new Loop(adm, heard, loopback, playout);
    }

    private boolean loopHowls(double gain) throws Exception {
        try (Loop loop = openLoop()) {
            Heard heard = loop.heard();
            AudioStream loopback = loop.loopback();
            AudioStream playout = loop.playout();
            Biquad room = Biquad.bandpass(1000, 10, 48000);
            float[] block = new float[256];
            Random random = new Random(3);
            for (int i = 0; i < block.length; i++) {
                block[i] = (float) (random.nextGaussian() * 0.05);  // a breath of noise to start the loop
            }
            playout.write(block, 0, block.length, WAIT);
            AtomicBoolean running = new AtomicBoolean(true);
            long end = System.nanoTime() + Duration.ofMillis(2500).toNanos();
            while (running.get() && System.nanoTime() < end && !heard.has(AdmCode.WARN_ADM_HOWLING, StreamKind.LOOPBACK)) {
                int got = loopback.read(block, 0, block.length, Duration.ofMillis(100));
                for (int i = 0; i < got; i++) {
                    block[i] = (float) Math.max(-1, Math.min(1, gain * room.filter(block[i])));
                }
                playout.write(block, 0, got, WAIT);
            }
            Thread.sleep(100);
            return heard.has(AdmCode.WARN_ADM_HOWLING, StreamKind.LOOPBACK);
        }
    }

    /**
     * A 1 kHz test tone at -12 dBFS played through the loopback (issue #16): it starts at its level, so it is
     * not howling however long it lasts. What the loopback captured is measured, so that the test cannot pass
     * on a tone that never arrived.
     */
    @Test
    void shouldNotTakeATestToneThroughTheLoopbackForHowling() throws Exception {
        TonePlayed played = playTone(0, 3000);
        assertTrue(played.capturedPeakDbfs() > -16 && played.capturedPeakDbfs() < -8,
                "the tone came back at " + played.capturedPeakDbfs() + " dBFS");
        assertTrue(!played.heard().has(AdmCode.WARN_ADM_HOWLING, StreamKind.LOOPBACK), played.heard().events.toString());
    }

    /** The same tone growing out of silence by 48 dB in 0.6 s, as a howl does: 1051 at its frequency. */
    @Test
    void shouldTakeTheSameToneGrowingForHowling() throws Exception {
        TonePlayed played = playTone(600, 2000);
        AdmEvent howl = played.heard().events.stream().filter(e -> e.code() == AdmCode.WARN_ADM_HOWLING
                && e.stream() == StreamKind.LOOPBACK).findFirst().orElse(null);
        assertTrue(howl != null, played.heard().events.toString());
        assertEquals(1000, howl.value(), 32, howl.toString());
    }

    private record TonePlayed(Heard heard, double capturedPeakDbfs) {}

    /** 1 kHz at -12 dBFS for `millis` ms (rising from -60 dBFS over the first `growMillis`), then 0.5 s more. */
    private TonePlayed playTone(int growMillis, int millis) throws Exception {
        try (Loop loop = openLoop()) {
            Heard heard = loop.heard();
            AudioStream loopback = loop.loopback();
            AudioStream playout = loop.playout();
            double rate = playout.sampleRate();
            Tone tone = new Tone(1000, -12, rate, 1);
            int blockFrames = (int) (rate / 100);
            float[] block = new float[blockFrames];
            float[] captured = new float[4 * blockFrames];
            double peak = 0;
            long frames = 0;
            while (frames < rate * millis / 1000) {
                tone.fill(block, blockFrames);
                for (int i = 0; i < blockFrames && frames + i < rate * growMillis / 1000; i++) {
                    double db = -48 * (1 - (frames + i) / (rate * growMillis / 1000));
                    block[i] *= (float) Math.pow(10, db / 20);
                }
                frames += playout.write(block, 0, blockFrames, WAIT);
                for (int got; (got = loopback.read(captured, 0, captured.length, Duration.ZERO)) > 0;) {
                    for (int i = 0; i < got; i++) {
                        peak = Math.max(peak, Math.abs(captured[i]));
                    }
                }
            }
            Thread.sleep(500);
            return new TonePlayed(heard, 20 * Math.log10(Math.max(peak, 1e-9)));
        }
    }

    @Test
    void shouldRefuseBadDetectorSettingsUse() {
        try (AudioDeviceModule adm = card.openModule()) {
            assertThrows(NullPointerException.class, () -> adm.setDetectorSettings(null));
            adm.close();
            assertEquals(AdmCode.ERR_NOT_INITIALIZED, assertThrows(AdmException.class,
                    () -> adm.setDetectorSettings(DetectorSettings.defaults())).code());
        }
    }

    /** A second-order band-pass (RBJ cookbook, constant 0 dB peak gain). */
    private static final class Biquad {
        private final double b0;
        private final double b2;
        private final double a1;
        private final double a2;
        private double x1;
        private double x2;
        private double y1;
        private double y2;

        private Biquad(double b0, double b2, double a1, double a2) {
            this.b0 = b0;
            this.b2 = b2;
            this.a1 = a1;
            this.a2 = a2;
        }

        static Biquad bandpass(double frequency, double q, double rate) {
            double w = 2 * Math.PI * frequency / rate;
            double alpha = Math.sin(w) / (2 * q);
            double a0 = 1 + alpha;
            return new Biquad(alpha / a0, -alpha / a0, -2 * Math.cos(w) / a0, (1 - alpha) / a0);
        }

        double filter(double x) {
            double y = b0 * x + b2 * x2 - a1 * y1 - a2 * y2;
            x2 = x1;
            x1 = x;
            y2 = y1;
            y1 = y;
            return y;
        }
    }
}
