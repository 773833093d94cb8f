package dev.admbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.admbridge.junit.VirtualCard;
import dev.admbridge.junit.VirtualSoundCard;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The JACK "system" device of a virtual card, as the module lists it: the card's channels, rate and latency. */
class SoundcardDevicesTest {

    @Test
    @VirtualSoundCard
    void shouldListTheJackSystemDeviceOfTheVirtualCard(AudioDeviceModule adm, VirtualCard card) {
        AudioDevice system = card.playoutDevice(adm);
        assertEquals(2, system.maxInputChannels());
        assertEquals(2, system.maxOutputChannels());
        assertEquals(48000.0, system.defaultSampleRate());
        assertTrue(system.lowInputLatency().compareTo(Duration.ZERO) > 0, system.toString());
        assertTrue(adm.playoutDevices().contains(system));
        assertTrue(adm.recordingDevices().contains(system));
    }

    @Test
    @VirtualSoundCard
    void shouldDefaultToTheJackDeviceWhereAlsaAlsoReachesTheServer(AudioDeviceModule adm, VirtualCard card) {
        // With libasound2-plugins installed, PortAudio's ALSA host lists a "jack" PCM and PortAudio makes it
        // its default; the module defaults to the server's own device instead.
        AudioDevice system = card.playoutDevice(adm);
        assertEquals(system, adm.defaultPlayoutDevice().orElseThrow(), adm.devices().toString());
        assertEquals(system, adm.defaultRecordingDevice().orElseThrow(), adm.devices().toString());
        assertEquals("JACK Audio Connection Kit", system.hostApi());
    }

    @Test
    @VirtualSoundCard(rate = 44100, period = 512, inputs = 4, outputs = 6)
    void shouldListWhatTheServerOffers(AudioDeviceModule adm, VirtualCard card) {
        AudioDevice system = card.playoutDevice(adm);
        assertEquals(4, system.maxInputChannels());
        assertEquals(6, system.maxOutputChannels());
        assertEquals(44100.0, system.defaultSampleRate());
        // PortAudio's JACK host reports the server's port latencies: one period in, two out (the dummy driver's
        // default of two periods of playback buffering).
        assertEquals(512 / 44.1, system.lowInputLatency().toNanos() / 1e6, 0.01, system.toString());
        assertEquals(2 * 512 / 44.1, system.lowOutputLatency().toNanos() / 1e6, 0.01, system.toString());
    }
}
