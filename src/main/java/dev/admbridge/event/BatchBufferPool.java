package dev.admbridge.event;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dispatchers' batch buffers, handed from a dispatcher that ended to the next one. Each is a direct buffer of
 * {@link EventDispatcher#BATCH_RECORDS} records (16 KB, native memory); one allocated per dispatcher stayed
 * allocated until a garbage collection found it unreachable, which a program that allocates little on the Java
 * heap may not run for thousands of modules: the listener soak held up to 32 MB of them, and the C heap they
 * fragmented stayed grown (docs/benchmarks.md). Kept: a few, for the dispatchers of modules opened one after
 * another; more run at once allocate their own.
 */
final class BatchBufferPool {
    /** Buffers kept for reuse at most. */
    static final int KEPT = 4;

    private static final ConcurrentLinkedQueue<ByteBuffer> FREE = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger FREE_COUNT = new AtomicInteger();

    private BatchBufferPool() {}

    /** A buffer for one dispatcher's batches: a kept one, cleared, or a new one. */
    static ByteBuffer take() {
        ByteBuffer kept = FREE.poll();
        if (kept == null) {
            return NativeEventSource.recordBuffer(EventDispatcher.BATCH_RECORDS);
        }
        FREE_COUNT.decrementAndGet();
        return kept.clear();
    }

    /** Gives back a buffer that {@link #take()} returned and that nobody uses any longer. */
    static void give(ByteBuffer buffer) {
        if (FREE_COUNT.incrementAndGet() <= KEPT) {
            FREE.offer(buffer);
        } else {
            FREE_COUNT.decrementAndGet();  // enough kept: this one goes with the next collection
        }
    }

    /** Buffers kept now (tests). */
    static int kept() {
        return FREE_COUNT.get();
    }
}
