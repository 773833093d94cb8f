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
 * Tests on a virtual sound card of their own: a sound server started for the test class (annotation on the
 * class) or for each test (on the method), under a private name, waited for until it answers, and stopped by
 * its own PID afterwards. It needs no hardware, and a test may kill, stall and restart it
 * ({@link VirtualCard}) without touching the machine's own server.
 *
 * <p>Parameters as for {@link SoundCardTest}, the card as a {@link VirtualCard} or {@link SoundCard}; the module
 * parameter is opened on the card. A module the test opens itself reaches the card through
 * {@link VirtualCard#moduleOptions()}, a child process through {@link VirtualCard#environment()}. Where the
 * server is not installed, tests are disabled, or fail when the run demands a card (as for
 * {@link SoundCardTest}). The server's log is attached to the report of a failed test.
 *
 * <pre>{@code
 * @VirtualSoundCard(rate = 48000, period = 256)
 * class ServerDeathIT {
 *     @Test
 *     void reportsTheDeath(AudioDeviceModule adm, VirtualCard card, EventRecorder events) {
 *         try (AudioStream playout = adm.initPlayout(card.playoutConfig(adm).build())) {
 *             playout.start();
 *             card.kill();
 *             events.awaitCode(AdmCode.ERR_ADM_RUNTIME_PLAYOUT_ERROR, Duration.ofSeconds(2));
 *         }
 *     }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag("soundcard")
@ExtendWith(SoundCardExtension.class)
@ResourceLock(SoundCardExtension.LOCK)
public @interface VirtualSoundCard {

    /** The sound server to run. */
    Server server() default Server.JACK;

    /** Frames per second, 8000 to 192000. */
    int rate() default 48000;

    /** Frames per server cycle, a power of two from 16 to 4096. */
    int period() default 256;

    /** Capture channels of the card, 1 to 64. */
    int inputs() default 2;

    /** Playback channels of the card, 1 to 64. */
    int outputs() default 2;

    /** The sound servers a virtual card can run. */
    enum Server {
        /** jackd on its dummy driver (Debian package jackd2). */
        JACK
    }
}
