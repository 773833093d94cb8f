package dev.admbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Needs the virtual sound card (scripts/virtual-soundcard start) or a real one. */
@Tag("soundcard")
class SoundcardDevicesTest {

    @Test
    void shouldListTheJackSystemDeviceOfTheVirtualCard() {
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            AudioDevice system = TestEnvironment.jackSystemDevice(adm);
            assertEquals(2, system.maxInputChannels());
            assertEquals(2, system.maxOutputChannels());
            assertEquals(48000.0, system.defaultSampleRate());
            assertTrue(system.lowInputLatency().compareTo(Duration.ZERO) > 0, system.toString());
            assertTrue(adm.playoutDevices().contains(system));
            assertTrue(adm.recordingDevices().contains(system));
        }
    }
}
