package dev.admbridge.faults;

import dev.admbridge.junit.VirtualCard;
import java.util.Map;

/**
 * A sound server that a fault matrix cell takes down the ways real servers fail (FaultCells): a private JACK
 * server of a VirtualCard, or the PipeWire virtual card (PipeWireServer).
 */
interface FaultServer {
    /** SIGKILL; returns once the server is gone. */
    void kill() throws Exception;

    /** SIGTERM; returns once the server is gone. */
    void terminate() throws Exception;

    /** SIGSTOP. */
    void stall() throws Exception;

    /** SIGCONT after {@link #stall()}. */
    void resume() throws Exception;

    /** A new server where this one was (stopped first if it still runs); returns once it answers. */
    void restart() throws Exception;

    /** Whether {@link #stall()} came without {@link #resume()}. */
    boolean isStalled();

    /** What a child process needs in its environment, besides this process's own, to use the server. */
    Map<String, String> environment();

    /** A VirtualCard's JACK server. */
    static FaultServer of(VirtualCard card) {
        return new FaultServer() {
            @Override
            public void kill() {
                card.kill();
            }

            @Override
            public void terminate() {
                card.terminate();
            }

            @Override
            public void stall() {
                card.stall();
            }

            @Override
            public void resume() {
                card.resume();
            }

            @Override
            public void restart() {
                card.restart();
            }

            @Override
            public boolean isStalled() {
                return card.isStalled();
            }

            @Override
            public Map<String, String> environment() {
                return card.environment();
            }
        };
    }
}
