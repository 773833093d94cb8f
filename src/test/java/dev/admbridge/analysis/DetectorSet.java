package dev.admbridge.analysis;

import static dev.admbridge.analysis.TestSignals.*;

import dev.admbridge.AdmCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The detectors' test set (issue #6), generated once per test run into target/detector-set/ as 16-bit
 * stereo WAV files at 48 kHz: closed feedback loops above the maximum stable gain (positives for howling)
 * and below it, speech (espeak-ng), notes, chords, sweeps, DTMF, noise (negatives for everything), digital
 * silence and quiet speech (positives for 1019 and 1031). Speech cases exist only when espeak-ng does.
 */
final class DetectorSet {
    /** Where the loops close (their gain goes from 0 to the case's margin). */
    static final double CLOSE_AT = 1.0;
    static final Path DIR = Path.of("target", "detector-set");

    /**
     * One recording of the set.
     *
     * @param expected the code it must raise, null for a negative (it must raise nothing)
     * @param onsetSeconds when the condition began (howling: the onset of the loop; silence and low level:
     *     where the silence or the quiet part starts)
     * @param closeSeconds loops: when the loop closed; else -1
     */
    record Case(String name, String family, Path wav, AdmCode expected, double onsetSeconds, double closeSeconds) {}

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
                    jobs.add(() -> {
                        Loop loop = feedbackLoop(excitation, margin, CLOSE_AT, room);
                        return write(name, margin > 0 ? "howling" : "stable loop", loop.mic(),
                                margin > 0 ? AdmCode.WARN_ADM_HOWLING : null, loop.onsetSeconds(), CLOSE_AT);
                    });
                }
            }
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

    private static Case write(String name, String family, float[] mono, AdmCode expected, double onset, double close)
            throws Exception {
        Path wav = DIR.resolve(name.replaceAll("[^A-Za-z0-9+-]+", "_") + ".wav");
        writeWav(wav, mono);
        return new Case(name, family, wav, expected, onset, close);
    }
}
