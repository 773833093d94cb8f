package dev.admbridge.analysis;

import dev.admbridge.AdmCode;
import java.time.Duration;
import java.util.Objects;

/**
 * One thing the detectors found in a recording: the code a live stream would have reported, when, and for
 * how long. Immutable.
 *
 * @param code the documented code (a warning, or {@link AdmCode#ERR_ADM_RECORD_AUDIO_FAILED})
 * @param time when the detector raised it, from the start of the recording (what a listener of a live
 *     stream would have seen then)
 * @param since when the condition began (silence: its first silent sample; howling: the first frame of
 *     its persistence window), at or before {@code time}
 * @param duration how long the condition lasted from {@code since}: until it cleared, or until the end of
 *     the recording when {@link #cleared()} is false
 * @param cleared whether the condition ended within the recording
 * @param value a detail that depends on the code (docs/detectors.md): silence length in ms, level in dBFS,
 *     howling frequency in Hz, missed time in ns, measured frames per second
 * @param message what was found, in words
 */
public record Detection(AdmCode code, Duration time, Duration since, Duration duration, boolean cleared, long value,
        String message) {

    /**
     * @throws NullPointerException if a part is null
     * @throws IllegalArgumentException if a duration is negative or {@code since} is after {@code time}
     */
    public Detection {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(message, "message");
        if (time.isNegative() || since.isNegative() || duration.isNegative() || since.compareTo(time) > 0) {
            throw new IllegalArgumentException("times must be >= 0 with since <= time: time=" + time + " since="
                    + since + " duration=" + duration);
        }
    }
}
