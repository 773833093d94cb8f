package dev.admbridge.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.admbridge.AudioDeviceModule;
import dev.admbridge.AudioStream;
import dev.admbridge.StreamConfig;
import dev.admbridge.junit.VirtualCard;
import dev.admbridge.junit.VirtualSoundCard;
import org.junit.jupiter.api.Test;

@VirtualSoundCard
class FrameAlignmentTest {
    private final VirtualCard card;

    FrameAlignmentTest(VirtualCard card) {
        this.card = card;
    }

    @Test
    void shouldGiveTheSameOffsetEveryTimeForRunningStreamsAndRefuseOthers() throws Exception {
        try (AudioDeviceModule adm = card.openModule()) {
            StreamConfig config = StreamConfig.builder().device(card.playoutDevice(adm))
                    .framesPerBuffer(128).channels(1).build();
            try (AudioStream capture = adm.initLoopback(config); AudioStream playout = adm.initPlayout(config)) {
                assertThrows(NullPointerException.class, () -> FrameAlignment.captureMinusPlayout(null, capture));
                assertThrows(NullPointerException.class, () -> FrameAlignment.captureMinusPlayout(playout, null));
                IllegalStateException idle = assertThrows(IllegalStateException.class,
                        () -> FrameAlignment.captureMinusPlayout(playout, capture));
                assertTrue(idle.getMessage().contains("must be running"), idle.getMessage());
                capture.start();
                playout.start();
                Thread.sleep(100);
                long first = FrameAlignment.captureMinusPlayout(playout, capture);
                for (int i = 0; i < 5; i++) {
                    assertEquals(first, FrameAlignment.captureMinusPlayout(playout, capture), "reading " + i);
                }
                assertEquals(0, first % 128, "a whole number of buffers apart: " + first);
            }
        }
    }
}
