package dev.admbridge.bench;

import dev.admbridge.loopback.FrameAlignment;
import dev.admbridge.loopback.SweepSignal;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.admbridge.AdmCode;
import dev.admbridge.AdmEvent;
import dev.admbridge.AdmEventListener;
import dev.admbridge.AudioDeviceModule;
import dev.admbridge.AudioStream;
import dev.admbridge.PcmConsumer;
import dev.admbridge.StreamConfig;
import dev.admbridge.StreamKind;
import dev.admbridge.StreamStats;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The admbridge row of "The audio path" (docs/benchmarks.md): the PCM path in Java on the public API, as an
 * application's would be. A playout written from Java in 10 ms blocks and a loopback stream captured by a
 * {@link dev.admbridge.PcmConsumer} run continuously; after a 1 s lead-in, a 50 ms log sweep plays every
 * 0.5 s for the measured time. Round trip per sweep by cross-correlation, on one frame timeline (the playout
 * and loopback streams are of one JACK client, so their frame counters differ by a constant, read while no
 * callback runs, as {@code adm loopback} does). Xruns are the 1014 / 1016 warnings that do not say the
 * application was late (coalescing off, so one event per callback with the flags); app-late ones are counted
 * apart. Optionally a thread allocates short-lived garbage at a steady rate; the GC's collections and pauses
 * in the window are reported.
 *
 * <pre>java [-Dadm.bench.path=ring|callback|biquad] ... dev.admbridge.bench.AudioPathRun FRAMES_PER_BUFFER SECONDS
 *     [ALLOC_MB_PER_S [CONSUMER_BLOCK_FRAMES]]</pre>
 *
 * The consumer gets the library's default blocks (10 ms) unless CONSUMER_BLOCK_FRAMES is given. With
 * {@code adm.bench.path=callback} the same timeline is played and captured by two {@link RealtimeCallback}s on the
 * audio thread instead (issue 14): no ring, no Java thread of the application's; {@code biquad} adds a biquad
 * low-pass run over every block of both callbacks (into a scratch buffer, so that the sweep stays measurable).
 */
public final class AudioPathRun {
    private static final double RATE = 48000;
    private static final double LEAD_SECONDS = 1.0;
    private static final double PERIOD_SECONDS = 0.5;
    private static final double SWEEP_SECONDS = 0.05;
    private static final double TAIL_SECONDS = 0.6;
    private static final double LEVEL = Math.pow(10, -6 / 20.0);

    private AudioPathRun() {}

