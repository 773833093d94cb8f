package dev.admbridge.junit;

import dev.admbridge.AdmCode;
import dev.admbridge.AdmEvent;
import dev.admbridge.AdmEventListener;
import dev.admbridge.StreamKind;
import dev.admbridge.StreamState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.opentest4j.AssertionFailedError;

/**
 * Every event a module reports, kept for a test to wait on and assert about. The module a test receives as a
 * parameter already reports to the test's recorder; add it to modules the test opens itself with
 * {@link dev.admbridge.AudioDeviceModule#addListener(AdmEventListener)}. The recorder's log is attached to the
 * report of a failed test.
 *
 * <pre>{@code
 * card.kill();
 * AdmEvent failure = events.awaitCode(AdmCode.ERR_ADM_RUNTIME_PLAYOUT_ERROR, Duration.ofSeconds(2));
 * events.assertNone(AdmCode.WARN_ADM_RUNTIME_PLAYOUT_WARNING);
 * }</pre>
 *
 * <p>Thread-safe: listeners run on the module's dispatcher thread, the test on its own.
 */
public final class EventRecorder implements AdmEventListener {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final List<AdmEvent> events = new ArrayList<>();  // guarded by lock
    private final List<Long> arrivalNanos = new ArrayList<>();  // guarded by lock, one per event
    private long dropped;  // guarded by lock

    /** A recorder that has heard nothing yet. */
    public EventRecorder() {}

    @Override
    public void onError(AdmEvent event) {
        add(event);
    }

    @Override
    public void onWarning(AdmEvent event) {
        add(event);
    }

    @Override
    public void onStateChanged(AdmEvent event) {
        add(event);
    }

    @Override
    public void onDevicesChanged(AdmEvent event) {
        add(event);
    }

    @Override
    public void onLevels(AdmEvent event) {
        add(event);
    }

    @Override
    public void onDropped(long lostEvents) {
        lock.lock();
        try {
            dropped += lostEvents;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for an error or warning with this code (one heard before the call counts too).
     *
     * @return the first such event
     * @throws AssertionFailedError if none came within {@code timeout}; the message lists what came instead
     * @throws NullPointerException if {@code code} or {@code timeout} is null
     * @throws IllegalArgumentException if {@code code} is {@link AdmCode#ERR_OK} or {@code timeout} is negative
     */
    public AdmEvent awaitCode(AdmCode code, Duration timeout) {
        Objects.requireNonNull(code, "code");
        if (code.isOk()) {
            throw new IllegalArgumentException("ERR_OK is no event's code; await a state with awaitState");
        }
        return await(e -> e.code() == code && (e.kind() == AdmEvent.Kind.ERROR || e.kind() == AdmEvent.Kind.WARNING),
                code.toString(), timeout);
    }

    /**
     * Waits until the stream of this kind reports that it entered {@code state} (a report before the call
     * counts too).
     *
     * @throws AssertionFailedError if it did not within {@code timeout}
     */
    public AdmEvent awaitState(StreamKind stream, StreamState state, Duration timeout) {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(state, "state");
        return await(e -> e.kind() == AdmEvent.Kind.STATE_CHANGED && e.stream() == stream && e.state() == state,
                stream + " entering " + state, timeout);
    }

    /**
     * Waits for the first event that {@code matches} (one heard before the call counts too).
     *
     * @param what the event in words, for the failure message
     * @throws AssertionFailedError if none came within {@code timeout}
     */
    public AdmEvent await(Predicate<AdmEvent> matches, String what, Duration timeout) {
        Objects.requireNonNull(matches, "matches");
        Objects.requireNonNull(what, "what");
        long nanos = requireTimeout(timeout);
        long deadline = System.nanoTime() + nanos;
        lock.lock();
        try {
            int seen = 0;
            while (true) {
                for (; seen < events.size(); seen++) {
                    if (matches.test(events.get(seen))) {
                        return events.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionFailedError("no " + what + " within " + timeout.toMillis() + " ms; heard "
                            + describe());
                }
                arrived.await(left, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionFailedError("interrupted while waiting for " + what, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Asserts that no error or warning with any of these codes was heard so far.
     *
     * @throws AssertionFailedError naming each one heard
     */
    public void assertNone(AdmCode... codes) {
        Set<AdmCode> unwanted = Set.copyOf(Arrays.asList(Objects.requireNonNull(codes, "codes")));
        List<AdmEvent> heard = events().stream()
                .filter(e -> (e.kind() == AdmEvent.Kind.ERROR || e.kind() == AdmEvent.Kind.WARNING)
                        && unwanted.contains(e.code()))
                .toList();
        if (!heard.isEmpty()) {
            throw new AssertionFailedError("expected none of " + unwanted + ", heard " + heard.size() + ":\n"
                    + heard.stream().map(EventRecorder::line).collect(Collectors.joining("\n")));
        }
    }

    /** The events heard so far, oldest first. */
    public List<AdmEvent> events() {
        lock.lock();
        try {
            return List.copyOf(events);
        } finally {
            lock.unlock();
        }
    }

    /** The events heard since {@code sinceNanos} ({@link System#nanoTime()}), oldest first. */
    public List<AdmEvent> eventsSince(long sinceNanos) {
        lock.lock();
        try {
            List<AdmEvent> since = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                if (arrivalNanos.get(i) - sinceNanos >= 0) {
                    since.add(events.get(i));
                }
            }
            return since;
        } finally {
            lock.unlock();
        }
    }

    /** The first error or warning with this code heard so far. */
    public Optional<AdmEvent> find(AdmCode code) {
        Objects.requireNonNull(code, "code");
        return events().stream().filter(e -> e.code() == code && !code.isOk()).findFirst();
    }

    /** Events the module could not deliver because its ring was full (see {@link #onDropped(long)}). */
    public long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /** Forgets what was heard. */
    public void clear() {
        lock.lock();
        try {
            events.clear();
            arrivalNanos.clear();
            dropped = 0;
        } finally {
            lock.unlock();
        }
    }

    /** One line per event, oldest first: what is attached to a failed test's report. */
    public String log() {
        StringBuilder out = new StringBuilder();
        if (events().isEmpty()) {
            out.append("(no events)\n");
        }
        for (AdmEvent event : events()) {
            out.append(line(event)).append('\n');
        }
        long lost = dropped();
        if (lost > 0) {
            out.append("(").append(lost).append(" event(s) dropped: the ring was full)\n");
        }
        return out.toString();
    }

    private void add(AdmEvent event) {
        lock.lock();
        try {
            events.add(event);
            arrivalNanos.add(System.nanoTime());
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private String describe() {
        List<AdmEvent> all = events();
        if (all.isEmpty()) {
            return "nothing";
        }
        return all.size() + " event(s):\n" + all.stream().map(EventRecorder::line).collect(Collectors.joining("\n"));
    }

    static String line(AdmEvent e) {
        String what = switch (e.kind()) {
            case ERROR, WARNING -> e.code() + (e.count() > 1 ? " x" + e.count() : "");
            case STATE_CHANGED -> "state " + e.state();
            case DEVICES_CHANGED -> "devices changed";
            case LEVELS -> String.format(java.util.Locale.ROOT, "levels peak %.1f dBFS, rms %.1f dBFS", e.peakDbfs(),
                    e.rmsDbfs());
        };
        return e.firstNanos() + " " + e.kind() + " " + e.stream() + ": " + what
                + (e.message().isEmpty() ? "" : " - " + e.message());
    }

    static long requireTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;  // longer than any test runs
        }
    }
}
