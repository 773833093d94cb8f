package dev.admbridge.cli;

import dev.admbridge.AudioDeviceModule;
import dev.admbridge.AudioStream;
import dev.admbridge.SampleFormat;
import dev.admbridge.audio.WavFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code adm play FILE.wav}: plays a WAV file at its own rate and channel count. */
@Command(name = "play", mixinStandardHelpOptions = true,
        description = "Play a WAV file (at its own sample rate: the device must support it).")
final class PlayCommand implements Callable<Integer> {
    @Mixin
    StreamOptions stream;

    @Parameters(index = "0", paramLabel = "FILE.wav", description = "The file to play.")
    Path file;

    @Override
    public Integer call() throws Exception {
        WavFiles.Pcm16 wav = WavFiles.read(file);
        stream.rate = wav.sampleRate();
        try (AudioDeviceModule adm = AudioDeviceModule.open();
                AudioStream playout = adm.initPlayout(stream.config(wav.channels(), SampleFormat.INT16))) {
            playout.start();
            int written = playout.write(wav.samples(), 0, wav.frames(),
                    Duration.ofMillis(Math.round(wav.frames() * 1000.0 / wav.sampleRate()) + 5000));
            AudioCommands.drain(playout);
            spec().commandLine().getErr().printf("adm play: %d frames of %s%n", written, file);
        }
        return 0;
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private picocli.CommandLine.Model.CommandSpec spec() {
        return spec;
    }
}
