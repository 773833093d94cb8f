package dev.admbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.admbridge.jni.NativeAdm;
import dev.admbridge.jni.NativeLibrary;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The policy's values and the module's setter; the recoveries themselves: test_recovery, RecoverySoundcardTest. */
class RecoveryPolicyTest {

    @Test
    void shouldBeOffByDefaultAndOnWithItsDocumentedValues() {
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            assertEquals(RecoveryPolicy.OFF, adm.recoveryPolicy());
            assertFalse(RecoveryPolicy.OFF.enabled());
            RecoveryPolicy on = RecoveryPolicy.reopen();
            assertTrue(on.enabled());
            assertEquals(Duration.ofMillis(50), on.firstDelay());
            assertEquals(Duration.ofMillis(500), on.maxDelay());
            assertEquals(120, on.maxTries());
            adm.setRecoveryPolicy(on);
            assertEquals(on, adm.recoveryPolicy());
            RecoveryPolicy edges = RecoveryPolicy.reopen(Duration.ZERO, RecoveryPolicy.MAX_DELAY, RecoveryPolicy.MAX_TRIES);
            adm.setRecoveryPolicy(edges);  // the core takes the widest values Java takes
            assertEquals(edges, adm.recoveryPolicy());
            adm.setRecoveryPolicy(RecoveryPolicy.OFF);
            assertEquals(RecoveryPolicy.OFF, adm.recoveryPolicy());
        }
    }

    @Test
    void shouldRefuseValuesOutOfRangeSayingWhatWasExpected() {
        Duration ms = Duration.ofMillis(1);
        assertThrows(NullPointerException.class, () -> RecoveryPolicy.reopen(null, ms, 1));
        assertThrows(NullPointerException.class, () -> RecoveryPolicy.reopen(ms, null, 1));
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> RecoveryPolicy.reopen(Duration.ofMillis(-1), ms, 1));
        assertTrue(negative.getMessage().contains("firstDelay must be 0 to 60000 ms"), negative.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> RecoveryPolicy.reopen(RecoveryPolicy.MAX_DELAY.plusNanos(1), RecoveryPolicy.MAX_DELAY, 1));
        assertThrows(IllegalArgumentException.class, () -> RecoveryPolicy.reopen(Duration.ofMillis(10), ms, 1));
        assertThrows(IllegalArgumentException.class,
                () -> RecoveryPolicy.reopen(ms, Duration.ofSeconds(Long.MAX_VALUE), 1));
        assertThrows(IllegalArgumentException.class, () -> RecoveryPolicy.reopen(ms, ms, 0));
        assertThrows(IllegalArgumentException.class, () -> RecoveryPolicy.reopen(ms, ms, Integer.MIN_VALUE));
        assertThrows(IllegalArgumentException.class, () -> RecoveryPolicy.reopen(ms, ms, RecoveryPolicy.MAX_TRIES + 1));
    }

    @Test
    void shouldRefuseANullPolicyAndAClosedModule() {
        AudioDeviceModule adm = AudioDeviceModule.open();
        assertThrows(NullPointerException.class, () -> adm.setRecoveryPolicy(null));
        adm.close();
        AdmException closed = assertThrows(AdmException.class, () -> adm.setRecoveryPolicy(RecoveryPolicy.reopen()));
        assertEquals(AdmCode.ERR_NOT_INITIALIZED, closed.code());
    }

    @Test
    void shouldHaveTheCoreRefuseWhatJavaWouldHaveRefused() {
        NativeLibrary.ensureLoaded();
        long[] out = new long[1];
        assertEquals(0, NativeAdm.moduleOpen(null, out));
        long handle = out[0];
        try {
            assertEquals(AdmCode.ERR_INVALID_ARGUMENT.value(), NativeAdm.moduleSetRecoveryPolicy(handle, 1, -1, 10, 1));
            assertEquals(AdmCode.ERR_INVALID_ARGUMENT.value(), NativeAdm.moduleSetRecoveryPolicy(handle, 1, 20, 10, 1));
            assertEquals(AdmCode.ERR_INVALID_ARGUMENT.value(),
                    NativeAdm.moduleSetRecoveryPolicy(handle, 1, 0, 60_001, 1));
            assertEquals(AdmCode.ERR_INVALID_ARGUMENT.value(), NativeAdm.moduleSetRecoveryPolicy(handle, 1, 0, 0, 0));
            assertEquals(AdmCode.ERR_INVALID_ARGUMENT.value(), NativeAdm.moduleSetRecoveryPolicy(handle, 1, 0, 0, -1));
            assertEquals(AdmCode.ERR_INVALID_ARGUMENT.value(),
                    NativeAdm.moduleSetRecoveryPolicy(handle, 1, 0, 0, 1_000_001));
            assertEquals(0, NativeAdm.moduleSetRecoveryPolicy(handle, 1, 0, 60_000, 1_000_000));
            assertEquals(AdmCode.ERR_NOT_INITIALIZED.value(), NativeAdm.moduleSetRecoveryPolicy(-5, 1, 0, 0, 1));
        } finally {
            assertEquals(0, NativeAdm.moduleClose(handle));
        }
        assertEquals(AdmCode.ERR_NOT_INITIALIZED.value(), NativeAdm.moduleSetRecoveryPolicy(handle, 1, 0, 0, 1));
    }
}
