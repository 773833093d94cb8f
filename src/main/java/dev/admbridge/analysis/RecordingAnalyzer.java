package dev.admbridge.analysis;

import dev.admbridge.AdmCode;
import dev.admbridge.AdmCodeKind;
import dev.admbridge.AdmException;
import dev.admbridge.internal.Durations;
import dev.admbridge.jni.NativeDetectors;
import dev.admbridge.jni.NativeLibrary;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Runs the runtime detectors over a recording, so that a recording that misbehaved can be replayed: the same
 * native detector code as a live stream, fed in 10 ms blocks with the position in the recording as its
 * clock, so each {@link Detection} carries its time in the file. Thread-safe: each call has its own
 * native analyzer.
 *
 * <p>WAV files are read with {@code javax.sound.sampled}: 8, 16, 24 and 32-bit integer PCM, 32 and 64-bit
 * float, and A-law and μ-law, any number of channels up to 64, 8 kHz to 1 MHz. 16-bit PCM reaches the
 * detectors as it is; other formats as floats.
 */
public final class RecordingAnalyzer {
    private static final int CHUNK_FRAMES = 4800;

    private RecordingAnalyzer() {}

    /**
     * Analyses a WAV file.
     *
     * @return every detection, in the order raised
     * @throws AdmException {@link AdmCode#ERR_INVALID_ARGUMENT} if the file is missing, unreadable or not a WAV
     *     file, or its format is not supported; {@link AdmCode#ERR_LOAD_MEDIA_ENGINE} if the native library
     *     cannot be loaded
     * @throws NullPointerException if wav or settings is null
     */
    public static List<Detection> analyze(Path wav, DetectorSettings settings) {
        return analyzeFile(wav, settings).detections();
    }

    /**
     * Analyses a WAV file and says what it was (rate, channels, length) along with the detections.
     *
     * @throws AdmException as {@link #analyze(Path, DetectorSettings)}
     * @throws NullPointerException if wav or settings is null
     */
    public static Analysis analyzeFile(Path wav, DetectorSettings settings) {
        Objects.requireNonNull(wav, "wav");
        Objects.requireNonNull(settings, "settings");
        if (!Files.exists(wav)) {
            throw invalid("no such file: " + wav);
        }
        if (!Files.isRegularFile(wav) || !Files.isReadable(wav)) {
            throw invalid("cannot read " + wav + " (not a readable regular file)");
        }
        try (InputStream file = new BufferedInputStream(Files.newInputStream(wav))) {
            AudioFileFormat type;
            try {
                type = AudioSystem.getAudioFileFormat(file);
            } catch (UnsupportedAudioFileException e) {
                throw invalid(wav + " is not a WAV file (or not one Java Sound can read): " + e.getMessage());
            }
            if (type.getType() != AudioFileFormat.Type.WAVE) {
                throw invalid(wav + " is not a WAV file but " + type.getType());
            }
        } catch (IOException e) {
            throw invalid("cannot read " + wav + ": " + e.getMessage());
        }
        try (AudioInputStream stream = AudioSystem.getAudioInputStream(wav.toFile())) {
            return analyze(stream, settings, wav.toString());
        } catch (UnsupportedAudioFileException e) {
            throw invalid(wav + " is not a WAV file Java Sound can read: " + e.getMessage());
        } catch (IOException e) {
            throw invalid("cannot read " + wav + ": " + e.getMessage());
        }
    }

    /**
     * Analyses interleaved float samples (full scale 1.0) held in memory.
     *
     * @throws AdmException {@link AdmCode#ERR_INVALID_ARGUMENT} if sampleRate is outside 8 kHz..1 MHz, channels
     *     outside 1..64, or the array's length is not a whole number of frames
     * @throws NullPointerException if interleaved or settings is null
     */
    public static Analysis analyze(float[] interleaved, float sampleRate, int channels, DetectorSettings settings) {
        Objects.requireNonNull(interleaved, "interleaved");
        Objects.requireNonNull(settings, "settings");
        checkShape(sampleRate, channels);
        if (interleaved.length % channels != 0) {
            throw invalid(interleaved.length + " samples are not a whole number of " + channels + "-channel frames");
        }
        try (Native analyzer = Native.open(sampleRate, channels, settings)) {
            FloatBuffer buffer = ByteBuffer.allocateDirect(CHUNK_FRAMES * channels * Float.BYTES)
                    .order(ByteOrder.nativeOrder()).asFloatBuffer();
            for (int offset = 0; offset < interleaved.length; offset += CHUNK_FRAMES * channels) {
                int samples = Math.min(CHUNK_FRAMES * channels, interleaved.length - offset);
                buffer.clear();
                buffer.put(interleaved, offset, samples);
                buffer.flip();
                analyzer.feed(buffer, samples / channels);
            }
            return analyzer.finish(sampleRate, channels);
        }
    }

