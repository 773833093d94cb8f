package dev.admbridge.junit;

import dev.admbridge.AdmException;
import dev.admbridge.AudioDevice;
import dev.admbridge.AudioDeviceModule;
import dev.admbridge.AudioStream;
import java.util.List;
import java.util.Optional;

/** Whether the machine's card offers what a {@link SoundCardTest} needs, and if not, why not. */
final class CardProbe {
    private CardProbe() {}

    /** Empty when the card is usable for {@code needs}; else what is missing, in words. */
    static Optional<String> missing(SoundCardTest needs) {
        if (needs.inputs() < 0 || needs.outputs() < 0 || needs.inputs() > 64 || needs.outputs() > 64) {
            return Optional.of("@SoundCardTest asks for " + needs.inputs() + " inputs and " + needs.outputs()
                    + " outputs; each must be 0 to 64");
        }
        MachineCard card = new MachineCard();
        try (AudioDeviceModule adm = card.openModule()) {
            return missing(needs, card, adm);
        } catch (AdmException | UnsatisfiedLinkError e) {
            return Optional.of("the audio device module does not open here (" + e.getMessage() + ")");
        }
    }

    private static Optional<String> missing(SoundCardTest needs, MachineCard card, AudioDeviceModule adm) {
        List<AudioDevice> devices = adm.devices();
        String listed = devices.isEmpty() ? "no devices at all"
                : "devices " + devices.stream().map(d -> d.name() + " (" + d.hostApi() + ", " + d.maxInputChannels()
                        + " in, " + d.maxOutputChannels() + " out)").toList();
        if (needs.outputs() > 0 || needs.loopback()) {
            Optional<AudioDevice> playout = card.find(devices, true);
            if (playout.isEmpty() || !SoundCardExtension.offers(playout.get(), true, Math.max(1, needs.outputs()))) {
                return Optional.of(card.description() + " offers no playout device with " + needs.outputs()
                        + " output channel(s); " + listed);
            }
            if (needs.loopback()) {
                // Whether a loopback opens is the server's to say (JACK wiring, a sink's monitor): ask it.
                try (AudioStream loopback = adm.initLoopback(card.loopbackConfig(adm).build())) {
                    loopback.device();
                } catch (AdmException e) {
                    return Optional.of("the playout device " + playout.get().name() + " (" + playout.get().hostApi()
                            + ") offers no loopback capture of what the module plays: " + e.getMessage());
                }
            }
        }
        if (needs.inputs() > 0) {
            Optional<AudioDevice> recording = card.find(devices, false);
            if (recording.isEmpty() || !SoundCardExtension.offers(recording.get(), false, needs.inputs())) {
                return Optional.of(card.description() + " offers no recording device with " + needs.inputs()
                        + " input channel(s); " + listed);
            }
        }
        return Optional.empty();
    }
}
