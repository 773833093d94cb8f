package dev.admbridge.loopback;

import dev.admbridge.AdmEvent;
import dev.admbridge.AdmException;
import dev.admbridge.AdmEventListener;
import dev.admbridge.AudioDeviceModule;
import dev.admbridge.AudioStream;
import dev.admbridge.StreamConfig;
import dev.admbridge.StreamStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The loopback measurement (what {@code adm loopback} runs): plays a short logarithmic sweep a number of
 * times, captures it back over the loopback path, and reports the round-trip latency (median and spread),
 * dropouts, signal-to-noise ratio, levels and every event heard. The PCM path runs in Java, as an
 * application's would.
 *
 * <p>Round trip = the frame at which a sweep comes back in the capture stream minus the frame at which it
 * was played in the playout stream, both counted on one timeline. Streams of one JACK client run in the
 * same cycles, so their frame counters differ by a constant: read while no callback runs (both counters
 * steady, both latest callbacks in the same cycle), their difference puts both streams on one timeline,
 * whatever xruns happened before. Where the streams are not of one client (two ALSA devices), the times of
 * their first callbacks give the difference instead, to within a buffer.
 */
public final class LoopbackMeasurement {
    private static final double LEAD_SECONDS = 0.3;
    private static final double PERIOD_SECONDS = 0.5;
    private static final double SWEEP_SECONDS = 0.05;
    private static final double TAIL_SECONDS = 0.6;
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(3);

    private LoopbackMeasurement() {}

    /**
     * Measures on an open module, opening and closing its own playout and capture streams.
     *
     * @param progress told what is happening, for a person watching (e.g. "sweep 3 of 5")
     * @throws dev.admbridge.AdmException when a stream cannot be opened or started (the codes of
     *     {@link AudioDeviceModule#initPlayout(StreamConfig)} and its siblings)
     */
    public static LoopbackReport run(AudioDeviceModule adm, LoopbackOptions options, Consumer<String> progress)
            throws InterruptedException {
        Objects.requireNonNull(adm, "adm");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(progress, "progress");
        double rate = options.sampleRate();
        int lead = (int) (LEAD_SECONDS * rate);
        int period = (int) (PERIOD_SECONDS * rate);
        int total = lead + options.repeats() * period + (int) (TAIL_SECONDS * rate);
        float[] sweep = SweepSignal.sweep(rate, (int) (SWEEP_SECONDS * rate), Math.pow(10, options.levelDbfs() / 20));

        List<String> events = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger dropouts = new AtomicInteger();
        // Glitches while the streams start (the lead-in) are listed, but only later ones are dropouts.
        java.util.concurrent.atomic.AtomicLong measuring = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
        AdmEventListener listener = new AdmEventListener() {
            @Override
            public void onError(AdmEvent event) {
                events.add(describe(event));
            }

            @Override
            public void onWarning(AdmEvent event) {
                events.add(describe(event));
                boolean glitch = event.code() == dev.admbridge.AdmCode.WARN_ADM_RUNTIME_PLAYOUT_WARNING
                        || event.code() == dev.admbridge.AdmCode.WARN_ADM_RUNTIME_RECORDING_WARNING;
                if (glitch && event.lastNanos() >= measuring.get()) {
                    dropouts.addAndGet(event.count());
                }
            }
        };
        adm.addListener(listener);
        StreamConfig.Builder config = StreamConfig.builder().sampleRate(rate).framesPerBuffer(options.framesPerBuffer())
                .channels(1);
        if (options.device() != null) {
            config.device(options.device());
        }
        float[] captured = new float[total + period];
        AtomicInteger capturedFrames = new AtomicInteger();
        List<String> problems = new ArrayList<>();
        StreamStats playStats;
        Duration reported;
        long offset;
        String playoutDevice;
        String captureDevice;
        try (AudioStream capture = options.path() == LoopbackOptions.Path.LOOPBACK
                        ? adm.initLoopback(config.build()) : adm.initRecording(config.build());
                // Without a device named, play on the device captured from: the loop the user means.
                AudioStream playout = adm.initPlayout(options.device() != null ? config.build()
                        : config.device(capture.device()).build())) {
            playoutDevice = playout.device().name();
            captureDevice = capture.device().name();
            capture.setConsumer((pcm, frames) -> {
                int at = capturedFrames.get();
                int n = Math.min(frames, captured.length - at);
                pcm.asFloatBuffer().get(captured, at, n);
                capturedFrames.addAndGet(n);
            });
            capture.start();  // first, so that loopback wiring includes the playout when it starts
            playout.start();
            progress.accept(String.format(Locale.ROOT, "playing %d sweeps on \"%s\", capturing from \"%s\" (%s)",
                    options.repeats(), playoutDevice, captureDevice, options.path().name().toLowerCase(Locale.ROOT)));
            float[] block = new float[period];
            write(playout, new float[lead]);
            offset = FrameAlignment.captureMinusPlayout(playout, capture);
            measuring.set(System.nanoTime());
            for (int k = 0; k < options.repeats(); k++) {
                java.util.Arrays.fill(block, 0);
                System.arraycopy(sweep, 0, block, 0, sweep.length);
                write(playout, block);
                progress.accept(String.format(Locale.ROOT, "sweep %d of %d", k + 1, options.repeats()));
            }
            write(playout, new float[total - lead - options.repeats() * period]);
            // Keep the playout fed while the capture catches up: running dry now is not a late application.
            float[] silence = new float[options.framesPerBuffer()];
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (capturedFrames.get() < captured.length && System.nanoTime() < deadline) {
                playout.write(silence, 0, silence.length, Duration.ofMillis(10));
            }
            playStats = playout.stats();
            reported = playout.latency().plus(capture.latency());
            capture.setConsumer(null);
        } finally {
            adm.removeListener(listener);
        }
        if (playStats.lateFrames() > 0) {
            problems.add("the playout ran out of audio (" + playStats.lateFrames() + " frames of silence inserted)");
        }
        List<Integer> latencies = new ArrayList<>();
        double residual = 0;
        double signal = 0;
        double gain = 0;
        boolean exact = true;
        double peak = 0;
        double squares = 0;
        int measured = 0;
        for (int k = 0; k < options.repeats(); k++) {
            long played = playStats.firstPcmFrame() + lead + (long) k * period + offset;
            int found = SweepSignal.bestLag(captured, capturedFrames.get(), sweep, (int) played, (int) played + period / 2);
            if (found < 0) {
                problems.add("sweep " + (k + 1) + " did not come back");
                continue;
            }
            latencies.add((int) (found - played));
            double[] fit = SweepSignal.fit(captured, found, sweep);
            gain += fit[0];
            residual += fit[1];
            signal += fit[2];
            for (int i = 0; i < sweep.length; i++) {
                float x = captured[found + i];
                exact &= x == sweep[i];
                peak = Math.max(peak, Math.abs(x));
                squares += x * (double) x;
                measured++;
            }
        }
        if (dropouts.get() > 0) {
            problems.add(dropouts.get() + " dropout(s) during the measurement");
        }
        return report(options, playoutDevice, captureDevice, latencies, reported.toNanos() / 1e6, dropouts.get(),
                exact, residual, signal,
                latencies.isEmpty() ? 0 : gain / latencies.size(), peak, measured == 0 ? 0 : Math.sqrt(squares / measured),
                List.copyOf(events), problems);
    }

