package dev.admbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.admbridge.event.DeviceChangeRecord;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeviceChangeTest {
    private static final String SYSTEM = "3\tsystem\tJACK Audio Connection Kit\t2\t2\t48000\t0.005333\t0.021333\t0.005333\t0.021333\t1\t0";

    @Test
    void shouldReadTheNativeRecord() {
        DeviceChange change = DeviceChangeRecord.parse(SYSTEM, StreamKind.RECORDING.nativeValue(), (1 << 8) | 4, 77);
        assertEquals(DeviceChange.Change.REMOVED, change.change());
        assertEquals(StreamKind.RECORDING, change.direction());
        assertEquals(DeviceChange.STATE_NOT_PRESENT, change.state());
        assertEquals(77, change.nanos());
        AudioDevice d = change.device();
        assertEquals(3, d.index());
        assertEquals("system", d.name());
        assertEquals("JACK Audio Connection Kit", d.hostApi());
        assertEquals(2, d.maxInputChannels());
        assertEquals(48000.0, d.defaultSampleRate());
        assertEquals(Duration.ofNanos(5_333_000), d.lowInputLatency());
        assertTrue(d.defaultInput());
        assertEquals("recording device removed: \"system\" (JACK Audio Connection Kit)", change.describe());
        assertEquals(DeviceChange.Change.BECAME_DEFAULT,
                DeviceChangeRecord.parse(SYSTEM, StreamKind.PLAYOUT.nativeValue(), (2 << 8) | 1, 0).change());
    }

    @Test
    void shouldRefuseARecordThatIsNotADeviceChange() {
        int playout = StreamKind.PLAYOUT.nativeValue();
        assertThrows(IllegalArgumentException.class, () -> DeviceChangeRecord.parse("", playout, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> DeviceChangeRecord.parse("3\tsystem", playout, 1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> DeviceChangeRecord.parse(SYSTEM.replace("48000", "fast"), playout, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> DeviceChangeRecord.parse(SYSTEM, playout, (9 << 8) | 1, 0));
        assertThrows(IllegalArgumentException.class, () -> DeviceChangeRecord.parse(SYSTEM, playout, 3, 0));
        assertThrows(IllegalArgumentException.class,
                () -> DeviceChangeRecord.parse(SYSTEM, StreamKind.LOOPBACK.nativeValue(), 1, 0));
        assertThrows(IllegalArgumentException.class, () -> DeviceChangeRecord.parse(SYSTEM, 99, 1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> DeviceChangeRecord.parse(SYSTEM.replaceFirst("^3", "-2"), playout, 1, 0));
    }

    @Test
    void shouldRefuseBadParts() {
        AudioDevice device = DeviceChangeRecord.parse(SYSTEM, StreamKind.PLAYOUT.nativeValue(), 1, 0).device();
        assertThrows(NullPointerException.class,
                () -> new DeviceChange(null, StreamKind.PLAYOUT, DeviceChange.STATE_ACTIVE, device, 0));
        assertThrows(NullPointerException.class,
                () -> new DeviceChange(DeviceChange.Change.ADDED, null, DeviceChange.STATE_ACTIVE, device, 0));
        assertThrows(NullPointerException.class,
                () -> new DeviceChange(DeviceChange.Change.ADDED, StreamKind.PLAYOUT, DeviceChange.STATE_ACTIVE, null, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new DeviceChange(DeviceChange.Change.ADDED, StreamKind.MODULE, DeviceChange.STATE_ACTIVE, device, 0));
        for (int state : new int[] {0, 3, 5, 16, -1}) {
            assertThrows(IllegalArgumentException.class,
                    () -> new DeviceChange(DeviceChange.Change.ADDED, StreamKind.PLAYOUT, state, device, 0));
        }
    }
}
