package dev.admbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StreamKindTest {
    @Test
    void shouldUseTheNativeNumbers() {
        assertEquals(0, StreamKind.MODULE.value());
        assertEquals(1, StreamKind.PLAYOUT.value());
        assertEquals(2, StreamKind.RECORDING.value());
        assertEquals(3, StreamKind.LOOPBACK.value());
        for (StreamKind kind : StreamKind.values()) {
            assertEquals(kind, StreamKind.fromValue(kind.value()));
        }
    }

    @Test
    void shouldRefuseUnknownNumbers() {
        assertThrows(IllegalArgumentException.class, () -> StreamKind.fromValue(-1));
        assertThrows(IllegalArgumentException.class, () -> StreamKind.fromValue(4));
    }
}
