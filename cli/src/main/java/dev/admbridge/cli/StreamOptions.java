package dev.admbridge.cli;

import dev.admbridge.SampleFormat;
import dev.admbridge.StreamConfig;
import picocli.CommandLine.Option;

/** The stream options the audio commands share (a picocli mixin). */
final class StreamOptions {
    @Option(names = "--device", description = "Device name (default: the default device).")
    String device;

    @Option(names = "--rate", description = "Sample rate in Hz (default: ${DEFAULT-VALUE}).")
    double rate = 48000;

    @Option(names = "--frames", description = "Frames per buffer, 0 for the backend's choice (default: ${DEFAULT-VALUE}).")
    int frames = 256;

    StreamConfig config(int channels, SampleFormat format) {
        StreamConfig.Builder builder = StreamConfig.builder().sampleRate(rate).framesPerBuffer(frames)
                .channels(channels).format(format);
        if (device != null) {
            builder.device(device);
        }
        return builder.build();
    }
}
