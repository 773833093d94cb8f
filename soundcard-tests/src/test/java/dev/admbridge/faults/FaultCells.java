package dev.admbridge.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The fault matrix's cells, whatever the server: every stream state x every fault of the sound server x every
 * follow-up, with the library in a child JVM (ScriptedChild). Each cell: no crash, no abort, no call beyond its
 * bound, only documented outcomes, the events a fault owes, a module that works afterwards, and a JVM that exits
 * cleanly with streams still open. docs/errors.md has the matrix and what each cell does; each cell prints its
 * timings for it. FaultMatrixTest runs them on private JACK servers, DesktopServerFaultMatrixTest on PipeWire.
 */
final class FaultCells {
    /** The control calls' deadline (WatchdogSettings.controlDeadline), and the slack a busy machine needs. */
    private static final long DEADLINE_MS = 1500;
    private static final long SLACK_MS = 700;
    private static final Duration STEP = Duration.ofSeconds(20);

    /** Where the streams are when the fault comes. */
    enum State {
        INITIALIZED, RUNNING, STOPPED,
        /** Initialized streams whose server was killed (failed, not isolated); a new server runs since. */
        FAILED,
        /** Running streams whose stop did not return during a stall (failed and isolated); the server runs on. */
        ISOLATED,
        /** A stop of the playout and a close of the recording are in the host (it is stalled) when the fault comes. */
        CALL_IN_FLIGHT
    }

    /** What happens to the server. */
    enum Fault {
        SIGKILL, SIGTERM,
        /** SIGSTOP for 0.5 s (shorter than the deadline), then SIGCONT; the follow-ups come after. */
        STALL_SHORT,
        /** SIGSTOP; the follow-ups run during the stall (longer than the deadline); SIGCONT after them. */
        STALL_LONG,
        /** SIGKILL and a new server of the same name before the follow-ups. */
        RESTART
    }

    /**
     * Every state x every fault; or, to run some again, those that -Dadmbridge.matrix.cells names
     * ("STOPPED:RESTART,RUNNING:SIGKILL"), each repeated -Dadmbridge.matrix.repeat times (default 1).
     */
    static Stream<Arguments> cells() {
        String only = System.getProperty("admbridge.matrix.cells", "");
        int repeat = Integer.getInteger("admbridge.matrix.repeat", 1);
        List<Arguments> cells = new ArrayList<>();
        for (State state : State.values()) {
            for (Fault fault : Fault.values()) {
                if (only.isEmpty() || List.of(only.split(",")).contains(state + ":" + fault)) {
                    for (int i = 0; i < repeat; i++) {
                        cells.add(Arguments.of(state, fault));
                    }
                }
            }
        }
        return cells.stream();
    }

    private FaultCells() {}

