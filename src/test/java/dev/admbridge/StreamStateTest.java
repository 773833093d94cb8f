package dev.admbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StreamStateTest {
    @Test
    void shouldUseTheNativeNumbers() {
        assertEquals(0, StreamState.CLOSED.nativeValue());
        assertEquals(1, StreamState.INITIALIZED.nativeValue());
        assertEquals(2, StreamState.RUNNING.nativeValue());
        assertEquals(3, StreamState.STOPPED.nativeValue());
        assertEquals(4, StreamState.FAILED.nativeValue());
        assertEquals(5, StreamState.RECOVERING.nativeValue());
        for (StreamState state : StreamState.values()) {
            assertEquals(state, StreamState.fromNative(state.nativeValue()));
        }
    }

    @Test
    void shouldRefuseUnknownNumbers() {
        assertThrows(IllegalArgumentException.class, () -> StreamState.fromNative(-1));
        assertThrows(IllegalArgumentException.class, () -> StreamState.fromNative(6));
        assertThrows(IllegalArgumentException.class, () -> StreamState.fromNative(Integer.MAX_VALUE));
    }
}
