package dev.admbridge.analysis;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * Generators of the detector test set (mono float signals, full scale 1.0, a sine of amplitude 1 is
 * 0 dBFS), the same as native-tests/Signals.h, plus speech from espeak-ng and WAV output. Deterministic:
 * every random generator takes its own seed.
 */
final class TestSignals {
    static final float RATE = 48000;

    private TestSignals() {}

    static double amplitude(double dbfs) {
        return Math.pow(10, dbfs / 20);
    }

    static float[] silence(double seconds) {
        return new float[(int) (RATE * seconds)];
    }

    static float[] sine(double seconds, double hz, double dbfs) {
        float[] out = new float[(int) (RATE * seconds)];
        double a = amplitude(dbfs);
        for (int n = 0; n < out.length; n++) {
            out[n] = (float) (a * Math.sin(2 * Math.PI * hz * n / RATE));
        }
        return out;
    }

    /** A note with `partials` partials of amplitude 1/k, with a 20 ms attack. */
    static float[] note(double seconds, double hz, double dbfs, int partials) {
        float[] out = new float[(int) (RATE * seconds)];
        double a = amplitude(dbfs) / 2;
        for (int k = 1; k <= partials && k * hz < RATE / 2; k++) {
            for (int n = 0; n < out.length; n++) {
                double attack = Math.min(1.0, n / (0.02 * RATE));
                out[n] += (float) (attack * a / k * Math.sin(2 * Math.PI * k * hz * n / RATE + k));
            }
        }
        return out;
    }

