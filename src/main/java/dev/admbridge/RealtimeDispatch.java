package dev.admbridge;

import java.util.Optional;

/**
 * What the audio thread calls for a stream's {@link RealtimeCallback}: it prepares the block, runs the callback and
 * catches whatever it throws, so that no exception ever reaches native code. Found by the native side by name
 * ({@code int run(int)}): keep the signature.
 */
final class RealtimeDispatch {
    /** Set while this thread runs a realtime callback: the module refuses control calls from there. */
    private static final ThreadLocal<RealtimeDispatch> RUNNING = new ThreadLocal<>();

    private final RealtimeCallback callback;
    private final AudioBlock block;
    private volatile Throwable failure;

    RealtimeDispatch(RealtimeCallback callback, AudioBlock block) {
        this.callback = callback;
        this.block = block;
    }

    /** The audio thread, once per block: 0 when done, 1 when the callback threw (kept for {@link #failure()}). */
    int run(int frames) {
        RUNNING.set(this);
        try {
            block.prepare(frames);
            callback.process(block);
            return 0;
        } catch (Throwable t) {
            failure = t;
            return 1;
        } finally {
            RUNNING.set(null);
        }
    }

    AudioBlock block() {
        return block;
    }

    /** What the callback last threw, if it did. */
    Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Throws {@link AdmCode#ERR_NOT_SUPPORTED} on a thread that runs a realtime callback: {@code call} would wait for
     * the audio thread it is made from (a stop waits for the callback to end).
     */
    static void refuseInsideCallback(String call) {
        if (RUNNING.get() != null) {
            throw new AdmException(AdmCode.ERR_NOT_SUPPORTED, call + " was called from inside a realtime callback, "
                    + "where it would wait for the audio thread it is called from; call it from another thread");
        }
    }
}
