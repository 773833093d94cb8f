package dev.admbridge.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The recovery policy's cycles on a real server (issue 11), for RecoverySoundcardTest (JACK) and
 * DesktopServerRecoveryTest (PipeWire): a child JVM (FaultScenario "recover") runs a playout and a recording with
 * the policy on and its write and read loops on threads of their own, while the server is killed and restarted,
 * or stalled, again and again. Each prints its figures, labelled.
 */
final class RecoveryCycles {
    private static final Duration STEP = Duration.ofSeconds(15);

    private RecoveryCycles() {}

    private static long nanosOf(String line, int field) {
        return Long.parseLong(line.split(" ")[field]);
    }

    /**
     * kill -9 and a new server, `cycles` times: both streams must run again and frames reach the read loop within
     * 1 s of the server answering, the loops see no exception, and the threads do not grow beyond `threadSlack`
     * (what the server's client library starts and ends on its own: PipeWire's libjack was seen at 32 to 38).
     */
    static void restarts(FaultServer card, int cycles, String label, int threadSlack) throws Exception {
        try (ChildJvm child = new ChildJvm(card.environment(), "recover")) {
            child.await("READY", STEP);
            child.send("STATS");
            String[] first = child.await("STATS", STEP).split(" ");
            List<Long> recoveredMs = new ArrayList<>();
            List<Long> flowingMs = new ArrayList<>();
            String[] last = first;
            for (int cycle = 1; cycle <= cycles; cycle++) {
                card.kill();
                awaitAll(child, "EVENT 1015 PLAYOUT", "EVENT 1017 RECORDING", "STATE RECOVERING PLAYOUT 0",
                        "STATE RECOVERING RECORDING 0");
                card.restart();
                long back = System.nanoTime();  // the new server answers: restart() waited for it
                child.send("ARM");
                List<String> running = awaitAll(child, "STATE RUNNING PLAYOUT", "STATE RUNNING RECORDING", "FLOWING");
                String playout = running.get(0);
                String recording = running.get(1);
                String flowing = running.get(2);
                // 0: it came before restart() returned (a PipeWire card's restart waits for more than the daemon).
                long recovered = Math.max(0, (Math.max(nanosOf(playout, 3), nanosOf(recording, 3)) - back) / 1_000_000);
                long flows = Math.max(0, (nanosOf(flowing, 1) - back) / 1_000_000);
                recoveredMs.add(recovered);
                flowingMs.add(flows);
                child.send("STATS");
                last = child.await("STATS", STEP).split(" ");
                System.out.printf(label + "recovery cycle %d: running again %d ms, frames read %d ms after the server was back;"
                        + " %s threads, RSS %s KB%n", cycle, recovered, flows, last[1], last[2]);
                assertEquals("RUNNING", last[3], "playout after cycle " + cycle + ": " + child.transcript.toString());
                assertEquals("RUNNING", last[4], "recording after cycle " + cycle);
            }
            child.send("END");
            String loops = child.await("LOOPS", STEP);
            child.await("DONE", STEP);
            assertEquals(0, child.exitStatus(Duration.ofSeconds(10)), child.transcript.toString());
            System.out.printf(label + "recovery over %d kill -9 and restarts: running again median %d ms, max %d ms; frames read"
                    + " median %d ms, max %d ms; threads %s -> %s, RSS %s -> %s KB%n", cycles, median(recoveredMs),
                    Collections.max(recoveredMs), median(flowingMs), Collections.max(flowingMs), first[1], last[1],
                    first[2], last[2]);
            assertEquals("LOOPS 0", loops, "the write and read loops never saw an exception: " + child.transcript.toString());
            assertTrue(Collections.max(flowingMs) < 1000, "audio flows within 1 s of the server's return: " + flowingMs);
            assertTrue(Integer.parseInt(last[1]) <= Integer.parseInt(first[1]) + threadSlack,
                    "no thread growth: " + first[1] + " -> " + last[1]);
        }
    }


    /**
     * SIGSTOP past the stall limit and the control deadline, then SIGCONT, `cycles` times: the streams run on by
     * themselves, frames reach the read loop within 1 s of the SIGCONT, the loops see no exception.
     */
    static void stalls(FaultServer card, int cycles, String label) throws Exception {
        try (ChildJvm child = new ChildJvm(card.environment(), "recover")) {
            child.await("READY", STEP);
            List<Long> flowingMs = new ArrayList<>();
            for (int cycle = 1; cycle <= cycles; cycle++) {
                card.stall();
                child.await("EVENT 1020 PLAYOUT", STEP);  // the stall is seen while it lasts
                Thread.sleep(3000);  // past the stall limit and the 1.5 s deadline of a control call
                child.send("ARM");
                card.resume();
                long resumed = System.nanoTime();
                String flowing = child.await("FLOWING", STEP);
                long flows = Math.max(0, (nanosOf(flowing, 1) - resumed) / 1_000_000);  // 0: read before SIGCONT's return
                flowingMs.add(flows);
                Thread.sleep(300);
                child.send("STATS");
                String[] stats = child.await("STATS", STEP).split(" ");
                System.out.printf(label + "stall cycle %d: frames read %d ms after SIGCONT; playout %s, recording %s%n", cycle,
                        flows, stats[3], stats[4]);
                assertEquals("RUNNING", stats[3], child.transcript.toString());
                assertEquals("RUNNING", stats[4], child.transcript.toString());
            }
            child.send("END");
            assertEquals("LOOPS 0", child.await("LOOPS", STEP), child.transcript.toString());
            child.await("DONE", STEP);
            assertEquals(0, child.exitStatus(Duration.ofSeconds(10)), child.transcript.toString());
            assertTrue(Collections.max(flowingMs) < 1000, "audio flows within 1 s of SIGCONT: " + flowingMs);
        }
    }


    /**
     * The next line that starts with each of `prefixes`, in whatever order they come (the two streams recover
     * independently); a prefix may name a word of the line after the time too ("STATE RECOVERING PLAYOUT 0":
     * the line's value, after its time, is 0).
     */
    private static List<String> awaitAll(ChildJvm child, String... prefixes) throws InterruptedException {
        String[] found = new String[prefixes.length];
        for (int remaining = prefixes.length; remaining > 0; remaining--) {
            String line = child.await(l -> indexOf(prefixes, found, l) >= 0, STEP);
            found[indexOf(prefixes, found, line)] = line;
        }
        return List.of(found);
    }

    private static int indexOf(String[] prefixes, String[] found, String line) {
        for (int i = 0; i < prefixes.length; i++) {
            if (found[i] == null && matches(prefixes[i], line)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean matches(String prefix, String line) {
        String[] want = prefix.split(" ");
        String[] words = line.split(" ");
        if (want[0].equals("STATE") && want.length == 4) {  // STATE state stream value: skip the line's time
            return words.length == 5 && words[0].equals("STATE") && words[1].equals(want[1])
                    && words[2].equals(want[2]) && words[4].equals(want[3]);
        }
        return line.startsWith(prefix);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
