package dev.admbridge;

import dev.admbridge.internal.Durations;
import dev.admbridge.jni.NativeAdm;
import dev.admbridge.jni.NativeLibrary;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.spi.AbstractInterruptibleChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How a stream's PCM moves between the application and its native ring: one thread at a time (the ring has
 * one producer and one consumer; a second caller gets {@link AdmCode#ERR_ALREADY_IN_USE} at once, blocking
 * or not), a blocked call sleeps natively until its frames should have moved, and an interrupt of the
 * waiting thread ends the wait at once, as {@code Selector.select()} does: the call returns what it moved so
 * far and the thread's interrupt status stays set. A thread already interrupted moves what it can and does
 * not wait.
 */
final class PcmTransfer {
    private static final long MIN_WAIT_NANOS = 500_000;  // the ring holds half a second: no need to spin
    private static final long MAX_WAIT_NANOS = 1_000_000_000;  // what one native wait allows
    /** A blocked writer waits until this much room is free (or a quarter of the ring), not just what it needs. */
    private static final double WRITE_SLACK_SECONDS = 0.05;

    private final AudioStream stream;
    private final int kind;
    private final int bytesPerFrame;
    private final double sampleRate;
    private final long minWaitNanos;  // the shortest sleep of a blocked read or write: half a buffer
    private final double nanosPerFrame;
    /** The thread inside a transfer, null when none: the ring's one user at a time. */
    private final AtomicReference<Thread> user = new AtomicReference<>();
    // The user's alone (handed over with `user`):
    private final int[] transferred = new int[1];
    private final int[] generation = new int[1];
    private int ringFrames = -1;  // the ring's size, read on the first wait
    private Interruptor interruptor;

    PcmTransfer(AudioStream stream) {
        this.stream = stream;
        this.kind = stream.kind().nativeValue();
        this.bytesPerFrame = stream.bytesPerFrame();
        this.sampleRate = stream.config().sampleRate();
        int buffer = stream.config().framesPerBuffer() > 0 ? stream.config().framesPerBuffer() : 256;
        this.nanosPerFrame = 1e9 / sampleRate;
        this.minWaitNanos = Math.max(MIN_WAIT_NANOS, (long) (buffer * nanosPerFrame / 2));
    }

    /** The shortest sleep worth its wake: half a buffer. */
    long minWaitNanos() {
        return minWaitNanos;
    }

    double nanosPerFrame() {
        return nanosPerFrame;
    }

