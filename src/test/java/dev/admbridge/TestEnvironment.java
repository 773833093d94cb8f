package dev.admbridge;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the library's tests need from the machine (tests on sound cards use admbridge-junit instead). Outside
 * CI a missing tool skips the test with its reason; in CI (env CI=true) it fails, since .ci/run provides it.
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
