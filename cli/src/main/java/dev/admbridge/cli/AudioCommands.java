package dev.admbridge.cli;

import dev.admbridge.AdmCode;
import dev.admbridge.AdmException;
import dev.admbridge.AudioStream;

/** What the audio commands share. */
final class AudioCommands {
    private AudioCommands() {}

    /** Waits until the playout ring is empty, so the end is heard before the stream closes. */
    static void drain(AudioStream playout) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (playout.availableFrames() < playout.bufferFrames() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(50);  // the last buffer in the device
    }

    static void requirePositive(String what, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new AdmException(AdmCode.ERR_INVALID_ARGUMENT, what + " must be above 0, was " + value);
        }
    }
}
