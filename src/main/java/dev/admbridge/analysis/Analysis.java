package dev.admbridge.analysis;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@link RecordingAnalyzer} found in a recording, with the recording's shape.
 *
 * @param sampleRate frames per second
 * @param channels channels per frame
 * @param frames frames analysed
 * @param detections in the order they were raised
 */
public record Analysis(float sampleRate, int channels, long frames, List<Detection> detections) {

    /**
     * @throws NullPointerException if detections is null
     * @throws IllegalArgumentException if sampleRate or channels is not positive, or frames is negative
     */
    public Analysis {
        Objects.requireNonNull(detections, "detections");
        if (!(sampleRate > 0) || channels < 1 || frames < 0) {
            throw new IllegalArgumentException("sampleRate=" + sampleRate + " channels=" + channels + " frames=" + frames);
        }
        detections = List.copyOf(detections);
    }

    /** The length of the recording. */
    public Duration length() {
        return Duration.ofNanos(Math.round(frames * 1e9 / sampleRate));
    }
}