    /**
     * Plays all of {@code frames}.
     *
     * @throws AdmException {@link dev.admbridge.AdmCode#ERR_ADM_RUNTIME_PLAYOUT_ERROR} if the playout failed, or
     *     took nothing for {@link #WRITE_TIMEOUT} (a device that does not run)
     */
    private static void write(AudioStream playout, float[] frames) {
        for (int written = 0; written < frames.length; ) {
            int now = playout.write(frames, written, frames.length - written, WRITE_TIMEOUT);  // throws once failed
            if (now == 0) {
                throw new AdmException(dev.admbridge.AdmCode.ERR_ADM_RUNTIME_PLAYOUT_ERROR, "the playout on "
                        + playout.device().name() + " took no audio for " + WRITE_TIMEOUT.toMillis()
                        + " ms: the device does not run (" + playout.stats() + ")");
            }
            written += now;
        }
    }

    private static LoopbackReport report(LoopbackOptions options, String playoutDevice, String captureDevice,
            List<Integer> latencies, double reportedMs, int dropouts, boolean exact, double residual, double signal, double gain, double peak,
            double rms, List<String> events, List<String> problems) {
        double msPerFrame = 1000 / options.sampleRate();
        List<Integer> sorted = latencies.stream().sorted().toList();
        double median = sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2) * msPerFrame;
        double mean = latencies.stream().mapToInt(Integer::intValue).average().orElse(Double.NaN);
        double variance = latencies.stream().mapToDouble(l -> (l - mean) * (l - mean)).average().orElse(Double.NaN);
        boolean bitExact = exact && !latencies.isEmpty();
        double snr = bitExact || residual == 0 ? 200 : Math.min(200, SweepSignal.db(signal / residual));
        return new LoopbackReport(options, playoutDevice, captureDevice, List.copyOf(latencies), median,
                sorted.isEmpty() ? Double.NaN : sorted.get(0) * msPerFrame,
                sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1) * msPerFrame,
                Math.sqrt(variance) * msPerFrame, reportedMs, dropouts, latencies.isEmpty() ? Double.NaN : snr, bitExact,
                latencies.isEmpty() ? Double.NaN : 20 * Math.log10(Math.abs(gain)),
                20 * Math.log10(peak), 20 * Math.log10(rms), events, List.copyOf(problems));
    }

    private static String describe(AdmEvent event) {
        return event.code() + " x" + event.count() + " on " + event.stream().name().toLowerCase(Locale.ROOT)
                + (event.message().isEmpty() ? "" : ": " + event.message());
    }
}
