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
 */
public record StreamStats(
        StreamState state,
        int deviceIndex,
        double sampleRate,
        Duration inputLatency,
        Duration outputLatency,
        long callbacks,
        long frames) {}
