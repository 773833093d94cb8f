package dev.admbridge.jni;

import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;

/**
 * JavaCPP binding of {@code src/main/cpp/DetectorApi.h}: the runtime detectors' settings and the offline
 * analyzer. Internal: {@code dev.admbridge.analysis} is its only user.
 *
 * <p>Each {@code int} result is a documented error code: 0 ok, 2 ERR_INVALID_ARGUMENT, 7 ERR_NOT_INITIALIZED
 * (unknown analyzer handle), with the details for {@link NativeLibrary#check(int, String)}. Settings travel
 * as {@link #detectorSettingCount()} doubles.
 */
@Properties(inherit = NativeBuild.class)
@Platform(include = "DetectorApi.h")
@Namespace("adm::api")
public final class NativeDetectors {
    private NativeDetectors() {}

    public static native int detectorSettingCount();

    public static native int detectorSettingDefaults(double[] out, int capacity);

    public static native int detectorSettingsCheck(@Cast("const double*") double[] values, int count);

    public static native int analyzerOpen(double sampleRate, int channels, @Cast("const double*") double[] settings,
            int settingCount, @Cast("int64_t*") long[] outHandle);

    public static native int analyzerFeedFloat(@Cast("int64_t") long handle,
            @Cast("const float*") FloatBuffer interleaved, int frames);

    public static native int analyzerFeedInt16(@Cast("int64_t") long handle,
            @Cast("const int16_t*") ShortBuffer interleaved, int frames);

    public static native int analyzerDetectionCount(@Cast("int64_t") long handle, int[] outCount);

    public static native int analyzerDetection(@Cast("int64_t") long handle, int index, int[] ints,
            @Cast("int64_t*") long[] longs);

    public static native int analyzerFrames(@Cast("int64_t") long handle, @Cast("int64_t*") long[] outFrames);

    public static native int analyzerClose(@Cast("int64_t") long handle);
}
