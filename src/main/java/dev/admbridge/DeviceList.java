package dev.admbridge;

import java.util.List;
import java.util.Objects;

/**
 * The devices the host lists now ({@link AudioDeviceModule#deviceList()}), and whether that list is known to be
 * out of date.
 *
 * @param devices every device, playout and recording, in the host's order (an unmodifiable copy)
 * @param stale true when the devices changed since the host last listed them (a sound server died or
 *     appeared, or, for a module with a listener, a sound card came or went) and the host cannot list them
 *     again until every stream of the process is closed: PortAudio lists devices only when it initializes, and
 *     it cannot initialize again under open streams. Devices that came since are then missing (a JACK server
 *     that died is left out already). The module lists again, and reports what changed, once the last stream
 *     closes (docs/devices.md).
 */
public record DeviceList(List<AudioDevice> devices, boolean stale) {
    /** @throws NullPointerException if devices or one of them is null */
    public DeviceList {
        devices = List.copyOf(Objects.requireNonNull(devices, "devices must not be null"));
    }
}
