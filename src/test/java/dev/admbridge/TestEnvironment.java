package dev.admbridge;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

    /**
     * The SDK's documented table of error and warning codes (its names and values are the contract), kept in
     * the repository as test data: src/test/resources/dev/admbridge/sdk-error-codes.md.
     */
    public static String seedTable() throws Exception {
        try (var in = TestEnvironment.class.getResourceAsStream("sdk-error-codes.md")) {
            if (in == null) {
                throw new IllegalStateException("the test resource dev/admbridge/sdk-error-codes.md is missing");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
