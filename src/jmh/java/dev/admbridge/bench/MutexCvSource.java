package dev.admbridge.bench;

import dev.admbridge.event.EventSource;
import java.nio.ByteBuffer;

/** Baseline (b) behind the product's own dispatcher: only the queue and its wake-up differ. */
final class MutexCvSource implements EventSource {
    final long queue = Baselines.mutexCreate(4096);
    private boolean closed;

    @Override
    public int drain(ByteBuffer dest, int capacityRecords) {
        return Baselines.mutexDrain(queue, dest, capacityRecords);
    }

    @Override
    public void await(long timeoutNanos) {
        Baselines.mutexAwait(queue, timeoutNanos);
    }

    @Override
    public void wake() {
        if (!closed) {
            Baselines.mutexWake(queue);
        }
    }

    @Override
    public long takeDropped() {
        return 0;  // the producer retries when full
    }

    @Override
    public String takeMessage(long id) {
        return "";
    }

    @Override
    public String backendErrorText(int backendError) {
        return "";  // its records carry no backend error
    }

    @Override
    public void close() {
        // freed in the benchmark's tear-down, after the dispatcher thread is gone
        closed = true;
    }
}
