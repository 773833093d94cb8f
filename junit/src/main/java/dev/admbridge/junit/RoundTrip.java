package dev.admbridge.junit;

import java.time.Duration;
import java.util.List;

/**
 * A loopback round trip as measured by {@link SignalAssertions#assertRoundTrip}: sweeps played on the card and
 * found again in its capture.
 *
 * @param device the device played on and captured from
 * @param latencyFrames the round trip of each sweep, in frames
 * @param median the median round trip
 * @param min the shortest
 * @param max the longest
 * @param snrDb the captured sweeps' signal-to-noise ratio in dB
 * @param dropouts xruns reported while the sweeps played
 */
public record RoundTrip(String device, List<Integer> latencyFrames, Duration median, Duration min, Duration max,
        double snrDb, int dropouts) {

    /** Copies the list. */
    public RoundTrip {
        latencyFrames = List.copyOf(latencyFrames);
    }
}
