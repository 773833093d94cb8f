package dev.admbridge.bench;

import dev.admbridge.AdmEvent;
import dev.admbridge.AdmEventListener;
import dev.admbridge.AudioDeviceModule;
import dev.admbridge.AudioStream;
import dev.admbridge.StreamConfig;
import dev.admbridge.event.NativeEventSource;
import dev.admbridge.jni.NativeEvents;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.management.ObjectName;
import org.bytedeco.javacpp.Loader;

/**
 * Native memory over open/close cycles (issue 15), a soak rather than a timed test: N cycles of one scenario,
 * and every K cycles the process's RSS, glibc's heap (in use, held from the system, arenas; from
 * {@link NativeHeap}), the Java heap used after a full GC, non-heap and direct buffers, NMT's committed total
 * when the JVM runs with -XX:NativeMemoryTracking, threads and file descriptors. At the end, the growth per
 * cycle from the warm-up cycle to the last. Results: docs/benchmarks.md; run by scripts/bench-soak.
 *
 * <pre>java ... dev.admbridge.bench.SoakRun SCENARIO [CYCLES [EVERY [WARMUP]]]</pre>
 *
 * SCENARIO: {@code module} (open and close), {@code listener} (open, add a listener, close), {@code streams}
 * (open; playout and recording on JACK's "system" initialized, started, 50 ms written, a buffer read, stopped and
 * closed; close), {@code streams+listener} (both), {@code stream-cycles} (one module for the whole run, the
 * streams' cycle inside it); and the diagnostics of {@link Scenario}, which take a listener's
 * cycle apart. CYCLES defaults to 10,000, EVERY to a twentieth of it, WARMUP to min(1000, CYCLES / 10).
 *
 * <p>RSS is read before the sample's full GC (what the application has), the rest after it (so the Java heap is
 * "used after GC"). -Dsoak.gc=false leaves the GC out (as an application runs); -Dsoak.trim=true calls
 * malloc_trim(0) before the heap figures (what the allocator would give back); -Dsoak.smaps=DIR copies
 * /proc/self/smaps and malloc_info's XML there at warm-up and at the end (which mappings grew, what the allocator
 * holds free); -Dsoak.hold=true holds one more module open for the whole run, so that PortAudio stays
 * initialized across the cycles (the mitigation "Pa_Initialize once per process"). With -XX:NativeMemoryTracking=summary, NMT's committed total is sampled too and its diff from the
 * warm-up printed at the end (the JVM's own share).
 */
public final class SoakRun {
    private static final Pattern NMT_TOTAL = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");
    private static final AdmEventListener NO_OP = new AdmEventListener() {
        @Override
        public void onError(AdmEvent event) {
            EVENTS.incrementAndGet();
        }

        @Override
        public void onWarning(AdmEvent event) {
            EVENTS.incrementAndGet();
        }

        @Override
        public void onStateChanged(AdmEvent event) {
            EVENTS.incrementAndGet();
        }
    };
    private static final AtomicLong EVENTS = new AtomicLong();

    private SoakRun() {}

    /** One row of figures. */
    record Sample(long cycle, long rssKb, long heapUsed, long heapHeld, long arenas, long javaHeap,
            long javaHeapCommitted, long nonHeap, long direct, long nmtCommittedKb, long threads, long fds) {}

    /** What one cycle does. The last ones are diagnostics: the parts of a listener's cycle, one at a time. */
    enum Scenario {
        MODULE("module"),
        LISTENER("listener"),
        STREAMS("streams"),
        STREAMS_LISTENER("streams+listener"),
        /** One module open for the whole run; the streams' cycle inside it (what a long-lived module sees). */
        STREAM_CYCLES("stream-cycles"),
        /** JavaCPP's Loader.load(NativeEvents.class) while the module is open (what attaching a listener did). */
        LOADER("loader"),
        /** The same call with no module at all. */
        LOADER_ONLY("loader-only"),
        /** NativeEventSource.attach while the module is open, closed after the module (no thread, no batch buffer). */
        ATTACH("attach"),
        /** The native attach and detach alone: the module's event hub outlives the module, as with a listener. */
        HUB_LATE("hub-late"),
        /** A Java thread started and joined while the module is open. */
        THREAD("thread"),
        /** A Java thread started while the module is open and joined after it closed (the dispatcher's lifetime). */
        THREAD_ACROSS("thread-across"),
        /** The three direct buffers of a dispatcher allocated while the module is open (freed by a later GC). */
        DIRECT_INSIDE("direct-inside");

