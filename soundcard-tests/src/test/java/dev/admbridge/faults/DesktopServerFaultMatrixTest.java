package dev.admbridge.faults;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix (FaultCells) on PipeWire, through the API this JVM was started on ({@code
 * scripts/test-desktop-servers} runs it through ALSA and through pw-jack, each in a JVM of its own, on its
 * PipeWire virtual card). Each cell's child JVM inherits the environment that reaches the card.
 */
class DesktopServerFaultMatrixTest {
    private static final String API = System.getenv().getOrDefault("ADMBRIDGE_DESKTOP_SERVER", "pipewire");

    static Stream<Arguments> cells() {
        return FaultCells.cells();
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("cells")
    void shouldNeverCrashHangOrLieWhateverPipeWireDoes(FaultCells.State state, FaultCells.Fault fault)
            throws Exception {
        PipeWireServer server = new PipeWireServer();
        if (!PipeWireServer.isRunning()) {
            server.restart();  // a cell before may have left it down
        }
        try {
            FaultCells.run(state, fault, server, "pipewire " + API + " ");
        } finally {
            if (server.isStalled()) {
                server.resume();
            }
        }
    }
}
