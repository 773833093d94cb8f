package dev.admbridge.cli;

import dev.admbridge.AdmCode;
import dev.admbridge.AdmException;
import dev.admbridge.AudioStream;
import dev.admbridge.StreamKind;
import dev.admbridge.StreamState;

/** What the audio commands share. */
final class AudioCommands {
    private AudioCommands() {}

    /**
     * Waits until the playout ring is empty, so the end is heard before the stream closes.
     *
     * @throws AdmException {@link AdmCode#ERR_ADM_RUNTIME_PLAYOUT_ERROR} at once if the stream failed meanwhile
     */
    static void drain(AudioStream playout) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (playout.availableFrames() < playout.bufferFrames() && System.nanoTime() < deadline) {
            requireAlive(playout);
            Thread.sleep(5);
        }
        requireAlive(playout);
        Thread.sleep(50);  // the last buffer in the device
    }

    /** A failed stream ends the command with its runtime code. */
    static void requireAlive(AudioStream stream) {
        if (stream.state() == StreamState.FAILED) {
            throw new AdmException(stream.kind() == StreamKind.PLAYOUT ? AdmCode.ERR_ADM_RUNTIME_PLAYOUT_ERROR
                    : AdmCode.ERR_ADM_RUNTIME_RECORDING_ERROR, "the " + stream.kind().name().toLowerCase(
                            java.util.Locale.ROOT) + " stream failed: its device or sound server went away");
        }
    }

    static void requirePositive(String what, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new AdmException(AdmCode.ERR_INVALID_ARGUMENT, what + " must be above 0, was " + value);
        }
    }
}
