package dev.admbridge;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;

/**
 * One period of a stream's audio as its {@link RealtimeCallback} sees it: interleaved samples in the stream's
 * format, captured ones (recording, loopback) to read, or ones to play (playout) to fill; a playout block starts
 * as silence, so samples left unwritten play as silence.
 *
 * <p>The same object and the same buffers serve every period of one callback: nothing is allocated per period.
 * They are valid during {@link RealtimeCallback#process(AudioBlock)} only; each call finds the buffers at position
 * 0 with their limit at this period's samples.
 */
public final class AudioBlock {
    private final StreamKind kind;
    private final int channels;
    private final SampleFormat format;
    private final double sampleRate;
    private final int bytesPerFrame;
    private final int capacityFrames;
    private final ByteBuffer bytes;
    private final FloatBuffer floats;  // null for int16
    private final ShortBuffer shorts;  // null for float32
    private int frames;

    AudioBlock(StreamKind kind, StreamConfig config, int capacityFrames) {
        this.kind = kind;
        this.channels = config.channels();
        this.format = config.format();
        this.sampleRate = config.sampleRate();
        this.bytesPerFrame = channels * format.bytesPerSample();
        this.capacityFrames = capacityFrames;
        this.bytes = ByteBuffer.allocateDirect(capacityFrames * bytesPerFrame).order(ByteOrder.nativeOrder());
        this.floats = format == SampleFormat.FLOAT32 ? bytes.asFloatBuffer() : null;
        this.shorts = format == SampleFormat.INT16 ? bytes.asShortBuffer() : null;
    }

    /** The audio thread, before each call: this period's length. */
    void prepare(int frames) {
        this.frames = frames;
        bytes.clear().limit(frames * bytesPerFrame);
        if (floats != null) {
            floats.clear().limit(frames * channels);
        } else {
            shorts.clear().limit(frames * channels);
        }
    }

    /** The native memory the audio thread copies the samples to and from. */
    ByteBuffer buffer() {
        return bytes;
    }

    /** The most frames one period can hold: longer host callbacks are handed on in blocks of this size. */
    int capacityFrames() {
        return capacityFrames;
    }

    /** Playout (fill it), recording or loopback (read it). */
    public StreamKind kind() {
        return kind;
    }

    /** Frames in this period. */
    public int frames() {
        return frames;
    }

    /** Samples per frame. */
    public int channels() {
        return channels;
    }

    /** The format of the samples: which of {@link #floats()} and {@link #shorts()} holds them. */
    public SampleFormat format() {
        return format;
    }

    /** The stream's sample rate in Hz, as it was initialized. */
    public double sampleRate() {
        return sampleRate;
    }

    /**
     * A float32 stream's samples: {@code frames() * channels()} of them, interleaved.
     *
     * @throws IllegalStateException for an int16 stream (use {@link #shorts()})
     */
    public FloatBuffer floats() {
        if (floats == null) {
            throw new IllegalStateException("this stream carries int16 samples: use shorts()");
        }
        return floats;
    }

    /**
     * An int16 stream's samples: {@code frames() * channels()} of them, interleaved.
     *
     * @throws IllegalStateException for a float32 stream (use {@link #floats()})
     */
    public ShortBuffer shorts() {
        if (shorts == null) {
            throw new IllegalStateException("this stream carries float32 samples: use floats()");
        }
        return shorts;
    }

    /** The samples as bytes in native order, whatever the format: {@code frames()} frames. */
    public ByteBuffer bytes() {
        return bytes;
    }
}