    private static Analysis analyze(AudioInputStream input, DetectorSettings settings, String name)
            throws IOException {
        AudioInputStream stream = input;
        AudioFormat format = stream.getFormat();
        AudioFormat.Encoding encoding = format.getEncoding();
        if (encoding.equals(AudioFormat.Encoding.ULAW) || encoding.equals(AudioFormat.Encoding.ALAW)) {
            AudioFormat pcm = new AudioFormat(format.getSampleRate(), 16, format.getChannels(), true, false);
            stream = AudioSystem.getAudioInputStream(pcm, stream);
            format = stream.getFormat();
            encoding = format.getEncoding();
        }
        int channels = format.getChannels();
        float rate = format.getSampleRate();
        int bits = format.getSampleSizeInBits();
        boolean integer = encoding.equals(AudioFormat.Encoding.PCM_SIGNED) || encoding.equals(AudioFormat.Encoding.PCM_UNSIGNED);
        boolean floating = encoding.equals(AudioFormat.Encoding.PCM_FLOAT);
        if (!(integer && (bits == 8 || bits == 16 || bits == 24 || bits == 32)) && !(floating && (bits == 32 || bits == 64))) {
            throw invalid(name + ": unsupported sample format " + format);
        }
        checkShape(rate, channels);
        int bytesPerSample = bits / 8;
        int frameBytes = bytesPerSample * channels;
        ByteOrder order = format.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        boolean unsigned = encoding.equals(AudioFormat.Encoding.PCM_UNSIGNED);
        byte[] bytes = new byte[CHUNK_FRAMES * frameBytes];
        ByteBuffer direct = ByteBuffer.allocateDirect(CHUNK_FRAMES * channels * Float.BYTES).order(ByteOrder.nativeOrder());
        try (Native analyzer = Native.open(rate, channels, settings)) {
            int filled = 0;
            while (true) {
                int read = stream.read(bytes, filled, bytes.length - filled);
                if (read > 0) {
                    filled += read;
                }
                if (filled == bytes.length || (read < 0 && filled > 0)) {
                    int frames = filled / frameBytes;
                    ByteBuffer in = ByteBuffer.wrap(bytes, 0, frames * frameBytes).order(order);
                    direct.clear();
                    if (integer && bits == 16 && !unsigned) {
                        ShortBuffer out = direct.asShortBuffer();
                        for (int i = 0; i < frames * channels; i++) {
                            out.put(in.getShort());
                        }
                        out.flip();
                        analyzer.feed(out, frames);
                    } else {
                        FloatBuffer out = direct.asFloatBuffer();
                        for (int i = 0; i < frames * channels; i++) {
                            out.put(sample(in, bits, floating, unsigned));
                        }
                        out.flip();
                        analyzer.feed(out, frames);
                    }
                    int rest = filled - frames * frameBytes;  // a partial frame waits for the next read
                    System.arraycopy(bytes, frames * frameBytes, bytes, 0, rest);
                    filled = rest;
                }
                if (read < 0) {
                    break;
                }
            }
            return analyzer.finish(rate, channels);
        }
    }

    private static float sample(ByteBuffer in, int bits, boolean floating, boolean unsigned) {
        if (floating) {
            return bits == 32 ? in.getFloat() : (float) in.getDouble();
        }
        switch (bits) {
            case 8:
                return unsigned ? ((in.get() & 0xff) - 128) / 128f : in.get() / 128f;
            case 16:
                return unsigned ? ((in.getShort() & 0xffff) - 32768) / 32768f : in.getShort() / 32768f;
            case 24: {
                int b0, b1, b2;
                if (in.order() == ByteOrder.LITTLE_ENDIAN) {
                    b0 = in.get() & 0xff;
                    b1 = in.get() & 0xff;
                    b2 = in.get();
                } else {
                    b2 = in.get();
                    b1 = in.get() & 0xff;
                    b0 = in.get() & 0xff;
                }
                int value = (b2 << 16) | (b1 << 8) | b0;
                return unsigned ? (value & 0xffffff) / 8388608f - 1f : value / 8388608f;
            }
            default:
                return unsigned ? (float) ((in.getInt() & 0xffffffffL) / 2147483648.0 - 1.0) : in.getInt() / 2147483648f;
        }
    }

    private static void checkShape(float sampleRate, int channels) {
        if (!(sampleRate >= 8000 && sampleRate <= 1_000_000)) {
            throw invalid("sample rate must be in 8000..1000000 Hz, got " + sampleRate);
        }
        if (channels < 1 || channels > 64) {
            throw invalid("channels must be in 1..64, got " + channels);
        }
    }

    static AdmException invalid(String message) {
        return new AdmException(AdmCode.ERR_INVALID_ARGUMENT, message);
    }

    /** The native defaults, for the test that compares them with {@link DetectorSettings#defaults()}. */
    static DetectorSettings nativeDefaults() {
        NativeLibrary.ensureLoaded();
        double[] values = new double[NativeDetectors.detectorSettingCount()];
        NativeLibrary.check(NativeDetectors.detectorSettingDefaults(values, values.length), "reading the native defaults");
        return DetectorSettings.fromArray(values);
    }

    /** The native validation's verdict on `settings`: null when acceptable. */
    static String nativeProblem(double[] values) {
        NativeLibrary.ensureLoaded();
        int result = NativeDetectors.detectorSettingsCheck(values, values.length);
        return result == 0 ? null : NativeLibrary.failure(result, "checking detector settings").getMessage();
    }

