package dev.admbridge.jni;

import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;

/**
 * JavaCPP binding of {@code src/main/cpp/EventApi.h}: the consumer side of a module's event hub, and
 * a publishing hook for tests and benchmarks. Internal: {@code dev.admbridge.event} is its only user.
 *
 * <p>Each {@code int} result is a documented error code: 0 ok, 2 ERR_INVALID_ARGUMENT, 7 ERR_NOT_INITIALIZED
 * (unknown handle), 19 ERR_ALREADY_IN_USE (the hub already has a consumer), with the details for
 * {@link NativeLibrary#check(int, String)}. Out parameters are direct buffers, so a drain costs one JNI
 * crossing and no array copy.
 */
@Properties(inherit = NativeBuild.class)
@Platform(include = "EventApi.h")
@Namespace("adm::api")
public final class NativeEvents {
    private NativeEvents() {}

    public static native int eventsRecordSize();

    public static native int eventsAttach(@Cast("int64_t") long module, @Cast("int64_t*") long[] outHub);

    public static native int eventsDetach(@Cast("int64_t") long hub);

    public static native int eventsDrain(
            @Cast("int64_t") long hub, @Cast("void*") ByteBuffer dest, int capacityRecords, IntBuffer outCount);

    public static native int eventsAwait(@Cast("int64_t") long hub, @Cast("int64_t") long timeoutNanos);

    public static native int eventsWake(@Cast("int64_t") long hub);

    public static native int eventsTakeDropped(@Cast("int64_t") long hub, @Cast("int64_t*") LongBuffer outDropped);

    public static native @Cast("const char*") BytePointer eventsTakeMessage(
            @Cast("int64_t") long hub, @Cast("int64_t") long id);

    public static native int eventsPublish(@Cast("int64_t") long module, int type, int code, int stream, int device,
            int backendError, @Cast("int64_t") long hostError, int count, @Cast("int64_t") long value,
            @Cast("const char*") String message, @Cast("bool") boolean wake, int[] outPublished);

    public static native int eventsPublishMany(@Cast("int64_t") long module, @Cast("int64_t") long events,
            @Cast("bool") boolean wake, @Cast("bool") boolean retryWhenFull, @Cast("int64_t*") long[] outPublished);
}
