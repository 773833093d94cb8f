package dev.admbridge.bench;

import dev.admbridge.loopback.SweepSignal;
import java.lang.management.ManagementFactory;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.jaudiolibs.jnajack.JackStatus;

/**
 * The JNAJack row of the realtime comparison (docs/benchmarks.md, issue 14): the Java peer users would pick to run
 * Java in JACK's process callback. One JACK client with an output and an input port wired out -> in; its process
 * callback plays AudioPathRun's sweep timeline and keeps what the input brings (with a biquad, both blocks also go
 * through CallbackRun's biquad, as in the callback rows). JACK calls it once per server period, so the server's
 * period is the frames per buffer of this row. Xruns: JACK's xrun callback (the server's, seen by every client).
 *
 * <pre>java ... dev.admbridge.bench.JnaJackRun SECONDS [pass|biquad [ALLOC_MB_PER_S]]</pre>
 *
 * With ALLOC_MB_PER_S, AudioPathRun's allocation load runs meanwhile, and the collections in the window are counted.
 */
public final class JnaJackRun {
    private static final double LEAD_SECONDS = 1.0;
    private static final double PERIOD_SECONDS = 0.5;
    private static final double SWEEP_SECONDS = 0.05;
    private static final double LEVEL = Math.pow(10, -6 / 20.0);

    private JnaJackRun() {}

    public static void main(String[] args) throws Exception {
        double seconds = Double.parseDouble(args[0]);
        boolean biquad = args.length > 1 && args[1].equals("biquad");
        double allocMbPerSecond = args.length > 2 ? Double.parseDouble(args[2]) : 0;
        AudioPathRun.AllocationLoad load = allocMbPerSecond > 0 ? new AudioPathRun.AllocationLoad(allocMbPerSecond) : null;
        Jack jack = Jack.getInstance();
        JackClient client = jack.openClient("jnajack-bench", EnumSet.of(JackOptions.JackNoStartServer),
                EnumSet.noneOf(JackStatus.class));
        double rate = client.getSampleRate();
        int frames = client.getBufferSize();
        int lead = (int) (LEAD_SECONDS * rate);
        int period = (int) (PERIOD_SECONDS * rate);
        int repeats = (int) (seconds / PERIOD_SECONDS);
        int total = lead + repeats * period + (int) (0.6 * rate);
        float[] sweep = SweepSignal.sweep(rate, (int) (SWEEP_SECONDS * rate), LEVEL);
        float[] captured = new float[total + period];
        AtomicLong played = new AtomicLong();
        AtomicInteger xruns = new AtomicInteger();
        AtomicLong windowOpen = new AtomicLong();  // 1 while the measured window lasts
        CallbackRun.Biquad playFilter = new CallbackRun.Biquad();
        CallbackRun.Biquad captureFilter = new CallbackRun.Biquad();
        float[] scratch = new float[16384];
        JackPort out = client.registerPort("out", JackPortType.AUDIO, JackPortFlags.JackPortIsOutput);
        JackPort in = client.registerPort("in", JackPortType.AUDIO, JackPortFlags.JackPortIsInput);
        client.setXrunCallback(c -> {
            if (windowOpen.get() == 1) {
                xruns.incrementAndGet();
            }
        });
        client.setProcessCallback((c, n) -> {
            FloatBuffer output = out.getFloatBuffer();
            FloatBuffer input = in.getFloatBuffer();
            long start = played.get();
            for (int i = 0; i < n; i++) {
                long t = start + i - lead;
                output.put(i, AudioPathRun.timeline(sweep, period, repeats, t));
            }
            if (start + n <= captured.length) {
                input.get(0, captured, (int) start, n);  // the input's frame k arrives in the cycle of output frame k
            }
            if (biquad) {
                playFilter.process(output, scratch, n);
                captureFilter.process(input, scratch, n);
            }
            played.set(start + n);
            return true;
        });
        client.activate();
        jack.connect(client, client.getName() + ":out", client.getName() + ":in");
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        if (load != null) {
            load.start();
        }
        awaitPlayed(played, lead, rate);
        java.util.Map<String, long[]> gcBefore = AudioPathRun.gcCounts();
        if (load != null) {
            load.resetCount();
        }
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        windowOpen.set(1);
        awaitPlayed(played, lead + (long) repeats * period, rate);
        windowOpen.set(0);
        long wall1 = System.nanoTime();
        long cpu1 = os.getProcessCpuTime();
        long[] gc = AudioPathRun.gcSince(gcBefore);
        double allocatedMb = load != null ? load.stop() / 1e6 : 0;
        awaitPlayed(played, Math.min(captured.length, total), rate);
        client.close();

        List<Integer> latencies = new ArrayList<>();
        for (int k = 0; k < repeats; k++) {
            int at = lead + k * period;
            int found = SweepSignal.bestLag(captured, captured.length, sweep, at, at + period / 2);
            if (found >= 0) {
                latencies.add(found - at);
            }
        }
        List<Integer> sorted = latencies.stream().sorted().toList();
        double wall = (wall1 - wall0) / 1e9;
        System.out.printf(Locale.ROOT, "ROW jnajack%s%s frames=%d seconds=%.1f sweeps=%d/%d rt_median=%d rt_min=%d rt_max=%d"
                        + " rt_median_ms=%.3f xruns=%d cpu_ms_per_s=%.2f alloc_mb_per_s=%.0f gc_count=%d gc_ms=%d%n",
                biquad ? "-biquad" : "", load != null ? "+alloc" : "", frames, wall,
                sorted.size(), repeats, sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2),
                sorted.isEmpty() ? -1 : sorted.get(0), sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1),
                sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2) * 1000 / rate, xruns.get(),
                (cpu1 - cpu0) / 1e6 / wall, allocatedMb / wall, gc[0], gc[1]);
        if (sorted.size() != repeats) {
            System.exit(1);
        }
    }

    private static void awaitPlayed(AtomicLong played, long frames, double rate) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L + (long) (frames / rate * 1e9);
        while (played.get() < frames) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("JACK played " + played.get() + " of " + frames + " frames");
            }
            // Asleep until the frames should be there (a poll would cost the row a wake per poll, which no
            // application waiting for its audio pays).
            Thread.sleep(Math.max(1, Math.min(500, (long) ((frames - played.get()) / rate * 1000))));
        }
    }
}
