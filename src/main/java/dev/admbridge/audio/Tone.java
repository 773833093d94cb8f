package dev.admbridge.audio;

import dev.admbridge.AdmCode;
import dev.admbridge.AdmException;

/**
 * A sine tone source: fills interleaved float blocks, all channels alike, continuing its phase from block
 * to block. Not thread-safe: one writer.
 */
public final class Tone {
    private final double step;
    private final double amplitude;
    private final int channels;
    private double phase;

    /**
     * @param frequency Hz, above 0 and below half the sample rate
     * @param levelDbfs peak level, -120 to 0 dBFS
     * @throws AdmException {@link AdmCode#ERR_INVALID_ARGUMENT} for values out of range
     */
    public Tone(double frequency, double levelDbfs, double sampleRate, int channels) {
        if (!(sampleRate > 0) || Double.isInfinite(sampleRate)) {
            throw new AdmException(AdmCode.ERR_INVALID_ARGUMENT, "the sample rate must be a positive number of Hz, was "
                    + sampleRate);
        }
        if (!(frequency > 0) || frequency >= sampleRate / 2) {
            throw new AdmException(AdmCode.ERR_INVALID_ARGUMENT, "frequency must be above 0 and below half the sample rate ("
                    + sampleRate / 2 + " Hz), was " + frequency);
        }
        if (!(levelDbfs >= -120 && levelDbfs <= 0)) {
            throw new AdmException(AdmCode.ERR_INVALID_ARGUMENT, "level must be -120 to 0 dBFS, was " + levelDbfs);
        }
        if (channels < 1) {
            throw new AdmException(AdmCode.ERR_INVALID_ARGUMENT, "channels must be >= 1, was " + channels);
        }
        this.step = 2 * Math.PI * frequency / sampleRate;
        this.amplitude = Math.pow(10, levelDbfs / 20);
        this.channels = channels;
    }

    /** Fills {@code frames} frames of {@code interleaved} from sample 0. */
    public void fill(float[] interleaved, int frames) {
        for (int frame = 0; frame < frames; frame++) {
            float sample = (float) (amplitude * Math.sin(phase));
            phase += step;
            if (phase > 2 * Math.PI) {
                phase -= 2 * Math.PI;
            }
            for (int c = 0; c < channels; c++) {
                interleaved[frame * channels + c] = sample;
            }
        }
    }
}
