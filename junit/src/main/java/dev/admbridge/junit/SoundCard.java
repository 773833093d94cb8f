package dev.admbridge.junit;

import dev.admbridge.AudioDevice;
import dev.admbridge.AudioDeviceModule;
import dev.admbridge.ModuleOptions;
import dev.admbridge.StreamConfig;
import dev.admbridge.StreamKind;
import java.time.Duration;
import java.util.Map;

/**
 * The sound card a test runs on: the machine's own ({@link SoundCardTest}) or a virtual one of the test's
 * own ({@link VirtualSoundCard}, a {@link VirtualCard}). A test receives it as a parameter.
 */
public interface SoundCard {

    /** The card in words, for messages. */
    String description();

    /** How a module reaches this card: pass it to {@link AudioDeviceModule#open(ModuleOptions)}. */
    ModuleOptions moduleOptions();

    /** A module on this card; the caller closes it. */
    default AudioDeviceModule openModule() {
        return AudioDeviceModule.open(moduleOptions());
    }

    /** The environment a child process needs to reach this card (empty for the machine's own). */
    Map<String, String> environment();

    /**
     * The card's playout device, as {@code adm} lists it.
     *
     * @throws org.opentest4j.AssertionFailedError if {@code adm} does not list it (a module of another card?)
     */
    AudioDevice playoutDevice(AudioDeviceModule adm);

    /**
     * The card's recording device, as {@code adm} lists it.
     *
     * @throws org.opentest4j.AssertionFailedError if {@code adm} does not list it
     */
    AudioDevice recordingDevice(AudioDeviceModule adm);

    /** A stream configuration on the card's playout device at its rate (2 channels, float32). */
    default StreamConfig.Builder playoutConfig(AudioDeviceModule adm) {
        AudioDevice device = playoutDevice(adm);
        return StreamConfig.builder().device(device).sampleRate(device.defaultSampleRate());
    }

    /** A stream configuration on the card's recording device at its rate (2 channels, float32). */
    default StreamConfig.Builder recordingConfig(AudioDeviceModule adm) {
        AudioDevice device = recordingDevice(adm);
        return StreamConfig.builder().device(device).sampleRate(device.defaultSampleRate());
    }

    /**
     * A stream configuration for the loopback of what the module plays on the card: on its recording device
     * (JACK wires it to what feeds the playout device); a card without wiring captures the default sink's monitor.
     */
    default StreamConfig.Builder loopbackConfig(AudioDeviceModule adm) {
        return recordingConfig(adm);
    }

    /**
     * Records {@code length} of what the card's input hears, through a recording stream of {@code adm} (which
     * must have none open). The audio is attached to the test's report if the test fails.
     *
     * @throws org.opentest4j.AssertionFailedError if the card did not deliver it within {@code length} + 5 s
     */
    default Recording record(AudioDeviceModule adm, Duration length) {
        return Capture.of(adm, StreamKind.RECORDING, recordingConfig(adm).build(), length, "recording");
    }

    /**
     * Records {@code length} of what {@code adm} plays on the card, through its loopback stream (which must not
     * be open). The audio is attached to the test's report if the test fails.
     *
     * @throws org.opentest4j.AssertionFailedError if the card did not deliver it within {@code length} + 5 s
     */
    default Recording recordLoopback(AudioDeviceModule adm, Duration length) {
        return Capture.of(adm, StreamKind.LOOPBACK, loopbackConfig(adm).build(), length, "loopback");
    }
}
