package dev.admbridge.jni;

import org.bytedeco.javacpp.BytePointer;
import java.nio.ByteBuffer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.CriticalRegion;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;

/**
 * JavaCPP binding of {@code src/main/cpp/NativeApi.h}. Internal: callers load the library with
 * {@link NativeLibrary#ensureLoaded()} before any call here.
 *
 * <p>Each {@code int} result is a documented error code (0 = ERR_OK); the details of a failure are
 * read with {@link #lastErrorMessage()} on the same thread right after the call, which
 * {@link NativeLibrary#check(int, String)} does for every binding.
 */
@Properties(inherit = NativeBuild.class)
@Platform(include = "NativeApi.h")
@Namespace("adm::api")
public final class NativeAdm {
    private NativeAdm() {}

    public static native int codeCount();

    public static native int codeValue(int row);

    public static native int codeKind(int row);

    public static native @Cast("const char*") BytePointer codeName(int row);

    public static native @Cast("const char*") BytePointer codeDescription(int row);

    public static native @Cast("bool") boolean codeInternalOnly(int row);

    public static native @Cast("bool") boolean codeExtension(int row);

    public static native @Cast("const char*") BytePointer lastErrorMessage();

    public static native int lastErrorBackendCode();

    public static native @Cast("int64_t") long lastErrorHostCode();

    public static native @Cast("const char*") BytePointer backendErrorText(int backendError);

    public static native void streamLimits(double[] out);

    public static native @Cast("const char*") BytePointer backendVersion();

    public static native int moduleOpen(@Cast("const char*") String jackServer, @Cast("int64_t*") long[] outHandle);

    public static native int moduleClose(@Cast("int64_t") long handle);

    public static native int moduleWatchDevices(@Cast("int64_t") long handle);

    public static native int moduleListDevices(@Cast("int64_t") long handle, int[] outCount);

    public static native int moduleDeviceSnapshotStale(@Cast("int64_t") long handle, int[] outStale);

    public static native int moduleDeviceNumbers(@Cast("int64_t") long handle, int row, int[] ints, double[] doubles);

    public static native @Cast("const char*") BytePointer moduleDeviceName(@Cast("int64_t") long handle, int row);

    public static native @Cast("const char*") BytePointer moduleDeviceHostApi(@Cast("int64_t") long handle, int row);

    public static native int streamInit(@Cast("int64_t") long handle, int kind, int device,
            @Cast("const char*") String deviceName, int channels, int format, double sampleRate, int framesPerBuffer,
            double suggestedLatency);

    public static native int streamStart(@Cast("int64_t") long handle, int kind);

    public static native int streamStop(@Cast("int64_t") long handle, int kind);

    public static native int streamClose(@Cast("int64_t") long handle, int kind);

    public static native int streamProbe(@Cast("int64_t") long handle, int kind, int device,
            @Cast("const char*") String deviceName, int channels, int format, double sampleRate, int framesPerBuffer,
            double suggestedLatency);

    public static native int streamDevice(@Cast("int64_t") long handle, int kind, int[] ints, double[] doubles);

    public static native @Cast("const char*") BytePointer streamDeviceName(@Cast("int64_t") long handle, int kind);

    public static native @Cast("const char*") BytePointer streamDeviceHostApi(@Cast("int64_t") long handle, int kind);

    public static native int streamStats(@Cast("int64_t") long handle, int kind, int[] ints, double[] doubles,
            @Cast("int64_t*") long[] longs);

    // PCM: arrays (the data and outFrames) are pinned for the call (GetPrimitiveArrayCritical) instead of copied
    // through malloc; direct buffers are used in place (JavaCPP adds the buffer's position); capacityBytes bounds
    // the copy natively too. The native side only takes short locks that no blocking call holds.

    @CriticalRegion
    @Name("pcmWrite")
    public static native int pcmWriteFloats(@Cast("int64_t") long handle, int kind, @Cast("const void*") float[] data,
            @Cast("int64_t") long capacityBytes, @Cast("int64_t") long offsetBytes, int frames, int[] outFrames);

    @CriticalRegion
    @Name("pcmWrite")
    public static native int pcmWriteShorts(@Cast("int64_t") long handle, int kind, @Cast("const void*") short[] data,
            @Cast("int64_t") long capacityBytes, @Cast("int64_t") long offsetBytes, int frames, int[] outFrames);

    @CriticalRegion
    @Name("pcmWrite")
    public static native int pcmWriteBuffer(@Cast("int64_t") long handle, int kind, ByteBuffer data,
            @Cast("int64_t") long capacityBytes, @Cast("int64_t") long offsetBytes, int frames, int[] outFrames);

    @CriticalRegion
    @Name("pcmRead")
    public static native int pcmReadFloats(@Cast("int64_t") long handle, int kind, @Cast("void*") float[] data,
            @Cast("int64_t") long capacityBytes, @Cast("int64_t") long offsetBytes, int frames, int[] outFrames);

    @CriticalRegion
    @Name("pcmRead")
    public static native int pcmReadShorts(@Cast("int64_t") long handle, int kind, @Cast("void*") short[] data,
            @Cast("int64_t") long capacityBytes, @Cast("int64_t") long offsetBytes, int frames, int[] outFrames);

    @CriticalRegion
    @Name("pcmRead")
    public static native int pcmReadBuffer(@Cast("int64_t") long handle, int kind, ByteBuffer data,
            @Cast("int64_t") long capacityBytes, @Cast("int64_t") long offsetBytes, int frames, int[] outFrames);

    public static native int pcmInfo(@Cast("int64_t") long handle, int kind, int[] out);

    // Where the application's side of a PCM ring sleeps: a futex, cheaper to sleep on and wake from than
    // LockSupport.parkNanos (docs/benchmarks.md, the cost of one wake), and woken when the stream closes.
    public static native int pcmGeneration(@Cast("int64_t") long handle, int kind, int[] out);

    public static native int pcmWait(@Cast("int64_t") long handle, int kind, int generation,
            @Cast("int64_t") long timeoutNanos);

    public static native int pcmWake(@Cast("int64_t") long handle, int kind);

    public static native int deviceTest(@Cast("int64_t") long handle, int enable, int levelIntervalMs);

    public static native int moduleSetDetectorSettings(@Cast("int64_t") long handle, double[] values, int count);

    public static native int moduleSetRecoveryPolicy(@Cast("int64_t") long handle, int enabled,
            @Cast("int64_t") long firstDelayMs, @Cast("int64_t") long maxDelayMs, int maxTries);
}
