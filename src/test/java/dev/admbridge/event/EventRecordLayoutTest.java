package dev.admbridge.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.admbridge.AdmCode;
import dev.admbridge.AdmEvent;
import dev.admbridge.StreamKind;
import dev.admbridge.jni.NativeEvents;
import dev.admbridge.AudioDeviceModule;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class EventRecordLayoutTest {

    private static ByteBuffer record(int type, int code, int stream) {
        ByteBuffer buffer = NativeEventSource.recordBuffer(1);
        buffer.putInt(EventRecordLayout.TYPE_OFFSET, type);
        buffer.putInt(EventRecordLayout.CODE_OFFSET, code);
        buffer.putInt(EventRecordLayout.STREAM_OFFSET, stream);
        buffer.putInt(EventRecordLayout.DEVICE_OFFSET, 2);
        buffer.putInt(EventRecordLayout.BACKEND_ERROR_OFFSET, -9985);
        buffer.putInt(EventRecordLayout.COUNT_OFFSET, 4);
        buffer.putLong(EventRecordLayout.HOST_ERROR_OFFSET, -5);
        buffer.putLong(EventRecordLayout.FIRST_NANOS_OFFSET, 100);
        buffer.putLong(EventRecordLayout.LAST_NANOS_OFFSET, 200);
        buffer.putLong(EventRecordLayout.VALUE_OFFSET, 9);
        return buffer;
    }

    @Test
    void shouldMatchTheNativeRecordSize() {
        AudioDeviceModule.open().close();  // loads the library
        assertEquals(EventRecordLayout.SIZE, NativeEvents.eventsRecordSize());
        assertEquals(EventRecordLayout.SIZE, EventRecordLayout.VALUE_OFFSET + Long.BYTES);
    }

    @Test
    void shouldDecodeEveryField() {
        AdmEvent e = EventRecordLayout.decode(record(0, 1008, 1), 0, "busy", "Device unavailable").orElseThrow();
        assertEquals(new AdmEvent(AdmEvent.Kind.ERROR, AdmCode.ERR_ADM_INIT_PLAYOUT, null, StreamKind.PLAYOUT, 2,
                "busy", -9985, "Device unavailable", -5, 4, 100, 200, 9), e);
    }

    @Test
    void shouldDropInternalOnlyAndUndocumentedCodes() {
        assertTrue(EventRecordLayout.decode(record(0, 20, 0), 0, "", "").isEmpty(), "ERR_ABORTED");
        assertTrue(EventRecordLayout.decode(record(0, 5, 0), 0, "", "").isEmpty(), "ERR_REFUSED");
        assertTrue(EventRecordLayout.decode(record(0, 0, 0), 0, "", "").isEmpty(), "ERR_OK");
        assertTrue(EventRecordLayout.decode(record(1, 4242, 0), 0, "", "").isEmpty(), "no such warning");
        assertEquals(AdmCode.WARN_PENDING, EventRecordLayout.decode(record(1, 20, 0), 0, "", "").orElseThrow().code());
    }

    @Test
    void shouldRefuseUnknownTypesStreamsAndStates() {
        assertThrows(IllegalArgumentException.class, () -> EventRecordLayout.decode(record(9, 1005, 0), 0, "", ""));
        assertThrows(IllegalArgumentException.class, () -> EventRecordLayout.decode(record(0, 1005, 7), 0, "", ""));
        assertThrows(IllegalArgumentException.class, () -> EventRecordLayout.decode(record(2, 6, 0), 0, "", ""));
        assertThrows(NullPointerException.class, () -> EventRecordLayout.decode(record(0, 1005, 0), 0, null, ""));
        assertThrows(IndexOutOfBoundsException.class, () -> EventRecordLayout.decode(record(0, 1005, 0), 1 << 20, "", ""));
    }
}
