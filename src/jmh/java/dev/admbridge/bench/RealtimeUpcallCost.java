package dev.admbridge.bench;

import dev.admbridge.AudioBlock;
import dev.admbridge.RealtimeCallback;
import dev.admbridge.StreamConfig;
import dev.admbridge.StreamKind;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;

/**
 * What one call of a realtime callback costs the audio thread (issue 14, item 3: "the cost of the upcall itself"):
 * a native thread calls the product's JavaRealtimeProcessor (native-bench/jni_baselines.cpp) with the product's
 * dispatch object and block (made here by reflection, as AudioStream makes them), back to back and 1 ms apart;
 * the copy of the block in and out, the JNI call, the dispatch and the callback are in each figure. Callbacks:
 * one that does nothing (the upcall itself), one that copies a block of samples, and the biquad of AudioPathRun.
 *
 * <pre>java -Dadm.bench.lib=target/native/bench/libadmbench_jni.so ... dev.admbridge.bench.RealtimeUpcallCost [CALLS]</pre>
 */
public final class RealtimeUpcallCost {
    private RealtimeUpcallCost() {}

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        float[] source = new float[16384];
        Arrays.fill(source, 0.25f);
        for (int frames : new int[] {64, 128, 256}) {
            CallbackRun.Biquad filter = new CallbackRun.Biquad();
            float[] scratch = new float[16384];
            RealtimeCallback[] callbacks = {
                block -> { },
                block -> block.floats().put(0, source, 0, block.frames()),
                block -> filter.process(block.floats(), scratch, block.frames()),
            };
            String[] names = {"nothing", "copy", "biquad"};
            for (int c = 0; c < callbacks.length; c++) {
                for (long gap : new long[] {0, 1_000_000}) {
                    long[] nanos = measure(callbacks[c], frames, gap == 0 ? calls : Math.min(calls, 10_000), gap);
                    System.out.printf(Locale.ROOT, "ROW upcall callback=%s frames=%d gap_ns=%d n=%d p50=%d p99=%d"
                            + " p99.99=%d max=%d ns%n", names[c], frames, gap, nanos.length, at(nanos, 50),
                            at(nanos, 99), at(nanos, 99.99), nanos[nanos.length - 1]);
                }
            }
        }
    }

    /** Warms up (50,000 calls, so that the JIT compiles the path), then times `calls` calls. */
    private static long[] measure(RealtimeCallback callback, int frames, int calls, long gapNanos) throws Exception {
        StreamConfig config = StreamConfig.builder().channels(1).framesPerBuffer(frames).build();
        Constructor<AudioBlock> newBlock =
                AudioBlock.class.getDeclaredConstructor(StreamKind.class, StreamConfig.class, int.class);
        newBlock.setAccessible(true);
        AudioBlock block = newBlock.newInstance(StreamKind.PLAYOUT, config, frames);
        Method buffer = AudioBlock.class.getDeclaredMethod("buffer");
        buffer.setAccessible(true);
        Constructor<?> newDispatch = Class.forName("dev.admbridge.RealtimeDispatch")
                .getDeclaredConstructor(RealtimeCallback.class, AudioBlock.class);
        newDispatch.setAccessible(true);
        Object dispatch = newDispatch.newInstance(callback, block);
        ByteBuffer memory = (ByteBuffer) buffer.invoke(block);
        if (!Baselines.realtimeUpcallCosts(dispatch, memory, frames, 4, new long[50_000], 0)) {
            throw new IllegalStateException("the realtime processor could not be made or failed");
        }
        long[] nanos = new long[calls];
        if (!Baselines.realtimeUpcallCosts(dispatch, memory, frames, 4, nanos, gapNanos)) {
            throw new IllegalStateException("a call failed");
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static long at(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(p / 100 * (sorted.length - 1)))];
    }
}
