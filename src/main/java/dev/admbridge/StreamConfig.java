package dev.admbridge;

import java.time.Duration;
import java.util.Objects;

/**
 * What a stream asks of its device: which device, and the format and buffering. Immutable; build one
 * with {@link #builder()}. The ranges below are checked where the device is found, natively, when a stream
 * is initialized or a format checked ({@link AdmCode#ERR_INVALID_ARGUMENT} naming the value and its range);
 * here only what no range can describe is refused: nulls, a blank name, a rate that is not a number.
 *
 * @param deviceIndex the device's index from {@link AudioDeviceModule#devices()}, or {@link #DEFAULT_DEVICE}
 * @param deviceName a device name to look up when the stream is initialized, or null (then the index counts)
 * @param channels 1 to {@value #MAX_CHANNELS}
 * @param format the sample type
 * @param sampleRate {@value #MIN_SAMPLE_RATE} to {@value #MAX_SAMPLE_RATE} Hz
 * @param framesPerBuffer frames per callback, 0 for the backend's choice, at most {@value #MAX_FRAMES_PER_BUFFER}
 * @param suggestedLatency the latency to aim for; zero for the device's default low latency
 */
public record StreamConfig(
        int deviceIndex,
        String deviceName,
        int channels,
        SampleFormat format,
        double sampleRate,
        int framesPerBuffer,
        Duration suggestedLatency) {

    // The limits of the native side (StreamConfig.h), which checks them; StreamConfigTest compares the two.

    /** The default device of the stream's direction. */
    public static final int DEFAULT_DEVICE = -1;
    public static final int MAX_CHANNELS = 64;
    public static final double MIN_SAMPLE_RATE = 8000;
    public static final double MAX_SAMPLE_RATE = 384000;
    public static final int MAX_FRAMES_PER_BUFFER = 16384;
    public static final Duration MAX_SUGGESTED_LATENCY = Duration.ofSeconds(2);

    /** Refuses nulls, a blank device name and a rate that is not a finite number; the ranges are checked natively. */
    public StreamConfig {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(suggestedLatency, "suggestedLatency");
        require(deviceName == null || !deviceName.isBlank(), "device name must not be blank");
        require(Double.isFinite(sampleRate), "sample rate must be a finite number of Hz, was " + sampleRate);
    }

    /** A builder with the defaults: default device, 2 channels, float32, 48 kHz, backend's buffering. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults of {@link #builder()}. */
    public static StreamConfig defaults() {
        return builder().build();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.deviceIndex = deviceIndex;
        builder.deviceName = deviceName;
        builder.channels = channels;
        builder.format = format;
        builder.sampleRate = sampleRate;
        builder.framesPerBuffer = framesPerBuffer;
        builder.suggestedLatency = suggestedLatency;
        return builder;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new AdmException(AdmCode.ERR_INVALID_ARGUMENT, message);
        }
    }

    /** Builds a {@link StreamConfig}; {@link #build()} checks the values. */
    public static final class Builder {
        private int deviceIndex = DEFAULT_DEVICE;
        private String deviceName;
        private int channels = 2;
        private SampleFormat format = SampleFormat.FLOAT32;
        private double sampleRate = 48000;
        private int framesPerBuffer;
        private Duration suggestedLatency = Duration.ZERO;

        private Builder() {}

        /** The device with this index (and no name). */
        public Builder device(int index) {
            this.deviceIndex = index;
            this.deviceName = null;
            return this;
        }

        /** The first device with exactly this name, looked up when the stream is initialized. */
        public Builder device(String name) {
            this.deviceName = Objects.requireNonNull(name, "device name");
            this.deviceIndex = DEFAULT_DEVICE;
            return this;
        }

        /** This device. */
        public Builder device(AudioDevice device) {
            return device(Objects.requireNonNull(device, "device").index());
        }

        /** The default device of the stream's direction. */
        public Builder defaultDevice() {
            return device(DEFAULT_DEVICE);
        }

        public Builder channels(int channels) {
            this.channels = channels;
            return this;
        }

        public Builder format(SampleFormat format) {
            this.format = format;
            return this;
        }

        public Builder sampleRate(double sampleRate) {
            this.sampleRate = sampleRate;
            return this;
        }

        public Builder framesPerBuffer(int framesPerBuffer) {
            this.framesPerBuffer = framesPerBuffer;
            return this;
        }

        public Builder suggestedLatency(Duration suggestedLatency) {
            this.suggestedLatency = suggestedLatency;
            return this;
        }

        /**
         * The configuration.
         *
         * @throws AdmException {@link AdmCode#ERR_INVALID_ARGUMENT} for a blank name or a rate that is not finite
         */
        public StreamConfig build() {
            return new StreamConfig(deviceIndex, deviceName, channels, format, sampleRate, framesPerBuffer,
                    suggestedLatency);
        }
    }
}
