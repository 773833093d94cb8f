package dev.admbridge.bench;

import dev.admbridge.AdmCode;
import dev.admbridge.AdmEvent;
import dev.admbridge.AdmEventListener;
import dev.admbridge.AudioDeviceModule;
import dev.admbridge.StreamKind;
import dev.admbridge.event.EventDispatcher;
import dev.admbridge.jni.NativeEvents;
import java.lang.reflect.Field;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Publish to listener, three ways side by side: "ring" is the product (native MPSC ring, futex wake,
 * dispatcher thread, batch drain); "mutexcv" is baseline (b), a std::mutex + condition variable queue
 * behind the same dispatcher; "upcall" is baseline (a), one JNI upcall per event on the producer's
 * thread. The listener does nothing but count.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class EventPathBenchmark {
    static final int BURST = 100_000;

    @Param({"ring", "mutexcv", "upcall"})
    public String path;

    private final AtomicLong received = new AtomicLong();
    private final AdmEventListener listener = new AdmEventListener() {
        @Override
        public void onError(AdmEvent event) {
            received.lazySet(received.get() + 1);  // one writer: the dispatcher (or the upcalling thread)
        }
    };
    private AudioDeviceModule adm;
    private long module;
    private final int[] published = new int[1];
    private final long[] publishedMany = new long[1];
    private MutexCvSource mutexSource;
    private EventDispatcher mutexDispatcher;

    /** Baseline (a)'s Java side: builds the event and calls the listener, as the dispatcher would. */
    public final class UpcallTarget {
        public void onEvent(long firstNanos, long value) {
            listener.onError(new AdmEvent(AdmEvent.Kind.ERROR, AdmCode.ERR_ADM_GENERAL_ERROR, null, StreamKind.MODULE,
                    -1, "", 0, "", 0, 1, firstNanos, firstNanos, value));
        }
    }

    @Setup(Level.Trial)
    public void open() throws ReflectiveOperationException {
        switch (path) {
            case "ring" -> {
                adm = AudioDeviceModule.open();
                Field handle = AudioDeviceModule.class.getDeclaredField("handle");
                handle.setAccessible(true);
                module = handle.getLong(adm);
                adm.addListener(listener);
            }
            case "mutexcv" -> {
                mutexSource = new MutexCvSource();
                mutexDispatcher = new EventDispatcher(mutexSource, "bench-mutexcv");
                mutexDispatcher.addListener(listener);
            }
            case "upcall" -> Baselines.upcallTarget(new UpcallTarget());
            default -> throw new IllegalArgumentException(path);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        if (adm != null) {
            adm.close();
        }
        if (mutexDispatcher != null) {
            mutexDispatcher.close();
            Baselines.mutexDestroy(mutexSource.queue);
        }
    }

    /** Lets the dispatcher fall asleep before each latency sample (not measured). */
    @State(Scope.Thread)
    public static class IdleDispatcher {
        @Setup(Level.Invocation)
        public void pause() {
            LockSupport.parkNanos(200_000);
        }
    }

    private void publishOne() {
        switch (path) {
            case "ring" -> NativeEvents.eventsPublish(module, 0, 1005, 0, -1, 0, 0, 1, 0, null, true, published);
            case "mutexcv" -> Baselines.mutexPublish(mutexSource.queue, 0);
            default -> Baselines.upcall(0);
        }
    }

    /** One event from publish to listener, the dispatcher idle-waiting before each. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void publishToListener(IdleDispatcher idle) {
        long target = received.get() + 1;
        publishOne();
        while (received.get() < target) {
            Thread.onSpinWait();
        }
    }

    /** Sustained: a burst published in one native loop (retried when full), all delivered. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BURST)
    public void throughput() {
        long target = received.get() + BURST;
        switch (path) {
            case "ring" -> NativeEvents.eventsPublishMany(module, BURST, true, true, publishedMany);
            case "mutexcv" -> Baselines.mutexPublishMany(mutexSource.queue, BURST);
            default -> Baselines.upcallMany(BURST);
        }
        // Not a tight spin: the waiting thread would read the counter the listener writes on every event from the
        // other core, taking its cache line from the dispatcher each time. A look every 20 µs costs at most that per
        // burst of 100,000 (which takes ~6 ms at 16 M/s).
        while (received.get() < target) {
            LockSupport.parkNanos(20_000);
        }
    }
}
