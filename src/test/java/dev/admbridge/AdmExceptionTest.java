package dev.admbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AdmExceptionTest {
    @Test
    void shouldCarryCodeAndCause() {
        AdmException e = new AdmException(AdmCode.ERR_ADM_SAMPLE_RATE, "44100 Hz on a 48000 Hz server", -9997, 0, null);
        assertEquals(AdmCode.ERR_ADM_SAMPLE_RATE, e.code());
        assertEquals(-9997, e.backendError());
        assertEquals("ERR_ADM_SAMPLE_RATE (1007): 44100 Hz on a 48000 Hz server", e.getMessage());
    }

    @Test
    void shouldRefuseWarningsOkAndNulls() {
        assertThrows(IllegalArgumentException.class, () -> new AdmException(AdmCode.WARN_ADM_HOWLING, "x"));
        assertThrows(IllegalArgumentException.class, () -> new AdmException(AdmCode.ERR_OK, "x"));
        assertThrows(NullPointerException.class, () -> new AdmException(null, "x"));
        assertThrows(NullPointerException.class, () -> new AdmException(AdmCode.ERR_FAILED, null));
    }
}
