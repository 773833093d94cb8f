package dev.admbridge;

import java.time.Duration;

/**
 * One playout, recording or loopback stream of an {@link AudioDeviceModule}, from
 * {@link AudioDeviceModule#initPlayout(StreamConfig)} and its siblings. The device is open once this
 * exists; {@link #start()} runs it, {@link #stop()} pauses it, {@link #close()} releases the device.
 *
 * <p>Thread-safe. Stop and close never hang the caller: when the device or sound server went away,
 * the stream is isolated from the backend and they return at once (the event says what was abandoned).
 * Failures throw {@link AdmException} and are also reported to the module's listeners.
 */
public final class AudioStream implements AutoCloseable {
    private final AudioDeviceModule module;
    private final StreamKind kind;
    private final StreamConfig config;
    private final AudioDevice device;

    AudioStream(AudioDeviceModule module, StreamKind kind, StreamConfig config, AudioDevice device) {
        this.module = module;
        this.kind = kind;
        this.config = config;
        this.device = device;
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
        module.streamCall(this, "starting", NativeCall.START);
    }

    /**
     * Stops the stream; a no-op when it does not run. Returns within about 1.5 s even when the host hangs.
     *
     * @throws AdmException {@link AdmCode#ERR_NOT_INITIALIZED} when closed, or the stop code of its kind (1010, 1013)
     */
    public void stop() {
        module.streamCall(this, "stopping", NativeCall.STOP);
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
        module.closeStream(this);
    }

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
        return module.streamStats(this);
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

    /** The stream calls a module makes on behalf of a stream. */
    enum NativeCall {
        START,
        STOP
    }
}
