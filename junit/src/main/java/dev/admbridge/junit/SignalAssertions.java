package dev.admbridge.junit;

import dev.admbridge.AdmCode;
import dev.admbridge.AdmEvent;
import dev.admbridge.AudioDevice;
import dev.admbridge.AudioDeviceModule;
import dev.admbridge.AudioStream;
import dev.admbridge.StreamKind;
import dev.admbridge.loopback.LoopbackMeasurement;
import dev.admbridge.loopback.LoopbackOptions;
import dev.admbridge.loopback.LoopbackReport;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import org.opentest4j.AssertionFailedError;

/**
 * Assertions about what a sound card did: a tone heard at its frequency and level, a loopback round trip within
 * a tolerance, a stream that ran without xruns. Each fails with the figures it measured; the audio it
 * analyzed is attached to the report of a failed test.
 */
public final class SignalAssertions {
    /** The part of a recording's power a tone must carry to count as present: it stands 3 dB above the rest. */
    public static final double MIN_TONE_SHARE = 0.5;

    private SignalAssertions() {}

    /**
     * Asserts that {@code recording} holds a tone at {@code frequencyHz} whose peak level is within
     * {@code toleranceDb} of {@code levelDbfs} (a full-scale sine is 0 dBFS), in its loudest channel, carrying at
     * least {@link #MIN_TONE_SHARE} of the signal's power. Silence before and after the tone is left out; a
     * tone up to 5 Hz off reads its level within 0.02 dB (a flat-top window over 100 ms blocks).
     *
     * @return the level measured, in dBFS
     * @throws AssertionFailedError when the tone is missing, too quiet, too loud, or buried in other signal
     * @throws IllegalArgumentException if the frequency is not above 0 and below half the rate, the level is not
     *     -150 to 0 dBFS, or the tolerance is not above 0
     */
    public static double assertTone(Recording recording, double frequencyHz, double levelDbfs, double toleranceDb) {
        Objects.requireNonNull(recording, "recording");
        if (!(frequencyHz > 0 && frequencyHz < recording.sampleRate() / 2)) {
            throw new IllegalArgumentException("frequency must be above 0 and below " + recording.sampleRate() / 2
                    + " Hz (half the rate), was " + frequencyHz);
        }
        if (!(levelDbfs >= -150 && levelDbfs <= 0)) {
            throw new IllegalArgumentException("level must be -150 to 0 dBFS, was " + levelDbfs);
        }
        if (!(toleranceDb > 0) || Double.isInfinite(toleranceDb)) {
            throw new IllegalArgumentException("tolerance must be above 0 dB, was " + toleranceDb);
        }
        keep(recording);
        ToneAnalysis tone = ToneAnalysis.of(recording, frequencyHz);
        String measured = String.format(Locale.ROOT,
                "%.1f Hz at %.2f dBFS in channel %d, %.0f%% of the power, over %d frames of %s", frequencyHz,
                tone.levelDbfs(), tone.channel(), 100 * tone.share(), tone.analyzedFrames(), recording);
        if (Math.abs(tone.levelDbfs() - levelDbfs) > toleranceDb) {
            throw new AssertionFailedError(String.format(Locale.ROOT, "expected a tone at %.2f +- %.2f dBFS; heard %s",
                    levelDbfs, toleranceDb, measured), levelDbfs, tone.levelDbfs());
        }
        if (tone.share() < MIN_TONE_SHARE) {
            throw new AssertionFailedError("the tone is buried in other signal: " + measured);
        }
        return tone.levelDbfs();
    }

