package dev.admbridge.audio;

/** Peak and RMS levels of interleaved blocks, in dBFS (full scale = 1.0 for float, 32768 for int16). */
public final class Levels {
    /** What a silent block reads: below any real signal. */
    public static final double SILENCE_DBFS = -150;

    private Levels() {}

    /** {peak, rms} in dBFS of the first {@code count} samples. */
    public static double[] of(float[] samples, int count) {
        double peak = 0;
        double squares = 0;
        for (int i = 0; i < count; i++) {
            double x = samples[i];
            peak = Math.max(peak, Math.abs(x));
            squares += x * x;
        }
        return new double[] {dbfs(peak), dbfs(count == 0 ? 0 : Math.sqrt(squares / count))};
    }

    /** A linear amplitude in dBFS, {@link #SILENCE_DBFS} for 0. */
    public static double dbfs(double amplitude) {
        return amplitude <= 0 ? SILENCE_DBFS : Math.max(SILENCE_DBFS, 20 * Math.log10(amplitude));
    }
}
