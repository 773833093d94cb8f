package dev.admbridge.example;

import dev.admbridge.AdmCode;
import dev.admbridge.AdmEvent;
import dev.admbridge.AdmEventListener;
import dev.admbridge.AdmException;
import dev.admbridge.AudioDevice;
import dev.admbridge.AudioDeviceModule;
import dev.admbridge.AudioStream;
import dev.admbridge.StreamConfig;
import dev.admbridge.StreamState;
import java.io.PrintStream;
import java.time.Duration;

/**
 * A small desktop-style app: opens the audio device module, lists the devices, plays a tone on the default
 * playout device (or one named), and reports what the module tells it while it plays.
 *
 * <pre>
 * java -p desktop-app.jar:lib -m dev.admbridge.example/dev.admbridge.example.ToneApp [device]
 * </pre>
 */
public final class ToneApp {
    private final PrintStream out;

    /** An app that reports on {@code out}. */
    public ToneApp(PrintStream out) {
        this.out = out;
    }

    /** Lists the devices, then plays 2 s of a 440 Hz tone at -12 dBFS; exit status 1 with the code on failure. */
    public static void main(String[] args) {
        ToneApp app = new ToneApp(System.out);
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            app.listDevices(adm);
            StreamConfig.Builder config = StreamConfig.builder().channels(1);
            if (args.length > 0) {
                config.device(args[0]);
            }
            app.playTone(adm, config.build(), 440, -12, Duration.ofSeconds(2));
        } catch (AdmException e) {
            System.err.println("tone-app: " + e.code() + ": " + e.getMessage());
            System.exit(1);
        }
    }

    /** Prints one line per device. */
    public void listDevices(AudioDeviceModule adm) {
        for (AudioDevice device : adm.devices()) {
            out.printf("%3d  %-30s %-28s in %2d  out %2d%s%n", device.index(), device.name(), device.hostApi(),
                    device.maxInputChannels(), device.maxOutputChannels(), device.defaultOutput() ? "  (default out)" : "");
        }
    }

    /**
     * Plays a sine on a mono playout stream of {@code config}, reporting the module's events while it plays.
     *
     * @throws AdmException when the stream cannot be opened or started, or it fails while playing
     */
    public void playTone(AudioDeviceModule adm, StreamConfig config, double frequency, double levelDbfs,
            Duration length) {
        AdmEventListener reporter = new AdmEventListener() {
            @Override
            public void onError(AdmEvent event) {
                out.println("error " + event.code() + ": " + event.message());
            }

            @Override
            public void onWarning(AdmEvent event) {
                out.println("warning " + event.code() + " x" + event.count());
            }

            @Override
            public void onStateChanged(AdmEvent event) {
                out.println(event.stream() + " " + event.state());
            }
        };
        adm.addListener(reporter);
        try (AudioStream playout = adm.initPlayout(config.toBuilder().channels(1).build())) {
            playout.start();
            double rate = playout.sampleRate();
            double amplitude = Math.pow(10, levelDbfs / 20);
            int frames = (int) Math.round(length.toNanos() * rate / 1e9);
            float[] block = new float[1024];
            long n = 0;
            while (n < frames) {
                int count = (int) Math.min(block.length, frames - n);
                for (int i = 0; i < count; i++, n++) {
                    block[i] = (float) (amplitude * Math.sin(2 * Math.PI * frequency * n / rate));
                }
                int written = 0;
                while (written < count) {
                    written += playout.write(block, written, count - written, Duration.ofSeconds(1));
                    if (playout.state() == StreamState.FAILED) {
                        throw new AdmException(AdmCode.ERR_ADM_RUNTIME_PLAYOUT_ERROR,
                                "the playout failed while playing: " + playout);
                    }
                }
            }
            out.printf("played %.1f s of %.0f Hz at %.0f dBFS on %s%n", frames / rate, frequency, levelDbfs,
                    playout.device().name());
        } finally {
            adm.removeListener(reporter);
        }
    }
}
