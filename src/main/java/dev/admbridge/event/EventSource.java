package dev.admbridge.event;

import java.nio.ByteBuffer;

/**
 * Where a dispatcher gets its records: a module's native event hub ({@link NativeEventSource}), or a
 * benchmark's baseline queue. Only the dispatcher thread calls it, except {@link #wake()}.
 */
public interface EventSource extends AutoCloseable {
    /** Copies up to {@code capacityRecords} records to {@code dest} from index 0; returns how many. */
    int drain(ByteBuffer dest, int capacityRecords);

    /** Waits until a record is readable, {@link #wake()} is called, or the timeout passes. */
    void await(long timeoutNanos);

    /** Wakes the dispatcher; remembered if it is not waiting yet. Any thread. */
    void wake();

    /** Records lost to a full ring since the last call. */
    long takeDropped();

    /** The text kept under message id {@code id}, "" when none. */
    String takeMessage(long id);

    /** The backend's (PortAudio's) text for one of its error numbers, as events carry it; "" for 0. */
    String backendErrorText(int backendError);

    /** Releases the source. Idempotent. */
    @Override
    void close();
}
