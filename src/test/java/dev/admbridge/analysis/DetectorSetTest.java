package dev.admbridge.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.admbridge.AdmCode;
import dev.admbridge.TestEnvironment;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The offline analyzer over the whole generated test set (DetectorSet), asserting the targets of issue #6:
 * howling detected within 500 ms of onset on every unstable loop, no warning at all on any negative,
 * silence and low level raised where they are. Writes target/detector-set/report.md, the tables of
 * docs/detectors.md. Reproduce: {@code mvn -B -ntp verify -Dtest=DetectorSetTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class DetectorSetTest {
    private static final double HOWLING_TARGET_SECONDS = 0.5;
    private static final Map<DetectorSet.Case, List<Detection>> RESULTS = new LinkedHashMap<>();

    @BeforeAll
    static void analyseTheSet() throws Exception {
        for (DetectorSet.Case c : DetectorSet.cases()) {
            RESULTS.put(c, RecordingAnalyzer.analyze(c.wav(), DetectorSettings.defaults()));
        }
        Files.writeString(DetectorSet.DIR.resolve("report.md"), report());
    }

    @Test
    void shouldHaveEspeakForTheSpeechCases() {
        TestEnvironment.require(TestSignals.espeakAvailable(), "espeak-ng (scripts/install-deps installs it)");
        assertTrue(RESULTS.keySet().stream().anyMatch(c -> c.family().equals("speech")));
    }

    @Test
    void shouldHowlOnlyAboveTheMaximumStableGain() {
        for (DetectorSet.Case c : RESULTS.keySet()) {
            if (c.family().equals("howling")) {
                assertTrue(c.onsetSeconds() > 0, c.name() + " did not howl");
            } else if (c.family().equals("stable loop")) {
                assertTrue(c.onsetSeconds() < 0, c.name() + " howled");
            }
        }
    }

    @Test
    void shouldDetectHowlingWithin500MillisecondsOfOnsetOnEveryUnstableLoop() {
        int loops = 0;
        for (Map.Entry<DetectorSet.Case, List<Detection>> e : RESULTS.entrySet()) {
            DetectorSet.Case c = e.getKey();
            if (!c.family().equals("howling")) {
                continue;
            }
            loops++;
            Detection first = first(e.getValue(), AdmCode.WARN_ADM_HOWLING);
            assertTrue(first != null, c.name() + ": no howling detected");
            double delay = seconds(first) - c.onsetSeconds();
            assertTrue(delay <= HOWLING_TARGET_SECONDS, c.name() + ": detected " + delay + " s after onset");
            assertTrue(seconds(first) > c.closeSeconds(), c.name() + ": detected before the loop closed");
            assertEquals(List.of(AdmCode.WARN_ADM_HOWLING), codes(e.getValue()), c.name());
        }
        assertTrue(loops >= 6, "only " + loops + " unstable loops");
    }

    @Test
    void shouldRaiseNothingOnAnyNegative() {
        List<String> falsePositives = new ArrayList<>();
        int negatives = 0;
        for (Map.Entry<DetectorSet.Case, List<Detection>> e : RESULTS.entrySet()) {
            if (e.getKey().expected() == null) {
                negatives++;
                e.getValue().forEach(d -> falsePositives.add(e.getKey().name() + ": " + d));
            }
        }
        assertTrue(negatives >= 12, "only " + negatives + " negatives");
        assertTrue(falsePositives.isEmpty(), String.join("\n", falsePositives));
    }

    @Test
    void shouldRaiseSilenceAndLowLevelAfterTheirDurations() {
        for (Map.Entry<DetectorSet.Case, List<Detection>> e : RESULTS.entrySet()) {
            DetectorSet.Case c = e.getKey();
            if (!c.family().equals("level")) {
                continue;
            }
            Detection first = first(e.getValue(), c.expected());
            assertTrue(first != null, c.name() + ": " + c.expected() + " not raised");
            double after = c.expected() == AdmCode.WARN_ADM_RECORD_AUDIO_SILENCE ? 2.0 : 3.0;
            assertEquals(after, seconds(first) - c.onsetSeconds(), 0.11, c.name());
            assertEquals(List.of(c.expected()), codes(e.getValue()), c.name());
        }
    }

    @Test
    void shouldClearSilenceWhenSpeechComesBack() {
        RESULTS.entrySet().stream().filter(e -> e.getKey().name().startsWith("speech with"))
                .forEach(e -> {
                    Detection silence = first(e.getValue(), AdmCode.WARN_ADM_RECORD_AUDIO_SILENCE);
                    assertTrue(silence.cleared());
                    assertEquals(3.0, silence.duration().toNanos() / 1e9, 0.2);
                });
    }

    private static Detection first(List<Detection> detections, AdmCode code) {
        return detections.stream().filter(d -> d.code() == code).findFirst().orElse(null);
    }

    private static List<AdmCode> codes(List<Detection> detections) {
        return detections.stream().map(Detection::code).distinct().collect(Collectors.toList());
    }

    private static double seconds(Detection d) {
        return d.time().toNanos() / 1e9;
    }

    /** The tables of docs/detectors.md. */
    static String report() {
        StringBuilder md = new StringBuilder();
        md.append("Positives (detection delay)\n\n");
        md.append("| Case | Code | Onset (s) | Detected (s) | Delay from onset (ms) | Delay from loop closing (ms) | Value |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        RESULTS.forEach((c, detections) -> {
            if (c.expected() == null) {
                return;
            }
            Detection d = first(detections, c.expected());
            md.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %s | %s | %s | %s |%n", c.name(), c.expected().value(),
                    c.onsetSeconds(), d == null ? "none" : String.format(Locale.ROOT, "%.2f", seconds(d)),
                    d == null ? "-" : String.format(Locale.ROOT, "%.0f", 1000 * (seconds(d) - c.onsetSeconds())),
                    d == null || c.closeSeconds() < 0 ? "-"
                            : String.format(Locale.ROOT, "%.0f", 1000 * (seconds(d) - c.closeSeconds())),
                    d == null ? "-" : String.valueOf(d.value())));
        });
        md.append("\nNegatives (false positives)\n\n| Case | Family | Warnings raised |\n|---|---|---|\n");
        RESULTS.forEach((c, detections) -> {
            if (c.expected() != null) {
                return;
            }
            md.append(String.format(Locale.ROOT, "| %s | %s | %s |%n", c.name(), c.family(), detections.isEmpty() ? "0"
                    : detections.stream().map(d -> d.code().value() + " at " + String.format(Locale.ROOT, "%.2f s", seconds(d)))
                            .collect(Collectors.joining(", "))));
        });
        return md.toString();
    }
}
