package dev.admbridge.event;

import dev.admbridge.AdmEvent;
import dev.admbridge.AdmEventListener;
import dev.admbridge.DeviceChange;
import dev.admbridge.internal.Durations;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One module's dispatcher: a named daemon thread, started with the first listener, that drains the
 * module's event ring in batches (one JNI crossing per batch into a direct buffer that dispatchers hand on to
 * the next: {@link BatchBufferPool}), coalesces repeated warnings and calls the listeners in registration
 * order. It sleeps in the native hub when there is nothing to do; a publishing producer wakes it
 * (docs/design.md).
 *
 * <p>{@link #close()} delivers what was published before it, then stops the thread and waits for it to end
 * (unless called from a listener, on the dispatcher thread itself: then the thread ends after that callback).
 */
public final class EventDispatcher implements AutoCloseable {
    /** Records per drain: one JNI crossing moves up to this many. */
    public static final int BATCH_RECORDS = 256;
    /**
     * A drain round that found fewer events than this (and some), in a stream of events (the wait before it found
     * them there already), lets a batch gather before the next one; a lone event never waits.
     */
    private static final int SMALL_BATCH = 64;
    /** How long a batch may gather: at 5-16 M events/s, 100-300 events; at most that much later per event. */
    private static final long GATHER_NANOS = 20_000;
    /**
     * Longest sleep with nothing pending. Every producer wakes the dispatcher, or has its wake relayed by the
     * module's watchdog while a stream runs (audio threads make no syscall), so this is only insurance, and long:
     * an idle module wakes no thread of ours (docs/benchmarks.md, "An idle module").
     */
    static final long MAX_IDLE_NANOS = Duration.ofSeconds(60).toNanos();
    /** Longer intervals mean "never flush on time" anyway; capped so that time arithmetic cannot overflow. */
    static final long MAX_COALESCING_NANOS = Long.MAX_VALUE / 4;
    /** Repeated warnings merged per (stream, code) within this interval unless configured otherwise. */
    public static final Duration DEFAULT_COALESCING = Duration.ofSeconds(1);

    private static final Logger LOG = System.getLogger(EventDispatcher.class.getName());

    private final EventSource source;
    private final String threadName;
    private final CopyOnWriteArrayList<Registration> listeners = new CopyOnWriteArrayList<>();
    private final EventCoalescer coalescer = new EventCoalescer();
    private ByteBuffer batch;  // the dispatcher thread's, from the BatchBufferPool while it runs
    private volatile long coalescingNanos = DEFAULT_COALESCING.toNanos();
    private volatile boolean stopping;
    /**
     * Counted down as the thread's last act. {@code close()} waits on it rather than in {@code Thread.join},
     * whose {@code Object.wait} inflates a monitor on every dispatcher thread: one native ObjectMonitor per
     * module closed, kept until the JVM deflates them (the listener soak's growth, docs/benchmarks.md).
     */
    private final CountDownLatch finished = new CountDownLatch(1);
    private Thread thread;   // guarded by this; null until the first listener
    private boolean closed;  // guarded by this

    /**
     * @param source where the records come from; the dispatcher closes it when it stops
     * @param threadName the dispatcher thread's name
     */
    public EventDispatcher(EventSource source, String threadName) {
        this.source = Objects.requireNonNull(source, "source");
        this.threadName = Objects.requireNonNull(threadName, "threadName");
    }

    /**
     * Adds a listener after those already registered (once: adding it again changes nothing), and starts
     * the thread with the first one.
     *
     * @throws NullPointerException if listener is null
     * @throws IllegalStateException if the dispatcher is closed
     */
    public synchronized void addListener(AdmEventListener listener) {
        Objects.requireNonNull(listener, "listener must not be null");
        if (closed) {
            throw new IllegalStateException("the event dispatcher " + threadName + " is closed");
        }
        if (listeners.stream().noneMatch(r -> r.listener.equals(listener))) {
            listeners.add(new Registration(listener));
        }
        if (thread == null) {
            thread = new Thread(this::run, threadName);
            thread.setDaemon(true);  // never keeps the JVM alive; close() is what stops it
            thread.start();
        }
    }

    /**
     * Removes a listener; true if it was registered. No callback to it starts after this returns; one that
     * had started before (on the dispatcher thread) runs to its end. Never waits.
     *
     * @throws NullPointerException if listener is null
     */
    public boolean removeListener(AdmEventListener listener) {
        Objects.requireNonNull(listener, "listener must not be null");
        for (Registration registration : listeners) {
            if (registration.listener.equals(listener) && listeners.remove(registration)) {
                registration.remove();
                return true;
            }
        }
        return false;
    }

    /**
     * Sets the coalescing interval for warnings; {@link Duration#ZERO} delivers every warning.
     *
     * @throws NullPointerException if interval is null
     * @throws IllegalArgumentException if interval is negative
     */
    public void setCoalescing(Duration interval) {
        Objects.requireNonNull(interval, "interval must not be null");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("the coalescing interval must not be negative, was " + interval);
        }
        coalescingNanos = Durations.saturatedNanos(interval, MAX_COALESCING_NANOS);
        source.wake();  // a shorter interval may bring the next flush forward
    }

    /** The current coalescing interval. */
    public Duration coalescing() {
        return Duration.ofNanos(coalescingNanos);
    }

    /** Delivers the events already published, stops the thread and waits for it. Idempotent. */
    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = thread;
        }
        if (running == null) {
            source.close();
            return;
        }
        stopping = true;
        source.wake();
        if (running == Thread.currentThread()) {
            return;  // close() from a listener: the loop ends after this callback
        }
        boolean interrupted = false;
        while (finished.getCount() > 0 && running.isAlive()) {  // alive: a thread that died unstarted counts none
            try {
                finished.await(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                interrupted = true;  // keep waiting: the promise is that no thread is left behind
            }
        }
        while (running.isAlive()) {
            Thread.yield();  // only the thread's own exit is left: microseconds
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            batch = BatchBufferPool.take();
            boolean streaming = false;  // the last wait found events there already
            while (true) {
                // Read before draining: a close() that comes after this read finds us either still
                // looping (we drain again) or asleep (its wake ends the wait).
                boolean last = stopping;
                int drained = drainAll();
                if (last) {
                    coalescer.flushAll(this::deliver);
                    return;
                }
                long now = System.nanoTime();
                long interval = coalescingNanos;
                coalescer.flushDue(now, interval, this::deliver);
                if (streaming && drained > 0 && drained < SMALL_BATCH) {
                    letABatchGather();
                }
                long waited = System.nanoTime();
                source.await(Math.min(coalescer.nanosUntilNextFlush(now), MAX_IDLE_NANOS));
                streaming = System.nanoTime() - waited < GATHER_NANOS;  // a sleep and a wake-up take longer
            }
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, threadName + " stopped: events of this module are no longer delivered", e);
        } finally {
            try {
                source.close();
                if (batch != null) {
                    BatchBufferPool.give(batch);
                }
            } finally {
                finished.countDown();
            }
        }
    }

    private int drainAll() {
        int drained;
        int total = 0;
        do {
            drained = source.drain(batch, BATCH_RECORDS);
            total += drained;
            long dropped = source.takeDropped();
            if (dropped > 0) {
                deliverDropped(dropped);
            }
            long now = System.nanoTime();
            long interval = coalescingNanos;
            for (int i = 0; i < drained; i++) {
                int record = i * EventRecordLayout.SIZE;
                if (EventRecordLayout.type(batch, record) == EventRecordLayout.TYPE_DROPPED) {
                    deliverDropped(Math.max(1, EventRecordLayout.value(batch, record)));
                    continue;
                }
                if (EventRecordLayout.type(batch, record) == EventRecordLayout.TYPE_DEVICES_CHANGED) {
                    deliverDeviceChange(record);
                    continue;
                }
                AdmEvent event = decode(record);
                if (event != null) {
                    AdmEvent due = coalescer.offer(event, now, interval);
                    if (due != null) {
                        deliver(due);
                    }
                }
            }
        } while (drained == BATCH_RECORDS);
        return total;
    }

    /**
     * Events come in a stream, but the drain found only a few: waits a few microseconds, without touching the ring,
     * so that the next drain takes a batch. Each drain round costs about 1.4 µs whatever it finds (three JNI calls and
     * the loop): a dispatcher that keeps up with a stream of events drains them a few at a time and spends its time
     * on that. Measured (docs/benchmarks.md, issue 14 item 4): 7 events per drain at 4.8 M events/s, 25-40 per
     * drain at 16.5 M/s, and with this wait 80-210 per drain. A spin, not a park: a park's timer slack is 50 µs, and
     * it is a syscall.
     */
    private static void letABatchGather() {
        long until = System.nanoTime() + GATHER_NANOS;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    private AdmEvent decode(int record) {
        long messageId = EventRecordLayout.messageId(batch, record);
        String message = messageId != 0 ? source.takeMessage(messageId) : "";  // < 0: a fixed text
        try {
            int backendError = EventRecordLayout.backendError(batch, record);
            String backendText = backendError != 0 ? source.backendErrorText(backendError) : "";
            Optional<AdmEvent> event = EventRecordLayout.decode(batch, record, message, backendText);
            if (event.isEmpty()) {
                // Internal-only or undocumented codes never reach an application.
                LOG.log(Level.DEBUG, () -> "not delivered (internal-only or undocumented code): type="
                        + EventRecordLayout.type(batch, record) + " code=" + batch.getInt(record
                        + EventRecordLayout.CODE_OFFSET) + " " + message);
            }
            return event.orElse(null);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "a malformed native event was skipped: " + e.getMessage());
            return null;
        }
    }

    private void deliver(AdmEvent event) {
        for (Registration registration : listeners) {
            if (!registration.enter()) {
                continue;  // removed since this loop took its snapshot of the list
            }
            AdmEventListener listener = registration.listener;
            try {
                switch (event.kind()) {
                    case ERROR -> listener.onError(event);
                    case WARNING -> listener.onWarning(event);
                    case STATE_CHANGED -> listener.onStateChanged(event);
                    case DEVICES_CHANGED -> listener.onDevicesChanged(event);
                    case LEVELS -> listener.onLevels(event);
                }
            } catch (RuntimeException | Error e) {
                LOG.log(Level.WARNING, "listener " + listener + " threw on " + event + "; the others still get it", e);
            } finally {
                registration.leave();
            }
        }
    }

    /** A device change: to onDevicesChanged with its words, then to onDeviceChanged with the device. */
    private void deliverDeviceChange(int record) {
        long messageId = EventRecordLayout.messageId(batch, record);
        String text = messageId != 0 ? source.takeMessage(messageId) : "";
        DeviceChange change;
        AdmEvent event;
        try {
            change = DeviceChangeRecord.parse(text, batch.getInt(record + EventRecordLayout.STREAM_OFFSET),
                    EventRecordLayout.value(batch, record), batch.getLong(record + EventRecordLayout.FIRST_NANOS_OFFSET));
            event = EventRecordLayout.decode(batch, record, change.describe(), "").orElseThrow();
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "a malformed native device change was skipped: " + e.getMessage());
            return;
        }
        deliver(event);
        toListeners(change, listener -> listener.onDeviceChanged(change));
    }

    private void deliverDropped(long lost) {
        LOG.log(Level.WARNING, "{0} events of {1} were lost: the ring was full", lost, threadName);
        toListeners("onDropped(" + lost + ")", listener -> listener.onDropped(lost));
    }

    /** Calls each listener not removed meanwhile; one that throws is logged and the others still get the call. */
    private void toListeners(Object what, Consumer<AdmEventListener> call) {
        for (Registration registration : listeners) {
            if (!registration.enter()) {
                continue;
            }
            try {
                call.accept(registration.listener);
            } catch (RuntimeException | Error e) {
                LOG.log(Level.WARNING, "listener " + registration.listener + " threw on " + what + "; the others still get it", e);
            } finally {
                registration.leave();
            }
        }
    }

    /**
     * A listener and whether a callback to it may start: the dispatcher enters before each callback (idle to
     * delivering), a removal marks it removed. Two compare-and-sets per callback, no lock: a removal never
     * waits, and no callback starts after it (the remover's mark and the dispatcher's enter are ordered by
     * the one word they both change).
     */
    private static final class Registration {
        private static final int IDLE = 0;
        private static final int DELIVERING = 1;
        private static final int REMOVED = 2;
        private static final int REMOVED_WHILE_DELIVERING = 3;

        final AdmEventListener listener;
        private final AtomicInteger state = new AtomicInteger(IDLE);

        Registration(AdmEventListener listener) {
            this.listener = listener;
        }

        boolean enter() {
            return state.compareAndSet(IDLE, DELIVERING);
        }

        void leave() {
            if (!state.compareAndSet(DELIVERING, IDLE)) {
                state.set(REMOVED);  // removed during the callback
            }
        }

        void remove() {
            for (;;) {
                int now = state.get();
                if (now == REMOVED || now == REMOVED_WHILE_DELIVERING
                        || state.compareAndSet(now, now == DELIVERING ? REMOVED_WHILE_DELIVERING : REMOVED)) {
                    return;
                }
            }
        }
    }
}
