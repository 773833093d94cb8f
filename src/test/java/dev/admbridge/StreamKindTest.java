package dev.admbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StreamKindTest {
    @Test
    void shouldUseTheNativeNumbers() {
        assertEquals(0, StreamKind.MODULE.nativeValue());
        assertEquals(1, StreamKind.PLAYOUT.nativeValue());
        assertEquals(2, StreamKind.RECORDING.nativeValue());
        assertEquals(3, StreamKind.LOOPBACK.nativeValue());
        for (StreamKind kind : StreamKind.values()) {
            assertEquals(kind, StreamKind.fromNative(kind.nativeValue()));
        }
    }

    @Test
    void shouldRefuseUnknownNumbers() {
        assertThrows(IllegalArgumentException.class, () -> StreamKind.fromNative(-1));
        assertThrows(IllegalArgumentException.class, () -> StreamKind.fromNative(4));
    }
}
