package dev.admbridge.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BackendErrorsTest {
    @Test
    void shouldGivePortAudiosTexts() {
        assertEquals("", BackendErrors.text(0));
        assertEquals("PortAudio not initialized", BackendErrors.text(-10000));
        assertEquals("Invalid sample rate", BackendErrors.text(-9997));
        assertEquals("Device unavailable", BackendErrors.text(-9985));
        assertEquals("Bad buffer pointer", BackendErrors.text(-9972));
    }

    @Test
    void shouldCallUnknownNumbersInvalid() {
        assertEquals("Invalid error code", BackendErrors.text(-9971));
        assertEquals("Invalid error code", BackendErrors.text(-10001));
        assertEquals("Invalid error code", BackendErrors.text(1));
        assertEquals("Invalid error code", BackendErrors.text(Integer.MIN_VALUE));
    }
}
