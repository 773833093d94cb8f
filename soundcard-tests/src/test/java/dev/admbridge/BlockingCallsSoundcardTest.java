package dev.admbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.admbridge.analysis.DetectorSettings;
import dev.admbridge.junit.SoundCard;
import dev.admbridge.junit.SoundCardTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Blocking read and write as Java callers expect (issue 15): an interrupt ends the wait at once with the
 * status kept, an interrupted thread does not wait, a second caller gets a documented answer at once, and
 * durations and frame counts at their extremes reach the API without an ArithmeticException from inside.
 */
@SoundCardTest(inputs = 2, outputs = 2)
class BlockingCallsSoundcardTest {
    private static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE);

    private final SoundCard card;

    BlockingCallsSoundcardTest(SoundCard card) {
        this.card = card;
    }

    private StreamConfig config(AudioDeviceModule adm) {
        return StreamConfig.builder().device(card.playoutDevice(adm)).framesPerBuffer(256).build();
    }

    /** Runs `call` on a thread of its own; what it returned or threw, and when it was back. */
    private static final class Blocked {
        final AtomicLong returned = new AtomicLong(-1);
        final AtomicReference<Throwable> threw = new AtomicReference<>();
        final AtomicBoolean interruptedAfter = new AtomicBoolean();
        final AtomicLong backAt = new AtomicLong();
        final CountDownLatch started = new CountDownLatch(1);
        final Thread thread;

        Blocked(java.util.function.IntSupplier call) {
            thread = new Thread(() -> {
                started.countDown();
                try {
                    returned.set(call.getAsInt());
                } catch (Throwable e) {
                    threw.set(e);
                }
                backAt.set(System.nanoTime());
                interruptedAfter.set(Thread.currentThread().isInterrupted());
            }, "blocked");
            thread.start();
        }

        /** Milliseconds from `since` to when the call was back, joining it (10 s at most). */
        long backAfterMs(long since) throws InterruptedException {
            thread.join(10_000);
            assertTrue(!thread.isAlive(), "the blocked call never came back");
            return (backAt.get() - since) / 1_000_000;
        }
    }

    @Test
    void shouldEndABlockedReadAtOnceWhenItsThreadIsInterrupted() throws Exception {
        try (AudioDeviceModule adm = card.openModule()) {
            AudioStream recording = adm.initRecording(config(adm));
            recording.start();
            float[] buffer = new float[2 * 48000 * 4];  // 4 s: more than comes before the interrupt
            Blocked reader = new Blocked(() -> recording.read(buffer, 0, 48000 * 4, FOREVER));
            reader.started.await();
            Thread.sleep(300);
            long interrupted = System.nanoTime();
            reader.thread.interrupt();
            long ms = reader.backAfterMs(interrupted);
            assertEquals(null, reader.threw.get());
            assertTrue(ms < 100, "back " + ms + " ms after the interrupt");
            assertTrue(reader.interruptedAfter.get(), "the interrupt status is kept");
            assertTrue(reader.returned.get() > 0 && reader.returned.get() < 48000 * 4,
                    "it returns what it read so far: " + reader.returned.get());
        }
    }

    @Test
    void shouldEndABlockedWriteAtOnceWhenItsThreadIsInterrupted() throws Exception {
        try (AudioDeviceModule adm = card.openModule()) {
            AudioStream playout = adm.initPlayout(config(adm));
            playout.start();
            int frames = playout.bufferFrames() * 8;  // far more than the ring holds: the writer blocks
            Blocked writer = new Blocked(() -> playout.write(new float[2 * frames], 0, frames, FOREVER));
            writer.started.await();
            Thread.sleep(300);
            long interrupted = System.nanoTime();
            writer.thread.interrupt();
            long ms = writer.backAfterMs(interrupted);
            assertEquals(null, writer.threw.get());
            assertTrue(ms < 100, "back " + ms + " ms after the interrupt");
            assertTrue(writer.interruptedAfter.get());
            assertTrue(writer.returned.get() >= playout.bufferFrames() && writer.returned.get() < frames,
                    "it returns what it wrote so far: " + writer.returned.get());
        }
    }

    @Test
    void shouldNotWaitInAThreadThatIsInterruptedAlready() throws Exception {
        try (AudioDeviceModule adm = card.openModule()) {
            AudioStream recording = adm.initRecording(config(adm));
            recording.start();
            Thread.currentThread().interrupt();
            try {
                long start = System.nanoTime();
                int got = recording.read(new float[2 * 48000], 0, 48000, Duration.ofSeconds(5));
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertTrue(ms < 50, "an interrupted thread waited " + ms + " ms");
                assertTrue(got < 48000, "it took what was there: " + got);
                assertTrue(Thread.currentThread().isInterrupted(), "the status is kept");
            } finally {
                Thread.interrupted();
            }
        }
    }

    @Test
    void shouldAnswerASecondCallerAtOnceWhileAnotherBlocks() throws Exception {
        try (AudioDeviceModule adm = card.openModule()) {
            AudioStream recording = adm.initRecording(config(adm));
            recording.start();
            Blocked reader = new Blocked(() -> recording.read(new float[2 * 48000 * 4], 0, 48000 * 4, FOREVER));
            reader.started.await();
            Thread.sleep(200);
            for (Duration timeout : new Duration[] {Duration.ZERO, Duration.ofSeconds(5)}) {
                long start = System.nanoTime();
                AdmException busy = assertThrows(AdmException.class,
                        () -> recording.read(new float[2 * 480], 0, 480, timeout));
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertEquals(AdmCode.ERR_ALREADY_IN_USE, busy.code());
                assertTrue(busy.getMessage().contains("one reader or writer at a time"), busy.getMessage());
                assertTrue(ms < 50, "the second caller waited " + ms + " ms (timeout " + timeout + ")");
            }
            reader.thread.interrupt();
            reader.backAfterMs(System.nanoTime());
            assertTrue(recording.read(new float[2 * 480], 0, 480, Duration.ofSeconds(1)) > 0, "free again afterwards");
        }
    }

    @Test
    void shouldTakeDurationsAndFrameCountsAtTheirExtremes() throws Exception {
        try (AudioDeviceModule adm = card.openModule()) {
            AudioStream playout = adm.initPlayout(config(adm));
            AudioStream recording = adm.initRecording(config(adm));
            playout.start();
            recording.start();
            assertEquals(480, playout.write(new float[2 * 480], 0, 480, FOREVER), "room now: back at once");
            assertEquals(480, recording.read(new float[2 * 480], 0, 480, FOREVER));
            ByteBuffer direct = ByteBuffer.allocateDirect(8 * 480).order(ByteOrder.nativeOrder());
            assertEquals(480, recording.read(direct, FOREVER));
            for (int frames : new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE / 2 + 1}) {
                assertThrows(IndexOutOfBoundsException.class, () -> playout.write(new float[16], 0, frames, FOREVER));
                assertThrows(IndexOutOfBoundsException.class, () -> recording.read(new float[16], 0, frames, FOREVER));
            }
            assertThrows(IndexOutOfBoundsException.class, () -> playout.write(new float[16], Integer.MAX_VALUE, 1,
                    Duration.ZERO));
            for (int frames : new int[] {Integer.MAX_VALUE, Integer.MIN_VALUE}) {
                assertEquals(AdmCode.ERR_INVALID_ARGUMENT, assertThrows(AdmException.class,
                        () -> recording.setConsumer((b, n) -> { }, frames)).code());
            }
            adm.setEventCoalescing(FOREVER);
            adm.setEventCoalescing(Duration.ofNanos(Long.MAX_VALUE));
            adm.addListener(new AdmEventListener() { });
            for (Duration interval : new Duration[] {FOREVER, Duration.ofSeconds(Long.MIN_VALUE), Duration.ofDays(1)}) {
                AdmException e = assertThrows(AdmException.class, () -> adm.startDeviceLoopbackTest(interval));
                assertEquals(AdmCode.ERR_INVALID_ARGUMENT, e.code(), e.getMessage());
                assertTrue(e.getMessage().contains("10 ms to 60 s"), e.getMessage());
            }
            AdmException settings = assertThrows(AdmException.class,
                    () -> DetectorSettings.defaults().withSilence(FOREVER));
            assertEquals(AdmCode.ERR_INVALID_ARGUMENT, settings.code());
            StreamConfig huge = StreamConfig.builder().device(card.playoutDevice(adm))
                    .suggestedLatency(FOREVER).build();
            AdmException latency = assertThrows(AdmException.class, () -> adm.initLoopback(huge));
            assertEquals(AdmCode.ERR_INVALID_ARGUMENT, latency.code(), latency.getMessage());
        }
    }

    /** Every failure of a device operation is thrown and heard: a loopback device that does not exist too. */
    @Test
    void shouldReportAMissingLoopbackDeviceToListenersToo() throws Exception {
        try (AudioDeviceModule adm = card.openModule()) {
            AtomicReference<AdmEvent> heard = new AtomicReference<>();
            CountDownLatch once = new CountDownLatch(1);
            adm.addListener(new AdmEventListener() {
                @Override
                public void onError(AdmEvent event) {
                    heard.set(event);
                    once.countDown();
                }
            });
            AdmException thrown = assertThrows(AdmException.class,
                    () -> adm.initLoopback(StreamConfig.builder().device("no such device").build()));
            assertEquals(AdmCode.ERR_ADM_INIT_LOOPBACK, thrown.code());
            assertTrue(once.await(5, TimeUnit.SECONDS), "no listener event for " + thrown.getMessage());
            assertEquals(AdmCode.ERR_ADM_INIT_LOOPBACK, heard.get().code());
            assertTrue(heard.get().message().contains("no loopback device is named \"no such device\""),
                    heard.get().message());
            // A misuse is thrown only: no event (the last one heard stays the 1022).
            assertEquals(AdmCode.ERR_INVALID_ARGUMENT, assertThrows(AdmException.class,
                    () -> adm.initLoopback(StreamConfig.builder().channels(0).build())).code());
            Thread.sleep(200);
            assertEquals(AdmCode.ERR_ADM_INIT_LOOPBACK, heard.get().code(), "no event for a bad argument");
        }
    }
}
