package dev.admbridge.faults;

import dev.admbridge.junit.VirtualCard;
import dev.admbridge.junit.VirtualSoundCard;
import org.junit.jupiter.api.Test;

/**
 * The recovery policy on a JACK server of the test's own (RecoveryCycles): kill -9 of jackd then a new jackd of
 * the same name, and SIGSTOP past the deadlines then SIGCONT. Restarts: -Dadmbridge.recovery.cycles (default 5;
 * docs/benchmarks.md has 20 and 100).
 */
class RecoverySoundcardTest {
    private static final int CYCLES = Integer.getInteger("admbridge.recovery.cycles", 5);

    @Test
    @VirtualSoundCard
    void shouldResumeARunningPlayoutAndRecordingOnTheirOwnWithinASecondOfTheServersReturn(VirtualCard server)
            throws Exception {
        RecoveryCycles.restarts(FaultServer.of(server), CYCLES, "", 2);
    }

    @Test
    @VirtualSoundCard
    void shouldHaveAudioFlowWithinASecondOfTheEndOfAStallLongerThanTheDeadlines(VirtualCard server) throws Exception {
        RecoveryCycles.stalls(FaultServer.of(server), 3, "");
    }
}
