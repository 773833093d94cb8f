package dev.admbridge.bench;

import java.nio.ByteBuffer;

/**
 * The JNI baselines (native-bench/jni_baselines.cpp, plain JNI, loaded from -Dadm.bench.lib):
 * (a) a per-event upcall into Java, (b) a mutex + condition variable queue.
 */
final class Baselines {
    static {
        System.load(System.getProperty("adm.bench.lib", "target/native/bench/libadmbench_jni.so"));
    }

    private Baselines() {}

    /** The object whose {@code onEvent(long firstNanos, long value)} the upcalls call. */
    static native void upcallTarget(Object target);

    static native void upcall(long value);

    static native void upcallMany(long events);

    /** A native thread attaches, then times each of out.length upcalls (ns), gapNanos apart. */
    static native void upcallCosts(long[] out, long gapNanos);

    /**
     * The realtime callback's upcall: a native thread calls the product's JavaRealtimeProcessor out.length times,
     * gapNanos apart, with {@code dispatch} (a RealtimeDispatch) and its block's {@code buffer}; each call's ns in out.
     */
    static native boolean realtimeUpcallCosts(Object dispatch, java.nio.ByteBuffer buffer, int frames, int bytesPerFrame,
            long[] out, long gapNanos);

    static native long mutexCreate(int capacity);

    static native void mutexDestroy(long queue);

    static native boolean mutexPublish(long queue, long value);

    static native void mutexPublishMany(long queue, long events);

    static native int mutexDrain(long queue, ByteBuffer dest, int capacity);

    static native void mutexAwait(long queue, long timeoutNanos);

    static native void mutexWake(long queue);
}
