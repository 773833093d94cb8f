package dev.admbridge;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The thread of a {@link PcmConsumer}: fills a block from the stream's ring and hands it on when full; when
 * the ring has nothing more, sleeps one block's time, so it wakes about once per block rather than polling.
 * What is there when nothing more has come for a while (the stream stopped) is handed on as a shorter block.
 * One pass per call to {@link #step()}, so that the JIT compiles it: a loop that wakes 100 times a second
 * would stay interpreted for many minutes.
 */
final class PcmConsumerLoop implements Runnable {
    private static final System.Logger LOG = System.getLogger(PcmConsumerLoop.class.getName());

    private final AudioStream stream;
    private final PcmTransfer pcm;
    private final PcmConsumer consumer;
    private final int frames;
    private final int bytesPerFrame;
    private final ByteBuffer block;
    private final long blockNanos;
    private final long tailNanos;
    private int filled;
    private long lastFrameNanos = System.nanoTime();

    /** @param pcm the stream's ring, which this loop reads and sleeps on */
    PcmConsumerLoop(AudioStream stream, PcmConsumer consumer, int frames, PcmTransfer pcm) {
        this.stream = stream;
        this.pcm = pcm;
        this.consumer = consumer;
        this.frames = frames;
        this.bytesPerFrame = stream.bytesPerFrame();
        this.block = ByteBuffer.allocateDirect(frames * bytesPerFrame).order(ByteOrder.nativeOrder());
        // A whole block's time, not just what is missing: audio comes in host-sized bursts, and waking
        // before the next one would cost a second wake for the same block.
        this.blockNanos = Math.max(pcm.minWaitNanos(), (long) (frames * pcm.nanosPerFrame()));
        this.tailNanos = Math.max(4 * blockNanos, 100_000_000L);
    }

    @Override
    public void run() {
        while (stream.delivers(consumer) && step()) {
            // step() did the work
        }
    }

    /** Takes what the ring has into the block; false once the stream is closed. */
    private boolean step() {
        int got;
        try {
            got = stream.takeForConsumer(block, filled * bytesPerFrame, frames - filled);
        } catch (AdmException e) {
            deliver();  // what came before the stream closed or failed is the consumer's too
            return false;
        }
        long now = System.nanoTime();
        if (got > 0) {
            filled += got;
            lastFrameNanos = now;
        }
        if (filled == frames || (filled > 0 && now - lastFrameNanos >= tailNanos)) {
            deliver();
            return true;
        }
        try {
            pcm.sleepBetweenBlocks(blockNanos);
        } catch (AdmException e) {
            return false;  // closed under us
        }
        return true;
    }

    /** Hands the block's frames, if any, to the consumer. */
    private void deliver() {
        if (filled == 0) {
            return;
        }
        block.clear().limit(filled * bytesPerFrame);
        int count = filled;
        filled = 0;
        try {
            consumer.accept(block, count);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a PCM consumer of " + stream + " threw; it keeps receiving", e);
        }
    }
}