    /**
     * Measures the loopback round trip of {@code card} through {@code adm} (5 sweeps played on its playout
     * device and captured by a loopback stream; the module must have neither stream open) and asserts that every
     * sweep came back, the playout never ran dry, and the median is within {@code tolerance} of {@code expected}.
     * Xruns during the measurement are counted in the result ({@link RoundTrip#dropouts()}) but fail it only
     * through their effect on the figures: assert them with {@link #assertNoXruns}.
     *
     * @return the measurement
     * @throws AssertionFailedError when a sweep was lost, the playout ran dry, or the round trip is off
     */
    public static RoundTrip assertRoundTrip(AudioDeviceModule adm, SoundCard card, Duration expected,
            Duration tolerance) {
        Objects.requireNonNull(adm, "adm");
        Objects.requireNonNull(card, "card");
        requireNotNegative(expected, "expected");
        requireNotNegative(tolerance, "tolerance");
        AudioDevice device = card.playoutDevice(adm);
        LoopbackOptions options = new LoopbackOptions(device.name(), LoopbackOptions.Path.LOOPBACK,
                device.defaultSampleRate(), 256, 5, -6);
        LoopbackReport report;
        try {
            report = LoopbackMeasurement.run(adm, options, line -> {});
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionFailedError("interrupted while measuring the round trip", e);
        }
        double rate = options.sampleRate();
        RoundTrip trip = new RoundTrip(device.name(), report.latencyFrames(), millis(report.medianLatencyMs()),
                millis(report.minLatencyMs()), millis(report.maxLatencyMs()), report.snrDb(), report.dropouts());
        String figures = String.format(Locale.ROOT, "round trip on %s: median %.2f ms (%d frames at %.0f Hz), min %.2f,"
                + " max %.2f ms, SNR %.1f dB, %d of %d sweeps, %d dropout(s); events %s", device.name(),
                report.medianLatencyMs(), report.medianLatencyFrames(), rate, report.minLatencyMs(), report.maxLatencyMs(),
                report.snrDb(), report.latencyFrames().size(), options.repeats(), report.dropouts(), report.events());
        List<String> problems = report.problems().stream().filter(p -> !p.endsWith("dropout(s) during the measurement"))
                .toList();
        if (!problems.isEmpty() || report.latencyFrames().size() != options.repeats()) {
            throw new AssertionFailedError("the loopback measurement was not sound (" + String.join("; ", problems)
                    + "); " + figures);
        }
        Duration off = trip.median().minus(expected).abs();
        if (off.compareTo(tolerance) > 0) {
            throw new AssertionFailedError("expected a round trip of " + expected.toNanos() / 1e6 + " +- "
                    + tolerance.toNanos() / 1e6 + " ms; " + figures, expected, trip.median());
        }
        return trip;
    }

    /**
     * Watches a running stream for {@code window} and asserts that it kept running (callbacks came) and that
     * no xrun was reported: no {@link AdmCode#WARN_ADM_RUNTIME_PLAYOUT_WARNING} (playout) or
     * {@link AdmCode#WARN_ADM_RUNTIME_RECORDING_WARNING} (recording, loopback) reached {@code events} (which must
     * listen to the stream's module) in the window.
     *
     * @throws AssertionFailedError naming each xrun, or when the stream made no progress
     */
    public static void assertNoXruns(AudioStream stream, EventRecorder events, Duration window) {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(events, "events");
        long nanos = EventRecorder.requireTimeout(window);
        if (window.isZero()) {
            throw new IllegalArgumentException("window must be above 0");
        }
        AdmCode xrun = stream.kind() == StreamKind.PLAYOUT ? AdmCode.WARN_ADM_RUNTIME_PLAYOUT_WARNING
                : AdmCode.WARN_ADM_RUNTIME_RECORDING_WARNING;
        long since = System.nanoTime();
        long callbacksBefore = stream.stats().callbacks();
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionFailedError("interrupted while watching " + stream, e);
        }
        long callbacks = stream.stats().callbacks() - callbacksBefore;
        // An xrun of the window reaches the recorder a moment later (the dispatcher thread): give it 100 ms.
        sleepQuietly(Duration.ofMillis(100));
        List<AdmEvent> xruns = events.eventsSince(since).stream()
                .filter(e -> e.kind() == AdmEvent.Kind.WARNING && e.code() == xrun && e.stream() == stream.kind()
                        && e.lastNanos() - since >= 0 && e.firstNanos() - (since + nanos) <= 0)
                .toList();
        if (!xruns.isEmpty()) {
            throw new AssertionFailedError(xruns.stream().mapToInt(AdmEvent::count).sum() + " xrun(s) of " + stream
                    + " in " + window.toMillis() + " ms:\n"
                    + xruns.stream().map(EventRecorder::line).collect(Collectors.joining("\n")));
        }
        if (callbacks == 0) {
            throw new AssertionFailedError(stream + " made no progress in " + window.toMillis() + " ms (no callbacks; "
                    + stream.stats() + ")");
        }
    }

    private static void keep(Recording recording) {
        Evidence.current().ifPresent(evidence -> evidence.add(recording));
    }

    private static Duration millis(double ms) {
        return Double.isFinite(ms) ? Duration.ofNanos(Math.round(ms * 1e6)) : Duration.ZERO;
    }

    private static void requireNotNegative(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + duration);
        }
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
