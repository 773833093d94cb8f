package dev.admbridge.bench;

import java.util.Arrays;

/**
 * Baseline (a)'s cost on the producer: a native thread attaches once, then each event is one
 * CallVoidMethod (timed natively with the harness's timer), run back to back and 50 us apart.
 * Prints the same percentiles as native-bench/bench_events.
 */
public final class UpcallCost {
    private UpcallCost() {}

    public static void main(String[] args) {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        EventPathBenchmark bench = new EventPathBenchmark();
        Baselines.upcallTarget(bench.new UpcallTarget());
        long[] warm = new long[50_000];
        Baselines.upcallCosts(warm, 0);  // JIT the listener path first
        for (long gap : new long[] {0, 50_000}) {
            long[] nanos = new long[gap == 0 ? events : Math.min(events, 20_000)];
            Baselines.upcallCosts(nanos, gap);
            Arrays.sort(nanos);
            System.out.printf("upcall publish (attached native thread, gap %d ns) p50 %d  p99 %d  p99.99 %d  max %d ns"
                    + "  (n=%d)%n", gap, at(nanos, 50), at(nanos, 99), at(nanos, 99.99), nanos[nanos.length - 1],
                    nanos.length);
        }
    }

    private static long at(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(p / 100 * (sorted.length - 1)))];
    }
}