        final String label;

        Scenario(String label) {
            this.label = label;
        }

        static Scenario of(String label) {
            for (Scenario s : values()) {
                if (s.label.equals(label)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown scenario " + label + "; one of "
                    + java.util.Arrays.stream(values()).map(s -> s.label).toList());
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: SoakRun SCENARIO [CYCLES [EVERY [WARMUP]]]; SCENARIO one of "
                    + java.util.Arrays.stream(Scenario.values()).map(s -> s.label).toList());
            System.exit(2);
        }
        Scenario scenario = Scenario.of(args[0]);
        long cycles = args.length > 1 ? Long.parseLong(args[1]) : 10_000;
        long every = args.length > 2 ? Long.parseLong(args[2]) : Math.max(1, cycles / 20);
        long warmup = args.length > 3 ? Long.parseLong(args[3]) : Math.min(1000, cycles / 10);
        boolean trim = Boolean.getBoolean("soak.trim");
        boolean gc = Boolean.parseBoolean(System.getProperty("soak.gc", "true"));
        String smaps = System.getProperty("soak.smaps");  // a folder: /proc/self/smaps at warm-up and at the end
        // A module held open for the whole run: PortAudio stays initialized, so the cycles neither initialize nor
        // terminate it (the mitigation "Pa_Initialize once per process", measured without changing the library).
        AudioDeviceModule held = Boolean.getBoolean("soak.hold") ? AudioDeviceModule.open() : null;
        AudioDeviceModule longLived = scenario == Scenario.STREAM_CYCLES ? AudioDeviceModule.open() : null;
        boolean nmt = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.startsWith("-XX:NativeMemoryTracking=") && !a.endsWith("=off"));
        StreamConfig config = StreamConfig.builder().device("system").sampleRate(48000).framesPerBuffer(256)
                .channels(1).build();
        float[] block = new float[2400];  // 50 ms
        for (int i = 0; i < block.length; i++) {
            block[i] = (i % 96) < 48 ? 0.1f : -0.1f;
        }
        float[] in = new float[2400];

