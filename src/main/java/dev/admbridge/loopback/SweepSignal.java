package dev.admbridge.loopback;

import dev.admbridge.StreamConfig;

/**
 * The measurement signal of {@link LoopbackMeasurement} and the arithmetic on what comes back: a short
 * logarithmic sweep, its cross-correlation with a capture, and a least-squares fit of its gain. Public for
 * QA harnesses that measure their own paths the same way.
 */
public final class SweepSignal {
    private SweepSignal() {}

    /** A log sweep from 200 Hz to 0.4 x rate over {@code frames}, with 5 ms fades, peaking at {@code amplitude}. */
    public static float[] sweep(double sampleRate, int frames, double amplitude) {
        if (!(sampleRate >= StreamConfig.MIN_SAMPLE_RATE && sampleRate <= StreamConfig.MAX_SAMPLE_RATE) || frames < 8
                || !(Math.abs(amplitude) <= 1)) {
            throw new IllegalArgumentException("a sweep needs a rate of " + StreamConfig.MIN_SAMPLE_RATE + " to "
                    + StreamConfig.MAX_SAMPLE_RATE + " Hz, at least 8 frames and an amplitude within [-1, 1]; was "
                    + sampleRate + " Hz, " + frames + " frames, " + amplitude);
        }
        double f0 = 200;
        double f1 = 0.4 * sampleRate;
        double duration = frames / sampleRate;
        double k = Math.log(f1 / f0);
        int fade = (int) Math.min(frames / 4, sampleRate * 0.005);
        float[] out = new float[frames];
        for (int i = 0; i < frames; i++) {
            double t = i / sampleRate;
            double phase = 2 * Math.PI * f0 * duration / k * (Math.exp(t / duration * k) - 1);
            double window = Math.min(1, Math.min(i, frames - 1 - i) / (double) fade);
            out[i] = (float) (amplitude * window * Math.sin(phase));
        }
        return out;
    }

    /** The lag in [from, to) where {@code template} correlates best with {@code signal}; -1 if none fits. */
    public static int bestLag(float[] signal, int length, float[] template, int from, int to) {
        java.util.Objects.checkFromToIndex(0, length, signal.length);
        java.util.Objects.requireNonNull(template, "template");
        int best = -1;
        double bestValue = 0;
        for (int lag = Math.max(0, from); lag < to && lag + template.length <= length; lag++) {
            double sum = 0;
            for (int i = 0; i < template.length; i++) {
                sum += signal[lag + i] * template[i];
            }
            if (sum > bestValue) {
                bestValue = sum;
                best = lag;
            }
        }
        return best;
    }

    /** {gain, residual energy, signal energy} of {@code signal} at {@code lag} against {@code template}. */
    public static double[] fit(float[] signal, int lag, float[] template) {
        java.util.Objects.checkFromIndexSize(lag, template.length, signal.length);
        double cross = 0;
        double energy = 0;
        for (int i = 0; i < template.length; i++) {
            cross += signal[lag + i] * template[i];
            energy += template[i] * (double) template[i];
        }
        double gain = cross / energy;
        double residual = 0;
        for (int i = 0; i < template.length; i++) {
            double e = signal[lag + i] - gain * template[i];
            residual += e * e;
        }
        return new double[] {gain, residual, gain * gain * energy};
    }

    /** 10 log10 of a power ratio. */
    public static double db(double ratio) {
        return 10 * Math.log10(ratio);
    }
}
