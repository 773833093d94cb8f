package dev.admbridge.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * What one {@code LockSupport.parkNanos} sleep-and-wake of a Java thread costs in CPU on this machine, the
 * unit of the PCM path's CPU beyond the callback (docs/benchmarks.md, "The audio path"): a PCM consumer or a
 * blocked writer pays it once per wake.
 *
 * <pre>java ... dev.admbridge.bench.WakeCost SLEEP_MICROSECONDS COUNT</pre>
 */
public final class WakeCost {
    private WakeCost() {}

    public static void main(String[] args) {
        long sleepNanos = Long.parseLong(args[0]) * 1000;
        int count = Integer.parseInt(args[1]);
        if (sleepNanos <= 0 || count <= 0) {
            throw new IllegalArgumentException("usage: WakeCost SLEEP_MICROSECONDS COUNT (both > 0)");
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < Math.min(count, 200); i++) {
            LockSupport.parkNanos(sleepNanos);  // warm-up: compiled, caches as in steady state
        }
        long before = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < count; i++) {
            LockSupport.parkNanos(sleepNanos);
        }
        double perWake = (threads.getCurrentThreadCpuTime() - before) / 1e3 / count;
        System.out.printf(Locale.ROOT, "ROW java-park-wake sleep_us=%d wakes=%d cpu_us_per_wake=%.1f%n",
                sleepNanos / 1000, count, perWake);
    }
}