        String label = scenario.label;
        System.out.printf(Locale.ROOT, "== SoakRun %s cycles=%d every=%d warmup=%d gc=%s trim=%s hold=%s nmt=%s native_heap=%s"
                        + " jvm=%s%n",
                label, cycles, every, warmup, gc, trim, held != null, nmt, NativeHeap.available(),
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        Sample first = sample(0, gc, trim, nmt);
        print(label, first, 0);
        Sample atWarmup = first;
        Sample last = first;
        long since = System.nanoTime();
        long sinceCycle = 0;
        long begin = System.nanoTime();
        Exception failure = null;
        for (long cycle = 1; cycle <= cycles && failure == null; cycle++) {
            try {
                if (longLived != null) {
                    streamsCycle(longLived, config, block, in);
                } else {
                    cycle(scenario, cycle, config, block, in);
                }
            } catch (Exception e) {  // a soak reports what it measured up to the failure
                failure = e;
                System.out.printf(Locale.ROOT, "FAILED %s at cycle %d: %s%n", label, cycle, e);
                break;
            }
            if (cycle % every == 0 || cycle == warmup || cycle == cycles) {
                double ms = (System.nanoTime() - since) / 1e6 / (cycle - sinceCycle);
                last = sample(cycle, gc, trim, nmt);
                print(label, last, ms);
                if (smaps != null && (cycle == warmup || cycle == cycles)) {
                    Files.copy(Path.of("/proc/self/smaps"), Path.of(smaps, "smaps-" + label + "-" + cycle + ".txt"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    Files.writeString(Path.of(smaps, "malloc-info-" + label + "-" + cycle + ".xml"), NativeHeap.mallocInfo());
                }
                if (cycle == warmup) {
                    atWarmup = last;
                    if (nmt) {
                        nmt("baseline");
                    }
                }
                since = System.nanoTime();
                sinceCycle = cycle;
            }
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        double span = last.cycle() - atWarmup.cycle();
        if (span > 0) {
            System.out.printf(Locale.ROOT, "GROWTH java %s cycles=%d..%d rss_bytes_per_cycle=%.0f"
                            + " native_heap_used_bytes_per_cycle=%.0f native_heap_held_bytes_per_cycle=%.0f"
                            + " java_heap_bytes_per_cycle=%.0f java_heap_committed_bytes_per_cycle=%.0f"
                            + " nonheap_bytes_per_cycle=%.0f direct_bytes_per_cycle=%.0f"
                            + " nmt_committed_bytes_per_cycle=%s threads=%+d fds=%+d arenas=%+d events=%d"
                            + " seconds=%.0f ms_per_cycle=%.1f%n",
                    label, atWarmup.cycle(), last.cycle(), (last.rssKb() - atWarmup.rssKb()) * 1024 / span,
                    (last.heapUsed() - atWarmup.heapUsed()) / span, (last.heapHeld() - atWarmup.heapHeld()) / span,
                    (last.javaHeap() - atWarmup.javaHeap()) / span,
                    (last.javaHeapCommitted() - atWarmup.javaHeapCommitted()) / span,
                    (last.nonHeap() - atWarmup.nonHeap()) / span,
                    (last.direct() - atWarmup.direct()) / span,
                    nmt ? String.format(Locale.ROOT, "%.0f", (last.nmtCommittedKb() - atWarmup.nmtCommittedKb()) * 1024 / span) : "n/a",
                    last.threads() - atWarmup.threads(), last.fds() - atWarmup.fds(), last.arenas() - atWarmup.arenas(),
                    EVENTS.get(), seconds, seconds * 1000 / last.cycle());
        }
        if (nmt && span > 0) {
            System.out.println("== NMT summary.diff from cycle " + atWarmup.cycle() + " to " + last.cycle());
            System.out.println(nmt("summary.diff"));
        }
        if (longLived != null) {
            longLived.close();
        }
        if (failure != null) {
            System.exit(1);
        }
        if (held != null) {
            held.close();
        }
    }

    private static void cycle(Scenario scenario, long cycle, StreamConfig config, float[] block, float[] in)
            throws Exception {
        if (scenario == Scenario.LOADER_ONLY) {
            Loader.load(NativeEvents.class);
            return;
        }
        CountDownLatch closed = new CountDownLatch(1);
        Thread across = null;
        AutoCloseable afterClose = null;
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            switch (scenario) {
                case LISTENER, STREAMS_LISTENER -> adm.addListener(NO_OP);
                case LOADER -> Loader.load(NativeEvents.class);
                case ATTACH -> afterClose = NativeEventSource.attach(handleOf(adm));
                case HUB_LATE -> {
                    long[] hub = new long[1];
                    if (NativeEvents.eventsAttach(handleOf(adm), hub) != 0) {
                        throw new IllegalStateException("eventsAttach failed");
                    }
                    afterClose = () -> NativeEvents.eventsDetach(hub[0]);
                }
                case THREAD -> {
                    Thread t = new Thread(() -> { }, "soak-" + cycle);
                    t.start();
                    t.join();
                }
                case THREAD_ACROSS -> {
                    across = new Thread(() -> {
                        try {
                            closed.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }, "soak-across-" + cycle);
                    across.start();
                }
                case DIRECT_INSIDE -> {
                    ByteBuffer.allocateDirect(257 * 64);  // EventDispatcher's batch and NativeEventSource's two
                    ByteBuffer.allocateDirect(4);
                    ByteBuffer.allocateDirect(8);
                }
                default -> { }
            }
            if (scenario == Scenario.STREAMS || scenario == Scenario.STREAMS_LISTENER) {
                streamsCycle(adm, config, block, in);
            }
        } finally {
            closed.countDown();
            if (afterClose != null) {
                afterClose.close();
            }
            if (across != null) {
                across.join();
            }
        }
    }

    /** The module's native handle (diagnostics only: the public API has no use for it). */
    private static long handleOf(AudioDeviceModule adm) throws ReflectiveOperationException {
        java.lang.reflect.Field handle = AudioDeviceModule.class.getDeclaredField("handle");
        handle.setAccessible(true);
        return handle.getLong(adm);
    }

    /** Playout and recording on JACK's "system": init, start, write 50 ms, read a buffer, stop, close. */
    private static void streamsCycle(AudioDeviceModule adm, StreamConfig config, float[] block, float[] in) {
        try (AudioStream playout = adm.initPlayout(config); AudioStream recording = adm.initRecording(config)) {
            recording.start();
            playout.start();
            if (playout.write(block, 0, block.length, Duration.ofMillis(200)) != block.length) {
                throw new IllegalStateException("the playout took no audio for 200 ms");
            }
            if (recording.read(in, 0, 256, Duration.ofMillis(200)) != 256) {
                throw new IllegalStateException("the recording delivered no buffer in 200 ms");
            }
            playout.stop();
            recording.stop();
        }
    }

    /** RSS as the application has it (before this sample's GC); the rest after the GC (when asked) and the trim. */
    private static Sample sample(long cycle, boolean gc, boolean trim, boolean nmt) throws Exception {
        long rssKb = statusKb("VmRSS");
        if (gc) {
            System.gc();
        }
        if (trim) {
            NativeHeap.trimNow();
        }
        long[] heap = NativeHeap.snapshot();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
        long nmtKb = -1;
        if (nmt) {
            Matcher m = NMT_TOTAL.matcher(nmt("summary"));
            nmtKb = m.find() ? Long.parseLong(m.group(2)) : -1;
        }
        return new Sample(cycle, rssKb, heap[0], heap[1], heap[2], memory.getHeapMemoryUsage().getUsed(),
                memory.getHeapMemoryUsage().getCommitted(), memory.getNonHeapMemoryUsage().getUsed(), direct, nmtKb, count("/proc/self/task"), count("/proc/self/fd"));
    }

    private static void print(String scenario, Sample s, double msPerCycle) {
        System.out.printf(Locale.ROOT, "SOAK java %s cycle=%d rss_kb=%d native_heap_used_kb=%d native_heap_held_kb=%d"
                        + " arenas=%d java_heap_kb=%d java_heap_committed_kb=%d nonheap_kb=%d direct_kb=%d"
                        + " nmt_committed_kb=%d threads=%d fds=%d"
                        + " ms_per_cycle=%.1f%n",
                scenario, s.cycle(), s.rssKb(), s.heapUsed() / 1024, s.heapHeld() / 1024, s.arenas(), s.javaHeap() / 1024,
                s.javaHeapCommitted() / 1024, s.nonHeap() / 1024, s.direct() / 1024, s.nmtCommittedKb(), s.threads(), s.fds(), msPerCycle);
    }

    /** A jcmd VM.native_memory command run in process (the DiagnosticCommand MBean). */
    private static String nmt(String command) throws Exception {
        return (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                new Object[] {new String[] {command}}, new String[] {String[].class.getName()});
    }

    private static long statusKb(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    private static long count(String dir) throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(dir))) {
            return entries.count();
        }
    }
}
