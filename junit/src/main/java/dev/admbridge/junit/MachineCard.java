package dev.admbridge.junit;

import dev.admbridge.AudioDevice;
import dev.admbridge.AudioDeviceModule;
import dev.admbridge.ModuleOptions;
import dev.admbridge.StreamConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.opentest4j.AssertionFailedError;

/**
 * The machine's own card, for {@link SoundCardTest}: the device named by the system property
 * {@value #DEVICE_PROPERTY} (or the environment variable {@value #DEVICE_VARIABLE}) if set; else JACK's
 * "system" device where a JACK server runs (it is then the machine's sound server); else the default devices.
 */
final class MachineCard implements SoundCard {
    static final String DEVICE_PROPERTY = "admbridge.soundcard.device";
    static final String DEVICE_VARIABLE = "ADMBRIDGE_SOUNDCARD_DEVICE";
    private static final String JACK_HOST = "JACK Audio Connection Kit";

    private final Optional<String> named;

    MachineCard() {
        String name = System.getProperty(DEVICE_PROPERTY, System.getenv(DEVICE_VARIABLE));
        this.named = Optional.ofNullable(name).map(String::strip).filter(n -> !n.isEmpty());
    }

    @Override
    public String description() {
        return named.map(n -> "the machine's device \"" + n + "\"")
                .orElse("the machine's card (JACK \"system\" where JACK runs, else the default devices)");
    }

    @Override
    public ModuleOptions moduleOptions() {
        return ModuleOptions.defaults();
    }

    @Override
    public Map<String, String> environment() {
        return Map.of();
    }

    @Override
    public AudioDevice playoutDevice(AudioDeviceModule adm) {
        return find(adm.devices(), true).orElseThrow(() -> missing(adm, "playout"));
    }

    @Override
    public AudioDevice recordingDevice(AudioDeviceModule adm) {
        return find(adm.devices(), false).orElseThrow(() -> missing(adm, "recording"));
    }

    /** The device this card means for one direction, among {@code devices}. */
    Optional<AudioDevice> find(List<AudioDevice> devices, boolean playout) {
        Predicate<AudioDevice> direction = playout ? AudioDevice::isPlayout : AudioDevice::isRecording;
        if (named.isPresent()) {
            return devices.stream().filter(d -> d.name().equals(named.get())).filter(direction).findFirst();
        }
        Optional<AudioDevice> jack = devices.stream()
                .filter(d -> d.name().equals("system") && d.hostApi().equals(JACK_HOST)).filter(direction).findFirst();
        if (jack.isPresent()) {
            return jack;
        }
        return devices.stream().filter(playout ? AudioDevice::defaultOutput : AudioDevice::defaultInput).findFirst();
    }

    /**
     * JACK's wiring on a JACK device; elsewhere (ALSA to PipeWire or PulseAudio) the default device's loopback,
     * which captures the default sink's monitor.
     */
    @Override
    public StreamConfig.Builder loopbackConfig(AudioDeviceModule adm) {
        AudioDevice playout = playoutDevice(adm);
        return playout.hostApi().equals(JACK_HOST) ? recordingConfig(adm)
                : StreamConfig.builder().sampleRate(playout.defaultSampleRate());
    }

    private AssertionFailedError missing(AudioDeviceModule adm, String direction) {
        return new AssertionFailedError(description() + " has no " + direction + " device among "
                + adm.devices().stream().map(d -> d.name() + " (" + d.hostApi() + ")").toList());
    }

    @Override
    public String toString() {
        return description();
    }
}
