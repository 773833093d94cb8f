package dev.admbridge.bench;

import dev.admbridge.RealtimeCallback;
import java.nio.FloatBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * AudioPathRun's timeline through two realtime callbacks (issue 14, item 3): the playout's plays the sweeps, the
 * loopback's keeps what comes back; with a biquad, each also runs a low-pass biquad over its block, as a small
 * effect would. Nothing is allocated per period.
 */
final class CallbackRun {
    private final float[] sweep;
    private final int lead;
    private final int period;
    private final int repeats;
    private final float[] captured;
    private final boolean biquad;
    private final AtomicLong played = new AtomicLong();

    CallbackRun(float[] sweep, int lead, int period, int repeats, float[] captured, boolean biquad) {
        this.sweep = sweep;
        this.lead = lead;
        this.period = period;
        this.repeats = repeats;
        this.captured = captured;
        this.biquad = biquad;
    }

    /** The playout's callback: frame t of the timeline is silence, or the sweep of its period. */
    RealtimeCallback player() {
        Biquad filter = new Biquad();
        float[] scratch = new float[16384];
        return block -> {
            FloatBuffer out = block.floats();
            long start = played.get();
            int frames = block.frames();
            for (int i = 0; i < frames; i++) {
                long t = start + i - lead;
                out.put(i, AudioPathRun.timeline(sweep, period, repeats, t));
            }
            if (biquad) {
                filter.process(out, scratch, frames);
            }
            played.set(start + frames);
        };
    }

    /** The loopback's callback: what it captures goes to `captured`, from its first frame on. */
    RealtimeCallback capturer(AtomicInteger capturedFrames) {
        Biquad filter = new Biquad();
        float[] scratch = new float[16384];
        return block -> {
            FloatBuffer in = block.floats();
            int at = capturedFrames.get();
            int n = Math.min(block.frames(), captured.length - at);
            in.get(0, captured, at, n);
            if (biquad) {
                filter.process(in, scratch, block.frames());
            }
            capturedFrames.set(at + n);
        };
    }

    /** Waits until the playout's callback has played `frames` frames of the timeline. */
    void awaitPlayed(long frames) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L + (long) (frames / 48000.0 * 1e9);
        while (played.get() < frames) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the playout's callback played " + played.get() + " of " + frames);
            }
            // Asleep until the frames should be there (a poll would cost the row a wake per poll, which no
            // application waiting for its audio pays).
            Thread.sleep(Math.max(1, Math.min(500, (long) ((frames - played.get()) / 48000.0 * 1000))));
        }
    }

    /** A second-order low-pass at 2 kHz for 48 kHz (RBJ cookbook, Q 0.707), direct form I. */
    static final class Biquad {
        private static final double W = 2 * Math.PI * 2000 / 48000;
        private static final double ALPHA = Math.sin(W) / (2 * 0.707);
        private static final double A0 = 1 + ALPHA;
        private static final float B0 = (float) ((1 - Math.cos(W)) / 2 / A0);
        private static final float B1 = (float) ((1 - Math.cos(W)) / A0);
        private static final float B2 = B0;
        private static final float A1 = (float) (-2 * Math.cos(W) / A0);
        private static final float A2 = (float) ((1 - ALPHA) / A0);
        private float x1;
        private float x2;
        private float y1;
        private float y2;

        void process(FloatBuffer in, float[] out, int frames) {
            for (int i = 0; i < frames; i++) {
                float x = in.get(i);
                float y = B0 * x + B1 * x1 + B2 * x2 - A1 * y1 - A2 * y2;
                x2 = x1;
                x1 = x;
                y2 = y1;
                y1 = y;
                out[i] = y;
            }
        }
    }
}
