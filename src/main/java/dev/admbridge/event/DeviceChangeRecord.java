package dev.admbridge.event;

import dev.admbridge.AudioDevice;
import dev.admbridge.DeviceChange;
import dev.admbridge.StreamKind;
import dev.admbridge.internal.Durations;

/**
 * A device change as the native side sends it (DeviceChanges.h): the record's value holds the change in bits
 * 8-15 and the state in bits 0-7, its stream the direction, and its text the device's fields separated by tabs
 * (index, name, host API, input and output channels, rate, four latencies in seconds, default input and
 * output as 0 or 1). Internal: the wire format is the native side's and this package's only.
 */
public final class DeviceChangeRecord {
    private static final int FIELDS = 12;

    private DeviceChangeRecord() {}

    /**
     * The change a record describes.
     *
     * @throws IllegalArgumentException if the record does not describe one (a field missing or not a number, an
     *     unknown change, state or direction)
     */
    public static DeviceChange parse(String text, int stream, long value, long nanos) {
        String[] f = text.split("\t", -1);
        if (f.length != FIELDS) {
            throw new IllegalArgumentException("a device change needs " + FIELDS + " fields, had " + f.length);
        }
        int change = (int) (value >> 8) & 0xff;
        if (change >= DeviceChange.Change.values().length) {
            throw new IllegalArgumentException("no device change is numbered " + change);
        }
        try {
            AudioDevice device = new AudioDevice(Integer.parseInt(f[0]), f[1], f[2], Integer.parseInt(f[3]),
                    Integer.parseInt(f[4]), Double.parseDouble(f[5]), Durations.ofSeconds(Double.parseDouble(f[6])),
                    Durations.ofSeconds(Double.parseDouble(f[7])), Durations.ofSeconds(Double.parseDouble(f[8])),
                    Durations.ofSeconds(Double.parseDouble(f[9])), "1".equals(f[10]), "1".equals(f[11]));
            return new DeviceChange(DeviceChange.Change.values()[change], StreamKind.fromNative(stream),
                    (int) (value & 0xff), device, nanos);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a device change with a field that is not a number: " + e.getMessage(), e);
        }
    }
}
