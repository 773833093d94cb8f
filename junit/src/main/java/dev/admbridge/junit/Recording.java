package dev.admbridge.junit;

import dev.admbridge.audio.WavFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Audio a test captured or made: interleaved float32 samples (full scale 1.0). What the signal assertions
 * analyze, and what is attached (as WAV) to the report of a failed test.
 *
 * @param name a short name, used for the attached file ({@code name.wav})
 * @param samples the interleaved samples, {@code frames * channels} of them; not copied, do not change them
 * @param channels samples per frame, 1 to 64
 * @param sampleRate frames per second
 */
public record Recording(String name, float[] samples, int channels, double sampleRate) {

    /**
     * @throws NullPointerException if name or samples is null
     * @throws IllegalArgumentException if the name is blank or holds a path separator, channels is not 1 to 64,
     *     the samples are not whole frames, or the rate is not a positive finite number
     */
    public Recording {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(samples, "samples");
        if (name.isBlank() || name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException("name must be a plain file name, was \"" + name + "\"");
        }
        if (channels < 1 || channels > 64) {
            throw new IllegalArgumentException("channels must be 1 to 64, was " + channels);
        }
        if (samples.length % channels != 0) {
            throw new IllegalArgumentException(samples.length + " samples are not whole frames of " + channels
                    + " channels");
        }
        if (!(sampleRate > 0) || Double.isInfinite(sampleRate)) {
            throw new IllegalArgumentException("sample rate must be a positive number of Hz, was " + sampleRate);
        }
    }

    /** Frames held. */
    public int frames() {
        return samples.length / channels;
    }

    /** How long the audio lasts. */
    public Duration duration() {
        return Duration.ofNanos(Math.round(frames() * 1e9 / sampleRate));
    }

    /** One channel's samples, a copy. */
    public float[] channel(int index) {
        Objects.checkIndex(index, channels);
        float[] out = new float[frames()];
        for (int i = 0; i < out.length; i++) {
            out[i] = samples[i * channels + index];
        }
        return out;
    }

    /** Writes the audio as a 16-bit PCM WAV file (clipped to full scale). */
    public void writeWav(Path file) {
        Objects.requireNonNull(file, "file");
        short[] pcm = new short[samples.length];
        for (int i = 0; i < pcm.length; i++) {
            float x = Math.max(-1f, Math.min(1f, samples[i]));
            pcm[i] = (short) Math.round(x * 32767f);
        }
        WavFiles.write(file, pcm, frames(), channels, (float) sampleRate);
    }

    @Override
    public String toString() {
        return "Recording[" + name + ", " + frames() + " frames x " + channels + " ch at " + sampleRate + " Hz]";
    }
}
