package dev.admbridge.loopback;

import java.util.List;

/**
 * What {@link LoopbackMeasurement} measured.
 *
 * @param options what was asked
 * @param playoutDevice the device played on
 * @param captureDevice the device captured from
 * @param latencyFrames the round-trip latency of each repeat, in frames (empty when none was found)
 * @param medianLatencyMs median round trip
 * @param minLatencyMs smallest round trip
 * @param maxLatencyMs largest round trip
 * @param stdevLatencyMs standard deviation of the round trips
 * @param reportedLatencyMs what the host reports for the same loop: the playout's output latency plus the
 *     capture's input latency
 * @param dropouts device glitches plus times the application was late, during the measurement
 * @param snrDb signal-to-noise ratio of the returned signal against the played one (capped at 200 dB)
 * @param bitExact true when the returned signal equals the played one sample for sample
 * @param gainDb level of the returned signal over the played one
 * @param peakDbfs peak level captured during the sweeps
 * @param rmsDbfs RMS level captured during the sweeps
 * @param events every error and warning heard, as "CODE (value) x count on stream: message"
 * @param problems why the figures may not hold (empty when the measurement is sound)
 */
public record LoopbackReport(
        LoopbackOptions options,
        String playoutDevice,
        String captureDevice,
        List<Integer> latencyFrames,
        double medianLatencyMs,
        double minLatencyMs,
        double maxLatencyMs,
        double stdevLatencyMs,
        double reportedLatencyMs,
        int dropouts,
        double snrDb,
        boolean bitExact,
        double gainDb,
        double peakDbfs,
        double rmsDbfs,
        List<String> events,
        List<String> problems) {

    /** True when every repeat found the signal and nothing disturbed the measurement. */
    public boolean ok() {
        return problems.isEmpty() && latencyFrames.size() == options.repeats();
    }

    /**
     * Whether the measured round trip and the host's figure agree within one buffer of the measurement
     * (false when nothing was measured): a host whose figures are off by more misleads latency compensation.
     */
    public boolean latencyAgrees() {
        double buffer = options.framesPerBuffer() * 1000 / options.sampleRate();
        return Double.isFinite(medianLatencyMs) && Math.abs(medianLatencyMs - reportedLatencyMs) <= buffer;
    }

    /** The median round trip in frames, or -1 when no repeat found the signal. */
    public int medianLatencyFrames() {
        if (latencyFrames.isEmpty()) {
            return -1;
        }
        List<Integer> sorted = latencyFrames.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
