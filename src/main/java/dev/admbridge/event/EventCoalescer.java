package dev.admbridge.event;

import dev.admbridge.AdmCode;
import dev.admbridge.AdmEvent;
import dev.admbridge.StreamKind;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Merges repeated warnings per (stream, code, cause): the first occurrence goes out at once and opens an
 * interval; repeats within it become one event carrying their count and first/last times, sent when the
 * interval ends (which opens the next one). So a warning that fires on every audio callback reaches
 * listeners at most once per interval. The cause tells apart warnings of one code that say different things:
 * a device glitch carries no text, "the application was late" does (1014/1016 are both), so one never hides
 * the other. Errors and the other kinds pass through untouched. Dispatcher thread only; times are
 * {@link System#nanoTime()} at arrival.
 */
public final class EventCoalescer {
    private static final int CODES = AdmCode.values().length;

    /** One slot per (stream, code, cause: with or without text), indexed without boxing: offer() runs for every warning. */
    private final Window[] windows = new Window[StreamKind.values().length * CODES * 2];

    private static final class Window {
        long endsAt;
        AdmEvent pending;  // the repeats of this interval merged, or null
    }

    /**
     * The event to deliver now, or null when it was merged into a pending one.
     *
     * @param intervalNanos the coalescing interval; 0 or less delivers everything at once
     */
    public AdmEvent offer(AdmEvent event, long now, long intervalNanos) {
        Objects.requireNonNull(event, "event");
        if (event.kind() != AdmEvent.Kind.WARNING || intervalNanos <= 0) {
            return event;
        }
        int slot = (event.stream().ordinal() * CODES + event.code().ordinal()) * 2 + (event.message().isEmpty() ? 0 : 1);
        Window window = windows[slot];
        if (window == null || now - window.endsAt >= 0 && window.pending == null) {
            if (window == null) {
                window = new Window();
                windows[slot] = window;
            }
            window.endsAt = now + intervalNanos;
            return event;
        }
        window.pending = window.pending == null ? event : merge(window.pending, event);
        return null;
    }

    /** Sends the merged events whose interval has ended, and forgets quiet intervals. */
    public void flushDue(long now, long intervalNanos, Consumer<AdmEvent> sink) {
        Objects.requireNonNull(sink, "sink");
        for (int slot = 0; slot < windows.length; slot++) {
            Window window = windows[slot];
            if (window == null || now - window.endsAt < 0) {
                continue;
            }
            if (window.pending == null) {
                windows[slot] = null;
            } else {
                AdmEvent merged = window.pending;
                window.pending = null;
                window.endsAt = now + Math.max(intervalNanos, 0);
                sink.accept(merged);
            }
        }
    }

    /** Sends every pending merged event now (at close). */
    public void flushAll(Consumer<AdmEvent> sink) {
        Objects.requireNonNull(sink, "sink");
        for (Window window : windows) {
            if (window != null && window.pending != null) {
                AdmEvent merged = window.pending;
                window.pending = null;
                sink.accept(merged);
            }
        }
        Arrays.fill(windows, null);
    }

    /** Nanoseconds until the next merged event is due, {@link Long#MAX_VALUE} when none is pending. */
    public long nanosUntilNextFlush(long now) {
        long next = Long.MAX_VALUE;
        for (Window window : windows) {
            if (window != null && window.pending != null) {
                next = Math.min(next, Math.max(0, window.endsAt - now));
            }
        }
        return next;
    }

    private static AdmEvent merge(AdmEvent pending, AdmEvent repeat) {
        long count = (long) pending.count() + repeat.count();
        // The latest repeat's details, the whole span of times.
        return repeat.coalesced((int) Math.min(count, Integer.MAX_VALUE),
                Math.min(pending.firstNanos(), repeat.firstNanos()),
                Math.max(pending.lastNanos(), repeat.lastNanos()));
    }
}
