package dev.admbridge.loopback;

import dev.admbridge.AudioStream;
import dev.admbridge.StreamStats;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Puts a playout and a capture stream of one device on one frame timeline: how many frames the capture's
 * counter is ahead of the playout's. Both streams' callbacks run once per host cycle, one after the other,
 * so a reading taken between two cycles gives the constant difference, and a reading taken between the two
 * callbacks of one cycle is one buffer off. Readings are taken 50 times a millisecond apart, each only while
 * the playout's counter holds still and both streams last ran within half a buffer of each other, and the
 * most frequent value wins: a thread preempted between the two callbacks makes a rare wrong reading, never
 * the most frequent one.
 */
public final class FrameAlignment {
    private static final int READINGS = 50;
    private static final int ATTEMPTS_PER_READING = 1000;
    private static final java.time.Duration FIRST_AUDIO_WAIT = java.time.Duration.ofSeconds(2);

    private FrameAlignment() {}

    /**
     * Capture frame minus playout frame at one instant, for two running streams with the same frames per
     * buffer and rate.
     *
     * @throws NullPointerException if a stream is null
     * @throws IllegalStateException if either is not running, or no reading could be taken
     */
    public static long captureMinusPlayout(AudioStream playout, AudioStream capture) throws InterruptedException {
        Objects.requireNonNull(playout, "playout");
        Objects.requireNonNull(capture, "capture");
        if (!playout.isRunning() || !capture.isRunning()) {
            throw new IllegalStateException("both streams must be running; playout " + playout.state() + ", capture "
                    + capture.state());
        }
        // A host that starts its streams one after the other (ALSA, PipeWire) has a first callback to come yet.
        long firstDeadline = System.nanoTime() + FIRST_AUDIO_WAIT.toNanos();
        while ((playout.stats().frames() == 0 || capture.stats().frames() == 0) && System.nanoTime() < firstDeadline) {
            Thread.sleep(1);
        }
        int buffer = playout.config().framesPerBuffer() > 0 ? playout.config().framesPerBuffer() : 256;
        long halfBufferNanos = (long) (buffer * 1e9 / playout.config().sampleRate() / 2);
        Map<Long, Integer> votes = new HashMap<>();
        for (int reading = 0; reading < READINGS; reading++) {
            for (int attempt = 0; attempt < ATTEMPTS_PER_READING; attempt++) {
                StreamStats play = playout.stats();
                StreamStats cap = capture.stats();
                StreamStats playAgain = playout.stats();
                if (play.frames() == 0 || cap.frames() == 0) {
                    throw new IllegalStateException("both streams must deliver audio, and did not within "
                            + FIRST_AUDIO_WAIT.toMillis() + " ms; frames: " + play.frames() + " played, " + cap.frames()
                            + " captured");
                }
                if (play.frames() == playAgain.frames()
                        && Math.abs(play.lastCallbackNanos() - cap.lastCallbackNanos()) < halfBufferNanos) {
                    votes.merge(cap.frames() - play.frames(), 1, Integer::sum);
                    break;
                }
            }
            Thread.sleep(1);
        }
        return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElseThrow(() -> new IllegalStateException("the two streams never ran within half a buffer "
                        + "of each other: are they on one device?"));
    }
}
