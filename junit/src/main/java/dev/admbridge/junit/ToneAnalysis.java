package dev.admbridge.junit;

/**
 * The level of one tone in a recording, and how much of the signal it is. Blocks of 100 ms, each weighted by a
 * flat-top window and correlated with the tone (one DFT bin at exactly its frequency): the window's flat top
 * reads a tone up to 5 Hz off at its level within 0.02 dB (10 Hz off: 0.3 dB low), and its low side lobes keep
 * noise and tones 50 Hz away or more out. Leading and trailing silence (below -80 dBFS) is left out: the audio before a stream delivered, or after.
 *
 * @param levelDbfs the tone's peak level in dBFS (a full-scale sine is 0 dBFS)
 * @param share the tone's part of the signal's power, 0 to 1
 * @param channel the channel where the tone is loudest, which these figures are of
 * @param analyzedFrames frames between the silences
 */
record ToneAnalysis(double levelDbfs, double share, int channel, int analyzedFrames) {
    private static final double SILENCE = 1e-4;  // -80 dBFS
    private static final double BLOCK_SECONDS = 0.1;

    static ToneAnalysis of(Recording recording, double frequencyHz) {
        ToneAnalysis best = null;
        for (int c = 0; c < recording.channels(); c++) {
            ToneAnalysis one = ofChannel(recording.channel(c), recording.sampleRate(), frequencyHz, c);
            if (best == null || one.levelDbfs > best.levelDbfs) {
                best = one;
            }
        }
        return best;
    }

    private static ToneAnalysis ofChannel(float[] x, double rate, double frequencyHz, int channel) {
        int first = 0;
        while (first < x.length && Math.abs(x[first]) < SILENCE) {
            first++;
        }
        int end = x.length;
        while (end > first && Math.abs(x[end - 1]) < SILENCE) {
            end--;
        }
        int block = Math.max(16, (int) Math.round(BLOCK_SECONDS * rate));
        int blocks = (end - first) / block;
        if (blocks == 0) {
            return new ToneAnalysis(dbfs(0), 0, channel, end - first);
        }
        double omega = 2 * Math.PI * frequencyHz / rate;
        double amplitudeSum = 0;
        double tonePower = 0;
        double totalPower = 0;
        for (int b = 0; b < blocks; b++) {
            int at = first + b * block;
            double re = 0;
            double im = 0;
            double windowSum = 0;
            double squares = 0;
            for (int n = 0; n < block; n++) {
                double w = flatTop(n, block);
                double v = x[at + n];
                re += w * v * Math.cos(omega * n);
                im -= w * v * Math.sin(omega * n);
                windowSum += w;
                squares += v * v;
            }
            double amplitude = 2 * Math.hypot(re, im) / windowSum;
            amplitudeSum += amplitude;
            tonePower += amplitude * amplitude / 2;
            totalPower += squares / block;
        }
        double share = totalPower > 0 ? Math.min(1, tonePower / totalPower) : 0;
        return new ToneAnalysis(dbfs(amplitudeSum / blocks), share, channel, end - first);
    }

    /** The SRS flat-top window: side lobes below -90 dB, main lobe 5 bins wide each side. */
    private static double flatTop(int n, int length) {
        double z = 2 * Math.PI * n / length;
        return 1 - 1.93 * Math.cos(z) + 1.29 * Math.cos(2 * z) - 0.388 * Math.cos(3 * z) + 0.028 * Math.cos(4 * z);
    }

    private static double dbfs(double amplitude) {
        return amplitude <= 0 ? -150 : Math.max(-150, 20 * Math.log10(amplitude));
    }
}
