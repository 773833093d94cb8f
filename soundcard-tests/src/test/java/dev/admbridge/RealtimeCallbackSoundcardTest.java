package dev.admbridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.admbridge.jni.NativeAdm;
import dev.admbridge.jni.NativeLibrary;
import dev.admbridge.jni.NativeRealtime;
import dev.admbridge.junit.EventRecorder;
import dev.admbridge.junit.SoundCard;
import dev.admbridge.junit.SoundCardTest;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The realtime callback on the virtual card (issue 14, item 2): the application's Java code on the audio thread,
 * sample-exact through the loopback, and every guarantee of the module kept around it: an exception, a late
 * callback, control calls from inside it, a close from another thread while it runs (or never returns), and bad
 * arguments. The server's death during callbacks: RealtimeCallbackServerDeathTest.
 */
@SoundCardTest(inputs = 2, outputs = 2, loopback = true)
class RealtimeCallbackSoundcardTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final int FRAMES = 256;

    private final SoundCard card;

    RealtimeCallbackSoundcardTest(SoundCard card) {
        this.card = card;
    }

    private StreamConfig config(AudioDeviceModule adm, SampleFormat format) {
        return StreamConfig.builder().device(card.playoutDevice(adm)).framesPerBuffer(FRAMES).format(format).build();
    }

    /** Plays a looped random signal from the playout's callback, period after period. */
    private static final class SignalPlayer implements RealtimeCallback {
        final float[] signal;
        final AtomicLong calls = new AtomicLong();
        int next;

        SignalPlayer(int samples) {
            signal = new float[samples];
            Random random = new Random(7);
            for (int i = 0; i < samples; i++) {
                signal[i] = (float) (random.nextGaussian() * 0.2);
            }
        }

        @Override
        public void process(AudioBlock block) {
            var out = block.floats();
            for (int i = 0; i < out.limit(); i++) {
                out.put(i, signal[next]);
                next = (next + 1) % signal.length;
            }
            calls.incrementAndGet();
        }
    }

    /** Keeps what the loopback's callback captures, until full. */
    private static final class Capturer implements RealtimeCallback {
        final float[] captured;
        final AtomicInteger filled = new AtomicInteger();
        volatile Thread thread;

        Capturer(int samples) {
            captured = new float[samples];
        }

        @Override
        public void process(AudioBlock block) {
            thread = Thread.currentThread();
            var in = block.floats();
            int at = filled.get();
            int n = Math.min(in.limit(), captured.length - at);
            in.get(0, captured, at, n);
            filled.set(at + n);
        }

        void awaitFull() throws InterruptedException {
            Polling.until(() -> filled.get() >= captured.length, WAIT);
            assertEquals(captured.length, filled.get(), "the loopback's callback captured a second of audio");
        }
    }

    /** What played comes back through the loopback bit for bit, both ends in callbacks, no ring anywhere. */
    @Test
    void shouldReturnTheSignalSampleExactThroughTwoCallbacks() throws Exception {
        try (AudioDeviceModule adm = card.openModule()) {
            AudioStream loopback = adm.initLoopback(config(adm, SampleFormat.FLOAT32));
            Capturer capturer = new Capturer(2 * 48000);
            loopback.setRealtimeCallback(capturer);
            AudioStream playout = adm.initPlayout(config(adm, SampleFormat.FLOAT32));
            SignalPlayer player = new SignalPlayer(2 * 12000);
            playout.setRealtimeCallback(player);
            loopback.start();
            playout.start();
            capturer.awaitFull();
            assertAlignedCopy(player.signal, capturer.captured, 2 * 12000);
            assertTrue(capturer.thread.isDaemon(), "the audio thread is attached as a daemon");
            assertTrue(capturer.thread.getName().startsWith("admbridge-realtime-"), capturer.thread.getName());
            assertEquals(0, playout.stats().lateFrames(), "no ring, so nothing late in it");
            playout.close();
            loopback.close();
        }
    }

    /**
     * No allocation per period: the audio thread's allocated bytes (the JVM's own count per thread) do not move
     * over 2,000 periods of a playout callback and a loopback callback, once the first calls attached the thread.
     */
    @Test
    void shouldAllocateNothingPerPeriod() throws Exception {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try (AudioDeviceModule adm = card.openModule()) {
            AudioStream loopback = adm.initLoopback(config(adm, SampleFormat.FLOAT32));
            Capturer capturer = new Capturer(2 * 48000 * 30);
            loopback.setRealtimeCallback(capturer);
            AudioStream playout = adm.initPlayout(config(adm, SampleFormat.FLOAT32));
            SignalPlayer player = new SignalPlayer(2 * 12000);
            AtomicReference<Thread> playoutThread = new AtomicReference<>();
            playout.setRealtimeCallback(block -> {
                playoutThread.compareAndSet(null, Thread.currentThread());
                player.process(block);
            });
            loopback.start();
            playout.start();
            awaitCalls(player.calls, 500);
            long[] before = {threads.getThreadAllocatedBytes(playoutThread.get().getId()),
                threads.getThreadAllocatedBytes(capturer.thread.getId())};
            long calls = player.calls.get();
            awaitCalls(player.calls, calls + 2000);
            long[] after = {threads.getThreadAllocatedBytes(playoutThread.get().getId()),
                threads.getThreadAllocatedBytes(capturer.thread.getId())};
            assertTrue(before[0] >= 0 && before[1] >= 0, "the JVM counts the audio threads' allocations");
            assertEquals(before[0], after[0], "bytes the playout's audio thread allocated over 2,000 periods");
            assertEquals(before[1], after[1], "bytes the loopback's audio thread allocated over 2,000 periods");
        }
    }

    private static void awaitCalls(AtomicLong calls, long atLeast) throws InterruptedException {
        Polling.until(() -> calls.get() >= atLeast, Duration.ofSeconds(30));
        assertTrue(calls.get() >= atLeast, "called " + calls.get() + " times, expected " + atLeast);
    }

    /** int16 through shorts(): PortAudio converts to JACK's float and back, each sample within 2 steps. */
    @Test
    void shouldCarryInt16ThroughShorts() throws Exception {
        try (AudioDeviceModule adm = card.openModule()) {
            AudioStream loopback = adm.initLoopback(config(adm, SampleFormat.INT16));
            short[] captured = new short[2 * 24000];
            AtomicInteger filled = new AtomicInteger();
            loopback.setRealtimeCallback(block -> {
                int at = filled.get();
                int n = Math.min(block.shorts().limit(), captured.length - at);
                block.shorts().get(0, captured, at, n);
                filled.set(at + n);
            });
            AudioStream playout = adm.initPlayout(config(adm, SampleFormat.INT16));
            int[] phase = {0};
            playout.setRealtimeCallback(block -> {
                for (int i = 0; i < block.frames(); i++, phase[0]++) {
                    short v = (short) (8000 * Math.sin(1 + phase[0] / 10.0));
                    block.shorts().put(2 * i, v).put(2 * i + 1, v);
                }
            });
            loopback.start();
            playout.start();
            Polling.until(() -> filled.get() >= captured.length, WAIT);
            assertEquals(captured.length, filled.get());
            int first = 0;
            while (first < captured.length && Math.abs(captured[first]) < 100) {
                first += 2;
            }
            assertTrue(first < captured.length / 4, "the tone came back");
            first += 2 * 4800;  // past the start, where the loopback's two ports were wired one after the other
            // Align on the played tone: the phase p whose next 64 samples are the captured ones, then compare on.
            int match = -1;
            for (int p = 0; p < captured.length / 2 && match < 0; p++) {
                boolean all = true;
                for (int i = 0; i < 64 && all; i++) {
                    all = Math.abs(captured[first + 2 * i] - (short) (8000 * Math.sin(1 + (p + i) / 10.0))) <= 2;
                }
                match = all ? p : -1;
            }
            assertTrue(match >= 0, "the captured tone is the played one");
            for (int i = 0; i < 4000; i++) {
                short played = (short) (8000 * Math.sin(1 + (match + i) / 10.0));
                assertTrue(Math.abs(captured[first + 2 * i] - played) <= 2, "frame " + i + ", left");
                assertTrue(Math.abs(captured[first + 2 * i + 1] - played) <= 2, "frame " + i + ", right");
            }
        }
    }

    /**
     * A callback that throws: the JVM lives, listeners get 1006 with the stream's kind, realtimeFailure() has the
     * exception, the playout runs on in silence (the loopback hears zeros), and a new start gives it a new try.
     */
    @Test
    void shouldReportAThrowingCallbackAndPlaySilence() throws Exception {
        try (AudioDeviceModule adm = card.openModule()) {
            EventRecorder events = new EventRecorder();
            adm.addListener(events);
            AudioStream loopback = adm.initLoopback(config(adm, SampleFormat.FLOAT32));
            AtomicLong loudPeriods = new AtomicLong();
            loopback.setRealtimeCallback(block -> {
                float peak = 0;
                for (int i = 0; i < block.floats().limit(); i++) {
                    peak = Math.max(peak, Math.abs(block.floats().get(i)));
                }
                if (peak > 0.1f) {
                    loudPeriods.incrementAndGet();
                }
            });
            AudioStream playout = adm.initPlayout(config(adm, SampleFormat.FLOAT32));
            AtomicLong calls = new AtomicLong();
            playout.setRealtimeCallback(block -> {
                if (calls.incrementAndGet() % 100 == 0) {
                    throw new IllegalStateException("the application's bug, call " + calls.get());
                }
                for (int i = 0; i < block.floats().limit(); i++) {
                    block.floats().put(i, 0.5f);
                }
            });
            loopback.start();
            playout.start();
            AdmEvent failure = events.awaitCode(AdmCode.ERR_ADM_JAVA_RESOURCE, WAIT);
            assertEquals(StreamKind.PLAYOUT, failure.stream());
            assertTrue(failure.message().contains("realtime callback failed"), failure.message());
            Throwable thrown = playout.realtimeFailure().orElseThrow();
            assertInstanceOf(IllegalStateException.class, thrown);
            assertEquals("the application's bug, call 100", thrown.getMessage());
            Thread.sleep(300);
            long callsAfter = calls.get();
            long loudAfter = loudPeriods.get();
            Thread.sleep(300);
            assertEquals(callsAfter, calls.get(), "not called after it threw");
            assertEquals(loudAfter, loudPeriods.get(), "the playout is silent after it threw");
            assertEquals(StreamState.RUNNING, playout.state(), "the stream runs on");
            assertTrue(playout.stats().callbacks() > 100);
            playout.stop();
            playout.start();  // a new try
            Polling.until(() -> calls.get() >= 200, WAIT);
            assertTrue(calls.get() >= 200, "called again after a new start: " + calls.get());
            Thread.sleep(1500);  // past the coalescing interval: a repeat within it is counted in the first event
            assertEquals(2, events.events().stream().filter(e -> e.code() == AdmCode.ERR_ADM_JAVA_RESOURCE)
                    .mapToInt(AdmEvent::count).sum(), "one 1006 per failure: " + events.log());
        }
    }

    /** A callback slower than its period: counted in lateCallbacks, and a 1014 that says the application was late. */
    @Test
    void shouldCountAndReportLateCallbacksApartFromDeviceGlitches() throws Exception {
        try (AudioDeviceModule adm = card.openModule()) {
            EventRecorder events = new EventRecorder();
            adm.addListener(events);
            AudioStream playout = adm.initPlayout(config(adm, SampleFormat.FLOAT32));
            AtomicLong calls = new AtomicLong();
            playout.setRealtimeCallback(block -> {
                if (calls.incrementAndGet() % 50 == 0) {
                    Thread.sleep(12);  // 12 ms against a 5.3 ms period
                }
            });
            playout.start();
            AdmEvent late = events.await(e -> e.code() == AdmCode.WARN_ADM_RUNTIME_PLAYOUT_WARNING
                    && e.message().contains("realtime callback took longer"), "a late-callback warning", WAIT);
            assertTrue(late.value() >= 12_000, "its value is the microseconds it took: " + late.value());
            Polling.until(() -> playout.stats().lateCallbacks() >= 3, WAIT);
            StreamStats stats = playout.stats();
            assertTrue(stats.lateCallbacks() >= 3, "counted: " + stats);
            assertTrue(stats.lateCallbacks() <= calls.get() / 50 + 1, "only the slow ones: " + stats + ", " + calls.get());
            assertEquals(StreamState.RUNNING, playout.state());
        }
    }

    /** Control calls from inside a callback are refused with 4 at once; the audio goes on. */
    @Test
    void shouldRefuseControlCallsFromInsideTheCallback() throws Exception {
        try (AudioDeviceModule adm = card.openModule()) {
            AudioStream playout = adm.initPlayout(config(adm, SampleFormat.FLOAT32));
            AudioStream[] self = {playout};
            List<String> refused = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(1);
            playout.setRealtimeCallback(block -> {
                if (done.getCount() == 0) {
                    return;
                }
                List<Runnable> calls = List.of(self[0]::stop, self[0]::close, self[0]::start, self[0]::stats,
                        () -> self[0].setRealtimeCallback(null), adm::close, adm::devices,
                        () -> adm.initRecording(StreamConfig.defaults()), () -> adm.setRecoveryPolicy(RecoveryPolicy.OFF));
                for (Runnable call : calls) {
                    try {
                        call.run();
                        refused.add("allowed");
                    } catch (AdmException e) {
                        refused.add(e.code().name() + ": " + e.getMessage());
                    }
                }
                done.countDown();
            });
            playout.start();
            assertTrue(done.await(5, TimeUnit.SECONDS));
            assertEquals(9, refused.size(), refused.toString());
            for (String answer : refused) {
                assertTrue(answer.startsWith("ERR_NOT_SUPPORTED: "), answer);
                assertTrue(answer.contains("realtime callback"), answer);
            }
            assertEquals(StreamState.RUNNING, playout.state());
            assertTrue(adm.isOpen());
        }
    }

    /**
     * Close and stop from another thread while callbacks run, 20 times in a row: each returns, the callback is not
     * called after the close, and the module goes on.
     */
    @Test
    void shouldStopAndCloseFromAnotherThreadWhileCallbacksRun() throws Exception {
        try (AudioDeviceModule adm = card.openModule()) {
            for (int round = 0; round < 20; round++) {
                AudioStream playout = adm.initPlayout(config(adm, SampleFormat.FLOAT32));
                AtomicLong calls = new AtomicLong();
                playout.setRealtimeCallback(block -> {
                    calls.incrementAndGet();
                    long until = System.nanoTime() + 1_000_000;  // 1 ms of work per period
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                });
                playout.start();
                while (calls.get() < 3) {
                    Thread.sleep(1);
                }
                if (round % 2 == 0) {
                    playout.stop();
                }
                long started = System.nanoTime();
                playout.close();
                assertTrue(System.nanoTime() - started < 2_000_000_000L, "close returned");
                long after = calls.get();
                Thread.sleep(30);
                assertEquals(after, calls.get(), "no callback after the close");
            }
            AudioStream again = adm.initPlayout(config(adm, SampleFormat.FLOAT32));
            again.start();
            assertEquals(StreamState.RUNNING, again.state());
        }
    }

    /**
     * A callback that does not return (it waits for the test): a close from another thread returns within its
     * deadlines, and when the callback returns at last it returns into live memory (the JVM goes on; a sanitized
     * or debug run would see a use after free). The module then opens a new playout.
     */
    @Test
    void shouldCloseWhileTheCallbackBlocksAndSurviveItsReturn() throws Exception {
        try (AudioDeviceModule adm = card.openModule()) {
            AudioStream playout = adm.initPlayout(config(adm, SampleFormat.FLOAT32));
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicLong returned = new AtomicLong();
            playout.setRealtimeCallback(block -> {
                inside.countDown();
                release.await(20, TimeUnit.SECONDS);
                returned.incrementAndGet();
            });
            playout.start();
            assertTrue(inside.await(5, TimeUnit.SECONDS));
            long started = System.nanoTime();
            assertDoesNotThrow(() -> {
                try {
                    playout.close();
                } catch (AdmException e) {
                    // a close whose stop meets a host stuck in our callback reports the stop's failure: allowed
                    assertEquals(AdmCode.ERR_ADM_STOP_PLAYOUT, e.code(), e.toString());
                }
            });
            long closeMs = (System.nanoTime() - started) / 1_000_000;
            assertTrue(closeMs < 4000, "close returned in " + closeMs + " ms");
            assertEquals(StreamState.CLOSED, playout.state());
            release.countDown();
            Polling.until(() -> returned.get() > 0, WAIT);
            assertTrue(returned.get() >= 1, "the callback returned");
            Thread.sleep(200);
            AudioStream again = adm.initRecording(StreamConfig.builder().device(card.recordingDevice(adm))
                    .framesPerBuffer(FRAMES).build());
            again.start();
            assertEquals(StreamState.RUNNING, again.state());
            System.out.println("realtime: close while the callback blocked returned in " + closeMs + " ms");
        }
    }

    /** Every misuse gets its code and a message that says what to do; a null callback gives the ring back. */
    @Test
    void shouldRefuseBadUseWithClearErrors() throws Exception {
        try (AudioDeviceModule adm = card.openModule()) {
            AudioStream playout = adm.initPlayout(config(adm, SampleFormat.FLOAT32));
            AudioStream recording = adm.initRecording(StreamConfig.builder().device(card.recordingDevice(adm))
                    .framesPerBuffer(FRAMES).format(SampleFormat.FLOAT32).build());
            RealtimeCallback nothing = block -> { };
            playout.setRealtimeCallback(nothing);
            AdmException write = assertThrows(AdmException.class, () -> playout.write(new float[2], 0, 1, Duration.ZERO));
            assertEquals(AdmCode.ERR_ALREADY_IN_USE, write.code());
            assertTrue(write.getMessage().contains("realtime callback"), write.getMessage());
            recording.setRealtimeCallback(nothing);
            assertEquals(AdmCode.ERR_ALREADY_IN_USE, assertThrows(AdmException.class,
                    () -> recording.read(new float[2], 0, 1, Duration.ZERO)).code());
            assertEquals(AdmCode.ERR_ALREADY_IN_USE, assertThrows(AdmException.class,
                    () -> recording.setConsumer((buffer, frames) -> { })).code());
            assertEquals(AdmCode.ERR_ALREADY_IN_USE, assertThrows(AdmException.class,
                    () -> adm.startDeviceLoopbackTest(Duration.ofMillis(100))).code());
            playout.start();
            AdmException running = assertThrows(AdmException.class, () -> playout.setRealtimeCallback(nothing));
            assertEquals(AdmCode.ERR_ALREADY_IN_USE, running.code());
            assertTrue(running.getMessage().contains("stop it first"), running.getMessage());
            playout.stop();
            playout.setRealtimeCallback(null);  // the ring again
            assertEquals(1, playout.write(new float[2], 0, 1, Duration.ZERO));
            recording.setRealtimeCallback(null);
            recording.setConsumer((buffer, frames) -> { });
            assertEquals(AdmCode.ERR_ALREADY_IN_USE, assertThrows(AdmException.class,
                    () -> recording.setRealtimeCallback(nothing)).code());
            recording.setConsumer(null);
            assertTrue(playout.realtimeFailure().isEmpty());
            playout.close();
            assertEquals(AdmCode.ERR_NOT_INITIALIZED, assertThrows(AdmException.class,
                    () -> playout.setRealtimeCallback(nothing)).code());
            assertDoesNotThrow(() -> playout.setRealtimeCallback(null));
        }
    }

    /** An object with the dispatch's method, `int run(int)`, that does nothing. */
    static final class RunsNothing {
        int run(int frames) {
            return 0;
        }
    }

    /**
     * The binding under setRealtimeCallback checks what the public API never gets wrong: a buffer that is not direct
     * or too small, no frames, an object without `int run(int)`, an unknown module or stream; each a code with what
     * was wrong, never a crash. A good call after them works, and null gives the ring back.
     */
    @Test
    void shouldRefuseBadArgumentsAtTheNativeBinding() {
        int system;
        try (AudioDeviceModule adm = card.openModule()) {
            system = card.playoutDevice(adm).index();
        }
        NativeLibrary.ensureLoaded();
        long[] handle = new long[1];
        assertEquals(0, NativeAdm.moduleOpen(card.moduleOptions().jackServer().orElse(null), handle));
        int playout = StreamKind.PLAYOUT.nativeValue();
        try {
            assertEquals(7, NativeRealtime.streamSetRealtime(handle[0], playout, new RunsNothing(),
                    ByteBuffer.allocateDirect(2048), 256), "no stream yet");
            assertEquals(0, NativeAdm.streamInit(handle[0], playout, system, null, 2, SampleFormat.FLOAT32.nativeValue(),
                    48000, 256, 0));
            assertBindingRefuses(2, "not a direct buffer",
                    NativeRealtime.streamSetRealtime(handle[0], playout, new RunsNothing(), ByteBuffer.allocate(2048), 256));
            assertBindingRefuses(2, "was 2047 bytes", NativeRealtime.streamSetRealtime(handle[0], playout,
                    new RunsNothing(), ByteBuffer.allocateDirect(2047), 256));
            assertBindingRefuses(2, "at least one frame", NativeRealtime.streamSetRealtime(handle[0], playout,
                    new RunsNothing(), ByteBuffer.allocateDirect(2048), 0));
            assertBindingRefuses(2, "not a direct buffer",
                    NativeRealtime.streamSetRealtime(handle[0], playout, new RunsNothing(), null, 256));
            assertBindingRefuses(2, "no int run(int) method", NativeRealtime.streamSetRealtime(handle[0], playout,
                    "a string", ByteBuffer.allocateDirect(2048), 256));
            assertBindingRefuses(2, "stream kind", NativeRealtime.streamSetRealtime(handle[0], 9, new RunsNothing(),
                    ByteBuffer.allocateDirect(2048), 256));
            assertBindingRefuses(7, "no open module", NativeRealtime.streamSetRealtime(-5, playout, new RunsNothing(),
                    ByteBuffer.allocateDirect(2048), 256));
            assertEquals(0, NativeRealtime.streamSetRealtime(handle[0], playout, new RunsNothing(),
                    ByteBuffer.allocateDirect(2048), 256), NativeLibrary.string(NativeAdm.lastErrorMessage()));
            assertEquals(19, NativeAdm.pcmWriteFloats(handle[0], playout, new float[2], 8, 0, 1, new int[1]),
                    "the ring is refused while a callback is set");
            assertEquals(0, NativeRealtime.streamSetRealtime(handle[0], playout, null, null, 0));
            assertEquals(0, NativeAdm.pcmWriteFloats(handle[0], playout, new float[2], 8, 0, 1, new int[1]));
        } finally {
            assertEquals(0, NativeAdm.moduleClose(handle[0]));
        }
    }

    private static void assertBindingRefuses(int code, String said, int result) {
        String message = NativeLibrary.string(NativeAdm.lastErrorMessage());
        assertEquals(code, result, message);
        assertTrue(message.contains(said), "the message says '" + said + "': " + message);
    }

    /** The block's accessors: the format's buffer only, limits at this period, the same buffers every period. */
    @Test
    void shouldHandTheSameBlockEveryPeriodWithItsLimitsSet() throws Exception {
        try (AudioDeviceModule adm = card.openModule()) {
            AudioStream playout = adm.initPlayout(config(adm, SampleFormat.FLOAT32));
            List<String> seen = new CopyOnWriteArrayList<>();
            AtomicReference<AudioBlock> first = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(3);
            playout.setRealtimeCallback(block -> {
                first.compareAndSet(null, block);
                if (done.getCount() == 0) {
                    return;
                }
                block.floats().position(7);  // left out of place: the next period finds it at 0 again
                seen.add(block.frames() + " " + block.channels() + " " + block.format() + " " + block.kind() + " "
                        + block.sampleRate() + " " + block.floats().limit() + " " + block.bytes().limit() + " "
                        + (block == first.get()) + " " + assertThrows(IllegalStateException.class, block::shorts)
                                .getMessage());
                done.countDown();
            });
            playout.start();
            assertTrue(done.await(5, TimeUnit.SECONDS));
            for (String line : seen) {
                assertEquals("256 2 FLOAT32 PLAYOUT 48000.0 512 2048 true this stream carries float32 samples: use floats()",
                        line);
            }
        }
    }

    /** `signal` (looped) appears in `captured` sample for sample, from the first sample that is not silence. */
    private static void assertAlignedCopy(float[] signal, float[] captured, int compare) {
        int first = 0;
        while (first < captured.length && captured[first] == 0) {
            first++;
        }
        assertEquals(0, first % 2, "aligned on a frame");
        assertFalse(first > captured.length / 4, "it came back within a quarter of a second");
        first += 2 * 4800;  // past the start, where the loopback's two ports were wired one after the other
        int at = -1;
        for (int i = 0; i < signal.length && at < 0; i++) {
            at = signal[i] == captured[first] && signal[(i + 1) % signal.length] == captured[first + 1] ? i : -1;
        }
        assertNotEquals(-1, at, "the first sample captured is one of the signal's");
        float[] expected = new float[compare];
        for (int i = 0; i < compare; i++) {
            expected[i] = signal[(at + i) % signal.length];
        }
        assertArrayEquals(expected, Arrays.copyOfRange(captured, first, first + compare));
    }
}
