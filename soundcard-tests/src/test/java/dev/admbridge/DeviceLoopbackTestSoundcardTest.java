package dev.admbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.admbridge.junit.VirtualCard;
import dev.admbridge.junit.VirtualSoundCard;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The SDK-style device loopback test on the virtual card: levels of both streams at the interval. */
@VirtualSoundCard
class DeviceLoopbackTestSoundcardTest {
    private final VirtualCard card;

    DeviceLoopbackTestSoundcardTest(VirtualCard card) {
        this.card = card;
    }

    @Test
    void shouldReportBothStreamsLevelsAtTheInterval() throws Exception {
        try (AudioDeviceModule adm = card.openModule()) {
            List<AdmEvent> levels = new CopyOnWriteArrayList<>();
            adm.addListener(new AdmEventListener() {
                @Override
                public void onLevels(AdmEvent event) {
                    levels.add(event);
                }
            });
            StreamConfig config = StreamConfig.builder().device(card.playoutDevice(adm))
                    .framesPerBuffer(256).build();
            AudioStream playout = adm.initPlayout(config);
            AudioStream recording = adm.initRecording(config);
            adm.startDeviceLoopbackTest(Duration.ofMillis(100));
            playout.start();
            recording.start();
            Thread.sleep(1100);
            assertEquals(AdmCode.ERR_ALREADY_IN_USE, assertThrows(AdmException.class,
                    () -> recording.read(new float[2], 0, 1, Duration.ZERO)).code());
            adm.stopDeviceLoopbackTest();
            long playoutLevels = levels.stream().filter(e -> e.stream() == StreamKind.PLAYOUT).count();
            long recordingLevels = levels.stream().filter(e -> e.stream() == StreamKind.RECORDING).count();
            assertTrue(playoutLevels >= 8 && playoutLevels <= 12, "about 10 a second: " + playoutLevels);
            assertTrue(recordingLevels >= 8 && recordingLevels <= 12, "about 10 a second: " + recordingLevels);
            // The dummy driver captures digital silence, and the playout plays exactly that back.
            for (AdmEvent event : levels) {
                assertEquals(-150.0, event.peakDbfs(), event.toString());
                assertEquals(-150.0, event.rmsDbfs(), event.toString());
                assertTrue(event.lastNanos() - event.firstNanos() < 150_000_000L, event.toString());
            }
            recording.read(new float[2], 0, 1, Duration.ZERO);  // the application reads again
        }
    }

    @Test
    void shouldRefuseWithoutBothStreamsOrWithFormatsThatDiffer() {
        try (AudioDeviceModule adm = card.openModule()) {
            assertEquals(AdmCode.ERR_NOT_INITIALIZED, assertThrows(AdmException.class,
                    () -> adm.startDeviceLoopbackTest(Duration.ofMillis(100))).code());
            assertThrows(NullPointerException.class, () -> adm.startDeviceLoopbackTest(null));
            StreamConfig config = StreamConfig.builder().device(card.playoutDevice(adm)).build();
            adm.initPlayout(config);
            adm.initRecording(config.toBuilder().channels(1).build());
            AdmException differ = assertThrows(AdmException.class,
                    () -> adm.startDeviceLoopbackTest(Duration.ofMillis(100)));
            assertEquals(AdmCode.ERR_INVALID_ARGUMENT, differ.code());
            assertTrue(differ.getMessage().contains("same channels, format and rate"), differ.getMessage());
            assertEquals(AdmCode.ERR_INVALID_ARGUMENT, assertThrows(AdmException.class,
                    () -> adm.startDeviceLoopbackTest(Duration.ofMillis(1))).code());
            adm.stopDeviceLoopbackTest();  // a no-op when not running
        }
    }
}
