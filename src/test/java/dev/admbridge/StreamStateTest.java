package dev.admbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StreamStateTest {
    @Test
    void shouldUseTheNativeNumbers() {
        assertEquals(0, StreamState.CLOSED.value());
        assertEquals(1, StreamState.INITIALIZED.value());
        assertEquals(2, StreamState.RUNNING.value());
        assertEquals(3, StreamState.STOPPED.value());
        assertEquals(4, StreamState.FAILED.value());
        for (StreamState state : StreamState.values()) {
            assertEquals(state, StreamState.fromValue(state.value()));
        }
    }

    @Test
    void shouldRefuseUnknownNumbers() {
        assertThrows(IllegalArgumentException.class, () -> StreamState.fromValue(-1));
        assertThrows(IllegalArgumentException.class, () -> StreamState.fromValue(5));
    }
}
