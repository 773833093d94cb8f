package dev.admbridge.analysis;

import static dev.admbridge.analysis.TestSignals.*;

import dev.admbridge.AdmCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The detectors' test set (issues #6 and #16), generated once per test run into target/detector-set/ as
 * 16-bit stereo WAV files at 48 kHz: closed feedback loops above the maximum stable gain (positives for
 * howling), in full-range rooms and in tweeter rooms that howl above 8 kHz, loops whose room changes while
 * they howl (the howl jumps to another frequency), and loops below it; speech (espeak-ng), notes, chords,
 * sweeps, DTMF, noise, steady and keyed test tones (negatives for everything); digital silence and quiet
 * speech (positives for 1019 and 1031). Speech cases exist only when espeak-ng does.
 */
final class DetectorSet {
    /** Where the loops close (their gain goes from 0 to the case's margin). */
    static final double CLOSE_AT = 1.0;
    /** Where the room of a jumping loop changes. */
    static final double JUMP_AT = 2.5;
    static final Path DIR = Path.of("target", "detector-set");

    /**
     * One recording of the set.
     *
     * @param expected the code it must raise, null for a negative (it must raise nothing)
     * @param onsetSeconds when the condition began (howling: the onset of the loop; a jumping howl: when its
     *     new frequency became stronger than the old one; silence and low level: where the silence or the quiet
     *     part starts)
     * @param closeSeconds loops: when the loop closed (a jumping howl: when its room changed); else -1
     * @param hz unstable loops: the howl's frequency, its strongest component over the last 0.5 s; else 0
     * @param firstHz jumping howls: the frequency before the jump; else 0
     */
    record Case(String name, String family, Path wav, AdmCode expected, double onsetSeconds, double closeSeconds,
            double hz, double firstHz) {

        Case(String name, String family, Path wav, AdmCode expected, double onsetSeconds, double closeSeconds) {
            this(name, family, wav, expected, onsetSeconds, closeSeconds, 0, 0);
        }

        boolean howls() {
            return family.startsWith("howling") || family.equals("jumping howl");
        }
    }

    private static List<Case> cases;

    private DetectorSet() {}

    static synchronized List<Case> cases() throws Exception {
        if (cases == null) {
            cases = generate();
        }
        return cases;
    }

