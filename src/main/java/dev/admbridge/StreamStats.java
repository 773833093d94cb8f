package dev.admbridge;

import java.time.Duration;

/**
 * A stream's state and figures at one moment.
 *
 * @param state where the stream is in its life
 * @param deviceIndex the device it runs on
 * @param sampleRate the actual rate in Hz, as the backend reports it (0 when closed)
 * @param inputLatency the backend's input latency (zero for playout)
 * @param outputLatency the backend's output latency (zero for recording and loopback)
 * @param callbacks audio callbacks so far
 * @param frames frames processed so far
 * @param firstCallbackNanos {@link System#nanoTime()} of the first callback since the last start, 0 before it;
 *     streams of one JACK client run in the same cycles, so this puts two streams on one timeline
 * @param firstPcmFrame playout: the stream frame at which the application's first written frame played,
 *     -1 before (and for recording)
 * @param lateFrames playout: frames of silence inserted because the application was late
 * @param lastCallbackNanos {@link System#nanoTime()} of the latest callback, 0 before any
 * @param lateCallbacks with a {@link RealtimeCallback}: periods in which it took longer than the period itself
 *     (the application was late; each one is also a 1014 / 1016 warning)
 */
public record StreamStats(
        StreamState state,
        int deviceIndex,
        double sampleRate,
        Duration inputLatency,
        Duration outputLatency,
        long callbacks,
        long frames,
        long firstCallbackNanos,
        long firstPcmFrame,
        long lateFrames,
        long lastCallbackNanos,
        long lateCallbacks) {}
