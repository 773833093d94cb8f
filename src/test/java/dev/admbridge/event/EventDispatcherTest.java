package dev.admbridge.event;

import static dev.admbridge.event.EventTesting.ERROR;
import static dev.admbridge.event.EventTesting.WARNING;
import static dev.admbridge.event.EventTesting.await;
import static dev.admbridge.event.EventTesting.publish;
import static dev.admbridge.event.EventTesting.threadsNamed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.admbridge.AdmCode;
import dev.admbridge.AdmEvent;
import dev.admbridge.AdmEventListener;
import dev.admbridge.AudioDeviceModule;
import dev.admbridge.StreamKind;
import dev.admbridge.StreamState;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The dispatcher end to end: records published through the native hook, listeners on the Java side. */
@Timeout(60)
class EventDispatcherTest {
    private static final int GENERAL_ERROR = AdmCode.ERR_ADM_GENERAL_ERROR.value();
    private static final int XRUN = AdmCode.WARN_ADM_RUNTIME_PLAYOUT_WARNING.value();

    /** Records what it gets, in order, from the dispatcher thread. */
    static class Recorder implements AdmEventListener {
        final List<String> seen = Collections.synchronizedList(new ArrayList<>());
        final List<AdmEvent> events = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong dropped = new AtomicLong();
        final String name;

        Recorder(String name) {
            this.name = name;
        }

        @Override
        public void onError(AdmEvent event) {
            seen.add(name + ":" + event.codeValue() + ":" + event.value());
            events.add(event);
        }

        @Override
        public void onWarning(AdmEvent event) {
            seen.add(name + ":w" + event.codeValue() + ":" + event.count());
            events.add(event);
        }

        @Override
        public void onStateChanged(AdmEvent event) {
            events.add(event);
        }

        @Override
        public void onDropped(long lostEvents) {
            dropped.addAndGet(lostEvents);
        }
    }

