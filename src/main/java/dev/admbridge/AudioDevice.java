package dev.admbridge;

import java.time.Duration;
import java.util.Objects;

/**
 * One audio device as the host reports it: a snapshot taken by {@link AudioDeviceModule#devices()}.
 *
 * @param index the backend's device index, valid until the module re-initializes the host
 * @param name the device name, e.g. {@code "system"} on JACK
 * @param hostApi the host API, e.g. {@code "JACK Audio Connection Kit"} or {@code "ALSA"}
 * @param maxInputChannels recording channels, 0 for a playout-only device
 * @param maxOutputChannels playout channels, 0 for a recording-only device
 * @param defaultSampleRate the device's default rate in Hz
 * @param lowInputLatency the default input latency for interactive use
 * @param highInputLatency the default input latency for robust non-interactive use
 * @param lowOutputLatency the default output latency for interactive use
 * @param highOutputLatency the default output latency for robust non-interactive use
 * @param defaultInput true for the system's default recording device
 * @param defaultOutput true for the system's default playout device
 */
public record AudioDevice(
        int index,
        String name,
        String hostApi,
        int maxInputChannels,
        int maxOutputChannels,
        double defaultSampleRate,
        Duration lowInputLatency,
        Duration highInputLatency,
        Duration lowOutputLatency,
        Duration highOutputLatency,
        boolean defaultInput,
        boolean defaultOutput) {

    /** Checks the invariants every device meets. */
    public AudioDevice {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, was " + index);
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hostApi, "hostApi");
        if (!(defaultSampleRate >= 0) || Double.isInfinite(defaultSampleRate)) {
            throw new IllegalArgumentException("the default sample rate must be a finite number >= 0 of Hz (0: unknown), was "
                    + defaultSampleRate);
        }
        if (maxInputChannels < 0 || maxOutputChannels < 0) {
            throw new IllegalArgumentException("channel counts must be >= 0, were in=" + maxInputChannels
                    + " out=" + maxOutputChannels);
        }
        Objects.requireNonNull(lowInputLatency, "lowInputLatency");
        Objects.requireNonNull(highInputLatency, "highInputLatency");
        Objects.requireNonNull(lowOutputLatency, "lowOutputLatency");
        Objects.requireNonNull(highOutputLatency, "highOutputLatency");
    }

    /** True when the device can record. */
    public boolean isRecording() {
        return maxInputChannels > 0;
    }

    /** True when the device can play out. */
    public boolean isPlayout() {
        return maxOutputChannels > 0;
    }
}
