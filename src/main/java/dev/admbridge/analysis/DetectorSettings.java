package dev.admbridge.analysis;

import dev.admbridge.AdmCode;
import dev.admbridge.AdmException;
import dev.admbridge.internal.Durations;
import java.time.Duration;

/**
 * Thresholds of the runtime detectors, the same for a live stream and for {@link RecordingAnalyzer}. The
 * defaults ({@link #defaults()}) equal the native ones ({@code src/main/cpp/detectors/DetectorSettings.h});
 * docs/detectors.md explains each and how the defaults were chosen. Levels are in dBFS with a full-scale
 * sine at 0 dBFS.
 *
 * @param silence digital silence (every sample below one 16-bit step) this long raises
 *     {@link AdmCode#WARN_ADM_RECORD_AUDIO_SILENCE}; default 2 s
 * @param lowLevelDbfs an RMS level below this ... ; default -50 dBFS
 * @param lowLevel ... this long, while not silent, raises {@link AdmCode#WARN_ADM_RECORD_AUDIO_LOWLEVEL}; default 3 s
 * @param howlingPaprDb howling: the peak's power over the band's mean power, at least; default 10 dB
 * @param howlingPnprDb howling: the peak's power over its neighbours' (3 to 6 bins away), at least; default 12 dB
 * @param howlingPhprDb howling: the peak's power over that at f/3, f/2, 2f/3, 3f/2 and 2f, at least; default 10 dB
 * @param howlingPersistence howling: the peak meets those in 80% of the frames of this window; default 300 ms
 * @param howlingMaxDriftHz howling: ... and its frequency moves at most this much; default 20 Hz
 * @param howlingMinDbfs howling: weaker peaks are ignored; default -60 dBFS
 * @param howlingMinHz howling: the band searched starts here; default 100 Hz
 * @param howlingMaxHz ... and ends here and at 0.45 of the sample rate (21.6 kHz at 48 kHz); default 24000 Hz
 * @param howlingClear howling clears when the peak is gone this long; default 300 ms
 * @param howlingMinGrowthDb howling: the peak's level grew at least this much (a howl builds up out of the
 *     loop; a test tone starts at its level), within about a second; 0 turns the test off and a steady tone
 *     is reported as howling; default 10 dB
 * @param gapMin a stream clock jumping ahead of the frames by more than this ...; default 2 ms
 * @param gapBufferFraction ... and more than this fraction of a buffer is a dropout; default 0.5
 * @param rateWindow the callback rate is measured over windows this long ...; default 1 s
 * @param rateTolerance ... and is a malfunction when off the nominal rate by more than this fraction; default 0.1
 * @param noFrames a recording whose callbacks bring no frames this long raises
 *     {@link AdmCode#ERR_ADM_RECORD_AUDIO_FAILED}; default 1 s
 */
