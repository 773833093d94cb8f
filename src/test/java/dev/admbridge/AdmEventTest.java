package dev.admbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AdmEventTest {
    private static AdmEvent event(AdmEvent.Kind kind, AdmCode code, StreamState state, int device, int count,
            long first, long last) {
        return new AdmEvent(kind, code, state, StreamKind.PLAYOUT, device, "m", 0, "", 0, count, first, last, 0);
    }

    @Test
    void shouldCarryTheCodeAsEnumAndInt() {
        AdmEvent e = event(AdmEvent.Kind.WARNING, AdmCode.WARN_ADM_RUNTIME_PLAYOUT_WARNING, null, 3, 1, 5, 5);
        assertEquals(1014, e.codeValue());
        assertTrue(e.hasDevice());
        AdmEvent merged = e.coalesced(12, 5, 900);
        assertEquals(12, merged.count());
        assertEquals(900, merged.lastNanos());
        assertEquals(e.code(), merged.code());
        assertFalse(event(AdmEvent.Kind.DEVICES_CHANGED, AdmCode.ERR_OK, null, -1, 1, 0, 0).hasDevice());
    }

    @Test
    void shouldRefuseInconsistentParts() {
        AdmCode err = AdmCode.ERR_ADM_GENERAL_ERROR;
        AdmCode warn = AdmCode.WARN_ADM_HOWLING;
        assertThrows(IllegalArgumentException.class, () -> event(AdmEvent.Kind.ERROR, warn, null, -1, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> event(AdmEvent.Kind.WARNING, err, null, -1, 1, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> event(AdmEvent.Kind.ERROR, AdmCode.ERR_OK, null, -1, 1, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> event(AdmEvent.Kind.ERROR, AdmCode.ERR_ABORTED, null, -1, 1, 0, 0), "internal-only");
        assertThrows(IllegalArgumentException.class, () -> event(AdmEvent.Kind.STATE_CHANGED, AdmCode.ERR_OK, null,
                -1, 1, 0, 0), "a state change needs its state");
        assertThrows(IllegalArgumentException.class,
                () -> event(AdmEvent.Kind.ERROR, err, StreamState.FAILED, -1, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> event(AdmEvent.Kind.ERROR, err, null, -2, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> event(AdmEvent.Kind.ERROR, err, null, -1, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> event(AdmEvent.Kind.ERROR, err, null, -1, 1, 10, 9));
        assertThrows(NullPointerException.class, () -> event(null, err, null, -1, 1, 0, 0));
        assertThrows(NullPointerException.class, () -> event(AdmEvent.Kind.ERROR, null, null, -1, 1, 0, 0));
        assertThrows(NullPointerException.class, () -> new AdmEvent(AdmEvent.Kind.ERROR, err, null, null, -1, "", 0,
                "", 0, 1, 0, 0, 0));
        assertThrows(NullPointerException.class, () -> new AdmEvent(AdmEvent.Kind.ERROR, err, null,
                StreamKind.MODULE, -1, null, 0, "", 0, 1, 0, 0, 0));
        assertThrows(NullPointerException.class, () -> new AdmEvent(AdmEvent.Kind.ERROR, err, null,
                StreamKind.MODULE, -1, "", 0, null, 0, 1, 0, 0, 0));
        AdmEvent ok = event(AdmEvent.Kind.ERROR, err, null, -1, 1, 0, 0);
        assertThrows(IllegalArgumentException.class, () -> ok.coalesced(0, 0, 0));
    }
}