    /** A tone keyed on and off `keys` times (beeps), starting on. */
    static float[] keyed(double hz, double dbfs, double on, double off, int keys) {
        List<float[]> parts = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            parts.add(sine(on, hz, dbfs));
            parts.add(silence(off));
        }
        return concat(parts.toArray(new float[0][]));
    }

    static float[] mix(float[]... parts) {
        int length = 0;
        for (float[] p : parts) {
            length = Math.max(length, p.length);
        }
        float[] out = new float[length];
        for (float[] p : parts) {
            for (int i = 0; i < p.length; i++) {
                out[i] += p[i];
            }
        }
        return out;
    }

    static float[] concat(float[]... parts) {
        int length = 0;
        for (float[] p : parts) {
            length += p.length;
        }
        float[] out = new float[length];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static float[] whiteNoise(double seconds, double dbfs, long seed) {
        Random random = new Random(seed);
        float[] out = new float[(int) (RATE * seconds)];
        double sigma = amplitude(dbfs) / Math.sqrt(2);
        for (int n = 0; n < out.length; n++) {
            out[n] = (float) (sigma * random.nextGaussian());
        }
        return out;
    }

    /** Pink noise (Paul Kellett's filter), scaled to an RMS of a sine of peak `dbfs`. */
    static float[] pinkNoise(double seconds, double dbfs, long seed) {
        float[] white = whiteNoise(seconds, 0, seed);
        float[] out = new float[white.length];
        double b0 = 0, b1 = 0, b2 = 0, sum = 0;
        for (int n = 0; n < white.length; n++) {
            double w = white[n];
            b0 = 0.99765 * b0 + w * 0.0990460;
            b1 = 0.96300 * b1 + w * 0.2965164;
            b2 = 0.57000 * b2 + w * 1.0526913;
            out[n] = (float) (b0 + b1 + b2 + w * 0.1848);
            sum += out[n] * out[n];
        }
        return scaleToRms(out, Math.sqrt(sum / out.length), dbfs);
    }

    static float[] logSweep(double seconds, double f0, double f1, double dbfs) {
        float[] out = new float[(int) (RATE * seconds)];
        double a = amplitude(dbfs);
        double k = Math.log(f1 / f0);
        for (int n = 0; n < out.length; n++) {
            double t = n / RATE;
            out[n] = (float) (a * Math.sin(2 * Math.PI * f0 * seconds / k * (Math.exp(t / seconds * k) - 1)));
        }
        return out;
    }

    static float[] linearSweep(double seconds, double f0, double f1, double dbfs) {
        float[] out = new float[(int) (RATE * seconds)];
        double a = amplitude(dbfs);
        for (int n = 0; n < out.length; n++) {
            double t = n / RATE;
            out[n] = (float) (a * Math.sin(2 * Math.PI * (f0 * t + (f1 - f0) * t * t / (2 * seconds))));
        }
        return out;
    }

    static float[] dtmf(String digits, double toneSeconds, double gapSeconds, double dbfs) {
        String keys = "123A456B789C*0#D";
        double[] low = {697, 770, 852, 941};
        double[] high = {1209, 1336, 1477, 1633};
        List<float[]> parts = new ArrayList<>();
        for (char d : digits.toCharArray()) {
            int index = keys.indexOf(d);
            parts.add(mix(sine(toneSeconds, low[index / 4], dbfs - 6), sine(toneSeconds, high[index % 4], dbfs - 6)));
            parts.add(silence(gapSeconds));
        }
        return concat(parts.toArray(new float[0][]));
    }

    static float[] scale(float[] in, double factor) {
        float[] out = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = (float) (in[i] * factor);
        }
        return out;
    }

    /** Scaled so that its RMS equals that of a sine of peak `dbfs`. */
    static float[] scaleToRms(float[] in, double rms, double dbfs) {
        return scale(in, amplitude(dbfs) / Math.sqrt(2) / rms);
    }

    /** RMS over the 50 ms blocks above -50 dBFS (the active level of speech), as a sine-peak dBFS. */
    static double activeDbfs(float[] x) {
        int block = (int) (0.05 * RATE);
        double sum = 0;
        int blocks = 0;
        for (int b = 0; b + block <= x.length; b += block) {
            double s = 0;
            for (int i = b; i < b + block; i++) {
                s += (double) x[i] * x[i];
            }
            if (s / block > 0.5e-5) {
                sum += s / block;
                blocks++;
            }
        }
        return blocks == 0 ? -200 : 10 * Math.log10(sum / blocks / 0.5);
    }

    static float[] toActiveLevel(float[] x, double dbfs) {
        return scale(x, Math.pow(10, (dbfs - activeDbfs(x)) / 20));
    }

    // --- speech -----------------------------------------------------------------------------------

    static boolean espeakAvailable() {
        try {
            Process p = new ProcessBuilder("espeak-ng", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** `text` spoken by espeak-ng with `voice` at `wordsPerMinute`, resampled to 48 kHz. */
    static float[] speech(String voice, int wordsPerMinute, String text) throws Exception {
        Process p = new ProcessBuilder("espeak-ng", "-v", voice, "-s", String.valueOf(wordsPerMinute), "--stdout", text)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] wav = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("espeak-ng failed for voice " + voice);
        }
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
            AudioFormat f = in.getFormat();
            byte[] bytes = in.readAllBytes();
            ByteBuffer b = ByteBuffer.wrap(bytes).order(f.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            float[] s = new float[bytes.length / 2];
            for (int i = 0; i < s.length; i++) {
                s[i] = b.getShort() / 32768f;
            }
            return resample(s, f.getSampleRate(), RATE);
        }
    }

    /** Linear interpolation: enough here (espeak stops at 11 kHz; the images above it are speech-like, not tones). */
    static float[] resample(float[] in, double from, double to) {
        float[] out = new float[(int) ((long) in.length * to / from)];
        for (int i = 0; i < out.length; i++) {
            double p = i * from / to;
            int k = (int) p;
            double f = p - k;
            out[i] = k + 1 < in.length ? (float) (in[k] * (1 - f) + in[k + 1] * f) : 0;
        }
        return out;
    }

    // --- closed loops -----------------------------------------------------------------------------

    /** A room: decaying noise after a 2 ms direct path, band-limited 200 Hz - 5 kHz (loudspeaker, microphone). */
    static double[] room(int length, double t60, long seed) {
        return room(length, t60, seed, 200, 5000);
    }

    /**
     * A room band-limited by 2nd-order filters from `highPassHz` to `lowPassHz`: 200 Hz - 5 kHz for a full-range
     * loudspeaker and microphone, 7 - 14 kHz for a tweeter (its loops howl above 8 kHz).
     */
    static double[] room(int length, double t60, long seed, double highPassHz, double lowPassHz) {
        Random random = new Random(seed);
        double[] h = new double[length];
        int direct = (int) (0.002 * RATE);
        for (int n = direct; n < length; n++) {
            h[n] = random.nextGaussian() * Math.pow(10, -3.0 * (n - direct) / RATE / t60);
        }
        double q = Math.sqrt(0.5);
        double w = 2 * Math.PI * highPassHz / RATE, alpha = Math.sin(w) / (2 * q), c = Math.cos(w), a0 = 1 + alpha;
        biquad(h, (1 + c) / 2 / a0, -(1 + c) / a0, (1 + c) / 2 / a0, -2 * c / a0, (1 - alpha) / a0);
        w = 2 * Math.PI * lowPassHz / RATE;
        alpha = Math.sin(w) / (2 * q);
        c = Math.cos(w);
        a0 = 1 + alpha;
        biquad(h, (1 - c) / 2 / a0, (1 - c) / a0, (1 - c) / 2 / a0, -2 * c / a0, (1 - alpha) / a0);
        return h;
    }

    private static void biquad(double[] x, double b0, double b1, double b2, double a1, double a2) {
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
        for (int n = 0; n < x.length; n++) {
            double y = b0 * x[n] + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
            x2 = x1;
            x1 = x[n];
            y2 = y1;
            y1 = y;
            x[n] = y;
        }
    }

    /**
     * The maximum stable gain of "microphone = x + h * loudspeaker, loudspeaker = g * microphone delayed by
     * `delay`" (Nyquist): 1 / the largest |H| where the open loop's phase is a multiple of 2 pi.
     */
    static double maximumStableGain(double[] h, int delay) {
        int n = 65536;
        double[] re = new double[n];
        double[] im = new double[n];
        System.arraycopy(h, 0, re, 0, h.length);
        fft(re, im);
        double worst = 0;
        double pr = 0, pi = 0;
        for (int k = 0; k <= n / 2; k++) {
            double angle = -2 * Math.PI * (double) k * delay / n;
            double or = re[k] * Math.cos(angle) - im[k] * Math.sin(angle);
            double oi = re[k] * Math.sin(angle) + im[k] * Math.cos(angle);
            if (k > 0 && (pi < 0) != (oi < 0)) {
                double t = pi / (pi - oi);
                double at = pr + t * (or - pr);
                if (at > 0) {
                    worst = Math.max(worst, at);
                }
            }
            pr = or;
            pi = oi;
        }
        return 1 / worst;
    }

    private static void fft(double[] re, double[] im) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            double angle = -2 * Math.PI / len;
            double wr = Math.cos(angle), wi = Math.sin(angle);
            for (int i = 0; i < n; i += len) {
                double cr = 1, ci = 0;
                for (int k = 0; k < len / 2; k++) {
                    int a = i + k, b = i + k + len / 2;
                    double tr = re[b] * cr - im[b] * ci;
                    double ti = re[b] * ci + im[b] * cr;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                    double next = cr * wr - ci * wi;
                    ci = cr * wi + ci * wr;
                    cr = next;
                }
            }
        }
    }

    /** A simulated loop: what the microphone recorded, and when the howl's onset was (-1: none). */
    record Loop(float[] mic, double onsetSeconds) {}

    /** One stretch of a loop: from `fromSeconds` on, this room at this margin to its maximum stable gain. */
    record Stretch(double[] room, double marginDb, double fromSeconds) {}

    /** Onset: the feedback at the microphone (50 ms RMS) 10 dB above the talker's active mean power. */
    static final double ONSET_ABOVE_TALKER = 10;

    /**
     * A closed acoustic loop (native-tests/Signals.h feedbackLoop): microphone = excitation + room *
     * loudspeaker; loudspeaker = tanh(gain * microphone delayed 10 ms); open before `closeAt`, then at
     * `marginDb` relative to the maximum stable gain.
     */
    static Loop feedbackLoop(float[] excitation, double marginDb, double closeAt, long roomSeed) {
        return feedbackLoop(excitation, List.of(new Stretch(room((int) (0.04 * RATE), 0.1, roomSeed), marginDb, closeAt)));
    }

    /**
     * A loop open before its first stretch, then in each stretch's room at its margin: a second stretch with
     * another room makes a howl jump to another frequency (a microphone moved). Onset as above, from the first.
     */
    static Loop feedbackLoop(float[] excitation, List<Stretch> stretches) {
        int delay = (int) (0.010 * RATE);
        int count = stretches.size();
        double[] gains = new double[count];
        int[] starts = new int[count];
        for (int s = 0; s < count; s++) {
            gains[s] = Math.pow(10, stretches.get(s).marginDb() / 20) * maximumStableGain(stretches.get(s).room(), delay);
            starts[s] = (int) (stretches.get(s).fromSeconds() * RATE);
        }
        int close = starts[0];
        int n = excitation.length;
        double[] speaker = new double[n];
        double[] feedback = new double[n];
        float[] mic = new float[n];
        for (int i = 0; i < n; i++) {
            double[] h = stretches.get(stretchAt(starts, i)).room();
            double acoustic = 0;
            int taps = Math.min(h.length, i + 1);
            for (int k = 0; k < taps; k++) {
                acoustic += h[k] * speaker[i - k];
            }
            feedback[i] = acoustic;
            double m = excitation[i] + acoustic;
            if (i + delay < n && i + delay >= close) {
                speaker[i + delay] = Math.tanh(gains[stretchAt(starts, i + delay)] * m);
            }
            mic[i] = (float) Math.max(-1, Math.min(1, m));
        }
        double talker = 0.5 * Math.pow(10, activeDbfs(excitation) / 10);
        int block = (int) (0.05 * RATE);
        int step = (int) (0.01 * RATE);
        double onset = -1;
        for (int b = close; b + block <= n; b += step) {
            double s = 0;
            for (int i = b; i < b + block; i++) {
                s += feedback[i] * feedback[i];
            }
            if (s / block >= Math.pow(10, ONSET_ABOVE_TALKER / 10) * talker) {
                onset = (b + block) / (double) RATE;
                break;
            }
        }
        return new Loop(mic, onset);
    }

    private static int stretchAt(int[] starts, int sample) {
        int s = 0;
        while (s + 1 < starts.length && sample >= starts[s + 1]) {
            s++;
        }
        return s;
    }

    /** The amplitude of the component at `hz` over the `seconds` before `end` (Hann-windowed DFT), dBFS. */
    static double levelAt(float[] x, double end, double seconds, double hz) {
        int last = Math.min(x.length, (int) (end * RATE));
        int n = Math.min(last, (int) (seconds * RATE));
        double re = 0, im = 0, sum = 0;
        for (int i = 0; i < n; i++) {
            double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
            int at = last - n + i;
            double phase = 2 * Math.PI * hz * at / RATE;
            re += w * x[at] * Math.cos(phase);
            im -= w * x[at] * Math.sin(phase);
            sum += w;
        }
        return 20 * Math.log10(2 * Math.hypot(re, im) / Math.max(sum, 1e-12) + 1e-12);
    }

    /**
     * The frequency of the strongest component over the `seconds` before `end`: Hann window, 65536-point FFT
     * (0.73 Hz bins), parabolic interpolation of the magnitude; within a fraction of a hertz for a howl.
     */
    static double dominantHz(float[] x, double end, double seconds) {
        int n = 65536;
        int last = Math.min(x.length, (int) (end * RATE));
        int length = Math.min(Math.min(last, (int) (seconds * RATE)), n);
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < length; i++) {
            re[i] = x[last - length + i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / length));
        }
        fft(re, im);
        int best = 2;
        for (int k = 2; k < n / 2 - 1; k++) {
            if (Math.hypot(re[k], im[k]) > Math.hypot(re[best], im[best])) {
                best = k;
            }
        }
        double a = Math.hypot(re[best - 1], im[best - 1]);
        double b = Math.hypot(re[best], im[best]);
        double c = Math.hypot(re[best + 1], im[best + 1]);
        double delta = a - 2 * b + c < 0 ? 0.5 * (a - c) / (a - 2 * b + c) : 0;
        return (best + delta) * RATE / n;
    }

    // --- files ------------------------------------------------------------------------------------

    /** Writes `mono` as a 16-bit stereo WAV at 48 kHz (clipped to full scale). */
    static void writeWav(Path file, float[] mono) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(mono.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : mono) {
            short s = (short) Math.round(Math.max(-1, Math.min(1, x)) * 32767);
            bytes.putShort(s).putShort(s);
        }
        AudioFormat format = new AudioFormat(RATE, 16, 2, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(bytes.array()), format, mono.length)) {
            Files.createDirectories(file.getParent());
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }
}
