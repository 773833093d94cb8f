package dev.admbridge;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.junit.jupiter.api.Test;

class AdmEventListenerTest {
    @Test
    void shouldDoNothingByDefault() {
        AdmEventListener listener = new AdmEventListener() {};
        AdmEvent error = new AdmEvent(AdmEvent.Kind.ERROR, AdmCode.ERR_ADM_GENERAL_ERROR, null, StreamKind.MODULE, -1,
                "", 0, "", 0, 1, 0, 0, 0);
        assertDoesNotThrow(() -> {
            listener.onError(error);
            listener.onWarning(error);
            listener.onStateChanged(error);
            listener.onDevicesChanged(error);
            listener.onDropped(1);
            listener.onError(null);  // defaults ignore even bad input
        });
    }
}
