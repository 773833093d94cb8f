package dev.admbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.admbridge.junit.EventRecorder;
import dev.admbridge.junit.VirtualCard;
import dev.admbridge.junit.VirtualSoundCard;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The realtime callback when its sound server dies, stalls or comes back (issue 14, item 2, on a JACK server of
 * each test's own): each fault lands while the callbacks run, most of them inside one (each call takes 20 ms, four
 * JACK periods); the JVM lives, the module reports as it does for the ring, and a recovered stream calls the same
 * callback again from its new audio thread, the old one gone from the JVM.
 */
class RealtimeCallbackServerDeathTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    /** A callback that takes `millis` per period and remembers its thread. */
    private static final class SlowCallback implements RealtimeCallback {
        final AtomicLong calls = new AtomicLong();
        final AtomicReference<Thread> thread = new AtomicReference<>();
        final long millis;

        SlowCallback(long millis) {
            this.millis = millis;
        }

        @Override
        public void process(AudioBlock block) throws InterruptedException {
            thread.set(Thread.currentThread());
            calls.incrementAndGet();
            Thread.sleep(millis);
        }

        void awaitCalls(long atLeast) throws InterruptedException {
            Polling.until(() -> calls.get() >= atLeast, WAIT);
            assertTrue(calls.get() >= atLeast, "called " + calls.get() + " times, expected " + atLeast);
        }
    }

    private static long realtimeThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("admbridge-realtime-")).count();
    }

    private static StreamConfig config(AudioDevice device) {
        return StreamConfig.builder().device(device).framesPerBuffer(256).build();
    }

    @Test
    @VirtualSoundCard
    void shouldReportTheDeathOfTheServerDuringACallbackAndCloseAtOnce(VirtualCard server) throws Exception {
        try (AudioDeviceModule adm = AudioDeviceModule.open(server.moduleOptions())) {
            EventRecorder events = new EventRecorder();
            adm.addListener(events);
            AudioStream playout = adm.initPlayout(config(server.playoutDevice(adm)));
            AudioStream recording = adm.initRecording(config(server.recordingDevice(adm)));
            SlowCallback played = new SlowCallback(20);
            SlowCallback recorded = new SlowCallback(20);
            playout.setRealtimeCallback(played);
            recording.setRealtimeCallback(recorded);
            playout.start();
            recording.start();
            played.awaitCalls(5);
            recorded.awaitCalls(5);
            server.kill();
            events.awaitCode(AdmCode.ERR_ADM_RUNTIME_PLAYOUT_ERROR, WAIT);
            events.awaitCode(AdmCode.ERR_ADM_RUNTIME_RECORDING_ERROR, WAIT);
            events.awaitState(StreamKind.PLAYOUT, StreamState.FAILED, WAIT);
            events.awaitState(StreamKind.RECORDING, StreamState.FAILED, WAIT);
            long closing = System.nanoTime();
            playout.close();
            recording.close();
            long closeMs = (System.nanoTime() - closing) / 1_000_000;
            assertTrue(closeMs < 1000, "the failed streams closed at once: " + closeMs + " ms");
            System.out.println("realtime: server killed during callbacks, closed in " + closeMs + " ms");
        }
    }

    @Test
    @VirtualSoundCard
    void shouldCallTheSameCallbackAgainFromTheNewAudioThreadAfterARecovery(VirtualCard server) throws Exception {
        try (AudioDeviceModule adm = AudioDeviceModule.open(server.moduleOptions())) {
            EventRecorder events = new EventRecorder();
            adm.addListener(events);
            adm.setRecoveryPolicy(RecoveryPolicy.reopen());
            AudioStream playout = adm.initPlayout(config(server.playoutDevice(adm)));
            SlowCallback played = new SlowCallback(20);
            playout.setRealtimeCallback(played);
            playout.start();
            played.awaitCalls(5);
            Thread before = played.thread.get();
            for (int cycle = 1; cycle <= 3; cycle++) {
                events.clear();
                server.kill();
                events.awaitState(StreamKind.PLAYOUT, StreamState.RECOVERING, WAIT);
                server.restart();
                events.awaitState(StreamKind.PLAYOUT, StreamState.RUNNING, WAIT);
                long calls = played.calls.get();
                played.awaitCalls(calls + 5);
                assertNotSame(before, played.thread.get(), "cycle " + cycle + ": a new audio thread calls it");
                before = played.thread.get();
                // The old audio thread ended with its JACK client, and left the JVM (detached as it ended).
                Polling.until(() -> realtimeThreads() <= 1, WAIT);
                assertEquals(1, realtimeThreads(), "cycle " + cycle + ": one realtime thread in the JVM");
            }
            assertTrue(playout.realtimeFailure().isEmpty());
            assertEquals(StreamState.RUNNING, playout.state());
        }
    }

    @Test
    @VirtualSoundCard
    void shouldRunOnAfterAStallLongerThanTheDeadlines(VirtualCard server) throws Exception {
        try (AudioDeviceModule adm = AudioDeviceModule.open(server.moduleOptions())) {
            AudioStream playout = adm.initPlayout(config(server.playoutDevice(adm)));
            SlowCallback played = new SlowCallback(2);
            playout.setRealtimeCallback(played);
            playout.start();
            played.awaitCalls(5);
            server.stall();
            Thread.sleep(2500);
            long duringStall = played.calls.get();
            server.resume();
            played.awaitCalls(duringStall + 20);
            assertEquals(StreamState.RUNNING, playout.state());
            long closing = System.nanoTime();
            playout.close();
            assertTrue(System.nanoTime() - closing < 2_000_000_000L, "closed");
        }
    }
}
