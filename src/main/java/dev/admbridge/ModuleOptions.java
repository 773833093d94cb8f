package dev.admbridge;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a module's host library connects, for {@link AudioDeviceModule#open(ModuleOptions)}. Immutable; start
 * from {@link #defaults()}.
 *
 * <p>Every module of a process shares one PortAudio, connected to one JACK server: a module naming another
 * server than the modules open at the time fails with {@link AdmCode#ERR_ALREADY_IN_USE}; once they are all
 * closed, it may name any.
 */
public final class ModuleOptions {
    /** The longest JACK server name accepted. */
    public static final int MAX_JACK_SERVER_NAME = 64;

    private static final ModuleOptions DEFAULTS = new ModuleOptions(null);

    private final String jackServer;  // null: the process's own

    private ModuleOptions(String jackServer) {
        this.jackServer = jackServer;
    }

    /** The process's own choices: the JACK server of {@code JACK_DEFAULT_SERVER}, else {@code "default"}. */
    public static ModuleOptions defaults() {
        return DEFAULTS;
    }

    /**
     * These options with the JACK server to connect to, as {@code jackd -n NAME} named it (a private test
     * server, a second server on the machine).
     *
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is empty, longer than {@value #MAX_JACK_SERVER_NAME}
     *     characters, or holds '/', whitespace or a control character (libjack makes file names of it)
     */
    public ModuleOptions jackServer(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > MAX_JACK_SERVER_NAME
                || name.chars().anyMatch(c -> c == '/' || c <= ' ' || c == 0x7f || c > 0x7e)) {
            throw new IllegalArgumentException("a JACK server name is 1 to " + MAX_JACK_SERVER_NAME
                    + " printable ASCII characters other than '/' and space, was \""
                    + name.substring(0, Math.min(name.length(), MAX_JACK_SERVER_NAME)) + "\"");
        }
        return new ModuleOptions(name);
    }

    /** The JACK server named, or empty for the process's own. */
    public Optional<String> jackServer() {
        return Optional.ofNullable(jackServer);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ModuleOptions that && Objects.equals(jackServer, that.jackServer);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(jackServer);
    }

    @Override
    public String toString() {
        return "ModuleOptions[jackServer=" + (jackServer != null ? jackServer : "(the process's own)") + "]";
    }
}
