package dev.admbridge.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.admbridge.AudioDeviceModule;
import dev.admbridge.jni.NativeEvents;
import java.lang.reflect.Field;
import java.util.function.BooleanSupplier;

/** Publishes synthetic records into a module's hub through the native hook, as a producer would. */
final class EventTesting {
    static final int ERROR = EventRecordLayout.TYPE_ERROR;
    static final int WARNING = EventRecordLayout.TYPE_WARNING;

    private EventTesting() {}

    static long handle(AudioDeviceModule adm) {
        try {
            Field field = AudioDeviceModule.class.getDeclaredField("handle");
            field.setAccessible(true);
            return field.getLong(adm);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** Publishes one record; true if it went in, false if the ring was full. */
    static boolean publish(AudioDeviceModule adm, int type, int code, int stream, long value, String message) {
        int[] published = new int[1];
        assertEquals(0, NativeEvents.eventsPublish(handle(adm), type, code, stream, -1, 0, 0, 1, value, message,
                true, published));
        return published[0] == 1;
    }

    static boolean publish(AudioDeviceModule adm, int type, int code, long value) {
        return publish(adm, type, code, 0, value, null);
    }

    static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix) && t.isAlive()).count();
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(2);
        }
    }
}