    public static void main(String[] args) throws Exception {
        int fpb = Integer.parseInt(args[0]);
        double seconds = Double.parseDouble(args[1]);
        double allocMbPerSecond = args.length > 2 ? Double.parseDouble(args[2]) : 0;
        int consumerBlock = args.length > 3 ? Integer.parseInt(args[3]) : 0;  // 0: the library's default
        String path = System.getProperty("adm.bench.path", "ring");
        if (!List.of("ring", "callback", "biquad").contains(path)) {
            throw new IllegalArgumentException("adm.bench.path is ring, callback or biquad, was " + path);
        }
        int lead = (int) (LEAD_SECONDS * RATE);
        int period = (int) (PERIOD_SECONDS * RATE);
        int repeats = (int) (seconds / PERIOD_SECONDS);
        int total = lead + repeats * period + (int) (TAIL_SECONDS * RATE);
        float[] sweep = sweep((int) (SWEEP_SECONDS * RATE));

        AtomicLong windowStart = new AtomicLong(Long.MAX_VALUE);
        AtomicLong windowEnd = new AtomicLong(Long.MAX_VALUE);
        AtomicInteger playXruns = new AtomicInteger();
        AtomicInteger captureXruns = new AtomicInteger();
        AtomicInteger playGaps = new AtomicInteger();     // 1014/1016 from a jump in the time info, not the flags
        AtomicInteger captureGaps = new AtomicInteger();
        AtomicInteger appLate = new AtomicInteger();
        List<String> otherEvents = new ArrayList<>();
        AdmEventListener listener = new AdmEventListener() {
            @Override
            public void onWarning(AdmEvent e) {
                boolean inWindow = e.lastNanos() >= windowStart.get() && e.firstNanos() <= windowEnd.get();
                boolean glitch = e.code() == AdmCode.WARN_ADM_RUNTIME_PLAYOUT_WARNING
                        || e.code() == AdmCode.WARN_ADM_RUNTIME_RECORDING_WARNING;
                if (!inWindow) {
                    return;
                }
                if (glitch && e.message().contains("the application was late")) {
                    appLate.addAndGet(e.count());
                } else if (glitch) {
                    // PortAudio's callback flags carry the flag bits as value (what the C floor counts); the
                    // time-info gap detector carries the missed nanoseconds.
                    boolean flags = e.value() < 16;
                    boolean play = e.stream() == StreamKind.PLAYOUT;
                    (flags ? (play ? playXruns : captureXruns) : (play ? playGaps : captureGaps)).addAndGet(e.count());
                } else {
                    synchronized (otherEvents) {
                        otherEvents.add(e.code() + " " + e.message());
                    }
                }
            }

            @Override
            public void onError(AdmEvent e) {
                synchronized (otherEvents) {
                    otherEvents.add(e.code() + " " + e.message());
                }
            }
        };

        List<Long> gcPausesMicros = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
                if (n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    GarbageCollectionNotificationInfo info =
                            GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                    long end = windowEnd.get();
                    if (windowStart.get() != Long.MAX_VALUE && (end == Long.MAX_VALUE || System.nanoTime() <= end)
                            && !info.getGcAction().contains("concurrent") && !info.getGcName().contains("Concurrent")) {
                        synchronized (gcPausesMicros) {
                            gcPausesMicros.add(info.getGcInfo().getDuration() * 1000);  // ms resolution
                        }
                    }
                }
            }, null, null);
        }

        float[] captured = new float[total + period];
        AtomicInteger capturedFrames = new AtomicInteger();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        AllocationLoad load = allocMbPerSecond > 0 ? new AllocationLoad(allocMbPerSecond) : null;
        long offset;
        StreamStats playStats;
        long firstFrame;  // the playout frame where the timeline starts
        long lateCount;   // ring: frames of silence inserted; callback: late callbacks
        String gcNames;
        Window window = new Window(os, load, windowStart, windowEnd);
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            adm.setEventCoalescing(Duration.ZERO);
            adm.addListener(listener);
            StreamConfig config = StreamConfig.builder().device("system").sampleRate(RATE).framesPerBuffer(fpb).channels(1).build();
            try (AudioStream capture = adm.initLoopback(config); AudioStream playout = adm.initPlayout(config)) {
                if (!path.equals("ring")) {
                    CallbackRun run = new CallbackRun(sweep, lead, period, repeats, captured, path.equals("biquad"));
                    capture.setRealtimeCallback(run.capturer(capturedFrames));
                    playout.setRealtimeCallback(run.player());
                    capture.start();
                    playout.start();
                    if (load != null) {
                        load.start();
                    }
                    run.awaitPlayed(lead);
                    window.open();
                    run.awaitPlayed(lead + (long) repeats * period);
                    window.close();
                    offset = FrameAlignment.captureMinusPlayout(playout, capture);
                    long deadline = System.nanoTime() + 2_000_000_000L;
                    while (capturedFrames.get() < Math.min(captured.length, total + (int) (0.2 * RATE) + offset)
                            && System.nanoTime() < deadline) {
                        Thread.sleep(5);
                    }
                    playStats = playout.stats();
                    firstFrame = 0;  // the playout callback's first frame is the timeline's
                    lateCount = playStats.lateCallbacks() + capture.stats().lateCallbacks();
                    playout.stop();
                    capture.stop();
                } else {
                    PcmConsumer keep = (pcm, frames) -> {
                        int at = capturedFrames.get();
                        int n = Math.min(frames, captured.length - at);
                        pcm.asFloatBuffer().get(captured, at, n);
                        capturedFrames.addAndGet(n);
                    };
                    if (consumerBlock > 0) {
                        capture.setConsumer(keep, consumerBlock);
                    } else {
                        capture.setConsumer(keep);
                    }
                    capture.start();
                    playout.start();
                    float[] block = new float[480];  // 10 ms
                    int written = 0;
                    long leadEnd = 0;
                    if (load != null) {
                        load.start();
                    }
                    while (written < total) {
                        int n = Math.min(block.length, total - written);
                        for (int i = 0; i < n; i++) {
                            int t = written + i - lead;
                            block[i] = timeline(sweep, period, repeats, t);
                        }
                        if (playout.write(block, 0, n, Duration.ofSeconds(3)) != n) {
                            throw new IllegalStateException("the playout took no audio for 3 s");
                        }
                        written += n;
                        if (leadEnd == 0 && playout.stats().firstPcmFrame() >= 0) {
                            leadEnd = System.nanoTime() + (long) (LEAD_SECONDS * 1e9);
                        }
                        if (leadEnd != 0 && windowStart.get() == Long.MAX_VALUE && System.nanoTime() >= leadEnd) {
                            window.open();
                        }
                    }
                    // The playout ring holds half a second: wait until the last sweep has played and come back.
                    long deadline = System.nanoTime() + 3_000_000_000L;
                    float[] silence = new float[fpb];
                    while (capturedFrames.get() < captured.length - period && System.nanoTime() < deadline) {
                        StreamStats s = playout.stats();
                        if (s.firstPcmFrame() >= 0 && s.frames() - s.firstPcmFrame() >= lead + (long) repeats * period) {
                            break;
                        }
                        Thread.sleep(5);
                    }
                    window.close();
                    offset = FrameAlignment.captureMinusPlayout(playout, capture);
                    // Let the last sweep come back.
                    deadline = System.nanoTime() + 2_000_000_000L;
                    while (capturedFrames.get() < Math.min(captured.length, total + (int) (0.2 * RATE) + offset)
                            && System.nanoTime() < deadline) {
                        playout.write(silence, 0, silence.length, Duration.ofMillis(10));
                    }
                    playStats = playout.stats();
                    firstFrame = playStats.firstPcmFrame();
                    lateCount = playStats.lateFrames();
                    capture.setConsumer(null);
                }
            }
            Thread.sleep(100);  // the dispatcher delivers the last events
            adm.removeListener(listener);
        }
        gcNames = ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .reduce((a, b) -> a + "+" + b).orElse("?");

        List<Integer> latencies = new ArrayList<>();
        for (int k = 0; k < repeats; k++) {
            long played = firstFrame + lead + (long) k * period + offset;
            int found = bestLag(captured, capturedFrames.get(), sweep, (int) played, (int) played + period / 2);
            if (found >= 0) {
                latencies.add((int) (found - played));
            }
        }
        List<Integer> sorted = latencies.stream().sorted().toList();
        double wall = (window.wall1 - window.wall0) / 1e9;
        long maxPause;
        int pauses;
        synchronized (gcPausesMicros) {
            maxPause = gcPausesMicros.stream().mapToLong(Long::longValue).max().orElse(0);
            pauses = gcPausesMicros.size();
        }
        System.out.printf(Locale.ROOT, "ROW admbridge%s%s%s frames=%d seconds=%.1f sweeps=%d/%d rt_median=%d rt_min=%d"
                        + " rt_max=%d rt_median_ms=%.3f xruns_out=%d xruns_in=%d gaps_out=%d gaps_in=%d app_late=%d late=%d"
                        + " cpu_ms_per_s=%.2f alloc_mb_per_s=%.0f gc=%s gc_count=%d gc_ms=%d gc_pauses=%d"
                        + " gc_max_pause_ms=%d other_events=%d%n",
                path.equals("ring") ? "" : "-" + path, load != null ? "+alloc" : "", consumerBlock > 0 ? "+block" + consumerBlock : "", fpb, wall, sorted.size(), repeats,
                sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2), sorted.isEmpty() ? -1 : sorted.get(0),
                sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1),
                sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2) * 1000 / RATE,
                playXruns.get(), captureXruns.get(), playGaps.get(), captureGaps.get(), appLate.get(), lateCount,
                (window.cpu1 - window.cpu0) / 1e6 / wall, window.allocatedMb / wall, gcNames.replace(' ', '_'), window.gcCount,
                window.gcMillis, pauses,
                maxPause / 1000, otherEvents.size());
        synchronized (otherEvents) {
            otherEvents.forEach(e -> System.err.println("event: " + e));
        }
        if (sorted.size() != repeats) {
            System.exit(1);
        }
    }

    /**
     * The measured window, opened after the lead-in and closed once the timeline has played: CPU, wall time,
     * collections, allocation; the listeners and GC notifications count what falls between its start and end.
     */
    static final class Window {
        private final com.sun.management.OperatingSystemMXBean os;
        private final AllocationLoad load;
        private final AtomicLong start;
        private final AtomicLong end;
        private Map<String, long[]> gcBefore = Map.of();
        long cpu0;
        long wall0;
        long cpu1;
        long wall1;
        long gcCount;
        long gcMillis;
        double allocatedMb;

        Window(com.sun.management.OperatingSystemMXBean os, AllocationLoad load, AtomicLong start, AtomicLong end) {
            this.os = os;
            this.load = load;
            this.start = start;
            this.end = end;
        }

        void open() {
            gcBefore = gcCounts();
            if (load != null) {
                load.resetCount();
            }
            cpu0 = os.getProcessCpuTime();
            wall0 = System.nanoTime();
            start.set(wall0);
        }

        void close() throws InterruptedException {
            wall1 = System.nanoTime();
            cpu1 = os.getProcessCpuTime();
            end.set(wall1);
            long[] gc = gcSince(gcBefore);
            gcCount = gc[0];
            gcMillis = gc[1];
            if (load != null) {
                allocatedMb = load.stop() / 1e6;
            }
        }
    }

    /**
     * Frame `t` (counted from the end of the lead-in) of the timeline every row plays: a sweep at the start of each
     * of `repeats` periods, silence elsewhere (and before 0).
     */
    static float timeline(float[] sweep, int period, int repeats, long t) {
        return t >= 0 && t < (long) repeats * period && t % period < sweep.length ? sweep[(int) (t % period)] : 0;
    }

    /** Collections and their milliseconds so far, by collector. */
    static Map<String, long[]> gcCounts() {
        Map<String, long[]> counts = new HashMap<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            counts.put(gc.getName(), new long[] {gc.getCollectionCount(), gc.getCollectionTime()});
        }
        return counts;
    }

    /** Collections and their milliseconds since `before` (gcCounts()), over all collectors. */
    static long[] gcSince(Map<String, long[]> before) {
        long[] since = new long[2];
        gcCounts().forEach((name, now) -> {
            long[] then = before.getOrDefault(name, new long[2]);
            since[0] += now[0] - then[0];
            since[1] += now[1] - then[1];
        });
        return since;
    }

    /** The measurement sweep of dev.admbridge.loopback: 200 Hz to 0.4 x rate, 5 ms fades. */
    static float[] sweep(int frames) {
        return SweepSignal.sweep(RATE, frames, LEVEL);
    }

    static int bestLag(float[] signal, int length, float[] template, int from, int to) {
        return SweepSignal.bestLag(signal, length, template, from, to);
    }

    /** Short-lived garbage at a steady rate: 4 KiB arrays, each kept alive for a few hundred allocations. */
    static final class AllocationLoad {
        private final double bytesPerSecond;
        private final AtomicLong allocated = new AtomicLong();
        private volatile boolean running = true;
        private final Thread thread = new Thread(this::run, "allocation-load");
        static volatile Object sink;

        AllocationLoad(double mbPerSecond) {
            this.bytesPerSecond = mbPerSecond * 1e6;
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void resetCount() {
            allocated.set(0);
        }

        long stop() throws InterruptedException {
            running = false;
            thread.join();
            return allocated.get();
        }

        private void run() {
            byte[][] live = new byte[256][];
            long begin = System.nanoTime();
            long done = 0;
            int slot = 0;
            while (running) {
                double due = (System.nanoTime() - begin) / 1e9 * bytesPerSecond;
                if (done >= due) {
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                    continue;
                }
                for (int i = 0; i < 64; i++) {  // 256 KiB per burst
                    live[slot] = new byte[4096];
                    live[slot][slot] = (byte) i;
                    slot = (slot + 1) & 255;
                }
                sink = live[slot];
                done += 64 * (4096 + 16);
                allocated.addAndGet(64 * (4096 + 16));
            }
        }
    }
}
