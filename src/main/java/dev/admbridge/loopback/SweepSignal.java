package dev.admbridge.loopback;

/** The measurement signal and the arithmetic on what comes back: a short logarithmic sweep. */
final class SweepSignal {
    private SweepSignal() {}

    /** A log sweep from 200 Hz to 0.4 x rate over {@code frames}, with 5 ms fades, peaking at {@code amplitude}. */
    static float[] sweep(double sampleRate, int frames, double amplitude) {
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
    static int bestLag(float[] signal, int length, float[] template, int from, int to) {
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
    static double[] fit(float[] signal, int lag, float[] template) {
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

    static double db(double ratio) {
        return 10 * Math.log10(ratio);
    }
}
