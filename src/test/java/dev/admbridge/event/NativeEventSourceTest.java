package dev.admbridge.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.admbridge.AdmCode;
import dev.admbridge.AdmException;
import dev.admbridge.AudioDeviceModule;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class NativeEventSourceTest {

    @Test
    void shouldDrainWhatTheModulePublished() {
        try (AudioDeviceModule adm = AudioDeviceModule.open();
                NativeEventSource source = NativeEventSource.attach(EventTesting.handle(adm))) {
            EventTesting.publish(adm, EventTesting.ERROR, 1009, 1, 5, "start failed");
            ByteBuffer batch = NativeEventSource.recordBuffer(4);
            source.await(1_000_000_000L);
            assertEquals(1, source.drain(batch, 4));
            assertEquals(1009, batch.getInt(EventRecordLayout.CODE_OFFSET));
            assertEquals("start failed", source.takeMessage(EventRecordLayout.messageId(batch, 0)));
            assertEquals("", source.takeMessage(EventRecordLayout.messageId(batch, 0)));
            assertEquals(0, source.takeDropped());
            long start = System.nanoTime();
            source.wake();
            source.await(5_000_000_000L);
            assertTrue(System.nanoTime() - start < 1_000_000_000L, "a wake before the wait is not lost");
        }
    }

    @Test
    void shouldRefuseUnknownModulesAndASecondConsumer() {
        AdmException unknown = assertThrows(AdmException.class, () -> NativeEventSource.attach(987_654_321L));
        assertEquals(AdmCode.ERR_NOT_INITIALIZED, unknown.code());
        try (AudioDeviceModule adm = AudioDeviceModule.open();
                NativeEventSource first = NativeEventSource.attach(EventTesting.handle(adm))) {
            AdmException second = assertThrows(AdmException.class,
                    () -> NativeEventSource.attach(EventTesting.handle(adm)));
            assertEquals(AdmCode.ERR_ALREADY_IN_USE, second.code());
        }
    }

    @Test
    void shouldRefuseBadBuffersAndUseAfterClose() {
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            NativeEventSource source = NativeEventSource.attach(EventTesting.handle(adm));
            assertEquals(AdmCode.ERR_INVALID_ARGUMENT,
                    assertThrows(AdmException.class, () -> source.drain(null, 1)).code());
            assertEquals(AdmCode.ERR_INVALID_ARGUMENT,
                    assertThrows(AdmException.class, () -> source.drain(NativeEventSource.recordBuffer(1), 0)).code());
            source.close();
            source.close();  // idempotent
            source.wake();   // harmless after close
            assertEquals(AdmCode.ERR_NOT_INITIALIZED,
                    assertThrows(AdmException.class, () -> source.drain(NativeEventSource.recordBuffer(1), 1)).code());
            assertEquals(AdmCode.ERR_NOT_INITIALIZED, assertThrows(AdmException.class, source::takeDropped).code());
            assertEquals(AdmCode.ERR_NOT_INITIALIZED, assertThrows(AdmException.class, () -> source.await(0)).code());
            assertEquals("", source.takeMessage(1));
        }
    }
}
