package dev.admbridge;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.admbridge.jni.NativeAdm;
import dev.admbridge.jni.NativeLibrary;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs on any machine: no device at all is a valid answer. */
class AudioDeviceModuleTest {

    @Test
    void shouldOpenListAndCloseIdempotently() {
        AudioDeviceModule adm = AudioDeviceModule.open();
        assertTrue(adm.isOpen());
        List<AudioDevice> devices = adm.devices();
        assertNotNull(devices);
        for (AudioDevice device : devices) {
            assertTrue(device.isPlayout() || device.isRecording(), device.toString());
            assertFalse(device.name().isEmpty(), device.toString());
        }
        assertEquals(devices.stream().filter(AudioDevice::isPlayout).count(), adm.playoutDevices().size());
        assertEquals(devices.stream().filter(AudioDevice::isRecording).count(), adm.recordingDevices().size());
        DeviceList list = adm.deviceList();
        assertEquals(devices, list.devices());
        assertFalse(list.stale(), "no stream is open: the host lists afresh");
        adm.close();
        assertFalse(adm.isOpen());
        assertDoesNotThrow(adm::close);
    }

    @Test
    void shouldRefuseAClosedModuleWithNotInitialized() {
        AudioDeviceModule adm = AudioDeviceModule.open();
        adm.close();
        AdmException e = assertThrows(AdmException.class, adm::devices);
        assertEquals(AdmCode.ERR_NOT_INITIALIZED, e.code());
        assertEquals(AdmCode.ERR_NOT_INITIALIZED, assertThrows(AdmException.class, adm::deviceList).code());
        assertEquals(AdmCode.ERR_NOT_INITIALIZED, assertThrows(AdmException.class, adm::playoutDevices).code());
        assertEquals(AdmCode.ERR_NOT_INITIALIZED,
                assertThrows(AdmException.class, adm::defaultRecordingDevice).code());
        assertEquals(AdmCode.ERR_NOT_INITIALIZED,
                assertThrows(AdmException.class, () -> adm.findDevice("system", null)).code());
    }

    @Test
    void shouldKeepADeviceListAsItWasGivenAndRefuseNone() {
        List<AudioDevice> devices = new java.util.ArrayList<>();
        DeviceList list = new DeviceList(devices, true);
        devices.add(null);  // the caller's list changes later: the record's does not
        assertEquals(List.of(), list.devices());
        assertTrue(list.stale());
        assertThrows(UnsupportedOperationException.class, () -> list.devices().add(null));
        assertThrows(NullPointerException.class, () -> new DeviceList(null, false));
        assertThrows(NullPointerException.class, () -> new DeviceList(devices, false));  // holds a null device
    }

    @Test
    void shouldRefuseBadDeviceNames() {
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adm.findDevice(null, null));
            assertTrue(e.getMessage().contains("device name is required"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> adm.findDevice("  ", null));
            assertTrue(adm.findDevice("no such device \u2603", null).isEmpty());
        }
    }

    @Test
    void shouldShareTheBackendBetweenTwoModules() {
        try (AudioDeviceModule first = AudioDeviceModule.open()) {
            AudioDeviceModule second = AudioDeviceModule.open();
            List<AudioDevice> before = second.devices();
            second.close();
            // Closing one module leaves PortAudio initialized for the other.
            assertEquals(before.size(), first.devices().size());
        }
        try (AudioDeviceModule again = AudioDeviceModule.open()) {
            assertNotNull(again.devices());  // PortAudio re-initializes after the last close
        }
    }

    @Test
    void shouldAnswerStaleOrForgedHandlesWithNotInitialized() {
        NativeLibrary.ensureLoaded();
        int[] count = new int[1];
        assertEquals(AdmCode.ERR_NOT_INITIALIZED.value(), NativeAdm.moduleListDevices(123456789L, count));
        assertTrue(NativeLibrary.string(NativeAdm.lastErrorMessage()).contains("no open module has handle"));
        assertEquals(AdmCode.ERR_NOT_INITIALIZED.value(), NativeAdm.moduleClose(-1));
        assertEquals(AdmCode.ERR_NOT_INITIALIZED.value(), NativeAdm.moduleWatchDevices(123456789L));
        assertEquals(AdmCode.ERR_NOT_INITIALIZED.value(), NativeAdm.moduleWatchDevices(0));
        assertEquals(null, NativeLibrary.string(NativeAdm.moduleDeviceName(0, 0)));
        assertEquals(AdmCode.ERR_INVALID_ARGUMENT.value(), NativeAdm.moduleOpen(null, null));
        long[] out = new long[1];
        for (String bad : new String[] {"a/b", "two words", "tab\t", "x".repeat(65)}) {
            assertEquals(AdmCode.ERR_INVALID_ARGUMENT.value(), NativeAdm.moduleOpen(bad, out), bad);
            assertTrue(NativeLibrary.string(NativeAdm.lastErrorMessage()).contains("cannot name a JACK server"));
        }
    }

    @Test
    void shouldNameTheBackend() {
        assertTrue(AudioDeviceModule.backendVersion().startsWith("PortAudio"), AudioDeviceModule.backendVersion());
    }

    @Test
    void shouldRefuseInvalidDeviceRecords() {
        java.time.Duration z = java.time.Duration.ZERO;
        assertThrows(IllegalArgumentException.class,
                () -> new AudioDevice(-1, "x", "y", 0, 1, 48000, z, z, z, z, false, false));
        assertThrows(IllegalArgumentException.class,
                () -> new AudioDevice(0, "x", "y", -2, 1, 48000, z, z, z, z, false, false));
        assertThrows(NullPointerException.class,
                () -> new AudioDevice(0, null, "y", 0, 1, 48000, z, z, z, z, false, false));
    }

    // --- events (issue #4) ---

    @Test
    void shouldRefuseBadListenersAndClosedModules() {
        AudioDeviceModule adm = AudioDeviceModule.open();
        NullPointerException npe = assertThrows(NullPointerException.class, () -> adm.addListener(null));
        assertTrue(npe.getMessage().contains("listener must not be null"), npe.getMessage());
        assertThrows(NullPointerException.class, () -> adm.removeListener(null));
        assertThrows(NullPointerException.class, () -> adm.setEventCoalescing(null));
        assertThrows(IllegalArgumentException.class, () -> adm.setEventCoalescing(java.time.Duration.ofSeconds(-1)));
        AdmEventListener listener = new AdmEventListener() {};
        assertFalse(adm.removeListener(listener), "never added");
        adm.addListener(listener);
        adm.addListener(listener);  // once only
        assertTrue(adm.removeListener(listener));
        assertFalse(adm.removeListener(listener));
        adm.setEventCoalescing(java.time.Duration.ZERO);
        adm.close();
        assertEquals(AdmCode.ERR_NOT_INITIALIZED,
                assertThrows(AdmException.class, () -> adm.addListener(listener)).code());
        assertEquals(AdmCode.ERR_NOT_INITIALIZED,
                assertThrows(AdmException.class, () -> adm.setEventCoalescing(java.time.Duration.ZERO)).code());
        assertFalse(adm.removeListener(listener));
    }
}