    /**
     * Moves up to {@code frames} frames of {@code data} (a float[], short[] or ByteBuffer whose first
     * {@code capacityBytes} bytes may be used) from byte {@code offsetBytes}, waiting up to {@code timeout}.
     */
    int transfer(boolean write, Object data, long capacityBytes, long offsetBytes, int frames, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new AdmException(AdmCode.ERR_INVALID_ARGUMENT, "timeout must not be negative, was " + timeout);
        }
        Thread me = Thread.currentThread();
        if (!user.compareAndSet(null, me)) {
            Thread other = user.get();
            throw new AdmException(AdmCode.ERR_ALREADY_IN_USE, "another thread" + (other != null ? " (" + other.getName()
                    + ")" : "") + " is " + (write ? "writing to " : "reading from ") + stream
                    + "; a stream's audio has one reader or writer at a time");
        }
        try {
            return moveUntil(write, data, capacityBytes, offsetBytes, frames,
                    System.nanoTime() + Durations.saturatedNanos(timeout, Long.MAX_VALUE / 4));
        } finally {
            user.set(null);
        }
    }

    private int moveUntil(boolean write, Object data, long capacityBytes, long offsetBytes, int frames, long deadline) {
        int done = 0;
        for (;;) {
            long handle = stream.requireOpen();
            try {
                done += moveOnce(handle, write, data, capacityBytes, offsetBytes + (long) done * bytesPerFrame,
                        frames - done);
            } catch (AdmException e) {
                if (done == 0) {
                    throw e;
                }
                return done;  // what moved before the failure counts; the next call reports it
            }
            if (done == frames || System.nanoTime() - deadline >= 0 || Thread.currentThread().isInterrupted()) {
                return done;
            }
            if (!sleep(handle, Math.min(waitNanos(write, frames - done), deadline - System.nanoTime()))) {
                return done;  // interrupted while asleep: the status stays set
            }
        }
    }

    private int moveOnce(long handle, boolean write, Object data, long capacityBytes, long offsetBytes, int frames) {
        int result;
        if (data instanceof float[] floats) {
            result = write
                    ? NativeAdm.pcmWriteFloats(handle, kind, floats, capacityBytes, offsetBytes, frames, transferred)
                    : NativeAdm.pcmReadFloats(handle, kind, floats, capacityBytes, offsetBytes, frames, transferred);
        } else if (data instanceof short[] shorts) {
            result = write
                    ? NativeAdm.pcmWriteShorts(handle, kind, shorts, capacityBytes, offsetBytes, frames, transferred)
                    : NativeAdm.pcmReadShorts(handle, kind, shorts, capacityBytes, offsetBytes, frames, transferred);
        } else {
            ByteBuffer buffer = (ByteBuffer) data;
            result = write
                    ? NativeAdm.pcmWriteBuffer(handle, kind, buffer, capacityBytes, offsetBytes, frames, transferred)
                    : NativeAdm.pcmReadBuffer(handle, kind, buffer, capacityBytes, offsetBytes, frames, transferred);
        }
        if (result != 0) {  // the message only on failure: the steady state allocates nothing
            NativeLibrary.check(result, (write ? "writing to " : "reading from ") + stream);
        }
        return transferred[0];
    }

    /**
     * How long a blocked transfer sleeps: until the frames it misses should have moved at the stream's rate,
     * so that it wakes about once per call instead of polling. A writer also waits for some slack (50 ms or a
     * quarter of the ring), so that the calls after it find room at once: a writer that finds the ring full
     * is far ahead of the device anyway, and every wake costs CPU. Never more than a quarter of the ring's
     * time: a call for more frames than the ring holds must come back before a reader's ring overflows or a
     * writer's runs dry.
     */
    private long waitNanos(boolean write, int missingFrames) {
        if (ringFrames < 0) {
            ringFrames = stream.bufferFrames();
        }
        int quarter = ringFrames / 4;
        int frames = write ? Math.max(missingFrames, (int) Math.min(quarter, sampleRate * WRITE_SLACK_SECONDS))
                : missingFrames;
        return Math.max(minWaitNanos, (long) (Math.min(frames, quarter) * nanosPerFrame));
    }

    /**
     * The consumer thread's sleep between blocks: up to {@code nanos}, or until the stream closes or the
     * consumer is replaced. Taken as a user of the ring, so no reader can come between.
     */
    void sleepBetweenBlocks(long nanos) {
        Thread me = Thread.currentThread();
        if (!user.compareAndSet(null, me)) {
            return;  // a close or a setConsumer is racing us: the loop looks again
        }
        try {
            sleep(stream.requireOpen(), nanos);
        } finally {
            user.set(null);
        }
    }

    /**
     * Sleeps natively up to {@code nanos}, or until the stream closes, its consumer changes, or the thread is
     * interrupted (false then, with the interrupt status kept).
     */
    private boolean sleep(long handle, long nanos) {
        // The generation first, the interrupt check second: an interrupt after the check wakes the word the
        // native wait sleeps on (it changed since `generation` was read), so it is never lost.
        int result = NativeAdm.pcmGeneration(handle, kind, generation);
        if (result != 0) {
            NativeLibrary.check(result, "waiting on " + stream);
        }
        if (interruptor == null || !interruptor.isOpen()) {
            interruptor = new Interruptor(handle);  // only after an interrupt closed the last one
        }
        boolean interrupted = !interruptor.sleep(generation[0], Math.max(0, Math.min(nanos, MAX_WAIT_NANOS)));
        return !interrupted && !Thread.currentThread().isInterrupted();
    }

    /**
     * The JDK's hook for blocking I/O that an interrupt must end (AbstractInterruptibleChannel.begin/end):
     * Thread.interrupt() closes it, and closing wakes the stream's sleepers. Closed by an interrupt, it is
     * replaced; otherwise one serves every wait.
     */
    private final class Interruptor extends AbstractInterruptibleChannel {
        private final long handle;

        Interruptor(long handle) {
            this.handle = handle;
        }

        /** False when an interrupt ended the sleep (or came before it). */
        boolean sleep(int generation, long nanos) {
            boolean interrupted = false;
            int result;
            begin();  // an interrupt pending already closes us here: the wake changes the word, so no sleep
            try {
                result = NativeAdm.pcmWait(handle, kind, generation, nanos);
            } finally {
                try {
                    end(true);
                } catch (ClosedByInterruptException e) {
                    interrupted = true;  // the interrupt status stays set: end() does not clear it
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("unreachable: with completed = true, only an interrupt throws", e);
                }
            }
            if (result != 0) {
                NativeLibrary.check(result, "waiting on " + stream);
            }
            return !interrupted;
        }

        @Override
        protected void implCloseChannel() {
            NativeAdm.pcmWake(handle, kind);  // 7 after a racing close: nobody left to wake
        }
    }
}
