package dev.admbridge.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Tests that need the machine's sound card (a real one, or the virtual card a CI job starts). Without a
 * usable card, they are disabled, with the reason, when a person runs them; when the run demands a card
 * (system property {@code admbridge.requireSoundCard=true} or environment variable
 * {@code ADMBRIDGE_REQUIRE_SOUNDCARD=true}), they fail instead, so that a CI job cannot pass without its card.
 *
 * <p>The card is JACK's "system" device where a JACK server runs, else the default devices; the system
 * property {@code admbridge.soundcard.device} (or {@code ADMBRIDGE_SOUNDCARD_DEVICE}) names another. Test methods
 * (and lifecycle methods) can take these parameters: {@link dev.admbridge.AudioDeviceModule} (opened on the
 * card, closed after the test), {@link SoundCard}, {@link EventRecorder} (hearing the module's events). When a
 * test fails, the audio it captured ({@link SoundCard#record}, the {@link SignalAssertions}) and the module's
 * events are attached to its report.
 *
 * <pre>{@code
 * @SoundCardTest(outputs = 2, inputs = 2, loopback = true)
 * class PlayoutIT {
 *     @Test
 *     void playsATone(AudioDeviceModule adm, SoundCard card, EventRecorder events) {
 *         try (AudioStream playout = adm.initPlayout(card.playoutConfig(adm).build())) {
 *             playout.start();
 *             // ... write a 1 kHz tone ...
 *             Recording heard = card.recordLoopback(adm, Duration.ofMillis(500));
 *             SignalAssertions.assertTone(heard, 1000, -6, 1.0);
 *         }
 *         events.assertNone(AdmCode.WARN_ADM_RUNTIME_PLAYOUT_WARNING);
 *     }
 * }
 * }</pre>
 *
 * <p>Sound card tests of one JVM run one at a time (all modules of a process share one PortAudio): they hold the
 * resource lock {@value SoundCardExtension#LOCK}. They carry the tag {@code "soundcard"}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag("soundcard")
@ExtendWith(SoundCardExtension.class)
@ResourceLock(SoundCardExtension.LOCK)
public @interface SoundCardTest {

    /** Input channels the test needs on the card's recording device; 0 for none. */
    int inputs() default 0;

    /** Output channels the test needs on the card's playout device; 0 for none. */
    int outputs() default 1;

    /** Whether the test needs to capture what the module plays (the loopback stream). */
    boolean loopback() default false;
}