    /** One cell: `state` x `fault` on `server`; `label` names the server in the printed timings. */
    static void run(State state, Fault fault, FaultServer server, String label) throws Exception {
        try (ChildJvm child = new ChildJvm(server.environment(), ScriptedChild.class)) {
            Cell cell = new Cell(child, state + " x " + fault);
            child.await("HELLO", STEP);
            cell.run("open", "init playout", "init recording", "closeOnError recording");
            bringTo(cell, server, state);
            boolean serverDies = fault == Fault.SIGKILL || fault == Fault.SIGTERM || fault == Fault.RESTART;
            long faultAt = System.nanoTime();
            applyFault(cell, server, state, fault);
            boolean owesError = serverDies
                    && (state == State.INITIALIZED || state == State.RUNNING || state == State.STOPPED);
            if (owesError) {
                // A stream that neither failed before nor had a stop in flight owes its runtime error.
                cell.awaitEvent("EVENT 1015 PLAYOUT", faultAt, fault == Fault.SIGTERM ? 3000 : 1000);
            }
            // The follow-ups, each bounded, each with a documented outcome. A failed playout fails a write at
            // once with its runtime error; the recording may have been closed by the listener already.
            if (owesError || state == State.FAILED) {
                cell.bounded("write playout 100", 100 + SLACK_MS, "ERR_ADM_RUNTIME_PLAYOUT_ERROR");
            } else {
                cell.bounded("write playout 100", 100 + SLACK_MS, "ok", "ERR_NOT_INITIALIZED",
                        "ERR_ADM_RUNTIME_PLAYOUT_ERROR");
            }
            cell.bounded("read recording 100", 100 + SLACK_MS, "ok", "ERR_NOT_INITIALIZED",
                    "ERR_ADM_RUNTIME_RECORDING_ERROR");
            cell.bounded("start playout", DEADLINE_MS + SLACK_MS, "ok", "ERR_NOT_READY", "ERR_ADM_START_PLAYOUT");
            cell.bounded("start recording", DEADLINE_MS + SLACK_MS, "ok", "ERR_NOT_READY", "ERR_ADM_START_RECORDING",
                    "ERR_NOT_INITIALIZED");
            cell.bounded("stop playout", DEADLINE_MS + SLACK_MS, "ok", "ERR_ADM_STOP_PLAYOUT");
            cell.bounded("stop recording", DEADLINE_MS + SLACK_MS, "ok", "ERR_ADM_STOP_RECORDING", "ERR_NOT_INITIALIZED");
            cell.bounded("close playout", 2 * DEADLINE_MS + SLACK_MS, "ok", "ERR_ADM_STOP_PLAYOUT");
            cell.bounded("closemodule", 3 * DEADLINE_MS + SLACK_MS, "ok", "ERR_ADM_GENERAL_ERROR",
                    "ERR_ADM_STOP_RECORDING");
            if (server.isStalled()) {
                server.resume();
            }
            if (fault == Fault.SIGKILL || fault == Fault.SIGTERM) {
                server.restart();  // the same name: the module must find it
            }
            // The module works afterwards: a new one runs streams on the server as it is now.
            cell.run("open", "init playout", "init recording", "start playout", "start recording");
            cell.bounded("callbacks playout 20", 5000, "ok");
            cell.bounded("callbacks recording 20", 5000, "ok");
            // And the JVM exits cleanly with those streams open.
            child.send("exit");
            child.await("EXITING", STEP);
            assertEquals(0, child.exitStatus(Duration.ofSeconds(10)), cell.report());
            cell.assertNoCrash();
            System.out.println("matrix " + label + cell.name + ": " + String.join(" | ", cell.timings));
        }
    }

    private static void bringTo(Cell cell, FaultServer server, State state) throws Exception {
        switch (state) {
            case INITIALIZED -> { }
            case RUNNING -> cell.run("start playout", "start recording", "callbacks playout 10", "callbacks recording 10");
            case STOPPED -> cell.run("start playout", "start recording", "callbacks playout 10", "stop playout",
                    "stop recording");
            case FAILED -> {
                long killed = System.nanoTime();
                server.kill();
                cell.awaitEvent("EVENT 1015 PLAYOUT", killed, 1000);
                // The recording fails, unless the listener closed it first on the playout's error (a race).
                cell.awaitEvent(killed, 1000, "EVENT FAILED RECORDING", "EVENT CLOSED RECORDING");
                server.restart();
            }
            case ISOLATED -> {
                cell.run("start playout", "start recording", "callbacks playout 10");
                server.stall();
                cell.bounded("stop playout", DEADLINE_MS + SLACK_MS, "ERR_ADM_STOP_PLAYOUT");
                // The listener may have closed the recording on the playout's error already.
                cell.bounded("stop recording", DEADLINE_MS + SLACK_MS, "ERR_ADM_STOP_RECORDING", "ERR_NOT_INITIALIZED");
                server.resume();
                cell.child.send("state playout");
                String seen = cell.child.await("STATE playout", STEP);
                assertEquals("STATE playout FAILED", seen, cell.report());
            }
            case CALL_IN_FLIGHT -> {
                cell.run("start playout", "start recording", "callbacks playout 10");
                server.stall();
                cell.child.send("bg stop playout");
                cell.child.send("bg close recording");
                Thread.sleep(300);  // both are in the host now, waiting for a stalled server
            }
        }
    }

