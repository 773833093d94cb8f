package dev.admbridge.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.admbridge.AdmCode;
import dev.admbridge.AdmEvent;
import dev.admbridge.StreamKind;
import dev.admbridge.StreamState;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class EventRecorderTest {

    static AdmEvent error(AdmCode code, StreamKind stream) {
        return new AdmEvent(AdmEvent.Kind.ERROR, code, null, stream, 0, "it broke", 0, "", 0, 1, 10, 10, 0);
    }

    static AdmEvent warning(AdmCode code, StreamKind stream, long nanos) {
        return new AdmEvent(AdmEvent.Kind.WARNING, code, null, stream, 0, "", 0, "", 0, 3, nanos, nanos, 0);
    }

    static AdmEvent state(StreamKind stream, StreamState state) {
        return new AdmEvent(AdmEvent.Kind.STATE_CHANGED, AdmCode.ERR_OK, state, stream, 0, "", 0, "", 0, 1, 5, 5, 0);
    }

    @Test
    void shouldFindAnEventHeardBeforeOrWhileWaiting() throws Exception {
        EventRecorder recorder = new EventRecorder();
        AdmEvent early = error(AdmCode.ERR_ADM_RUNTIME_PLAYOUT_ERROR, StreamKind.PLAYOUT);
        recorder.onError(early);
        assertSame(early, recorder.awaitCode(AdmCode.ERR_ADM_RUNTIME_PLAYOUT_ERROR, Duration.ZERO));

        AdmEvent late = warning(AdmCode.WARN_ADM_RUNTIME_RECORDING_WARNING, StreamKind.RECORDING, 20);
        CompletableFuture<AdmEvent> waiting = CompletableFuture.supplyAsync(
                () -> recorder.awaitCode(AdmCode.WARN_ADM_RUNTIME_RECORDING_WARNING, Duration.ofSeconds(10)));
        Thread.sleep(50);
        recorder.onWarning(late);
        assertSame(late, waiting.get(5, TimeUnit.SECONDS));

        recorder.onStateChanged(state(StreamKind.PLAYOUT, StreamState.FAILED));
        assertEquals(StreamState.FAILED,
                recorder.awaitState(StreamKind.PLAYOUT, StreamState.FAILED, Duration.ZERO).state());
        assertEquals(3, recorder.events().size());
    }

    @Test
    void shouldSayWhatItHeardWhenTheCodeNeverCame() {
        EventRecorder recorder = new EventRecorder();
        recorder.onWarning(warning(AdmCode.WARN_ADM_RUNTIME_PLAYOUT_WARNING, StreamKind.PLAYOUT, 7));
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> recorder.awaitCode(AdmCode.ERR_ADM_RUNTIME_PLAYOUT_ERROR, Duration.ofMillis(50)));
        assertTrue(e.getMessage().contains("no ERR_ADM_RUNTIME_PLAYOUT_ERROR (1015) within 50 ms"), e.getMessage());
        assertTrue(e.getMessage().contains("WARN_ADM_RUNTIME_PLAYOUT_WARNING (1014) x3"), e.getMessage());
    }

    @Test
    void shouldNameEveryUnwantedCode() {
        EventRecorder recorder = new EventRecorder();
        recorder.assertNone(AdmCode.WARN_ADM_RUNTIME_PLAYOUT_WARNING);
        recorder.onWarning(warning(AdmCode.WARN_ADM_RUNTIME_PLAYOUT_WARNING, StreamKind.PLAYOUT, 7));
        recorder.onError(error(AdmCode.ERR_ADM_RUNTIME_RECORDING_ERROR, StreamKind.RECORDING));
        recorder.assertNone(AdmCode.WARN_ADM_HOWLING);
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> recorder.assertNone(
                AdmCode.WARN_ADM_RUNTIME_PLAYOUT_WARNING, AdmCode.ERR_ADM_RUNTIME_RECORDING_ERROR));
        assertTrue(e.getMessage().contains("heard 2"), e.getMessage());
        recorder.clear();
        recorder.assertNone(AdmCode.WARN_ADM_RUNTIME_PLAYOUT_WARNING);
    }

    @Test
    void shouldKeepALogAndTheDroppedCount() {
        EventRecorder recorder = new EventRecorder();
        assertEquals("(no events)\n", recorder.log());
        recorder.onError(error(AdmCode.ERR_ADM_RUNTIME_PLAYOUT_ERROR, StreamKind.PLAYOUT));
        recorder.onDropped(4);
        String log = recorder.log();
        assertTrue(log.contains("ERROR PLAYOUT: ERR_ADM_RUNTIME_PLAYOUT_ERROR (1015) - it broke"), log);
        assertTrue(log.contains("(4 event(s) dropped"), log);
        assertEquals(4, recorder.dropped());
        assertTrue(recorder.find(AdmCode.ERR_ADM_RUNTIME_PLAYOUT_ERROR).isPresent());
        assertTrue(recorder.find(AdmCode.WARN_ADM_HOWLING).isEmpty());
    }

    @Test
    void shouldRefuseBadArguments() {
        EventRecorder recorder = new EventRecorder();
        assertThrows(NullPointerException.class, () -> recorder.awaitCode(null, Duration.ZERO));
        assertThrows(NullPointerException.class, () -> recorder.awaitCode(AdmCode.WARN_ADM_HOWLING, null));
        assertThrows(IllegalArgumentException.class, () -> recorder.awaitCode(AdmCode.ERR_OK, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> recorder.awaitCode(AdmCode.WARN_ADM_HOWLING, Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> recorder.awaitState(null, StreamState.FAILED, Duration.ZERO));
        assertThrows(NullPointerException.class, () -> recorder.awaitState(StreamKind.PLAYOUT, null, Duration.ZERO));
        assertThrows(NullPointerException.class, () -> recorder.await(null, "x", Duration.ZERO));
        assertThrows(NullPointerException.class, () -> recorder.assertNone((AdmCode[]) null));
        assertThrows(NullPointerException.class, () -> recorder.find(null));
        // A timeout no test outlives is fine (it saturates).
        recorder.onError(error(AdmCode.ERR_ADM_RUNTIME_PLAYOUT_ERROR, StreamKind.PLAYOUT));
        recorder.awaitCode(AdmCode.ERR_ADM_RUNTIME_PLAYOUT_ERROR, Duration.ofSeconds(Long.MAX_VALUE));
    }

    @Test
    void shouldStopWaitingWhenInterrupted() {
        EventRecorder recorder = new EventRecorder();
        Thread.currentThread().interrupt();
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> recorder.awaitCode(AdmCode.WARN_ADM_HOWLING, Duration.ofSeconds(30)));
        assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
        assertTrue(Thread.interrupted(), "the interrupt status is kept");
    }
}
