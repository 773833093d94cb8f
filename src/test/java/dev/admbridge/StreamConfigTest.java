package dev.admbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class StreamConfigTest {

    @Test
    void shouldDefaultToTheDefaultDeviceAt48kStereoFloat() {
        StreamConfig config = StreamConfig.defaults();
        assertEquals(StreamConfig.DEFAULT_DEVICE, config.deviceIndex());
        assertEquals(2, config.channels());
        assertEquals(SampleFormat.FLOAT32, config.format());
        assertEquals(48000, config.sampleRate());
        assertEquals(0, config.framesPerBuffer());
        assertEquals(Duration.ZERO, config.suggestedLatency());
    }

    /** What no range describes is refused when the configuration is built. */
    @Test
    void shouldRefuseABlankNameAndARateThatIsNotANumber() {
        List<Supplier<StreamConfig>> bad = List.of(
                () -> StreamConfig.builder().sampleRate(Double.NaN).build(),
                () -> StreamConfig.builder().sampleRate(Double.POSITIVE_INFINITY).build(),
                () -> StreamConfig.builder().sampleRate(Double.NEGATIVE_INFINITY).build(),
                () -> StreamConfig.builder().device(" ").build());
        for (Supplier<StreamConfig> config : bad) {
            AdmException e = assertThrows(AdmException.class, config::get);
            assertEquals(AdmCode.ERR_INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage().contains("must"), e.getMessage());
        }
    }

    /**
     * Values out of range are refused where the device is found, natively, when a stream is initialized or a
     * format checked: one place for the ranges, with the value and the range in the message.
     */
    @Test
    void shouldRefuseEachValueOutOfRangeNativelyNamingIt() {
        List<StreamConfig> bad = List.of(
                StreamConfig.builder().channels(0).build(),
                StreamConfig.builder().channels(65).build(),
                StreamConfig.builder().sampleRate(7999).build(),
                StreamConfig.builder().sampleRate(384001).build(),
                StreamConfig.builder().framesPerBuffer(-1).build(),
                StreamConfig.builder().framesPerBuffer(16385).build(),
                StreamConfig.builder().suggestedLatency(Duration.ofMillis(-1)).build(),
                StreamConfig.builder().suggestedLatency(Duration.ofSeconds(3)).build(),
                StreamConfig.builder().device(-2).build());
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            for (StreamConfig config : bad) {
                for (StreamKind kind : List.of(StreamKind.PLAYOUT, StreamKind.RECORDING, StreamKind.LOOPBACK)) {
                    AdmException e = assertThrows(AdmException.class, () -> adm.initStream(kind, config), config::toString);
                    assertEquals(AdmCode.ERR_INVALID_ARGUMENT, e.code(), e.getMessage());
                    assertTrue(e.getMessage().contains("must"), e.getMessage());
                    FormatCheck check = adm.checkFormat(kind, config);
                    assertEquals(AdmCode.ERR_INVALID_ARGUMENT, check.code(), check.reason());
                    String context = "initializing " + kind.name().toLowerCase(java.util.Locale.ROOT) + ": ";
                    String detail = e.getMessage().substring(e.getMessage().indexOf(context) + context.length());
                    assertTrue(check.reason().endsWith(detail), check.reason() + " / " + detail);
                }
            }
        }
    }

    /** The Java constants are the native limits, read through JNI. */
    @Test
    void shouldMirrorTheNativeLimits() {
        dev.admbridge.jni.NativeLibrary.ensureLoaded();
        double[] limits = new double[5];
        dev.admbridge.jni.NativeAdm.streamLimits(limits);
        assertEquals(StreamConfig.MAX_CHANNELS, limits[0]);
        assertEquals(StreamConfig.MIN_SAMPLE_RATE, limits[1]);
        assertEquals(StreamConfig.MAX_SAMPLE_RATE, limits[2]);
        assertEquals(StreamConfig.MAX_FRAMES_PER_BUFFER, limits[3]);
        assertEquals(StreamConfig.MAX_SUGGESTED_LATENCY.toNanos() / 1e9, limits[4]);
    }

    @Test
    void shouldRefuseNulls() {
        assertThrows(NullPointerException.class, () -> StreamConfig.builder().format(null).build());
        assertThrows(NullPointerException.class, () -> StreamConfig.builder().suggestedLatency(null).build());
        assertThrows(NullPointerException.class, () -> StreamConfig.builder().device((String) null));
        assertThrows(NullPointerException.class, () -> StreamConfig.builder().device((AudioDevice) null));
    }

    @Test
    void shouldKeepTheLastDeviceChoice() {
        StreamConfig named = StreamConfig.builder().device(3).device("system").build();
        assertEquals("system", named.deviceName());
        assertEquals(StreamConfig.DEFAULT_DEVICE, named.deviceIndex());
        StreamConfig indexed = named.toBuilder().device(1).build();
        assertEquals(1, indexed.deviceIndex());
        assertEquals(null, indexed.deviceName());
        assertEquals(StreamConfig.DEFAULT_DEVICE, indexed.toBuilder().defaultDevice().build().deviceIndex());
    }

    @Test
    void shouldKnowSampleSizes() {
        assertEquals(2, SampleFormat.INT16.bytesPerSample());
        assertEquals(4, SampleFormat.FLOAT32.bytesPerSample());
    }
}
