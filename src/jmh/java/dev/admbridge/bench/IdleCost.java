package dev.admbridge.bench;

import dev.admbridge.AdmEventListener;
import dev.admbridge.AudioDeviceModule;
import dev.admbridge.AudioStream;
import dev.admbridge.StreamConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What an idle JVM costs with admbridge in it (issue 14, "an idle module costs nothing"): process CPU time per
 * second and context switches per second (voluntary and not, summed over the process's threads from
 * {@code /proc/self/task/N/status}: a thread that ends within a span takes its switches with it, so each span
 * starts after the threads of the step before have ended) over the same span for each row:
 * <ol>
 *   <li>{@code jvm-sleeping}: a JVM whose main thread only sleeps;</li>
 *   <li>{@code module-open}: the same JVM with an open {@link AudioDeviceModule}, nothing asked of it;</li>
 *   <li>{@code module-open+listener}: the module with a listener (its dispatcher thread waits for events, its
 *       device watch for changes), from 3 s after the listener came on;</li>
 *   <li>{@code module-open-after-devices}: the module after {@code devices()}, from 3 s after the call on (the
 *       host, initialized for the list, is let go of 2 s after it); the call's own cost is printed apart
 *       (ONEOFF);</li>
 *   <li>{@code stream-stopped}: a playout on the default device started, then stopped, not closed;</li>
 *   <li>{@code stream-closed}: the same module from 3 s after that stream's close on.</li>
 * </ol>
 *
 * <pre>java ... dev.admbridge.bench.IdleCost SECONDS [ROWS]</pre>
 * ROWS: a comma-separated subset of the names above (default all). One line per row, starting with ROW.
 */
public final class IdleCost {
    private IdleCost() {}

    public static void main(String[] args) throws Exception {
        long millis = (long) (Double.parseDouble(args[0]) * 1000);
        String rows = args.length > 1 ? args[1]
                : "jvm-sleeping,module-open,module-open+listener,module-open-after-devices,stream-stopped,stream-closed";
        Thread.sleep(2000);  // start-up done: class loading, JIT of what start-up ran
        if (rows.contains("jvm-sleeping")) {
            measure("jvm-sleeping", millis);
        }
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            Thread.sleep(1000);
            if (rows.contains("module-open,") || rows.endsWith("module-open")) {
                measure("module-open", millis);
            }
            if (rows.contains("module-open+listener")) {
                adm.addListener(new AdmEventListener() { });
                Thread.sleep(3000);  // the device watch's first list initialized the host: it lets go after 2 s
                measure("module-open+listener", millis);
            }
            if (rows.contains("module-open-after-devices")) {
                long cpu0 = cpuNanos();
                long wall0 = System.nanoTime();
                int devices = adm.devices().size();
                System.out.printf(Locale.ROOT, "ONEOFF devices() devices=%d cpu_ms=%.1f wall_ms=%.1f%n", devices,
                        (cpuNanos() - cpu0) / 1e6, (System.nanoTime() - wall0) / 1e6);
                Thread.sleep(3000);
                measure("module-open-after-devices", millis);
            }
            if (rows.contains("stream-stopped") || rows.contains("stream-closed")) {
                AudioStream playout = adm.initPlayout(StreamConfig.defaults());
                playout.start();
                Thread.sleep(500);
                playout.stop();
                Thread.sleep(500);
                if (rows.contains("stream-stopped")) {
                    measure("stream-stopped", millis);
                }
                playout.close();
                Thread.sleep(3000);  // the host is let go of 2 s after the close, and its threads end
                if (rows.contains("stream-closed")) {
                    measure("stream-closed", millis);
                }
            }
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void measure(String row, long millis) throws InterruptedException, IOException {
        long cpu0 = cpuNanos();
        long switches0 = contextSwitches();
        long wall0 = System.nanoTime();
        Thread.sleep(millis);
        double seconds = (System.nanoTime() - wall0) / 1e9;
        double cpuMsPerSecond = (cpuNanos() - cpu0) / 1e6 / seconds;
        double switchesPerSecond = (contextSwitches() - switches0) / seconds;
        System.out.printf(Locale.ROOT, "ROW %s cpu_ms_per_s=%.3f ctx_switches_per_s=%.1f threads=%d seconds=%.1f%n",
                row, cpuMsPerSecond, switchesPerSecond, threads(), seconds);
    }

    /** Voluntary and involuntary context switches of every thread of this process now. */
    private static long contextSwitches() throws IOException {
        long total = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                            total += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException gone) {
                    // the thread ended meanwhile: its switches are lost from both readings alike
                }
            }
        }
        return total;
    }

    private static long threads() throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.count();
        }
    }
}