public record DetectorSettings(
        Duration silence,
        double lowLevelDbfs,
        Duration lowLevel,
        double howlingPaprDb,
        double howlingPnprDb,
        double howlingPhprDb,
        Duration howlingPersistence,
        double howlingMaxDriftHz,
        double howlingMinDbfs,
        double howlingMinHz,
        double howlingMaxHz,
        Duration howlingClear,
        double howlingMinGrowthDb,
        Duration gapMin,
        double gapBufferFraction,
        Duration rateWindow,
        double rateTolerance,
        Duration noFrames) {

    /** How many values the native side reads (SettingIndex::Count). */
    static final int COUNT = 18;

    private static final DetectorSettings DEFAULTS = new DetectorSettings(Duration.ofSeconds(2), -50,
            Duration.ofSeconds(3), 10, 12, 10, Duration.ofMillis(300), 20, -60, 100, 24000, Duration.ofMillis(300), 10,
            Duration.ofMillis(2), 0.5, Duration.ofSeconds(1), 0.1, Duration.ofSeconds(1));

    /**
     * Checks every value against its range (the native one).
     *
     * @throws AdmException {@link AdmCode#ERR_INVALID_ARGUMENT} naming the first value out of range: durations
     *     must be positive and at most 1 h (persistence 50 ms..10 s, clear 10 ms..10 s, rate window at least
     *     100 ms); dBFS in [-140, 0]; ratios and growth in [0, 100] dB; drift in [0, 1000] Hz;
     *     {@code 0 <= minHz < maxHz <= 100} kHz;
     *     gapBufferFraction in (0, 100]; rateTolerance in (0, 1); no NaN, no null
     */
    public DetectorSettings {
        positive("silence", silence, 3600);
        range("lowLevelDbfs", lowLevelDbfs, -140, 0);
        positive("lowLevel", lowLevel, 3600);
        range("howlingPaprDb", howlingPaprDb, 0, 100);
        range("howlingPnprDb", howlingPnprDb, 0, 100);
        range("howlingPhprDb", howlingPhprDb, 0, 100);
        range("howlingPersistence", seconds("howlingPersistence", howlingPersistence), 0.05, 10);
        range("howlingMaxDriftHz", howlingMaxDriftHz, 0, 1000);
        range("howlingMinDbfs", howlingMinDbfs, -140, 0);
        range("howlingMinHz", howlingMinHz, 0, 100000);
        range("howlingMaxHz", howlingMaxHz, 0, 100000);
        if (!(howlingMaxHz > howlingMinHz)) {
            throw invalid("howlingMaxHz must be above howlingMinHz (" + howlingMinHz + "), got " + howlingMaxHz);
        }
        range("howlingClear", seconds("howlingClear", howlingClear), 0.01, 10);
        range("howlingMinGrowthDb", howlingMinGrowthDb, 0, 100);
        positive("gapMin", gapMin, 3600);
        if (!(gapBufferFraction > 0 && gapBufferFraction <= 100)) {
            throw invalid("gapBufferFraction must be in (0, 100], got " + gapBufferFraction);
        }
        range("rateWindow", seconds("rateWindow", rateWindow), 0.1, 3600);
        if (!(rateTolerance > 0 && rateTolerance < 1)) {
            throw invalid("rateTolerance must be in (0, 1), got " + rateTolerance);
        }
        positive("noFrames", noFrames, 3600);
    }

    /** The documented defaults. */
    public static DetectorSettings defaults() {
        return DEFAULTS;
    }

    /** These settings with another silence duration (see {@link #silence()}). */
    public DetectorSettings withSilence(Duration value) {
        return new DetectorSettings(value, lowLevelDbfs, lowLevel, howlingPaprDb, howlingPnprDb, howlingPhprDb,
                howlingPersistence, howlingMaxDriftHz, howlingMinDbfs, howlingMinHz, howlingMaxHz, howlingClear,
                howlingMinGrowthDb, gapMin, gapBufferFraction, rateWindow, rateTolerance, noFrames);
    }

    /** These settings with another low-level threshold and duration (see {@link #lowLevelDbfs()}). */
    public DetectorSettings withLowLevel(double dbfs, Duration duration) {
        return new DetectorSettings(silence, dbfs, duration, howlingPaprDb, howlingPnprDb, howlingPhprDb,
                howlingPersistence, howlingMaxDriftHz, howlingMinDbfs, howlingMinHz, howlingMaxHz, howlingClear,
                howlingMinGrowthDb, gapMin, gapBufferFraction, rateWindow, rateTolerance, noFrames);
    }

    /** These settings with other howling ratios, in dB (see {@link #howlingPaprDb()}). */
    public DetectorSettings withHowlingRatios(double paprDb, double pnprDb, double phprDb) {
        return new DetectorSettings(silence, lowLevelDbfs, lowLevel, paprDb, pnprDb, phprDb, howlingPersistence,
                howlingMaxDriftHz, howlingMinDbfs, howlingMinHz, howlingMaxHz, howlingClear, howlingMinGrowthDb,
                gapMin, gapBufferFraction, rateWindow, rateTolerance, noFrames);
    }

    /** These settings with another howling persistence window (see {@link #howlingPersistence()}). */
    public DetectorSettings withHowlingPersistence(Duration value) {
        return new DetectorSettings(silence, lowLevelDbfs, lowLevel, howlingPaprDb, howlingPnprDb, howlingPhprDb,
                value, howlingMaxDriftHz, howlingMinDbfs, howlingMinHz, howlingMaxHz, howlingClear, howlingMinGrowthDb,
                gapMin, gapBufferFraction, rateWindow, rateTolerance, noFrames);
    }

    /** These settings with another howling growth (see {@link #howlingMinGrowthDb()}); 0 turns the test off. */
    public DetectorSettings withHowlingMinGrowthDb(double value) {
        return new DetectorSettings(silence, lowLevelDbfs, lowLevel, howlingPaprDb, howlingPnprDb, howlingPhprDb,
                howlingPersistence, howlingMaxDriftHz, howlingMinDbfs, howlingMinHz, howlingMaxHz, howlingClear, value,
                gapMin, gapBufferFraction, rateWindow, rateTolerance, noFrames);
    }

    /** The values in the native order (adm::SettingIndex), times in seconds. */
    public double[] toArray() {
        return new double[] {seconds(silence), lowLevelDbfs, seconds(lowLevel), howlingPaprDb, howlingPnprDb,
            howlingPhprDb, seconds(howlingPersistence), howlingMaxDriftHz, howlingMinDbfs, howlingMinHz,
            howlingMaxHz, seconds(howlingClear), howlingMinGrowthDb, seconds(gapMin), gapBufferFraction,
            seconds(rateWindow), rateTolerance, seconds(noFrames)};
    }

    /** Settings from values in the native order. */
    static DetectorSettings fromArray(double[] v) {
        return new DetectorSettings(duration(v[0]), v[1], duration(v[2]), v[3], v[4], v[5], duration(v[6]), v[7],
                v[8], v[9], v[10], duration(v[11]), v[12], duration(v[13]), v[14], duration(v[15]), v[16],
                duration(v[17]));
    }

    private static Duration duration(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    private static double seconds(Duration d) {
        return Durations.seconds(d);
    }

    private static double seconds(String name, Duration d) {
        if (d == null) {
            throw invalid(name + " must not be null");
        }
        return seconds(d);
    }

    private static void positive(String name, Duration d, double maxSeconds) {
        double s = seconds(name, d);
        if (!(s > 0 && s <= maxSeconds)) {
            throw invalid(name + " must be positive and at most " + (long) maxSeconds + " s, got " + d);
        }
    }

    private static void range(String name, double value, double low, double high) {
        if (!(value >= low && value <= high)) {
            throw invalid(name + " must be in [" + low + ", " + high + "], got " + value);
        }
    }

    private static AdmException invalid(String message) {
        return new AdmException(AdmCode.ERR_INVALID_ARGUMENT, message);
    }
}
