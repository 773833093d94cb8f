package dev.admbridge;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for what the audio thread brings about; the caller asserts the outcome itself. */
final class Polling {
    private Polling() {}

    /** Returns once `condition` holds or `within` has passed, looking every 10 ms. */
    static void until(BooleanSupplier condition, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
