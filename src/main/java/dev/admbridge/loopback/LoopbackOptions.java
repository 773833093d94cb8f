package dev.admbridge.loopback;

import dev.admbridge.AdmCode;
import dev.admbridge.AdmException;
import dev.admbridge.StreamConfig;
import java.util.Objects;

/**
 * How {@link LoopbackMeasurement} measures.
 *
 * @param device the device to play on and capture from, by name; null for the defaults
 * @param path where the played signal comes back: {@link Path#LOOPBACK} (JACK wiring or a monitor source) or
 *     {@link Path#RECORDING} (a cable from line-out to line-in)
 * @param sampleRate Hz
 * @param framesPerBuffer frames per callback (64 to 4096)
 * @param repeats how many measurements, 1 to 100
 * @param levelDbfs peak level of the measurement sweep, -60 to 0 dBFS
 */
public record LoopbackOptions(String device, Path path, double sampleRate, int framesPerBuffer, int repeats,
        double levelDbfs) {

    /** Where the played signal comes back. */
    public enum Path {
        /** The module's loopback stream: JACK wiring of the playout's sources, the default sink's monitor, or a named device. */
        LOOPBACK,
        /** The recording stream: a loopback cable from the playout device's output to its input. */
        RECORDING
    }

    /** Checks the ranges; bad values give {@link AdmCode#ERR_INVALID_ARGUMENT}. */
    public LoopbackOptions {
        Objects.requireNonNull(path, "path");
        require(device == null || !device.isBlank(), "device must not be blank");
        require(sampleRate >= StreamConfig.MIN_SAMPLE_RATE && sampleRate <= StreamConfig.MAX_SAMPLE_RATE,
                "sample rate must be " + StreamConfig.MIN_SAMPLE_RATE + " to " + StreamConfig.MAX_SAMPLE_RATE
                        + " Hz, was " + sampleRate);
        require(framesPerBuffer >= 64 && framesPerBuffer <= 4096,
                "frames per buffer must be 64 to 4096, was " + framesPerBuffer);
        require(repeats >= 1 && repeats <= 100, "repeats must be 1 to 100, was " + repeats);
        require(levelDbfs >= -60 && levelDbfs <= 0, "level must be -60 to 0 dBFS, was " + levelDbfs);
    }

    /** The defaults: default devices, loopback path, 48 kHz, 256 frames, 5 repeats, -6 dBFS. */
    public static LoopbackOptions defaults() {
        return new LoopbackOptions(null, Path.LOOPBACK, 48000, 256, 5, -6);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new AdmException(AdmCode.ERR_INVALID_ARGUMENT, message);
        }
    }
}
