package dev.admbridge.cli;

import dev.admbridge.AdmCode;
import dev.admbridge.AdmException;
import dev.admbridge.AudioDeviceModule;
import dev.admbridge.AudioStream;
import dev.admbridge.SampleFormat;
import dev.admbridge.audio.WavFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code adm record FILE.wav --seconds N}: records to a 16-bit WAV file. */
@Command(name = "record", mixinStandardHelpOptions = true, description = "Record to a 16-bit WAV file.")
final class RecordCommand implements Callable<Integer> {
    @Mixin
    StreamOptions stream;

    @Parameters(index = "0", paramLabel = "FILE.wav", description = "The file to write.")
    Path file;

    @Option(names = "--seconds", required = true, description = "How long to record.")
    double seconds;

    @Option(names = "--channels", description = "Channels (default: ${DEFAULT-VALUE}).")
    int channels = 2;

    @Option(names = "--loopback", description = "Record what is played (the loopback stream) instead of the input.")
    boolean loopback;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        AudioCommands.requirePositive("seconds", seconds);
        int frames = (int) Math.round(seconds * stream.rate);
        short[] samples = new short[frames * channels];
        int got = 0;
        AdmException failure = null;
        try (AudioDeviceModule adm = AudioDeviceModule.open();
                AudioStream recording = loopback
                        ? adm.initLoopback(stream.config(channels, SampleFormat.INT16))
                        : adm.initRecording(stream.config(channels, SampleFormat.INT16))) {
            recording.start();
            long deadline = System.nanoTime() + Duration.ofMillis(Math.round(seconds * 1000) + 5000).toNanos();
            try {
                while (got < frames && System.nanoTime() < deadline) {
                    got += recording.read(samples, got * channels, frames - got, Duration.ofMillis(200));
                }
            } catch (AdmException e) {
                failure = e;  // the stream failed: what came before it is written all the same
            }
        }
        WavFiles.write(file, samples, got, channels, (float) stream.rate);
        spec.commandLine().getErr().printf("adm record: %d frames to %s%n", got, file);
        if (failure != null) {
            throw failure;
        }
        if (got < frames) {
            throw new AdmException(AdmCode.ERR_ADM_RUNTIME_RECORDING_ERROR, "only " + got + " of " + frames
                    + " frames came within " + (seconds + 5) + " s: the device delivers late or not at all");
        }
        return 0;
    }
}
