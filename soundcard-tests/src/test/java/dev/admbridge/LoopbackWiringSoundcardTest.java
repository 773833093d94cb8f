package dev.admbridge;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.admbridge.junit.VirtualCard;
import dev.admbridge.junit.VirtualSoundCard;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A JACK loopback follows players that arrive after it started: the module is told of the new ports and
 * connections and wires them to its inputs (no polling of the graph).
 */
@VirtualSoundCard
class LoopbackWiringSoundcardTest {
    private static final Path PLAYER = Path.of("/usr/bin/jack_simple_client");  // Debian jackd2: a sine to system

    private final VirtualCard card;

    LoopbackWiringSoundcardTest(VirtualCard card) {
        this.card = card;
    }

    @Test
    void shouldCaptureAPlayerThatStartsAfterTheLoopback() throws Exception {
        try (AudioDeviceModule adm = card.openModule()) {
            StreamConfig config = StreamConfig.builder().device(card.playoutDevice(adm))
                    .framesPerBuffer(256).build();
            try (AudioStream loopback = adm.initLoopback(config)) {
                loopback.start();
                float[] block = new float[2 * 4800];
                loopback.read(block, 0, 4800, Duration.ofSeconds(2));
                float before = peak(block);
                ProcessBuilder playerOnTheCard = new ProcessBuilder(PLAYER.toString(), "admbridge-late-player")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
                playerOnTheCard.environment().putAll(card.environment());
                Process player = playerOnTheCard.start();
                try {
                    float after = 0;
                    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                    while (after < 0.1f && System.nanoTime() < deadline) {
                        loopback.read(block, 0, 4800, Duration.ofSeconds(1));
                        after = peak(block);
                    }
                    assertTrue(before < 0.01f, "nothing played before the player came: peak " + before);
                    assertTrue(after >= 0.1f, "the late player's sine reaches the loopback: peak " + after);
                } finally {
                    player.destroy();
                    player.waitFor();
                }
            }
        }
    }

    private static float peak(float[] samples) {
        float peak = 0;
        for (float s : samples) {
            peak = Math.max(peak, Math.abs(s));
        }
        return peak;
    }
}
