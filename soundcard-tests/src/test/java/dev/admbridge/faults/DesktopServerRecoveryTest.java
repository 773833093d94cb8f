package dev.admbridge.faults;

import org.junit.jupiter.api.Test;

/**
 * The recovery policy on PipeWire (RecoveryCycles), through the API this JVM was started on ({@code
 * scripts/test-desktop-servers} runs it through ALSA and through pw-jack, on its PipeWire virtual card): kill -9 of
 * the pipewire daemon then the card started again, and SIGSTOP past the deadlines then SIGCONT.
 */
class DesktopServerRecoveryTest {
    private static final String API = System.getenv().getOrDefault("ADMBRIDGE_DESKTOP_SERVER", "pipewire");
    private static final int CYCLES = Integer.getInteger("admbridge.recovery.cycles", 3);

    @Test
    void shouldResumeARunningPlayoutAndRecordingOnTheirOwnOncePipeWireIsBack() throws Exception {
        PipeWireServer server = new PipeWireServer();
        if (!PipeWireServer.isRunning()) {
            server.restart();  // a test before may have left it down
        }
        RecoveryCycles.restarts(server, CYCLES, "pipewire " + API + " ", 8);
    }

    @Test
    void shouldHaveAudioFlowWithinASecondOfTheEndOfAPipeWireStall() throws Exception {
        PipeWireServer server = new PipeWireServer();
        if (!PipeWireServer.isRunning()) {
            server.restart();
        }
        try {
            RecoveryCycles.stalls(server, 2, "pipewire " + API + " ");
        } finally {
            if (server.isStalled()) {
                server.resume();
            }
        }
    }
}
