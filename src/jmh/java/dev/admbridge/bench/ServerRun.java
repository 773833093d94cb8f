package dev.admbridge.bench;

import dev.admbridge.AdmCode;
import dev.admbridge.AdmEvent;
import dev.admbridge.AdmEventListener;
import dev.admbridge.AudioDeviceModule;
import dev.admbridge.AudioStream;
import dev.admbridge.StreamConfig;
import dev.admbridge.StreamStats;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One row of "Sound servers" (docs/servers.md): a playout written from Java and a recording read from Java
 * on the default devices, continuously, for the given time; what the server delivered. Real-time ratio = frames
 * the callbacks carried over the window / (window x rate): 1.000 is a device that keeps time. Xruns are the
 * 1014 / 1016 warnings that are not "the application was late" (counted apart). Callback size = frames per
 * callback, min-max.
 *
 * <pre>java ... dev.admbridge.bench.ServerRun SECONDS LABEL [FRAMES_PER_BUFFER]</pre>
 *
 * Without FRAMES_PER_BUFFER (or 0) the host chooses, and may vary it per callback.
 */
public final class ServerRun {
    private static final int BLOCK = 480;  // 10 ms at 48 kHz, as an application writes

    private ServerRun() {}

    public static void main(String[] args) throws Exception {
        double seconds = Double.parseDouble(args[0]);
        String label = args[1];
        int framesPerBuffer = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        AtomicInteger xrunsOut = new AtomicInteger();
        AtomicInteger xrunsIn = new AtomicInteger();
        AtomicInteger late = new AtomicInteger();
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            adm.setEventCoalescing(Duration.ZERO);
            adm.addListener(new AdmEventListener() {
                @Override
                public void onWarning(AdmEvent event) {
                    if (event.message().contains("application was late")) {
                        late.incrementAndGet();
                    } else if (event.code() == AdmCode.WARN_ADM_RUNTIME_PLAYOUT_WARNING) {
                        xrunsOut.incrementAndGet();
                    } else if (event.code() == AdmCode.WARN_ADM_RUNTIME_RECORDING_WARNING) {
                        xrunsIn.incrementAndGet();
                    }
                }
            });
            StreamConfig config = StreamConfig.builder().sampleRate(48000).channels(2).framesPerBuffer(framesPerBuffer)
                    .build();
            try (AudioStream playout = adm.initPlayout(config); AudioStream recording = adm.initRecording(config)) {
                float[] out = new float[2 * BLOCK];
                float[] in = new float[2 * BLOCK];
                Thread reader = new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted() && recording.isRunning()) {
                        recording.read(in, 0, BLOCK, Duration.ofMillis(100));
                    }
                }, "server-run-reader");
                playout.start();
                recording.start();
                reader.start();
                Thread.sleep(1000);  // past start-up: the window measures the steady state
                StreamStats play0 = playout.stats();
                StreamStats rec0 = recording.stats();
                int xo0 = xrunsOut.get();
                int xi0 = xrunsIn.get();
                int late0 = late.get();
                long start = System.nanoTime();
                long end = start + (long) (seconds * 1e9);
                while (System.nanoTime() < end) {
                    playout.write(out, 0, BLOCK, Duration.ofSeconds(1));
                }
                double window = (System.nanoTime() - start) / 1e9;
                StreamStats play1 = playout.stats();
                StreamStats rec1 = recording.stats();
                reader.interrupt();
                double rate = playout.sampleRate();
                System.out.printf(Locale.ROOT,
                        "%s: %s (%s), %.0f s: real-time ratio playout %.4f recording %.4f; callbacks of %.0f frames"
                                + " (mean) playout, %.0f recording; xruns out %d in %d; app-late %d; latency"
                                + " playout %.1f ms recording %.1f ms%n",
                        label, playout.device().name(), playout.device().hostApi(), window,
                        (play1.frames() - play0.frames()) / (window * rate),
                        (rec1.frames() - rec0.frames()) / (window * rate),
                        (double) (play1.frames() - play0.frames()) / Math.max(1, play1.callbacks() - play0.callbacks()),
                        (double) (rec1.frames() - rec0.frames()) / Math.max(1, rec1.callbacks() - rec0.callbacks()),
                        xrunsOut.get() - xo0, xrunsIn.get() - xi0, late.get() - late0,
                        playout.latency().toNanos() / 1e6, recording.latency().toNanos() / 1e6);
            }
        }
    }
}
