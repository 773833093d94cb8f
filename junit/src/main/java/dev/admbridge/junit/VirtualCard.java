package dev.admbridge.junit;

import dev.admbridge.AudioDevice;
import dev.admbridge.AudioDeviceModule;
import dev.admbridge.ModuleOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.opentest4j.AssertionFailedError;

/**
 * A virtual sound card of the test's own ({@link VirtualSoundCard}): a JACK server on the dummy driver under a
 * private name, whose "system" device plays and records in real time without hardware. The test can take its
 * server down the ways real servers fail: {@link #kill()}, {@link #stall()}, {@link #restart()}.
 *
 * <p>Modules reach it through {@link #moduleOptions()} (the module parameter does so already); child processes
 * through {@link #environment()}.
 */
public final class VirtualCard implements SoundCard, AutoCloseable {
    private static final String JACK_HOST = "JACK Audio Connection Kit";

    private final JackServer server;
    private final int sampleRate;
    private final int period;

    private VirtualCard(JackServer server, int sampleRate, int period) {
        this.server = server;
        this.sampleRate = sampleRate;
        this.period = period;
    }

    /** Starts the card's server as {@code settings} say and waits until it answers. */
    static VirtualCard start(VirtualSoundCard settings) throws IOException {
        return new VirtualCard(JackServer.start(settings.rate(), settings.period(), settings.inputs(),
                settings.outputs()), settings.rate(), settings.period());
    }

    @Override
    public String description() {
        return "virtual card: " + server;
    }

    /** The server's name ({@code jackd -n NAME}). */
    public String serverName() {
        return server.name();
    }

    /** The server's frames per second. */
    public int sampleRate() {
        return sampleRate;
    }

    /** The server's frames per cycle. */
    public int period() {
        return period;
    }

    /** The server's process ID. */
    public long pid() {
        return server.pid();
    }

    /** Whether the server runs (not killed, stopped or stalled). */
    public boolean isRunning() {
        return server.isRunning();
    }

    /** Whether the server is stalled ({@link #stall()} without {@link #resume()}). */
    public boolean isStalled() {
        return server.isStalled();
    }

    @Override
    public ModuleOptions moduleOptions() {
        return ModuleOptions.defaults().jackServer(server.name());
    }

    @Override
    public Map<String, String> environment() {
        return Map.of("JACK_DEFAULT_SERVER", server.name(), "JACK_NO_START_SERVER", "1");
    }

    @Override
    public AudioDevice playoutDevice(AudioDeviceModule adm) {
        return system(adm);
    }

    @Override
    public AudioDevice recordingDevice(AudioDeviceModule adm) {
        return system(adm);
    }

    /** SIGKILL of the server, as a crash; returns once it is gone. */
    public void kill() {
        run(server::kill);
    }

    /** SIGTERM of the server: it shuts down in order, as when its user stops it; returns once it is gone. */
    public void terminate() {
        run(server::terminate);
    }

    /** SIGSTOP of the server: it stops answering and stops its clients' cycles, as a hung server. */
    public void stall() {
        run(server::stall);
    }

    /** SIGCONT after {@link #stall()}. */
    public void resume() {
        run(server::resume);
    }

    /**
     * A new server under the same name (after stopping this one if it still runs), as when a user starts the
     * server again; returns once it answers.
     */
    public void restart() {
        run(server::restart);
    }

    /** Stops the server (SIGTERM) and frees what it held; the extension does so after the test or class. */
    @Override
    public void close() {
        run(server::close);
    }

    @Override
    public String toString() {
        return description();
    }

    java.nio.file.Path serverLog() {
        return server.log();
    }

    private AudioDevice system(AudioDeviceModule adm) {
        java.util.List<AudioDevice> devices = adm.devices();
        return devices.stream().filter(d -> d.name().equals("system") && d.hostApi().equals(JACK_HOST)).findFirst()
                .orElseThrow(() -> new AssertionFailedError("no JACK \"system\" device of " + this + " in "
                        + devices.stream().map(d -> d.name() + " (" + d.hostApi() + ")").toList()
                        + (isRunning() ? "; was the module opened with card.moduleOptions()?" : "; the server is down")));
    }

    private interface ServerAction {
        void run() throws IOException, InterruptedException;
    }

    private static void run(ServerAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
