package dev.admbridge;

import java.util.Objects;

/**
 * A device that was added, removed, or became the default, for playout or recording
 * ({@link AdmEventListener#onDeviceChanged(DeviceChange)}). A module reports changes from its first listener on,
 * when something says the devices may have changed: a sound server died, a JACK server started, a sound
 * card's device nodes came or went (docs/devices.md). Immutable.
 *
 * @param change what happened to the device
 * @param direction {@link StreamKind#PLAYOUT} or {@link StreamKind#RECORDING}: a device that serves both
 *     directions changes in each, as two events
 * @param state the device's state now, as Agora's {@code onAudioDeviceStateChanged} numbers them:
 *     {@link #STATE_ACTIVE} for an added device and a new default, {@link #STATE_NOT_PRESENT} for a removed one
 * @param device the device as {@link AudioDeviceModule#devices()} lists it now, or as it was listed before it
 *     was removed (its index is then no longer valid)
 * @param nanos native monotonic time the change was seen, in nanoseconds (the clock of {@link System#nanoTime()}
 *     on Linux)
 */
public record DeviceChange(Change change, StreamKind direction, int state, AudioDevice device, long nanos) {
    /** The device can be used (Agora's ACTIVE). */
    public static final int STATE_ACTIVE = 1;
    /** The device is there but disabled (Agora's DISABLED; not reported by this module: PortAudio cannot tell). */
    public static final int STATE_DISABLED = 2;
    /** The device is no longer there (Agora's NOT_PRESENT): its server or card went away. */
    public static final int STATE_NOT_PRESENT = 4;
    /** The device was unplugged (Agora's UNPLUGGED; not reported apart: a removal is NOT_PRESENT). */
    public static final int STATE_UNPLUGGED = 8;

    /** What happened to the device. */
    public enum Change {
        /** It appeared. */
        ADDED,
        /** It went away. */
        REMOVED,
        /** It became the system's default for {@link DeviceChange#direction()}. */
        BECAME_DEFAULT
    }

    /**
     * Checks that the parts agree.
     *
     * @throws NullPointerException if change, direction or device is null
     * @throws IllegalArgumentException if direction is neither playout nor recording, or state is not one of
     *     the four states
     */
    public DeviceChange {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(device, "device");
        if (direction != StreamKind.PLAYOUT && direction != StreamKind.RECORDING) {
            throw new IllegalArgumentException("direction must be PLAYOUT or RECORDING, was " + direction);
        }
        if (state != STATE_ACTIVE && state != STATE_DISABLED && state != STATE_NOT_PRESENT && state != STATE_UNPLUGGED) {
            throw new IllegalArgumentException("state must be 1, 2, 4 or 8 (Agora's device states), was " + state);
        }
    }

    /** In words, e.g. {@code playout device added: "system" (JACK Audio Connection Kit)}. */
    public String describe() {
        String what = switch (change) {
            case ADDED -> "added";
            case REMOVED -> "removed";
            case BECAME_DEFAULT -> "is the default now";
        };
        return direction.name().toLowerCase(java.util.Locale.ROOT) + " device " + what + ": \"" + device.name()
                + "\" (" + device.hostApi() + ")";
    }
}