    private static List<Case> generate() throws Exception {
        boolean speech = espeakAvailable();
        float[] talker = speech ? toActiveLevel(concat(
                speech("en-us", 160, "The quick brown fox jumps over the lazy dog. Please hold the line."),
                speech("en-us", 160, "Your call is important to us, and we will be with you shortly.")), -25) : null;
        float[] noise = whiteNoise(4, -30, 1);
        List<Callable<Case>> jobs = new ArrayList<>();
        for (double margin : new double[] {1, 3, 6, -3, -6}) {
            for (long room : new long[] {1, 2}) {
                for (boolean byNoise : new boolean[] {true, false}) {
                    if (!byNoise && !speech) {
                        continue;
                    }
                    String name = String.format("loop %+.0f dB room %d %s", margin, room, byNoise ? "noise" : "speech");
                    float[] excitation = byNoise ? noise : java.util.Arrays.copyOf(talker, (int) (4 * RATE));
                    jobs.add(() -> loopCase(name, "howling", excitation, fullRange(room), margin));
                }
            }
        }
        // Tweeter rooms (7-14 kHz): loops that howl above the decimated band (8 kHz and up).
        for (double margin : new double[] {1, 3, 6, -3}) {
            for (long room : new long[] {3, 4}) {
                for (boolean byNoise : new boolean[] {true, false}) {
                    if (!byNoise && (!speech || margin < 0)) {
                        continue;
                    }
                    String name = String.format("loop %+.0f dB tweeter %d %s", margin, room, byNoise ? "noise" : "speech");
                    float[] excitation = byNoise ? noise : java.util.Arrays.copyOf(talker, (int) (4 * RATE));
                    jobs.add(() -> loopCase(name, "howling above 8 kHz", excitation, tweeter(room), margin));
                }
            }
        }
        // Howls that jump: the room changes at JUMP_AT (+3 dB in both rooms), the howl moves to the new room's
        // mode, and must be reported again at its new frequency.
        float[] longNoise = whiteNoise(4.5, -30, 2);
        jobs.add(() -> jumpCase("jump room 1 -> room 2 noise", longNoise, fullRange(1), fullRange(2)));
        jobs.add(() -> jumpCase("jump room 2 -> tweeter 3 noise", longNoise, fullRange(2), tweeter(3)));
        jobs.add(() -> jumpCase("jump tweeter 4 -> room 2 noise", longNoise, tweeter(4), fullRange(2)));
        jobs.add(() -> jumpCase("jump tweeter 3 -> tweeter 4 noise", longNoise, tweeter(3), tweeter(4)));
        if (speech) {
            float[] longTalker = java.util.Arrays.copyOf(concat(talker, talker), (int) (4.5 * RATE));
            jobs.add(() -> jumpCase("jump room 2 -> room 1 speech", longTalker, fullRange(2), fullRange(1)));
        }
        if (speech) {
            float[] male = toActiveLevel(speech("en-us", 170, "A howling microphone is a common problem in "
                    + "conference rooms. A good detector stays quiet while people talk, sing or play music."), -20);
            float[] female = toActiveLevel(speech("en+f3", 120, "Good morning everyone. Let us start the "
                    + "meeting with a short review of last week, then plan the release."), -20);
            float[] german = toActiveLevel(speech("de", 150, "Guten Tag. Die Rückkopplung entsteht, wenn das "
                    + "Mikrofon den Lautsprecher hört und die Schleife instabil wird."), -20);
            jobs.add(() -> write("speech en-us", "speech", male, null, -1, -1));
            jobs.add(() -> write("speech en female slow", "speech", female, null, -1, -1));
            jobs.add(() -> write("speech de", "speech", german, null, -1, -1));
            jobs.add(() -> write("quiet speech -60 dBFS", "level", toActiveLevel(male, -60),
                    AdmCode.WARN_ADM_RECORD_AUDIO_LOWLEVEL, 0, -1));
            float[] gap = concat(java.util.Arrays.copyOf(male, (int) (2 * RATE)), silence(3),
                    java.util.Arrays.copyOfRange(male, (int) (2 * RATE), (int) (4 * RATE)));
            jobs.add(() -> write("speech with 3 s of digital silence", "level", gap,
                    AdmCode.WARN_ADM_RECORD_AUDIO_SILENCE, 2, -1));
        }
        jobs.add(() -> write("digital silence", "level", silence(4), AdmCode.WARN_ADM_RECORD_AUDIO_SILENCE, 0, -1));
        jobs.add(() -> write("quiet pink noise -60 dBFS", "level", pinkNoise(5, -60, 9),
                AdmCode.WARN_ADM_RECORD_AUDIO_LOWLEVEL, 0, -1));
        jobs.add(() -> write("note A2 (8 partials)", "music", note(4, 110, -12, 8), null, -1, -1));
        jobs.add(() -> write("note A4 (8 partials)", "music", note(4, 440, -12, 8), null, -1, -1));
        jobs.add(() -> write("note E5 (3 partials)", "music", note(4, 660, -12, 3), null, -1, -1));
        jobs.add(() -> write("sustained note C4 (8 s)", "music", note(8, 261.63, -10, 10), null, -1, -1));
        jobs.add(() -> write("chord C major", "music",
                mix(note(4, 261.63, -18, 8), note(4, 329.63, -18, 8), note(4, 392.0, -18, 8)), null, -1, -1));
        jobs.add(() -> write("chord A minor 7", "music", mix(note(4, 220, -20, 8), note(4, 261.63, -20, 8),
                note(4, 329.63, -20, 8), note(4, 392.0, -20, 8)), null, -1, -1));
        jobs.add(() -> {
            double[] melody = {261.63, 293.66, 329.63, 349.23, 392.0, 440.0, 493.88, 523.25};
            List<float[]> notes = new ArrayList<>();
            for (double f : melody) {
                notes.add(note(0.4, f, -14, 8));
            }
            return write("melody (0.4 s notes)", "music", concat(notes.toArray(new float[0][])), null, -1, -1);
        });
        jobs.add(() -> write("log sweep 100 Hz - 8 kHz, 3 s", "sweep", logSweep(3, 100, 8000, -6), null, -1, -1));
        jobs.add(() -> write("log sweep 20 Hz - 20 kHz, 10 s", "sweep", logSweep(10, 20, 20000, -6), null, -1, -1));
        jobs.add(() -> write("linear sweep 200 Hz - 6 kHz, 5 s", "sweep", linearSweep(5, 200, 6000, -6), null, -1, -1));
        jobs.add(() -> write("DTMF 16 digits, 100 ms", "DTMF", dtmf("0123456789*#ABCD", 0.1, 0.1, -10), null, -1, -1));
        jobs.add(() -> write("DTMF 4 digits, 200 ms", "DTMF", dtmf("147*", 0.2, 0.1, -10), null, -1, -1));
        jobs.add(() -> write("white noise -20 dBFS", "noise", whiteNoise(4, -20, 5), null, -1, -1));
        jobs.add(() -> write("pink noise -20 dBFS", "noise", pinkNoise(4, -20, 6), null, -1, -1));
        // Test tones (issue #16): they start at their level, as `adm tone` and level checks play them.
        double[][] tones = {{1000, -12}, {1000, 0}, {1000, -50}, {100, -6}, {440, -20}, {3150, -30}, {8000, -12},
            {12000, -12}, {18000, -20}};
        for (double[] t : tones) {
            String name = String.format(Locale.ROOT, "tone %s %.0f dBFS", hz(t[0]), t[1]);
            jobs.add(() -> write(name, "test tone", concat(silence(0.5), sine(4, t[0], t[1])), null, -1, -1));
        }
        jobs.add(() -> write("tone 1 kHz -30 dBFS in pink noise -45 dBFS", "test tone",
                mix(concat(silence(1), sine(3, 1000, -30)), pinkNoise(4, -45, 8)), null, -1, -1));
        jobs.add(() -> write("beeps 1 kHz -12 dBFS, 250 ms every 300 ms", "test tone", keyed(1000, -12, 0.25, 0.05, 13),
                null, -1, -1));
        jobs.add(() -> write("beeps 4 kHz -6 dBFS, 100 ms every 200 ms", "test tone", keyed(4000, -6, 0.1, 0.1, 20),
                null, -1, -1));
        jobs.add(() -> write("beeps 12 kHz -12 dBFS, 200 ms every 300 ms", "test tone", keyed(12000, -12, 0.2, 0.1, 13),
                null, -1, -1));
        jobs.add(() -> write("keyed 1 kHz -12 dBFS, 1 s every 1.5 s", "test tone", keyed(1000, -12, 1, 0.5, 3), null,
                -1, -1));
        jobs.add(() -> {
            List<float[]> steps = new ArrayList<>();
            for (double db = -40; db <= 0; db += 10) {
                steps.add(sine(1, 1000, db));
            }
            return write("levels 1 kHz -40 to 0 dBFS, 10 dB steps of 1 s", "test tone",
                    concat(steps.toArray(new float[0][])), null, -1, -1);
        });

        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
        try {
            List<Future<Case>> futures = pool.invokeAll(jobs);
            List<Case> out = new ArrayList<>();
            for (Future<Case> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }

    private static double[] fullRange(long seed) {
        return room((int) (0.04 * RATE), 0.1, seed);
    }

    private static double[] tweeter(long seed) {
        return room((int) (0.04 * RATE), 0.1, seed, 7000, 14000);
    }

    private static String hz(double hz) {
        return hz < 1000 ? String.format(Locale.ROOT, "%.0f Hz", hz)
                : java.math.BigDecimal.valueOf(hz / 1000).stripTrailingZeros().toPlainString() + " kHz";
    }

    /** A loop closed at CLOSE_AT; above the maximum stable gain it howls at its strongest frequency at the end. */
    private static Case loopCase(String name, String family, float[] excitation, double[] room, double margin)
            throws Exception {
        Loop loop = feedbackLoop(excitation, List.of(new Stretch(room, margin, CLOSE_AT)));
        double end = excitation.length / RATE;
        return write(name, margin > 0 ? family : "stable loop", loop.mic(), margin > 0 ? AdmCode.WARN_ADM_HOWLING : null,
                loop.onsetSeconds(), CLOSE_AT, margin > 0 ? dominantHz(loop.mic(), end, 0.5) : 0, 0);
    }

    /**
     * A loop that howls in one room, then in another from JUMP_AT: its onset is the first 10 ms step where the
     * new frequency (the strongest over the last 0.5 s) is stronger at the microphone (50 ms) than the old one
     * (the strongest over the 0.5 s before the jump).
     */
    private static Case jumpCase(String name, float[] excitation, double[] from, double[] to) throws Exception {
        Loop loop = feedbackLoop(excitation, List.of(new Stretch(from, 3, CLOSE_AT), new Stretch(to, 3, JUMP_AT)));
        double end = excitation.length / RATE;
        double first = dominantHz(loop.mic(), JUMP_AT, 0.5);
        double second = dominantHz(loop.mic(), end, 0.5);
        double onset = -1;
        for (double t = JUMP_AT; t < end && onset < 0; t += 0.01) {
            if (levelAt(loop.mic(), t, 0.05, second) > levelAt(loop.mic(), t, 0.05, first)) {
                onset = t;
            }
        }
        return write(name, "jumping howl", loop.mic(), AdmCode.WARN_ADM_HOWLING, onset, JUMP_AT, second, first);
    }

    private static Case write(String name, String family, float[] mono, AdmCode expected, double onset, double close)
            throws Exception {
        return write(name, family, mono, expected, onset, close, 0, 0);
    }

    private static Case write(String name, String family, float[] mono, AdmCode expected, double onset, double close,
            double hz, double firstHz) throws Exception {
        Path wav = DIR.resolve(name.replaceAll("[^A-Za-z0-9+-]+", "_") + ".wav");
        writeWav(wav, mono);
        return new Case(name, family, wav, expected, onset, close, hz, firstHz);
    }
}
