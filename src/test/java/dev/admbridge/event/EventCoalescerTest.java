package dev.admbridge.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.admbridge.AdmCode;
import dev.admbridge.AdmEvent;
import dev.admbridge.StreamKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventCoalescerTest {
    private static final long SECOND = 1_000_000_000L;

    static AdmEvent warning(StreamKind stream, AdmCode code, long nanos) {
        return new AdmEvent(AdmEvent.Kind.WARNING, code, null, stream, -1, "", 0, "", 0, 1, nanos, nanos, nanos);
    }

    @Test
    void shouldDeliverTheFirstAtOnceAndMergeRepeatsUntilTheIntervalEnds() {
        EventCoalescer coalescer = new EventCoalescer();
        AdmCode xrun = AdmCode.WARN_ADM_RUNTIME_PLAYOUT_WARNING;
        AdmEvent first = warning(StreamKind.PLAYOUT, xrun, 10);
        assertSame(first, coalescer.offer(first, 0, SECOND));
        assertEquals(Long.MAX_VALUE, coalescer.nanosUntilNextFlush(0), "nothing pending yet");
        for (int i = 1; i <= 9; i++) {
            assertNull(coalescer.offer(warning(StreamKind.PLAYOUT, xrun, 10 + i), i, SECOND));
        }
        assertEquals(SECOND - 100, coalescer.nanosUntilNextFlush(100));
        List<AdmEvent> out = new ArrayList<>();
        coalescer.flushDue(SECOND - 1, SECOND, out::add);
        assertEquals(List.of(), out);
        coalescer.flushDue(SECOND, SECOND, out::add);
        assertEquals(1, out.size());
        assertEquals(9, out.get(0).count());
        assertEquals(11, out.get(0).firstNanos());
        assertEquals(19, out.get(0).lastNanos());
        // The flush opened a new interval: a repeat right after it waits again.
        assertNull(coalescer.offer(warning(StreamKind.PLAYOUT, xrun, 30), SECOND + 1, SECOND));
        coalescer.flushAll(out::add);
        assertEquals(2, out.size());
        assertEquals(1, out.get(1).count());
    }

    @Test
    void shouldKeepStreamsAndCodesApartAndLetQuietIntervalsExpire() {
        EventCoalescer coalescer = new EventCoalescer();
        AdmCode xrun = AdmCode.WARN_ADM_RUNTIME_PLAYOUT_WARNING;
        AdmCode silence = AdmCode.WARN_ADM_RECORD_AUDIO_SILENCE;
        AdmEvent a = warning(StreamKind.PLAYOUT, xrun, 1);
        AdmEvent b = warning(StreamKind.RECORDING, xrun, 1);
        AdmEvent c = warning(StreamKind.PLAYOUT, silence, 1);
        assertSame(a, coalescer.offer(a, 0, SECOND));
        assertSame(b, coalescer.offer(b, 0, SECOND));
        assertSame(c, coalescer.offer(c, 0, SECOND));
        List<AdmEvent> out = new ArrayList<>();
        coalescer.flushDue(2 * SECOND, SECOND, out::add);
        assertEquals(List.of(), out, "quiet intervals send nothing");
        AdmEvent again = warning(StreamKind.PLAYOUT, xrun, 5);
        assertSame(again, coalescer.offer(again, 2 * SECOND, SECOND), "after a quiet interval: at once");
    }

    /** A device glitch (no text) and "the application was late" (text) share a code: neither hides the other. */
    @Test
    void shouldKeepApartWarningsOfOneCodeThatSayDifferentThings() {
        EventCoalescer coalescer = new EventCoalescer();
        AdmCode glitch = AdmCode.WARN_ADM_RUNTIME_RECORDING_WARNING;
        AdmEvent device = warning(StreamKind.RECORDING, glitch, 1);
        AdmEvent late = new AdmEvent(AdmEvent.Kind.WARNING, glitch, null, StreamKind.RECORDING, 0,
                "the application was late: 480 frames dropped", 0, "", 0, 1, 0, 0, 480);
        assertSame(device, coalescer.offer(device, 0, SECOND));
        assertSame(late, coalescer.offer(late, 1, SECOND), "the first app-late warning goes out at once");
        assertNull(coalescer.offer(warning(StreamKind.RECORDING, glitch, 2), 2, SECOND));
        List<AdmEvent> out = new ArrayList<>();
        coalescer.flushAll(out::add);
        assertEquals(1, out.size());
        assertEquals("", out.get(0).message(), "the glitches merged among themselves");
    }

    @Test
    void shouldPassErrorsStateChangesAndZeroIntervalsThrough() {
        EventCoalescer coalescer = new EventCoalescer();
        AdmEvent error = new AdmEvent(AdmEvent.Kind.ERROR, AdmCode.ERR_ADM_GENERAL_ERROR, null, StreamKind.MODULE, -1,
                "", 0, "", 0, 1, 0, 0, 0);
        for (int i = 0; i < 3; i++) {
            assertSame(error, coalescer.offer(error, i, SECOND));
        }
        AdmEvent xrun = warning(StreamKind.PLAYOUT, AdmCode.WARN_ADM_RUNTIME_PLAYOUT_WARNING, 1);
        assertSame(xrun, coalescer.offer(xrun, 0, 0));
        assertSame(xrun, coalescer.offer(xrun, 1, 0));
    }

    @Test
    void shouldRefuseNullEvents() {
        assertThrows(NullPointerException.class, () -> new EventCoalescer().offer(null, 0, SECOND));
        assertThrows(NullPointerException.class, () -> new EventCoalescer().flushAll(null));
    }
}