    /** One native analyzer handle. */
    private static final class Native implements AutoCloseable {
        private final long handle;

        private Native(long handle) {
            this.handle = handle;
        }

        static Native open(float rate, int channels, DetectorSettings settings) {
            NativeLibrary.ensureLoaded();
            if (NativeDetectors.detectorSettingCount() != DetectorSettings.COUNT) {
                throw new AdmException(AdmCode.ERR_ADM_JAVA_RESOURCE, "the native library has "
                        + NativeDetectors.detectorSettingCount() + " detector settings, Java " + DetectorSettings.COUNT);
            }
            long[] out = new long[1];
            double[] values = settings.toArray();
            NativeLibrary.check(NativeDetectors.analyzerOpen(rate, channels, values, values.length, out),
                    "opening an analyzer at " + rate + " Hz, " + channels + " channels");
            return new Native(out[0]);
        }

        void feed(FloatBuffer samples, int frames) {
            NativeLibrary.check(NativeDetectors.analyzerFeedFloat(handle, samples, frames), "analysing");
        }

        void feed(ShortBuffer samples, int frames) {
            NativeLibrary.check(NativeDetectors.analyzerFeedInt16(handle, samples, frames), "analysing");
        }

        Analysis finish(float rate, int channels) {
            long[] frames = new long[1];
            NativeLibrary.check(NativeDetectors.analyzerFrames(handle, frames), "reading the length");
            int[] count = new int[1];
            NativeLibrary.check(NativeDetectors.analyzerDetectionCount(handle, count), "reading detections");
            List<long[]> raw = new ArrayList<>();
            List<int[]> kinds = new ArrayList<>();
            for (int i = 0; i < count[0]; i++) {
                int[] ints = new int[3];
                long[] longs = new long[3];
                NativeLibrary.check(NativeDetectors.analyzerDetection(handle, i, ints, longs), "reading a detection");
                kinds.add(ints);
                raw.add(longs);
            }
            long endNanos = Math.round(frames[0] * 1e9 / rate);
            return new Analysis(rate, channels, frames[0], pair(kinds, raw, endNanos));
        }

        @Override
        public void close() {
            NativeDetectors.analyzerClose(handle);
        }
    }

    /** Started and Cleared of one condition become one Detection; Occurred ones stand alone. */
    static List<Detection> pair(List<int[]> kinds, List<long[]> raw, long endNanos) {
        List<Detection> out = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            int[] k = kinds.get(i);
            long[] v = raw.get(i);
            int transition = k[2];
            if (transition == 2) {
                continue;  // a clear: folded into its start below
            }
            AdmCode code = AdmCode.find(k[0] == 0 ? AdmCodeKind.ERROR : AdmCodeKind.WARNING, k[1])
                    .orElse(AdmCode.ERR_ADM_GENERAL_ERROR);
            long end = transition == 0 ? v[2] : endNanos;
            boolean cleared = transition == 0;
            for (int j = i + 1; j < kinds.size() && transition == 1; j++) {
                if (kinds.get(j)[1] == k[1] && kinds.get(j)[2] == 2) {
                    end = raw.get(j)[2];
                    cleared = true;
                    break;
                }
                if (kinds.get(j)[1] == k[1] && kinds.get(j)[2] == 1) {
                    break;
                }
            }
            Duration since = Duration.ofNanos(Math.max(0, v[1]));
            Duration time = Duration.ofNanos(Math.max(v[1], v[2]));
            Duration duration = Duration.ofNanos(Math.max(0, end - v[1]));
            out.add(new Detection(code, time, since, duration, cleared, v[0], describe(code, v[0], duration)));
        }
        return out;
    }

    /** The words for a detection. */
    static String describe(AdmCode code, long value, Duration duration) {
        double seconds = Durations.seconds(duration);
        return switch (code) {
            case WARN_ADM_RECORD_AUDIO_SILENCE -> String.format(Locale.ROOT, "digital silence for %.1f s", seconds);
            case WARN_ADM_RECORD_AUDIO_LOWLEVEL ->
                    String.format(Locale.ROOT, "recording level %d dBFS for %.1f s", value, seconds);
            case WARN_ADM_HOWLING -> String.format(Locale.ROOT, "howling at %d Hz for %.1f s", value, seconds);
            case WARN_ADM_RUNTIME_PLAYOUT_WARNING, WARN_ADM_RUNTIME_RECORDING_WARNING ->
                    String.format(Locale.ROOT, "dropout: %.1f ms of audio missing", value / 1e6);
            case WARN_ADM_PLAYOUT_MALFUNCTION, WARN_ADM_RECORD_MALFUNCTION ->
                    String.format(Locale.ROOT, "callbacks at %d frames/s for %.1f s", value, seconds);
            case ERR_ADM_RECORD_AUDIO_FAILED ->
                    String.format(Locale.ROOT, "no frames for %.1f s", value / 1e9);
            default -> code.name() + " (value " + value + ")";
        };
    }
}
