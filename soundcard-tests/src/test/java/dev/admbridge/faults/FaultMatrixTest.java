package dev.admbridge.faults;

import dev.admbridge.junit.VirtualCard;
import dev.admbridge.junit.VirtualSoundCard;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The fault matrix (FaultCells) on JACK: a virtual card with a private server of its own per cell. */
class FaultMatrixTest {
    static Stream<Arguments> cells() {
        return FaultCells.cells();
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("cells")
    @VirtualSoundCard
    void shouldNeverCrashHangOrLieWhateverTheServerDoes(FaultCells.State state, FaultCells.Fault fault,
            VirtualCard server) throws Exception {
        FaultCells.run(state, fault, FaultServer.of(server), "");
    }
}
