package dev.admbridge;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the tests need from the machine. Outside CI a missing sound device or seed skips the test
 * with its reason; in CI (env CI=true) it fails, since .ci/run provides both.
 */
public final class TestEnvironment {
    private TestEnvironment() {}

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips outside CI, fails in CI. */
    public static void require(boolean condition, String what) {
        if (inCi() && !condition) {
            fail(what + " is missing, and CI must provide it (see .ci/run)");
        }
        assumeTrue(condition, what + " is missing; skipped outside CI");
    }

    /** The JACK "system" device of the virtual sound card (scripts/virtual-soundcard start). */
    public static AudioDevice jackSystemDevice(AudioDeviceModule adm) {
        Optional<AudioDevice> device = adm.findDevice("system", "JACK Audio Connection Kit");
        require(device.isPresent(), "the JACK \"system\" device (scripts/virtual-soundcard start)");
        return device.orElseThrow();
    }

    /** The SDK's code table, ../shared/seeds/*.txt beside the project (override: -Dadm.seeds=DIR). */
    public static Path seedTable() throws Exception {
        Path dir = Path.of(System.getProperty("adm.seeds", "../shared/seeds"));
        Optional<Path> seed = Files.isDirectory(dir)
                ? Files.list(dir).filter(p -> p.toString().endsWith(".txt")).sorted().findFirst()
                : Optional.empty();
        require(seed.isPresent(), "the seed code table in " + dir.toAbsolutePath().normalize());
        return seed.orElseThrow();
    }
}
