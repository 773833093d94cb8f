package dev.admbridge.junit;

import dev.admbridge.AudioDeviceModule;
import dev.admbridge.AudioStream;
import dev.admbridge.SampleFormat;
import dev.admbridge.StreamConfig;
import dev.admbridge.StreamKind;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import org.opentest4j.AssertionFailedError;

/** Captures a stretch of audio from a recording or loopback stream, for {@link SoundCard#record}. */
final class Capture {
    /** Longer than this is not a test's capture but a mistake: 10 minutes of stereo is 230 MB. */
    static final Duration MAX_LENGTH = Duration.ofMinutes(10);
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final Duration READ_SLICE = Duration.ofMillis(200);

    private Capture() {}

    static Recording of(AudioDeviceModule adm, StreamKind kind, StreamConfig config, Duration length, String name) {
        Objects.requireNonNull(adm, "adm");
        Objects.requireNonNull(length, "length");
        if (length.isNegative() || length.isZero() || length.compareTo(MAX_LENGTH) > 0) {
            throw new IllegalArgumentException("length must be above 0 and at most " + MAX_LENGTH.toMinutes()
                    + " minutes, was " + length);
        }
        StreamConfig floats = config.toBuilder().format(SampleFormat.FLOAT32).build();
        try (AudioStream stream = adm.initStream(kind, floats)) {
            stream.start();
            int channels = floats.channels();
            int frames = (int) Math.max(1, Math.round(length.toNanos() * stream.sampleRate() / 1e9));
            float[] samples = new float[Math.multiplyExact(frames, channels)];
            long deadline = System.nanoTime() + length.plus(GRACE).toNanos();
            int got = 0;
            while (got < frames && System.nanoTime() - deadline < 0 && !Thread.currentThread().isInterrupted()) {
                got += stream.read(samples, got * channels, frames - got, READ_SLICE);
            }
            Evidence evidence = Evidence.current().orElse(null);
            Recording recording = new Recording(evidence != null ? evidence.nextName(name) : name,
                    got == frames ? samples : Arrays.copyOf(samples, got * channels), channels, stream.sampleRate());
            if (evidence != null) {
                evidence.add(recording);
            }
            if (got < frames) {
                throw new AssertionFailedError(kind + " on " + stream.device().name() + " delivered " + got + " of "
                        + frames + " frames within " + length.plus(GRACE).toMillis() + " ms (" + stream.stats() + ")");
            }
            return recording;
        }
    }
}
