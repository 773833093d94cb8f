package dev.admbridge.cli;

import dev.admbridge.AudioDeviceModule;
import dev.admbridge.AudioStream;
import dev.admbridge.SampleFormat;
import dev.admbridge.audio.Tone;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code adm tone}: plays a sine tone. */
@Command(name = "tone", mixinStandardHelpOptions = true, description = "Play a sine tone.")
final class ToneCommand implements Callable<Integer> {
    @Mixin
    StreamOptions stream;

    @Option(names = "--frequency", description = "Hz (default: ${DEFAULT-VALUE}).")
    double frequency = 440;

    @Option(names = "--level", description = "Peak level in dBFS (default: ${DEFAULT-VALUE}).")
    double level = -12;

    @Option(names = "--seconds", description = "How long (default: ${DEFAULT-VALUE}).")
    double seconds = 2;

    @Override
    public Integer call() throws Exception {
        AudioCommands.requirePositive("seconds", seconds);
        Tone tone = new Tone(frequency, level, stream.rate, 2);
        try (AudioDeviceModule adm = AudioDeviceModule.open();
                AudioStream playout = adm.initPlayout(stream.config(2, SampleFormat.FLOAT32))) {
            playout.start();
            int block = 1024;
            float[] samples = new float[2 * block];
            long total = Math.round(seconds * stream.rate);
            for (long done = 0; done < total; done += block) {
                int frames = (int) Math.min(block, total - done);
                tone.fill(samples, frames);
                for (int written = 0; written < frames; ) {
                    written += playout.write(samples, 2 * written, frames - written, Duration.ofSeconds(5));
                    AudioCommands.requireAlive(playout);  // a stream that failed ends the command with its code
                }
            }
            AudioCommands.drain(playout);
        }
        return 0;
    }
}
