/**
 * Integration tests on sound cards with admbridge: the JUnit 5 extension.
 *
 * <p>A complete test class, on a virtual card of its own (no hardware needed; {@code jackd} installed):
 *
 * <pre>{@code
 * import dev.admbridge.AdmCode;
 * import dev.admbridge.AudioDeviceModule;
 * import dev.admbridge.AudioStream;
 * import dev.admbridge.junit.EventRecorder;
 * import dev.admbridge.junit.Recording;
 * import dev.admbridge.junit.SignalAssertions;
 * import dev.admbridge.junit.VirtualCard;
 * import dev.admbridge.junit.VirtualSoundCard;
 * import java.time.Duration;
 * import org.junit.jupiter.api.Test;
 *
 * @VirtualSoundCard(rate = 48000, period = 256)
 * class PlayoutIT {
 *     @Test
 *     void playsATone(AudioDeviceModule adm, VirtualCard card, EventRecorder events) throws Exception {
 *         try (AudioStream playout = adm.initPlayout(card.playoutConfig(adm).channels(1).build())) {
 *             playout.start();
 *             float[] tone = new float[48000];
 *             for (int n = 0; n < tone.length; n++) {
 *                 tone[n] = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * n / 48000.0));
 *             }
 *             Thread writer = new Thread(() -> playout.write(tone, 0, tone.length, Duration.ofSeconds(5)));
 *             writer.start();
 *             Recording heard = card.recordLoopback(adm, Duration.ofMillis(500));
 *             writer.join();
 *             SignalAssertions.assertTone(heard, 1000, -6, 0.5);
 *         }
 *         events.assertNone(AdmCode.ERR_ADM_RUNTIME_PLAYOUT_ERROR);
 *     }
 *
 *     @Test
 *     void reportsTheServersDeath(AudioDeviceModule adm, VirtualCard card, EventRecorder events) {
 *         try (AudioStream playout = adm.initPlayout(card.playoutConfig(adm).build())) {
 *             playout.start();
 *             card.kill();
 *             events.awaitCode(AdmCode.ERR_ADM_RUNTIME_PLAYOUT_ERROR, Duration.ofSeconds(2));
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>{@link dev.admbridge.junit.SoundCardTest} runs the same kind of test on the machine's own card instead.
 * When a test fails, the audio it captured, its module's events and the virtual card's server log are attached
 * to its report. The project's docs/testing.md walks a QA team from zero to a green test.
 */
package dev.admbridge.junit;
