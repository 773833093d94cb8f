package dev.admbridge.cli;

import dev.admbridge.AdmEvent;
import dev.admbridge.AdmEventListener;
import dev.admbridge.DeviceChange;
import dev.admbridge.AudioDeviceModule;
import dev.admbridge.AudioStream;
import dev.admbridge.RecoveryPolicy;
import dev.admbridge.SampleFormat;
import dev.admbridge.StreamState;
import dev.admbridge.audio.Levels;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code adm monitor}: live recording level meters and every event, until Ctrl-C. */
@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = "Show the recording level and every ADM event live, until Ctrl-C (or --seconds).")
final class MonitorCommand implements Callable<Integer> {
    @Mixin
    StreamOptions stream;

    @Option(names = "--interval", description = "Meter refresh in milliseconds (default: ${DEFAULT-VALUE}).")
    int intervalMs = 250;

    @Option(names = "--seconds", description = "Stop after this long (default: until Ctrl-C).")
    double seconds;

    @Option(names = "--recover", description = "When the recording's sound server dies, reopen the recording once it"
            + " is back and go on (the recovery policy, docs/devices.md), instead of ending with the error.")
    boolean recover;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (intervalMs < 10) {
            throw new dev.admbridge.AdmException(dev.admbridge.AdmCode.ERR_INVALID_ARGUMENT,
                    "interval must be at least 10 ms, was " + intervalMs);
        }
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(stop::countDown, "adm-monitor-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (AudioDeviceModule adm = AudioDeviceModule.open();
                AudioStream recording = adm.initRecording(stream.config(2, SampleFormat.FLOAT32))) {
            adm.addListener(new AdmEventListener() {
                @Override
                public void onError(AdmEvent event) {
                    line(out, "error   " + event.code() + " on " + event.stream() + ": " + event.message());
                }

                @Override
                public void onWarning(AdmEvent event) {
                    line(out, "warning " + event.code() + " x" + event.count() + " on " + event.stream()
                            + (event.message().isEmpty() ? "" : ": " + event.message()));
                }

                @Override
                public void onStateChanged(AdmEvent event) {
                    line(out, "state   " + event.state() + " on " + event.stream() + stateDetail(event));
                }

                @Override
                public void onDeviceChanged(DeviceChange change) {
                    line(out, "device  " + change.describe());
                }
            });
            if (recover) {
                adm.setRecoveryPolicy(RecoveryPolicy.reopen());
            }
            float[] block = new float[2 * (int) (stream.rate * intervalMs / 1000)];
            recording.start();
            long end = seconds > 0 ? System.nanoTime() + (long) (seconds * 1e9) : Long.MAX_VALUE;
            while (!stop.await(0, TimeUnit.MILLISECONDS) && System.nanoTime() < end) {
                int got = recording.read(block, 0, block.length / 2, Duration.ofMillis(intervalMs * 2L));
                double[] levels = Levels.of(block, got * 2);
                line(out, String.format(Locale.ROOT, "level   peak %6.1f dBFS  rms %6.1f dBFS  %s", levels[0], levels[1],
                        meter(levels[1])));
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the JVM is already shutting down; the module was closed above
            }
        }
        return 0;
    }

    /** What a state event's value says: the tries of a recovery, or how long the stream was away. */
    private static String stateDetail(AdmEvent event) {
        if (event.state() == StreamState.RECOVERING) {
            return event.value() == 0 ? ": reopening it once its server is back" : ": try " + event.value() + " failed";
        }
        if (event.state() == StreamState.FAILED) {
            return event.value() == 0 ? "" : " after " + event.value() + " tries";
        }
        return event.value() == 0 ? "" : String.format(Locale.ROOT, " (after %.0f ms)", event.value() / 1e6);
    }

    private static String meter(double rmsDbfs) {
        int bars = (int) Math.max(0, Math.min(40, (rmsDbfs + 80) / 2));
        return "|" + "#".repeat(bars) + " ".repeat(40 - bars) + "|";
    }

    private static synchronized void line(PrintWriter out, String text) {
        out.println(text);
        out.flush();
    }
}