    private static void applyFault(Cell cell, FaultServer server, State state, Fault fault) throws Exception {
        boolean stalled = state == State.CALL_IN_FLIGHT;
        switch (fault) {
            case SIGKILL -> server.kill();
            case SIGTERM -> server.terminate();  // a stalled one is continued, to act on it
            case STALL_SHORT -> {
                if (!stalled) {
                    server.stall();
                }
                Thread.sleep(500);
                server.resume();
            }
            case STALL_LONG -> {
                if (!stalled) {
                    server.stall();
                }
            }
            case RESTART -> {
                server.kill();
                server.restart();
            }
        }
        if (stalled) {
            // The calls that were in flight end within their bound, the fault notwithstanding.
            cell.awaitDone("stop_playout", DEADLINE_MS + SLACK_MS, "ok", "ERR_ADM_STOP_PLAYOUT");
            cell.awaitDone("close_recording", 2 * DEADLINE_MS + SLACK_MS, "ok", "ERR_ADM_STOP_RECORDING");
        }
    }

    /** One cell's child, its transcript and its timings. */
    private static final class Cell {
        final ChildJvm child;
        final String name;
        final List<String> timings = new ArrayList<>();

        Cell(ChildJvm child, String name) {
            this.child = child;
            this.name = name;
        }

        /** Commands that must simply work. */
        void run(String... commands) throws Exception {
            for (String command : commands) {
                child.send(command);
                String done = child.await("DONE " + command.replace(' ', '_') + " ", STEP);
                assertTrue(done.endsWith(" ok") || done.contains(" ok "), name + ": " + done + "\n" + report());
            }
        }

        /** A command that must end within `boundMs` with one of the outcomes (the first word of it). */
        void bounded(String command, long boundMs, String... outcomes) throws Exception {
            long sent = System.nanoTime();
            child.send(command);
            check(child.await("DONE " + command.replace(' ', '_') + " ", Duration.ofMillis(boundMs + 10_000)), sent,
                    boundMs, outcomes);
        }

        /** The DONE line of a command sent before (in the background). */
        void awaitDone(String command, long boundMs, String... outcomes) throws Exception {
            check(child.awaitAlsoSeen("DONE " + command + " ", Duration.ofMillis(boundMs + 10_000)), 0, boundMs, outcomes);
        }

        private void check(String done, long sent, long boundMs, String... outcomes) {
            String[] parts = done.split(" ", 4);
            long took = Long.parseLong(parts[2]);
            String outcome = parts[3].split(" ")[0];
            timings.add(parts[1] + " " + took + " ms " + outcome);
            assertTrue(took <= boundMs, name + ": " + done + " took longer than " + boundMs + " ms\n" + report());
            if (sent != 0) {
                long seen = (System.nanoTime() - sent) / 1_000_000;
                assertTrue(seen <= boundMs + 1000, name + ": " + done + " came back after " + seen + " ms");
            }
            assertTrue(Set.of(outcomes).contains(outcome), name + ": " + done + " is not one of "
                    + List.of(outcomes) + "\n" + report());
        }

        void awaitEvent(String prefix, long sinceNanos, long withinMs) throws Exception {
            awaitEvent(sinceNanos, withinMs, prefix);
        }

        /** The first event line that starts with one of {@code prefixes}, within {@code withinMs} of the fault. */
        void awaitEvent(long sinceNanos, long withinMs, String... prefixes) throws Exception {
            String line = child.await(l -> List.of(prefixes).stream().anyMatch(l::startsWith),
                    Duration.ofMillis(withinMs + 5000));
            long at = Long.parseLong(line.split(" ")[3]);
            long ms = (at - sinceNanos) / 1_000_000;
            String[] words = line.split(" ");
            timings.add(words[1] + " " + words[2] + " after " + ms + " ms");
            assertTrue(ms <= withinMs, name + ": " + line + " came " + ms + " ms after the fault\n" + report());
        }

        void assertNoCrash() throws Exception {
            String errors = child.errorOutput();
            for (String sign : List.of("Assertion", "SIGSEGV", "SIGABRT", "fatal error", "double free", "corrupted",
                    "Exception in thread")) {
                assertTrue(!errors.contains(sign), name + ": the child's stderr shows " + sign + ":\n" + errors);
            }
            for (String line : child.transcript) {
                if (line.contains(" THREW ")) {
                    fail(name + ": an exception escaped: " + line);
                }
            }
        }

        String report() {
            String errors;
            try {
                errors = child.errorOutput();
            } catch (Exception e) {
                errors = e.toString();
            }
            return "transcript: " + child.transcript + "\nstderr: " + errors.lines().limit(40).toList();
        }
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
