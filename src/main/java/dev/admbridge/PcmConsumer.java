package dev.admbridge;

import java.nio.ByteBuffer;

/**
 * Receives recorded audio on a thread of the library's own (named {@code admbridge-<kind>-pcm}), neither
 * the audio thread nor the event dispatcher. Set with {@link AudioStream#setConsumer(PcmConsumer)}.
 */
@FunctionalInterface
public interface PcmConsumer {
    /**
     * Called with each block of recorded frames, in order.
     *
     * @param interleaved the frames in the stream's format and native byte order, from position 0 to
     *     the limit; reused for the next block, so copy what you keep
     * @param frames how many frames it holds
     */
    void accept(ByteBuffer interleaved, int frames);
}
