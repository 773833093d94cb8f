package dev.admbridge.audio;

import dev.admbridge.AdmCode;
import dev.admbridge.AdmException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** WAV in and out through javax.sound.sampled, as interleaved 16-bit samples. */
public final class WavFiles {
    private WavFiles() {}

    /** A WAV file's 16-bit samples, interleaved, with its rate and channel count. */
    public record Pcm16(short[] samples, int channels, float sampleRate) {
        /** @throws AdmException {@link AdmCode#ERR_INVALID_ARGUMENT} for no samples array, no channel or a bad rate */
        public Pcm16 {
            if (samples == null || channels < 1) {
                throw new AdmException(AdmCode.ERR_INVALID_ARGUMENT, "samples must not be null and channels >= 1");
            }
            requireRate(sampleRate);
        }

        /** Frames: samples per channel. */
        public int frames() {
            return samples.length / channels;
        }
    }

    /**
     * Reads a WAV file (any PCM format Java Sound can convert) as 16-bit samples.
     *
     * @throws AdmException {@link AdmCode#ERR_INVALID_ARGUMENT} when the file is missing, unreadable or not a
     *     WAV that Java Sound can convert to 16-bit PCM
     */
    public static Pcm16 read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new AdmException(AdmCode.ERR_INVALID_ARGUMENT, "no such file: " + file);
        }
        try (AudioInputStream source = AudioSystem.getAudioInputStream(file.toFile())) {
            AudioFormat from = source.getFormat();
            AudioFormat to = new AudioFormat(from.getSampleRate(), 16, from.getChannels(), true, false);
            try (AudioInputStream pcm = AudioSystem.getAudioInputStream(to, source)) {
                byte[] bytes = pcm.readAllBytes();
                short[] samples = new short[bytes.length / 2];
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
                return new Pcm16(samples, to.getChannels(), to.getSampleRate());
            }
        } catch (UnsupportedAudioFileException | IllegalArgumentException e) {
            throw new AdmException(AdmCode.ERR_INVALID_ARGUMENT, file + " is not a WAV file Java Sound can read as "
                    + "16-bit PCM: " + e.getMessage());
        } catch (IOException e) {
            throw new AdmException(AdmCode.ERR_INVALID_ARGUMENT, "cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * Writes the first {@code frames} frames of interleaved 16-bit samples as a WAV file.
     *
     * @throws AdmException {@link AdmCode#ERR_INVALID_ARGUMENT} for a null file or samples, frames below 0 or more
     *     than the samples hold, channels below 1, a rate that is not a positive finite number of Hz, or a file
     *     that cannot be written
     */
    public static void write(Path file, short[] samples, int frames, int channels, float sampleRate) {
        if (file == null || samples == null || channels < 1 || frames < 0 || (long) frames * channels > samples.length) {
            throw new AdmException(AdmCode.ERR_INVALID_ARGUMENT, "need a file, samples, channels >= 1 and frames from 0 to "
                    + "what the samples hold; was " + file + ", " + (samples == null ? "no samples" : samples.length
                    + " samples") + ", " + channels + " channels, " + frames + " frames");
        }
        requireRate(sampleRate);
        ByteBuffer bytes = ByteBuffer.allocate(frames * channels * 2).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asShortBuffer().put(samples, 0, frames * channels);
        AudioFormat format = new AudioFormat(sampleRate, 16, channels, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(bytes.array()), format, frames)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        } catch (IOException e) {
            throw new AdmException(AdmCode.ERR_INVALID_ARGUMENT, "cannot write " + file + ": " + e.getMessage());
        }
    }

    private static void requireRate(float sampleRate) {
        if (!(sampleRate > 0) || Float.isInfinite(sampleRate)) {
            throw new AdmException(AdmCode.ERR_INVALID_ARGUMENT, "the sample rate must be a positive number of Hz, was "
                    + sampleRate);
        }
    }
}
