package dev.admbridge;

import dev.admbridge.jni.NativeAdm;
import dev.admbridge.jni.NativeLibrary;
import dev.admbridge.jni.NativeRealtime;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One playout, recording or loopback stream of an {@link AudioDeviceModule}, from
 * {@link AudioDeviceModule#initPlayout(StreamConfig)} and its siblings. The device is open once this
 * exists; {@link #start()} runs it, {@link #stop()} pauses it, {@link #close()} releases the device.
 *
 * <p>Thread-safe. No call hangs the caller: a host that does not answer within 1.5 s (a stalled sound server)
 * fails the call with its code and isolates the stream, and later calls fail at once until it answers; when
 * the device or sound server went away, the stream is isolated and stop and close return at once. Failures of
 * the device or host throw {@link AdmException} and are also reported to the module's listeners; a misuse
 * (a bad argument, a wrong state) is thrown only.
 *
 * <p>Blocking {@code read} and {@code write}: at most their timeout (any {@link Duration}: long ones
 * saturate). An interrupt of the waiting thread ends the call at once, as {@code Selector.select()} does: it
 * returns the frames moved so far and the thread's interrupt status stays set; an interrupted thread moves
 * what it can without waiting. A stream's audio has one reader or writer at a time: another thread's call,
 * blocking or not, throws {@link AdmCode#ERR_ALREADY_IN_USE} at once.
 *
 * <p>Audio goes through a lock-free ring between the application and the audio callback (half a second by
 * default, {@link #bufferFrames()}): playout is {@link #write(float[], int, int, Duration) written}, recording
 * and loopback are {@link #read(float[], int, int, Duration) read} or handed to a {@link PcmConsumer}. Samples
 * are interleaved, in the stream's {@link SampleFormat}: {@code float[]} for float32, {@code short[]} for
 * int16, or a {@link ByteBuffer} in native byte order for either (a direct buffer is used in place). An
 * application that falls behind gets silence inserted (playout) or loses the oldest recorded frames: both
 * are counted and reported as warnings that say the application was late, apart from device glitches.
 *
 * <p>Instead of the ring, an application may run its own code on the audio thread, once per period:
 * {@link #setRealtimeCallback(RealtimeCallback)} (opt-in; read {@link RealtimeCallback} first).
 */
public final class AudioStream implements AutoCloseable {
    /** Blocks of a {@link PcmConsumer} by default: 10 ms, as an ADM delivers them, or one buffer if longer. */
    private static final double DEFAULT_CONSUMER_BLOCK_SECONDS = 0.01;
    /** A realtime callback's most frames per call when the stream's buffer size is left to the host (0). */
    private static final int REALTIME_FRAMES_WHEN_UNSPECIFIED = 4096;

    private final StreamOwner owner;
    private final StreamKind kind;
    private final StreamConfig config;
    private final AudioDevice device;
    private final int bytesPerFrame;
    private final PcmTransfer pcm;
    private final Object consumerLock = new Object();
    private volatile boolean closed;
    private Thread consumerThread;  // guarded by consumerLock
    private volatile PcmConsumer consumer;
    private volatile RealtimeDispatch realtime;  // set under consumerLock

    AudioStream(StreamOwner owner, StreamKind kind, StreamConfig config, AudioDevice device) {
        this.owner = owner;
        this.kind = kind;
        this.config = config;
        this.device = device;
        this.bytesPerFrame = config.channels() * config.format().bytesPerSample();
        this.pcm = new PcmTransfer(this);
    }

    /** Playout, recording or loopback. */
    public StreamKind kind() {
        return kind;
    }

    /** The configuration it was initialized with (the device resolved to an index). */
    public StreamConfig config() {
        return config;
    }

    /** The device it runs on. */
    public AudioDevice device() {
        return device;
    }

    /**
     * Starts the stream; a no-op when it runs.
     *
     * @throws AdmException {@link AdmCode#ERR_NOT_INITIALIZED} when closed, {@link AdmCode#ERR_NOT_READY} when it
     *     failed (close and initialize again), or the start code of its kind (1009, 1012, 1023)
     */
    public void start() {
        RealtimeDispatch.refuseInsideCallback("start");
        owner.run(this, true);
    }

    /**
     * Stops the stream; a no-op when it does not run. Returns within about 1.5 s even when the host hangs.
     *
     * @throws AdmException {@link AdmCode#ERR_NOT_INITIALIZED} when closed, or the stop code of its kind (1010, 1013)
     */
    public void stop() {
        RealtimeDispatch.refuseInsideCallback("stop");
        owner.run(this, false);
    }

    /**
     * Stops and closes the stream, releasing the device; idempotent. Returns within about 3 s even when the
     * host hangs.
     *
     * @throws AdmException the stop code of its kind (1010, 1013) if the backend failed to close it; the stream
     *     is closed all the same
     */
    @Override
    public void close() {
        RealtimeDispatch.refuseInsideCallback("close");
        closed = true;  // a read or write blocked in another thread ends now (ERR_NOT_INITIALIZED), and the consumer
        long handle = owner.pcmHandle();
        if (handle != 0) {
            NativeAdm.pcmWake(handle, kind.nativeValue());  // wake them; the result does not matter
        }
        setConsumer(null);
        owner.close(this);
    }

    // --- state ---

    /** The state now; {@link StreamState#CLOSED} once closed. */
    public StreamState state() {
        return stats().state();
    }

    /** True from initialization until close. */
    public boolean isInitialized() {
        return state() != StreamState.CLOSED;
    }

    /** True while started and not stopped or failed. */
    public boolean isRunning() {
        return state() == StreamState.RUNNING;
    }

    /** State and figures now (all zero once closed). */
    public StreamStats stats() {
        RealtimeDispatch.refuseInsideCallback("stats");
        return owner.stats(this);
    }

    /** The actual latency of its direction, as the backend reports it. */
    public Duration latency() {
        StreamStats stats = stats();
        return kind == StreamKind.PLAYOUT ? stats.outputLatency() : stats.inputLatency();
    }

    /** The actual sample rate in Hz (0 once closed). */
    public double sampleRate() {
        return stats().sampleRate();
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " on " + device.name() + " (" + device.hostApi() + ")";
    }

    // --- PCM ---

    /**
     * Playout: queues interleaved float32 frames, waiting up to {@code timeout} for room.
     *
     * @param interleaved samples, {@code frames * channels} of them from {@code offset}
     * @param offset the first sample (not frame) to write
     * @param frames how many frames to write
     * @param timeout how long to wait for room; {@link Duration#ZERO} writes what fits now
     * @return the frames written (fewer than asked only when the timeout passed, the thread was interrupted, or
     *     the stream failed meanwhile: the next call says so)
     * @throws IndexOutOfBoundsException if the frames are not all inside the array
     * @throws AdmException {@link AdmCode#ERR_INVALID_ARGUMENT} if the stream is not float32 or the timeout is
     *     negative, {@link AdmCode#ERR_NOT_SUPPORTED} if it is not a playout stream, {@link AdmCode#ERR_ALREADY_IN_USE}
     *     while another thread writes, {@link AdmCode#ERR_NOT_INITIALIZED} if closed,
     *     {@link AdmCode#ERR_ADM_RUNTIME_PLAYOUT_ERROR} at once (not after the timeout) when the stream
     *     {@linkplain StreamState#FAILED failed}
     */
    public int write(float[] interleaved, int offset, int frames, Duration timeout) {
        checkArray(interleaved.length, offset, frames, SampleFormat.FLOAT32, true);
        return pcm.transfer(true, interleaved, interleaved.length * 4L, offset * 4L, frames, timeout);
    }

    /** Playout of int16 frames; as {@link #write(float[], int, int, Duration)}. */
    public int write(short[] interleaved, int offset, int frames, Duration timeout) {
        checkArray(interleaved.length, offset, frames, SampleFormat.INT16, true);
        return pcm.transfer(true, interleaved, interleaved.length * 2L, offset * 2L, frames, timeout);
    }

    /**
     * Playout of the frames between the buffer's position and limit (native byte order, the stream's
     * format); the position advances past the frames written.
     *
     * @return the frames written
     * @throws AdmException {@link AdmCode#ERR_INVALID_ARGUMENT} if the bytes are not whole frames or the byte
     *     order is not native; otherwise as {@link #write(float[], int, int, Duration)}
     */
    public int write(ByteBuffer interleaved, Duration timeout) {
        int frames = checkBuffer(interleaved, true);
        int done = pcm.transfer(true, interleaved, interleaved.remaining(), 0, frames, timeout);
        interleaved.position(interleaved.position() + done * bytesPerFrame);
        return done;
    }

    /**
     * Recording and loopback: takes interleaved float32 frames, waiting up to {@code timeout} until
     * {@code frames} have come.
     *
     * @param timeout how long to wait; {@link Duration#ZERO} takes what is there now
     * @return the frames read (fewer than asked only when the timeout passed, the thread was interrupted, or
     *     the stream failed meanwhile: the next call says so)
     * @throws IndexOutOfBoundsException if the frames do not fit in the array from {@code offset}
     * @throws AdmException {@link AdmCode#ERR_INVALID_ARGUMENT} if the stream is not float32,
     *     {@link AdmCode#ERR_NOT_SUPPORTED} for a playout stream, {@link AdmCode#ERR_ALREADY_IN_USE} while a
     *     {@link PcmConsumer} is set, {@link AdmCode#ERR_NOT_INITIALIZED} if closed,
     *     {@link AdmCode#ERR_ADM_RUNTIME_RECORDING_ERROR} at once when the stream {@linkplain StreamState#FAILED
     *     failed} and what it captured before was read
     */
    public int read(float[] interleaved, int offset, int frames, Duration timeout) {
        checkArray(interleaved.length, offset, frames, SampleFormat.FLOAT32, false);
        checkNoConsumer();
        return pcm.transfer(false, interleaved, interleaved.length * 4L, offset * 4L, frames, timeout);
    }

    /** Recording of int16 frames; as {@link #read(float[], int, int, Duration)}. */
    public int read(short[] interleaved, int offset, int frames, Duration timeout) {
        checkArray(interleaved.length, offset, frames, SampleFormat.INT16, false);
        checkNoConsumer();
        return pcm.transfer(false, interleaved, interleaved.length * 2L, offset * 2L, frames, timeout);
    }

    /**
     * Recording into the buffer from its position, as many whole frames as fit before its limit; the
     * position advances past what was read.
     *
     * @return the frames read
     */
    public int read(ByteBuffer interleaved, Duration timeout) {
        int frames = checkBuffer(interleaved, false);
        checkNoConsumer();
        int done = pcm.transfer(false, interleaved, interleaved.remaining(), 0, frames, timeout);
        interleaved.position(interleaved.position() + done * bytesPerFrame);
        return done;
    }

    /** Frames that can be written now (playout) or read now (recording, loopback). */
    public int availableFrames() {
        return pcmInfo()[0];
    }

    /** The size of the ring between the application and the audio callback, in frames. */
    public int bufferFrames() {
        return pcmInfo()[1];
    }

    /** Bytes of one interleaved frame: channels x sample size. */
    public int bytesPerFrame() {
        return bytesPerFrame;
    }

    /**
     * Recording and loopback: hands the recorded audio to {@code consumer} on a thread of the library's own,
     * in blocks of 10 ms (or one buffer, if that is longer), until the stream closes or the consumer is
     * replaced; null stops it. As {@link #setConsumer(PcmConsumer, int)}.
     */
    public void setConsumer(PcmConsumer consumer) {
        int tenMs = (int) Math.round(config.sampleRate() * DEFAULT_CONSUMER_BLOCK_SECONDS);
        setConsumer(consumer, Math.max(tenMs, config.framesPerBuffer()));
    }

    /**
     * Recording and loopback: hands the recorded audio to {@code consumer} on a thread of the library's own,
     * in blocks of {@code framesPerBlock} frames (a shorter one only when the stream stopped with less
     * left), until the stream closes, fails (what it captured before is handed on first; listeners hear the
     * failure) or the consumer is replaced; null stops it. While a consumer is set,
     * {@code read} is refused. A consumer that throws is logged and keeps receiving. The thread wakes about
     * once per block, so larger blocks cost less CPU and add their length to the latency.
     *
     * @param framesPerBlock frames per call, from 1 to half of {@link #bufferFrames()}
     * @throws AdmException {@link AdmCode#ERR_NOT_SUPPORTED} for a playout stream, {@link AdmCode#ERR_NOT_INITIALIZED}
     *     if closed (setting null on a closed stream is allowed), {@link AdmCode#ERR_INVALID_ARGUMENT} for a block
     *     size out of range
     */
    public void setConsumer(PcmConsumer consumer, int framesPerBlock) {
        Thread stopping;
        synchronized (consumerLock) {
            if (consumer != null) {
                requireDirection(false);
                requireOpen();
                if (realtime != null) {
                    throw new AdmException(AdmCode.ERR_ALREADY_IN_USE, "a realtime callback moves this stream's audio; "
                            + "set it to null before setting a consumer");
                }
                int most = bufferFrames() / 2;
                if (framesPerBlock < 1 || framesPerBlock > most) {
                    throw new AdmException(AdmCode.ERR_INVALID_ARGUMENT, "framesPerBlock must be from 1 to " + most
                            + " (half the ring), was " + framesPerBlock);
                }
            }
            stopping = consumerThread;
            this.consumer = null;
            consumerThread = null;
        }
        if (stopping != null && stopping != Thread.currentThread()) {
            long handle = owner.pcmHandle();
            if (handle != 0) {
                NativeAdm.pcmWake(handle, kind.nativeValue());  // it sleeps at most one block if it missed this
            }
            try {
                stopping.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (consumer == null) {
            return;
        }
        synchronized (consumerLock) {
            this.consumer = consumer;
            Thread thread = new Thread(new PcmConsumerLoop(this, consumer, framesPerBlock, pcm),
                    "admbridge-" + kind.name().toLowerCase(java.util.Locale.ROOT) + "-pcm");
            thread.setDaemon(true);
            consumerThread = thread;
            thread.start();
        }
    }

    /**
     * Runs {@code callback} on the audio thread for every period of this stream, instead of the PCM ring (read
     * {@link RealtimeCallback} for what it may do there); null gives the stream back to the ring. Each period comes
     * in one {@link AudioBlock} of the stream's {@link StreamConfig#framesPerBuffer() frames per buffer} (when that
     * is 0, as the host delivers them, in blocks of at most 4096 frames). While a callback is set, {@code read},
     * {@code write} and {@link #setConsumer(PcmConsumer)} are refused ({@link AdmCode#ERR_ALREADY_IN_USE}).
     *
     * <p>Set on an initialized or stopped stream, before {@link #start()}. Everything else stays as it is: events,
     * detectors, recovery (a recovered stream calls the same callback from the new audio thread), and
     * {@link #stop()} or {@link #close()} from any other thread while a callback runs; a callback that never
     * returns is waited for a short while by a close, which then returns and leaves the stream's native memory
     * allocated for good rather than pull it from under the callback.
     *
     * @param callback the code to run per period, or null for the ring
     * @throws AdmException {@link AdmCode#ERR_ALREADY_IN_USE} while the stream runs, recovers or failed, while a
     *     {@link PcmConsumer} is set or the device loopback test runs; {@link AdmCode#ERR_NOT_INITIALIZED} once closed
     *     (null is then allowed and does nothing); {@link AdmCode#ERR_NOT_SUPPORTED} from inside a realtime callback
     */
    public void setRealtimeCallback(RealtimeCallback callback) {
        RealtimeDispatch.refuseInsideCallback("setRealtimeCallback");
        synchronized (consumerLock) {
            if (callback == null && (closed || owner.pcmHandle() == 0)) {
                realtime = null;
                return;
            }
            long handle = requireOpen();
            if (callback != null && consumer != null) {
                throw new AdmException(AdmCode.ERR_ALREADY_IN_USE, "a PcmConsumer receives this stream's audio; "
                        + "set it to null before setting a realtime callback");
            }
            RealtimeDispatch dispatch = null;
            if (callback != null) {
                int frames = config.framesPerBuffer() > 0 ? config.framesPerBuffer() : REALTIME_FRAMES_WHEN_UNSPECIFIED;
                dispatch = new RealtimeDispatch(callback, new AudioBlock(kind, config, frames));
            }
            NativeLibrary.check(NativeRealtime.streamSetRealtime(handle, kind.nativeValue(), dispatch,
                    dispatch == null ? null : dispatch.block().buffer(),
                    dispatch == null ? 0 : dispatch.block().capacityFrames()),
                    "setting the realtime callback of " + this);
            realtime = dispatch;
        }
    }

    /**
     * What this stream's realtime callback threw, if it threw since it was set: the reason the stream went silent
     * (listeners got {@link AdmCode#ERR_ADM_JAVA_RESOURCE}). Empty without a callback.
     */
    public Optional<Throwable> realtimeFailure() {
        RealtimeDispatch dispatch = realtime;
        return dispatch == null ? Optional.empty() : dispatch.failure();
    }

    void markClosed() {
        closed = true;
    }

    /** The consumer thread's test: true while {@code mine} is the consumer and the stream is open. */
    boolean delivers(PcmConsumer mine) {
        return consumer == mine && !closed;
    }

    /** The consumer thread's take: what the ring has now, into {@code block} from byte {@code offsetBytes}. */
    int takeForConsumer(ByteBuffer block, int offsetBytes, int frames) {
        block.clear();  // the native side reads from the position: keep it at 0
        return pcm.transfer(false, block, block.capacity(), offsetBytes, frames, Duration.ZERO);
    }

    private int[] pcmInfo() {
        int[] out = new int[3];
        NativeLibrary.check(NativeAdm.pcmInfo(requireOpen(), kind.nativeValue(), out), "reading " + this);
        return out;
    }

    /** The native handle while this stream is open; ERR_NOT_INITIALIZED once closed. */
    long requireOpen() {
        long handle = owner.pcmHandle();
        if (closed || handle == 0) {
            throw new AdmException(AdmCode.ERR_NOT_INITIALIZED, "this " + name() + " stream is closed");
        }
        return handle;
    }

    private void requireDirection(boolean write) {
        if (write != (kind == StreamKind.PLAYOUT)) {
            throw new AdmException(AdmCode.ERR_NOT_SUPPORTED, write
                    ? "a " + name() + " stream is read, not written"
                    : "a playout stream is written, not read");
        }
    }

    private void checkArray(int length, int offset, int frames, SampleFormat format, boolean write) {
        requireDirection(write);
        if (config.format() != format) {
            throw new AdmException(AdmCode.ERR_INVALID_ARGUMENT, "this stream carries " + config.format()
                    + " samples; use " + (config.format() == SampleFormat.FLOAT32 ? "float[]" : "short[]")
                    + " or a ByteBuffer");
        }
        if (frames < 0) {
            throw new IndexOutOfBoundsException("frames must be >= 0, was " + frames);
        }
        // In longs: frames x channels may pass Integer.MAX_VALUE; then they do not fit in any array.
        Objects.checkFromIndexSize((long) offset, (long) frames * config.channels(), (long) length);
    }

    private int checkBuffer(ByteBuffer buffer, boolean write) {
        Objects.requireNonNull(buffer, "buffer");
        requireDirection(write);
        if (buffer.order() != ByteOrder.nativeOrder()) {
            throw new AdmException(AdmCode.ERR_INVALID_ARGUMENT, "the buffer must be in native byte order ("
                    + ByteOrder.nativeOrder() + "), was " + buffer.order());
        }
        if (write && buffer.remaining() % bytesPerFrame != 0) {
            throw new AdmException(AdmCode.ERR_INVALID_ARGUMENT, buffer.remaining()
                    + " bytes are not whole frames of " + bytesPerFrame + " bytes");
        }
        if (buffer.isReadOnly() && !write) {
            throw new AdmException(AdmCode.ERR_INVALID_ARGUMENT, "cannot read into a read-only buffer");
        }
        return buffer.remaining() / bytesPerFrame;
    }

    private void checkNoConsumer() {
        if (realtime != null) {
            throw new AdmException(AdmCode.ERR_ALREADY_IN_USE, "a realtime callback moves this stream's audio; "
                    + "set it to null to read or write");
        }
        if (consumer != null) {
            throw new AdmException(AdmCode.ERR_ALREADY_IN_USE, "a PcmConsumer receives this stream's audio; "
                    + "set it to null before reading");
        }
    }

    private String name() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }

}
