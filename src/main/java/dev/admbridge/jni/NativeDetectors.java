package dev.admbridge.jni;

import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * JavaCPP binding of {@code src/main/cpp/DetectorApi.h}: the runtime detectors' settings and the offline
 * analyzer. Internal: {@code dev.admbridge.analysis} is its only user.
 *
 * <p>Each {@code int} result is a documented error code: 0 ok, 2 ERR_INVALID_ARGUMENT, 7 ERR_NOT_INITIALIZED
 * (unknown analyzer handle). Settings travel as {@link #detectorSettingCount()} doubles.
 */
@Platform(
        include = "DetectorApi.h",
        // Same JNI library as NativeAdm: a second library would hold its own copy of the static core,
        // hence its own module registry, and could never find a module that NativeAdm opened.
        library = "jniNativeAdm",
        // JavaCPP reverses this list: lowest-level first. '#' links without bundling.
        link = {"asound@.2#", "jack@.0#", "portaudio@.2#", "admcore#"},
        compiler = "cpp17")
@Namespace("adm::api")
public final class NativeDetectors {
    private NativeDetectors() {}

    public static native int detectorSettingCount();

    public static native int detectorSettingDefaults(double[] out, int capacity);

    public static native @Cast("const char*") BytePointer detectorSettingsProblem(
            @Cast("const double*") double[] values, int count);

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
