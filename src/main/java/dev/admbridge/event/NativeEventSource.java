package dev.admbridge.event;

import dev.admbridge.AdmCode;
import dev.admbridge.AdmCodeKind;
import dev.admbridge.AdmException;
import dev.admbridge.jni.NativeEvents;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;

/**
 * A module's native event hub, held through its own consumer handle (EventApi.h): the hub outlives the
 * module, so what the module publishes while it closes is still drained. One per module at a time.
 */
public final class NativeEventSource implements EventSource {
    private static volatile boolean loaded;  // NativeEvents' half of the JNI library, once per JVM

    private final long hub;
    private final IntBuffer count = direct(Integer.BYTES).asIntBuffer();
    private final LongBuffer dropped = direct(Long.BYTES).asLongBuffer();
    private volatile boolean closed;

    private NativeEventSource(long hub) {
        this.hub = hub;
    }

    /**
     * Becomes the consumer of module {@code moduleHandle}'s events. The native library must be loaded.
     *
     * @throws AdmException {@link AdmCode#ERR_NOT_INITIALIZED} for an unknown module,
     *     {@link AdmCode#ERR_ALREADY_IN_USE} if the module's events already have a consumer
     */
    public static NativeEventSource attach(long moduleHandle) {
        ensureLoaded();
        if (NativeEvents.eventsRecordSize() != EventRecordLayout.SIZE) {
            throw new AdmException(AdmCode.ERR_ADM_JAVA_RESOURCE, "native EventRecord has "
                    + NativeEvents.eventsRecordSize() + " bytes, Java reads " + EventRecordLayout.SIZE);
        }
        long[] out = new long[1];
        int result = NativeEvents.eventsAttach(moduleHandle, out);
        if (result != 0) {
            throw new AdmException(AdmCode.error(result), "attaching to the events of module " + moduleHandle);
        }
        return new NativeEventSource(out[0]);
    }

    /**
     * Loader.load once, not per attach: the library NativeAdm loaded already (no second copy), and each call
     * redoes JavaCPP's whole search and load path natively. Called per attach, that fragmented the native
     * heap by about 30 KB per module opened with a listener (issue 15, docs/benchmarks.md). A failed load is
     * tried again (and throws again) on the next attach.
     */
    private static void ensureLoaded() {
        if (!loaded) {
            synchronized (NativeEventSource.class) {
                if (!loaded) {
                    Loader.load(NativeEvents.class);
                    loaded = true;
                }
            }
        }
    }

    /** A direct buffer for {@code records} records, 64-byte aligned, in native byte order. */
    public static ByteBuffer recordBuffer(int records) {
        return ByteBuffer.allocateDirect((records + 1) * EventRecordLayout.SIZE)
                .alignedSlice(EventRecordLayout.SIZE)
                .order(ByteOrder.nativeOrder());
    }

    @Override
    public int drain(ByteBuffer dest, int capacityRecords) {
        check(NativeEvents.eventsDrain(hub, dest, capacityRecords, count), "draining");
        return count.get(0);
    }

    @Override
    public void await(long timeoutNanos) {
        check(NativeEvents.eventsAwait(hub, Math.max(0, timeoutNanos)), "waiting");
    }

    @Override
    public void wake() {
        if (!closed) {
            NativeEvents.eventsWake(hub);  // 7 after a racing close: nobody left to wake
        }
    }

    @Override
    public long takeDropped() {
        check(NativeEvents.eventsTakeDropped(hub, dropped), "reading the drop count");
        return dropped.get(0);
    }

    @Override
    public String takeMessage(long id) {
        BytePointer text = NativeEvents.eventsTakeMessage(hub, id);
        return text == null || text.isNull() ? "" : text.getString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            NativeEvents.eventsDetach(hub);
        }
    }

    private static void check(int result, String what) {
        if (result != 0) {
            throw new AdmException(AdmCode.find(AdmCodeKind.ERROR, result)
                    .orElse(AdmCode.ERR_ADM_GENERAL_ERROR), what + " the native event hub failed");
        }
    }

    private static ByteBuffer direct(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }
}
