package dev.admbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.admbridge.jni.NativeAdm;
import org.junit.jupiter.api.Test;

/** Bad input to the stream API, on any machine (no device needed). */
class AudioStreamArgumentsTest {

    @Test
    void shouldRefuseNullsAndTheModuleKind() {
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            assertThrows(NullPointerException.class, () -> adm.initPlayout(null));
            assertThrows(NullPointerException.class, () -> adm.initStream(null, StreamConfig.defaults()));
            assertThrows(IllegalArgumentException.class, () -> adm.initStream(StreamKind.MODULE, StreamConfig.defaults()));
            assertThrows(IllegalArgumentException.class, () -> adm.stream(StreamKind.MODULE));
            assertThrows(NullPointerException.class, () -> adm.checkFormat(StreamKind.PLAYOUT, null));
            assertThrows(IllegalArgumentException.class,
                    () -> adm.checkFormat(StreamKind.MODULE, StreamConfig.defaults()));
        }
    }

    @Test
    void shouldRefuseAClosedModuleWithNotInitialized() {
        AudioDeviceModule adm = AudioDeviceModule.open();
        adm.close();
        assertEquals(AdmCode.ERR_NOT_INITIALIZED,
                assertThrows(AdmException.class, () -> adm.initRecording(StreamConfig.defaults())).code());
        assertEquals(AdmCode.ERR_NOT_INITIALIZED, assertThrows(AdmException.class,
                () -> adm.checkFormat(StreamKind.LOOPBACK, StreamConfig.defaults())).code());
    }

    @Test
    void shouldNameTheDevicesWhenANamedDeviceIsMissing() {
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            StreamConfig config = StreamConfig.builder().device("no such device").build();
            AdmException playout = assertThrows(AdmException.class, () -> adm.initPlayout(config));
            assertEquals(AdmCode.ERR_ADM_INIT_PLAYOUT, playout.code());
            assertTrue(playout.getMessage().contains("no playout device is named \"no such device\""),
                    playout.getMessage());
            assertEquals(AdmCode.ERR_ADM_INIT_RECORDING,
                    assertThrows(AdmException.class, () -> adm.initRecording(config)).code());
            assertEquals(AdmCode.ERR_ADM_INIT_LOOPBACK,
                    assertThrows(AdmException.class, () -> adm.initLoopback(config)).code());
            FormatCheck check = adm.checkFormat(StreamKind.RECORDING, config);
            assertEquals(false, check.supported());
            assertEquals(AdmCode.ERR_ADM_INIT_RECORDING, check.code());
        }
    }

    @Test
    void shouldRefuseAnUnknownDeviceIndex() {
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            int index = adm.devices().size() + 100;
            AdmException e = assertThrows(AdmException.class,
                    () -> adm.initPlayout(StreamConfig.builder().device(index).build()));
            assertEquals(AdmCode.ERR_INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage().contains("no device has index " + index), e.getMessage());
        }
    }

    /** The native layer checks its arguments too: a caller bypassing the Java checks gets code 2, not a crash. */
    @Test
    void shouldRefuseBadArgumentsInTheNativeLayer() {
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            long[] handle = new long[1];
            assertEquals(0, NativeAdm.moduleOpen(null, handle));
            try {
                assertEquals(2, NativeAdm.streamInit(handle[0], 1, -1, null, 0, 0, 48000, 0, 0));
                assertEquals(2, NativeAdm.streamInit(handle[0], 1, -1, null, 2, 7, 48000, 0, 0));
                assertEquals(2, NativeAdm.streamInit(handle[0], 1, -1, null, 2, 0, 48000, -5, 0));
                assertEquals(2, NativeAdm.streamInit(handle[0], 0, -1, null, 2, 0, 48000, 0, 0));
                assertEquals(2, NativeAdm.streamInit(handle[0], 1, 0, "system", 2, 0, 48000, 0, 0));  // both
                assertEquals(7, NativeAdm.streamDevice(handle[0], 1, new int[5], new double[5]));  // none opened
                assertEquals(2, NativeAdm.streamDevice(handle[0], 1, null, new double[5]));
                assertEquals(2, NativeAdm.streamStart(handle[0], 42));
                assertEquals(7, NativeAdm.streamStart(handle[0], 1));
                assertEquals(2, NativeAdm.streamStats(handle[0], 1, null, new double[3], new long[2]));
                assertEquals(2, NativeAdm.streamProbe(handle[0], 2, -1, null, 2, 0, Double.NaN, 0, 0));
                // The PCM path: null or negative arguments first, then "no such stream".
                int[] out = new int[1];
                assertEquals(2, NativeAdm.pcmWriteFloats(handle[0], 1, null, 0, 0, 1, out));
                assertEquals(2, NativeAdm.pcmWriteFloats(handle[0], 1, new float[2], 8, 0, 1, null));
                assertEquals(2, NativeAdm.pcmReadFloats(handle[0], 2, new float[2], 8, -4, 1, out));
                assertEquals(2, NativeAdm.pcmReadShorts(handle[0], 2, new short[2], -1, 0, 1, out));
                assertEquals(7, NativeAdm.pcmWriteFloats(handle[0], 1, new float[2], 8, 0, 1, out));
                assertEquals(2, NativeAdm.pcmInfo(handle[0], 1, null));
                assertEquals(7, NativeAdm.pcmInfo(handle[0], 1, new int[3]));
                assertEquals(2, NativeAdm.pcmWait(handle[0], 1, 0, -1));
                assertEquals(2, NativeAdm.pcmWait(handle[0], 1, 0, 1_000_000_001L));
                assertEquals(2, NativeAdm.pcmWait(handle[0], 42, 0, 0));
                assertEquals(7, NativeAdm.pcmWait(handle[0], 1, 0, 0));
                assertEquals(2, NativeAdm.pcmGeneration(handle[0], 1, null));
                assertEquals(2, NativeAdm.pcmGeneration(handle[0], 42, new int[1]));
                assertEquals(7, NativeAdm.pcmGeneration(handle[0], 1, new int[1]));
                assertEquals(7, NativeAdm.pcmReadFloats(handle[0], 2, new float[2], Long.MAX_VALUE, Long.MAX_VALUE, 1, out));
                assertEquals(2, NativeAdm.pcmWake(handle[0], 42));
                assertEquals(7, NativeAdm.pcmWake(handle[0], 1));
            } finally {
                NativeAdm.moduleClose(handle[0]);
            }
            assertEquals(7, NativeAdm.streamStop(handle[0], 1));
            assertEquals(7, NativeAdm.pcmWait(handle[0], 1, 0, 0));  // a closed module's handle
        }
    }
}
