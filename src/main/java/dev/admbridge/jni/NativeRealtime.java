package dev.admbridge.jni;

import java.nio.ByteBuffer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;
import org.bytedeco.javacpp.annotation.Raw;

/**
 * JavaCPP binding of {@code src/main/cpp/jni/RealtimeApi.h}: the realtime callback, whose native side keeps a
 * reference to a Java object and calls it from the audio thread. Internal, as {@link NativeAdm}.
 */
@Properties(inherit = NativeBuild.class)
@Platform(include = "jni/RealtimeApi.h")
@Namespace("adm::api")
public final class NativeRealtime {
    private NativeRealtime() {}

    /**
     * Sets the stream's realtime callback: the audio thread calls {@code dispatch.run(int frames)} for each block,
     * with its samples in {@code buffer} (direct, native order, {@code capacityFrames} frames); null gives the
     * stream back to its ring.
     */
    public static native int streamSetRealtime(@Cast("int64_t") long handle, int kind, @Raw Object dispatch,
            @Raw ByteBuffer buffer, int capacityFrames);
}