    @Test
    void shouldCallListenersInRegistrationOrder() throws Exception {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            for (String name : List.of("a", "b", "c")) {
                adm.addListener(new AdmEventListener() {
                    @Override
                    public void onError(AdmEvent event) {
                        order.add(name + event.value());
                    }
                });
            }
            publish(adm, ERROR, GENERAL_ERROR, 1);
            publish(adm, ERROR, GENERAL_ERROR, 2);
            await(() -> order.size() == 6, "six calls");
        }
        assertEquals(List.of("a1", "b1", "c1", "a2", "b2", "c2"), order);
    }

    @Test
    void shouldStillDeliverToOthersWhenAListenerThrows() throws Exception {
        Recorder after = new Recorder("after");
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            adm.addListener(new AdmEventListener() {
                @Override
                public void onError(AdmEvent event) {
                    throw new IllegalStateException("a broken listener");
                }
            });
            adm.addListener(after);
            publish(adm, ERROR, GENERAL_ERROR, 1);
            publish(adm, ERROR, GENERAL_ERROR, 2);
            await(() -> after.seen.size() == 2, "both events after the throwing listener");
        }
    }

    @Test
    void shouldLetListenersAddAndRemoveListenersFromInsideACallback() throws Exception {
        Recorder added = new Recorder("added");
        Recorder removed = new Recorder("removed");
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            adm.addListener(new AdmEventListener() {
                @Override
                public void onError(AdmEvent event) {
                    if (event.value() == 1) {
                        adm.addListener(added);
                        assertTrue(adm.removeListener(removed));
                        assertTrue(adm.removeListener(this));
                    }
                }
            });
            adm.addListener(removed);
            publish(adm, ERROR, GENERAL_ERROR, 1);
            publish(adm, ERROR, GENERAL_ERROR, 2);
            await(() -> added.seen.size() == 1, "the added listener's first event");
            Thread.sleep(50);
        }
        // An addition takes effect from the next event; a removal at once: the removed listener, after the one
        // that removed it, gets no callback for event 1 either (no callback starts after removeListener returns).
        assertEquals(List.of(), removed.seen);
        assertEquals(List.of("added:1005:2"), added.seen);
    }

    /**
     * removeListener's promise, under an event storm from another thread: once it returned, no callback to
     * that listener starts. One that the dispatcher had entered before may still be running its first lines
     * when the remover returns, so at most one callback per removal may see the removal done; a second one
     * (the next event) would be a broken promise. 150 removals, each checked.
     */
    @Test
    void shouldStartNoCallbackAfterRemoveListenerReturns() throws Exception {
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            adm.setEventCoalescing(Duration.ZERO);
            java.util.concurrent.atomic.AtomicBoolean storming = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread storm = new Thread(() -> {
                long value = 0;
                while (storming.get()) {
                    publish(adm, ERROR, GENERAL_ERROR, value++);
                }
            }, "storm");
            storm.start();
            int late = 0;
            int delivered = 0;
            for (int i = 0; i < 150; i++) {
                java.util.concurrent.atomic.AtomicBoolean returned = new java.util.concurrent.atomic.AtomicBoolean();
                java.util.concurrent.atomic.AtomicInteger startedAfter = new java.util.concurrent.atomic.AtomicInteger();
                java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
                AdmEventListener listener = new AdmEventListener() {
                    @Override
                    public void onError(AdmEvent event) {
                        if (returned.get()) {
                            startedAfter.incrementAndGet();
                        }
                        calls.incrementAndGet();
                    }
                };
                adm.addListener(listener);
                await(() -> calls.get() > 0, "a first callback");
                assertTrue(adm.removeListener(listener));
                returned.set(true);
                Thread.sleep(2);  // the storm goes on: a second callback now would be a broken promise
                late += Math.max(0, startedAfter.get() - 1);
                delivered += calls.get();
            }
            storming.set(false);
            storm.join();
            assertEquals(0, late, "callbacks started after removeListener returned (of " + delivered + ")");
        }
    }

    @Test
    void shouldNeverWaitToRemoveAListenerThatIsInItsCallback() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Recorder after = new Recorder("after");
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            AdmEventListener slow = new AdmEventListener() {
                @Override
                public void onError(AdmEvent event) {
                    inside.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            adm.addListener(slow);
            adm.addListener(after);
            publish(adm, ERROR, GENERAL_ERROR, 1);
            assertTrue(inside.await(10, TimeUnit.SECONDS));
            long start = System.nanoTime();
            assertTrue(adm.removeListener(slow));  // while it runs: returns at once, the callback may finish
            assertTrue(System.nanoTime() - start < 100_000_000L, "removeListener waited");
            assertFalse(adm.removeListener(slow));
            release.countDown();
            publish(adm, ERROR, GENERAL_ERROR, 2);
            await(() -> after.seen.size() == 2, "the others still get every event");
        }
    }

    @Test
    void shouldNeverBlockPublishersWhenAListenerBlocks() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        Recorder recorder = new Recorder("r");
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            adm.addListener(new AdmEventListener() {
                @Override
                public void onError(AdmEvent event) {
                    blocked.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            adm.addListener(recorder);
            publish(adm, ERROR, GENERAL_ERROR, -1);
            assertTrue(blocked.await(10, TimeUnit.SECONDS));
            int total = 10_000;
            int accepted = 0;
            long slowest = 0;
            for (int i = 0; i < total; i++) {
                long start = System.nanoTime();
                accepted += publish(adm, ERROR, GENERAL_ERROR, i) ? 1 : 0;
                slowest = Math.max(slowest, System.nanoTime() - start);
            }
            assertEquals(4096, accepted, "the ring takes its capacity, the rest is refused at once");
            assertTrue(slowest < TimeUnit.MILLISECONDS.toNanos(100), "a publish took " + slowest + " ns");
            release.countDown();
            int expected = accepted;
            await(() -> recorder.dropped.get() == total - expected, "the drop report");
            await(() -> recorder.seen.size() == expected + 1, "every accepted event");
        }
    }

    @Test
    void shouldNeverDeliverInternalOnlyCodes() throws Exception {
        Recorder recorder = new Recorder("r");
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            adm.addListener(recorder);
            for (AdmCode code : AdmCode.values()) {
                if (code.internalOnly()) {
                    publish(adm, ERROR, code.value(), 0);
                }
            }
            publish(adm, ERROR, 0, 0);        // ERR_OK is no error
            publish(adm, ERROR, 99_999, 0);   // undocumented
            publish(adm, WARNING, AdmCode.WARN_PENDING.value(), 0);  // 20 as a warning is public
            publish(adm, ERROR, GENERAL_ERROR, 7);  // the marker
            await(() -> recorder.seen.size() == 2, "the marker");
            Thread.sleep(20);
        }
        assertEquals(List.of("r:w20:1", "r:1005:7"), recorder.seen);
    }

    @Test
    void shouldCoalesceRepeatedWarningsButNeverErrors() throws Exception {
        Recorder recorder = new Recorder("r");
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            adm.setEventCoalescing(Duration.ofMillis(300));
            adm.addListener(recorder);
            for (int i = 0; i < 50; i++) {
                publish(adm, WARNING, XRUN, StreamKind.PLAYOUT.nativeValue(), i, null);
            }
            publish(adm, WARNING, XRUN, StreamKind.RECORDING.nativeValue(), 0, null);  // another stream: its own
            for (int i = 0; i < 5; i++) {
                publish(adm, ERROR, GENERAL_ERROR, i);
            }
            await(() -> recorder.seen.size() == 8, "first warnings, five errors, then the merged one");
        }
        List<AdmEvent> playout = recorder.events.stream()
                .filter(e -> e.stream() == StreamKind.PLAYOUT).toList();
        assertEquals(2, playout.size(), recorder.seen.toString());
        assertEquals(1, playout.get(0).count());
        AdmEvent merged = playout.get(1);
        assertEquals(49, merged.count());
        assertTrue(merged.lastNanos() > merged.firstNanos());
        assertTrue(merged.firstNanos() > playout.get(0).firstNanos());
        assertEquals(49, merged.value(), "the latest repeat's details");
        assertEquals(5, recorder.events.stream().filter(e -> e.kind() == AdmEvent.Kind.ERROR).count());
    }

    @Test
    void shouldCarryEveryFieldTheMessageAndStateChanges() throws Exception {
        Recorder recorder = new Recorder("r");
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            adm.addListener(recorder);
            int[] out = new int[1];
            long before = System.nanoTime();
            assertEquals(0, dev.admbridge.jni.NativeEvents.eventsPublish(EventTesting.handle(adm), ERROR,
                    AdmCode.ERR_ADM_SAMPLE_RATE.value(), StreamKind.RECORDING.nativeValue(), 4, -9997, 77, 3, 44100,
                    "could not open \"system\" at 44100 Hz", true, out));
            publish(adm, EventRecordLayout.TYPE_STATE_CHANGED, StreamState.RUNNING.nativeValue(), 1, 0, null);
            await(() -> recorder.events.size() == 2, "two events");
            AdmEvent e = recorder.events.get(0);
            assertEquals(AdmEvent.Kind.ERROR, e.kind());
            assertEquals(AdmCode.ERR_ADM_SAMPLE_RATE, e.code());
            assertEquals(1007, e.codeValue());
            assertEquals(StreamKind.RECORDING, e.stream());
            assertEquals(4, e.device());
            assertEquals("could not open \"system\" at 44100 Hz", e.message());
            assertEquals(-9997, e.backendError());
            assertEquals("Invalid sample rate", e.backendErrorText());
            assertEquals(77, e.hostError());
            assertEquals(3, e.count());
            assertEquals(44100, e.value());
            assertTrue(e.firstNanos() >= before && e.firstNanos() <= System.nanoTime(), "same clock as nanoTime");
            AdmEvent state = recorder.events.get(1);
            assertEquals(AdmEvent.Kind.STATE_CHANGED, state.kind());
            assertEquals(StreamState.RUNNING, state.state());
            assertEquals(StreamKind.PLAYOUT, state.stream());
        }
    }

    @Test
    void shouldDeliverPendingEventsOnCloseThenLeaveNoThread() throws Exception {
        Recorder recorder = new Recorder("r");
        AudioDeviceModule adm = AudioDeviceModule.open();
        adm.addListener(recorder);
        String name = "adm-events-" + EventTesting.handle(adm);
        await(() -> threadsNamed(name) == 1, "the dispatcher thread");
        long[] published = new long[1];
        // Without a wake the dispatcher sleeps on: only close() can get these to the listener.
        assertEquals(0, dev.admbridge.jni.NativeEvents.eventsPublishMany(EventTesting.handle(adm), 1000, false,
                false, published));
        adm.close();
        assertEquals(1000, recorder.seen.size(), "everything published before close() is delivered");
        assertEquals(0, threadsNamed(name));
    }

    @Test
    void shouldLetAListenerCloseTheModule() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        AudioDeviceModule adm = AudioDeviceModule.open();
        String name = "adm-events-" + EventTesting.handle(adm);
        adm.addListener(new AdmEventListener() {
            @Override
            public void onError(AdmEvent event) {
                adm.close();
                closed.countDown();
            }
        });
        publish(adm, ERROR, GENERAL_ERROR, 1);
        assertTrue(closed.await(10, TimeUnit.SECONDS));
        assertFalse(adm.isOpen());
        await(() -> threadsNamed(name) == 0, "the dispatcher to end after the callback");
    }

    @Test
    void shouldLeaveNoThreadsAfterManyModules() throws Exception {
        long before = threadsNamed("adm-events-");
        for (int i = 0; i < 25; i++) {
            try (AudioDeviceModule adm = AudioDeviceModule.open()) {
                adm.addListener(new Recorder("r"));
                publish(adm, ERROR, GENERAL_ERROR, i);
            }
        }
        assertEquals(before, threadsNamed("adm-events-"));
    }

    /** A source with nothing to drain; {@link #drain} runs {@code whileDraining} first. */
    static class QuietSource implements EventSource {
        volatile boolean closed;
        Runnable whileDraining = () -> { };

        @Override
        public int drain(ByteBuffer dest, int capacityRecords) {
            whileDraining.run();
            return 0;
        }

        @Override
        public void await(long timeoutNanos) {}

        @Override
        public void wake() {}

        @Override
        public long takeDropped() {
            return 0;
        }

        @Override
        public String takeMessage(long id) {
            return "";
        }

        @Override
        public String backendErrorText(int backendError) {
            return "";
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void shouldWaitInCloseForTheThreadToEndEvenWhenInterruptedAndKeepTheInterrupt() throws Exception {
        CountDownLatch draining = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        QuietSource source = new QuietSource();
        source.whileDraining = () -> {
            draining.countDown();
            boolean interrupted = false;
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        };
        String name = "adm-events-close-test";
        EventDispatcher dispatcher = new EventDispatcher(source, name);
        dispatcher.addListener(new Recorder("r"));
        assertTrue(draining.await(10, TimeUnit.SECONDS), "the dispatcher drains");
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            release.countDown();
        });
        releaser.start();
        Thread.currentThread().interrupt();
        dispatcher.close();
        boolean interrupted = Thread.interrupted();
        assertTrue(interrupted, "close() keeps the caller's interrupt");
        assertEquals(0, release.getCount(), "close() returned while the dispatcher was still in a drain");
        assertTrue(source.closed, "the dispatcher closes its source as it ends");
        assertEquals(0, threadsNamed(name), "close() returned with the dispatcher thread alive");
        releaser.join();
    }

    @Test
    void shouldRefuseBadInput() {
        QuietSource source = new QuietSource();
        assertThrows(NullPointerException.class, () -> new EventDispatcher(null, "x"));
        assertThrows(NullPointerException.class, () -> new EventDispatcher(source, null));
        EventDispatcher dispatcher = new EventDispatcher(source, "adm-events-test");
        assertThrows(NullPointerException.class, () -> dispatcher.addListener(null));
        assertThrows(NullPointerException.class, () -> dispatcher.removeListener(null));
        assertThrows(NullPointerException.class, () -> dispatcher.setCoalescing(null));
        assertThrows(IllegalArgumentException.class, () -> dispatcher.setCoalescing(Duration.ofMillis(-1)));
        assertEquals(EventDispatcher.DEFAULT_COALESCING, dispatcher.coalescing());
        assertFalse(dispatcher.removeListener(new Recorder("never added")));
        dispatcher.close();
        dispatcher.close();  // idempotent
        assertThrows(IllegalStateException.class, () -> dispatcher.addListener(new Recorder("late")));
    }
}
