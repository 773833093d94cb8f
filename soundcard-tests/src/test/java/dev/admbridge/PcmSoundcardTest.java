package dev.admbridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.admbridge.jni.NativeAdm;
import dev.admbridge.jni.NativeLibrary;
import dev.admbridge.junit.SoundCard;
import dev.admbridge.junit.SoundCardTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The PCM path on the virtual card: what is played comes back through the loopback, sample-exact. */
@SoundCardTest(inputs = 2, outputs = 2, loopback = true)
class PcmSoundcardTest {
    private static final Duration WAIT = Duration.ofSeconds(3);

    private final SoundCard card;

    PcmSoundcardTest(SoundCard card) {
        this.card = card;
    }

    private StreamConfig config(AudioDeviceModule adm, SampleFormat format) {
        return StreamConfig.builder().device(card.playoutDevice(adm)).framesPerBuffer(256)
                .format(format).build();
    }

    /** A known float32 signal in, the same signal out of the JACK-wired loopback, bit for bit. */
    @Test
    void shouldReturnTheSignalSampleExactThroughTheLoopback() throws Exception {
        try (AudioDeviceModule adm = card.openModule()) {
            assertRoundTripSampleExact(adm);
        }
    }

    /**
     * Each channel comes back on its own side after other streams of the same module came and went: PipeWire's
     * JACK API reuses freed port ids, last freed first, and lists a client's ports by id, so after a playout
     * closed a new loopback's ports were listed in_2 before in_1, and a loopback wired in that order swapped left
     * and right (seen in a CI run). The signal differs per channel, so a swap fails the comparison.
     */
    @Test
    void shouldKeepEachChannelOnItsSideAfterOtherStreamsClosed() throws Exception {
        try (AudioDeviceModule adm = card.openModule()) {
            for (int round = 0; round < 4; round++) {
                AudioStream first = round % 2 == 0 ? adm.initPlayout(config(adm, SampleFormat.FLOAT32))
                                                   : adm.initRecording(config(adm, SampleFormat.FLOAT32));
                AudioStream second = adm.initLoopback(config(adm, SampleFormat.FLOAT32));
                // Close in both orders: each leaves the port ids free in another order.
                (round < 2 ? first : second).close();
                (round < 2 ? second : first).close();
                assertRoundTripSampleExact(adm);
            }
        }
    }

    private void assertRoundTripSampleExact(AudioDeviceModule adm) throws Exception {
        AudioStream loopback = adm.initLoopback(config(adm, SampleFormat.FLOAT32));
        loopback.start();
        AudioStream playout = adm.initPlayout(config(adm, SampleFormat.FLOAT32));
        playout.start();
        int lead = 12000;
        int frames = 4800;
        float[] signal = new float[2 * frames];
        Random random = new Random(42);
        for (int i = 0; i < signal.length; i++) {
            signal[i] = (float) (random.nextGaussian() * 0.2);
        }
        int total = 48000;
        float[] recorded = new float[2 * total];
        Thread reader = new Thread(() -> {
            int got = 0;
            while (got < total) {
                got += loopback.read(recorded, 2 * got, total - got, WAIT);
            }
        });
        reader.start();
        assertEquals(lead, playout.write(new float[2 * lead], 0, lead, WAIT));
        assertEquals(frames, playout.write(signal, 0, frames, WAIT));
        assertEquals(lead, playout.write(new float[2 * lead], 0, lead, WAIT));
        reader.join(10_000);
        int first = 0;
        while (first < recorded.length && recorded[first] == 0) {
            first++;
        }
        assertTrue(first < recorded.length - signal.length, "the signal came back");
        assertEquals(0, first % 2, "aligned on a frame");
        assertArrayEquals(signal, Arrays.copyOfRange(recorded, first, first + signal.length));
        playout.close();
        loopback.close();
    }

    /**
     * int16 through the same path: PortAudio converts to JACK's float (x / 32768) and back (x * 32767, with
     * dither), so each sample comes back within 2 steps.
     */
    @Test
    void shouldCarryInt16ThroughShortArraysAndDirectBuffers() throws Exception {
        try (AudioDeviceModule adm = card.openModule()) {
            AudioStream loopback = adm.initLoopback(config(adm, SampleFormat.INT16));
            loopback.start();
            AudioStream playout = adm.initPlayout(config(adm, SampleFormat.INT16));
            playout.start();
            short[] signal = new short[2 * 2400];
            for (int i = 0; i < signal.length; i++) {
                signal[i] = (short) (8000 * Math.sin(1 + i / 10.0));  // starts far from 0
            }
            ByteBuffer direct = ByteBuffer.allocateDirect(4 * 12000).order(ByteOrder.nativeOrder());
            assertEquals(12000, playout.write(direct, WAIT));  // silence, through a direct buffer
            assertEquals(0, direct.remaining());
            assertEquals(2400, playout.write(signal, 0, 2400, WAIT));
            playout.write(new short[2 * 12000], 0, 12000, WAIT);
            short[] recorded = new short[2 * 36000];
            int got = 0;
            while (got < 36000) {
                got += loopback.read(recorded, 2 * got, 36000 - got, WAIT);
            }
            int first = 0;
            // PortAudio dithers when it converts JACK's floats to int16: silence comes back within 1 step of 0.
            while (first < recorded.length && Math.abs(recorded[first]) < 100) {
                first += 2;
            }
            assertTrue(first < recorded.length - signal.length, "the signal came back");
            for (int i = 0; i < signal.length; i++) {
                assertTrue(Math.abs(recorded[first + i] - signal[i]) <= 2, "sample " + i + ": " + recorded[first + i] + " vs " + signal[i]);
            }
        }
    }

    @Test
    void shouldHandRecordingsToAConsumerOnItsOwnThread() throws Exception {
        try (AudioDeviceModule adm = card.openModule()) {
            AudioStream recording = adm.initRecording(config(adm, SampleFormat.FLOAT32));
            AtomicInteger frames = new AtomicInteger();
            AtomicReference<String> thread = new AtomicReference<>();
            List<Integer> blocks = new CopyOnWriteArrayList<>();
            recording.setConsumer((pcm, count) -> {
                thread.set(Thread.currentThread().getName());
                assertEquals(count * 8, pcm.remaining());
                blocks.add(count);
                frames.addAndGet(count);
            });
            recording.start();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (frames.get() < 9600 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(frames.get() >= 9600, "frames: " + frames.get());
            assertEquals("admbridge-recording-pcm", thread.get());
            assertTrue(blocks.stream().allMatch(n -> n == 480), "10 ms blocks by default: " + blocks);
            AdmException busy = assertThrows(AdmException.class,
                    () -> recording.read(new float[2], 0, 1, Duration.ZERO));
            assertEquals(AdmCode.ERR_ALREADY_IN_USE, busy.code());
            recording.setConsumer(null);
            recording.read(new float[512], 0, 256, Duration.ZERO);  // reading works again
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("admbridge-recording-pcm")), "the consumer thread is gone");
    }

    /** Blocks of the size asked while the stream runs; after a stop, the rest as a shorter block: nothing lost. */
    @Test
    void shouldHandEveryFrameToAConsumerInBlocksOfTheSizeAsked() throws Exception {
        try (AudioDeviceModule adm = card.openModule()) {
            AudioStream recording = adm.initRecording(config(adm, SampleFormat.FLOAT32));
            List<Integer> blocks = new CopyOnWriteArrayList<>();
            AtomicInteger frames = new AtomicInteger();
            recording.setConsumer((pcm, count) -> {
                blocks.add(count);
                frames.addAndGet(count);
            }, 1000);
            recording.start();
            Thread.sleep(300);
            recording.stop();
            long recorded = recording.stats().frames();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (frames.get() < recorded && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(recorded, frames.get(), "every recorded frame reaches the consumer: " + blocks);
            assertTrue(recorded % 1000 != 0 || blocks.stream().allMatch(n -> n == 1000), "blocks: " + blocks);
            for (int i = 0; i < blocks.size() - 1; i++) {
                assertEquals(1000, blocks.get(i), "only the last block is shorter: " + blocks);
            }
            assertTrue(blocks.get(blocks.size() - 1) <= 1000, "blocks: " + blocks);
        }
    }

    /** One blocking call for twice what the ring holds: it must keep up with the device, not sleep past it. */
    @Test
    void shouldMoveMoreThanTheRingHoldsInOneBlockingCallWithoutLoss() throws Exception {
        try (AudioDeviceModule adm = card.openModule()) {
            List<AdmEvent> late = new CopyOnWriteArrayList<>();
            adm.addListener(new AdmEventListener() {
                @Override
                public void onWarning(AdmEvent event) {
                    if (event.message().contains("application was late")) {
                        late.add(event);
                    }
                }
            });
            AudioStream playout = adm.initPlayout(config(adm, SampleFormat.FLOAT32));
            AudioStream recording = adm.initRecording(config(adm, SampleFormat.FLOAT32));
            int frames = 2 * playout.bufferFrames();
            AtomicInteger read = new AtomicInteger(-1);
            Thread reader = new Thread(() -> read.set(recording.read(new float[2 * frames], 0, frames, Duration.ofSeconds(5))));
            AtomicInteger written = new AtomicInteger(-1);
            Thread writer = new Thread(() -> written.set(playout.write(new float[2 * frames], 0, frames,
                    Duration.ofSeconds(5))));
            // The call is under way (the ring full) before the device starts: a device that takes a burst at
            // start (PipeWire's ALSA plug-in primes a quantum at once) finds audio, not a late application.
            writer.start();
            Thread.sleep(200);
            playout.start();
            recording.start();
            reader.start();
            writer.join(6000);
            // The recording's big read ends a moment after the playout's write: keep the device fed till then.
            float[] silence = new float[2 * 256];
            for (long end = System.nanoTime() + 6_000_000_000L; reader.isAlive() && System.nanoTime() < end; ) {
                playout.write(silence, 0, 256, Duration.ofMillis(100));
            }
            reader.join(6000);
            assertEquals(frames, written.get());
            assertEquals(frames, read.get());
            playout.stop();  // before it runs dry on purpose
            Thread.sleep(100);  // events reach listeners within the watchdog's period
            assertTrue(late.isEmpty(), "no frame lost or inserted: " + late);
        }
    }

    /** Closing a stream wakes a write blocked on it in another thread: close does not wait for its timeout. */
    @Test
    void shouldEndABlockedWriteAtOnceWhenTheStreamCloses() throws Exception {
        try (AudioDeviceModule adm = card.openModule()) {
            AudioStream playout = adm.initPlayout(config(adm, SampleFormat.FLOAT32));  // not started: nothing drains
            int ring = playout.bufferFrames();
            playout.write(new float[2 * ring], 0, ring, Duration.ZERO);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    playout.write(new float[2 * 480], 0, 480, Duration.ofSeconds(10));
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            writer.start();
            Thread.sleep(200);  // it sleeps on the full ring by now
            long start = System.nanoTime();
            playout.close();
            writer.join(2000);
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(!writer.isAlive() && tookMs < 1000, "close and the blocked write took " + tookMs + " ms");
            assertTrue(thrown.get() instanceof AdmException, "the write ends with: " + thrown.get());
            assertEquals(AdmCode.ERR_NOT_INITIALIZED, ((AdmException) thrown.get()).code());
        }
    }

    @Test
    void shouldKeepToTheTimeoutOfABlockedWrite() {
        try (AudioDeviceModule adm = card.openModule()) {
            AudioStream playout = adm.initPlayout(config(adm, SampleFormat.FLOAT32));  // not started: nothing drains
            int ring = playout.bufferFrames();
            assertEquals(ring, playout.write(new float[2 * ring], 0, ring, Duration.ZERO));
            long start = System.nanoTime();
            assertEquals(0, playout.write(new float[2 * 480], 0, 480, Duration.ofMillis(120)));
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waitedMs >= 110 && waitedMs < 1000, "waited " + waitedMs + " ms for a 120 ms timeout");
        }
    }

    @Test
    void shouldWarnThatTheApplicationWasLateApartFromDeviceGlitches() throws Exception {
        try (AudioDeviceModule adm = card.openModule()) {
            List<AdmEvent> warnings = new CopyOnWriteArrayList<>();
            adm.addListener(new AdmEventListener() {
                @Override
                public void onWarning(AdmEvent event) {
                    warnings.add(event);
                }
            });
            AudioStream playout = adm.initPlayout(config(adm, SampleFormat.FLOAT32));
            AudioStream recording = adm.initRecording(config(adm, SampleFormat.FLOAT32));
            playout.start();
            recording.start();
            playout.write(new float[2 * 4800], 0, 4800, WAIT);  // 100 ms, then nothing: the playout runs dry
            Thread.sleep(1200);  // the recording ring (half a second) overflows meanwhile
            recording.read(new float[2 * 256], 0, 256, Duration.ZERO);
            // Device glitches (1014/1016 without that text) may come too, on a busy machine: look for the late ones.
            Predicate<AdmEvent> latePlayout = w -> w.code() == AdmCode.WARN_ADM_RUNTIME_PLAYOUT_WARNING
                    && w.message().contains("application was late");
            Predicate<AdmEvent> lateRecording = w -> w.code() == AdmCode.WARN_ADM_RUNTIME_RECORDING_WARNING
                    && w.message().contains("application was late");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while ((warnings.stream().noneMatch(latePlayout) || warnings.stream().noneMatch(lateRecording))
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            AdmEvent late = warnings.stream().filter(latePlayout).findFirst().orElseThrow(() -> new AssertionError("no app-late playout warning: " + warnings));
            assertTrue(late.value() > 0, late.message());
            AdmEvent dropped = warnings.stream().filter(lateRecording)
                    .findFirst().orElseThrow(() -> new AssertionError("no app-late recording warning: " + warnings));
            assertTrue(dropped.message().contains("application was late") && dropped.value() > 0, dropped.message());
        }
    }

    /** The native layer bounds every copy by the capacity it is given, whatever Java checked before. */
    @Test
    void shouldBoundTheCopyInTheNativeLayer() {
        int system;
        try (AudioDeviceModule adm = card.openModule()) {
            system = card.playoutDevice(adm).index();
        }
        NativeLibrary.ensureLoaded();
        long[] handle = new long[1];
        assertEquals(0, NativeAdm.moduleOpen(card.moduleOptions().jackServer().orElse(null), handle));
        try {
            assertEquals(0, NativeAdm.streamInit(handle[0], StreamKind.PLAYOUT.nativeValue(), system, null, 2,
                    SampleFormat.FLOAT32.nativeValue(), 48000, 256, 0));
            assertEquals(2, NativeAdm.pcmWriteFloats(handle[0], StreamKind.PLAYOUT.nativeValue(), new float[2], 8, 0, 2,
                    new int[1]), "2 frames of 8 bytes in 8 bytes");
            assertEquals(2, NativeAdm.pcmWriteFloats(handle[0], StreamKind.PLAYOUT.nativeValue(), new float[4], 16, 12, 1,
                    new int[1]), "1 frame of 8 bytes from byte 12 of 16");
        } finally {
            assertEquals(0, NativeAdm.moduleClose(handle[0]));
        }
    }

    @Test
    void shouldRefuseBadPcmArguments() {
        try (AudioDeviceModule adm = card.openModule()) {
            AudioStream playout = adm.initPlayout(config(adm, SampleFormat.FLOAT32));
            AudioStream recording = adm.initRecording(config(adm, SampleFormat.FLOAT32));
            assertEquals(AdmCode.ERR_NOT_SUPPORTED, assertThrows(AdmException.class,
                    () -> recording.write(new float[2], 0, 1, Duration.ZERO)).code());
            assertEquals(AdmCode.ERR_NOT_SUPPORTED, assertThrows(AdmException.class,
                    () -> playout.read(new float[2], 0, 1, Duration.ZERO)).code());
            assertEquals(AdmCode.ERR_NOT_SUPPORTED, assertThrows(AdmException.class,
                    () -> playout.setConsumer((b, n) -> { })).code());
            assertEquals(AdmCode.ERR_NOT_SUPPORTED, assertThrows(AdmException.class,
                    () -> playout.setConsumer((b, n) -> { }, 480)).code());
            for (int frames : new int[] {0, -1, recording.bufferFrames() / 2 + 1, Integer.MAX_VALUE}) {
                AdmException bad = assertThrows(AdmException.class, () -> recording.setConsumer((b, n) -> { }, frames));
                assertEquals(AdmCode.ERR_INVALID_ARGUMENT, bad.code());
                assertTrue(bad.getMessage().contains("framesPerBlock must be from 1 to"), bad.getMessage());
            }
            recording.setConsumer(null, 0);  // stopping takes no block size
            assertEquals(AdmCode.ERR_INVALID_ARGUMENT, assertThrows(AdmException.class,
                    () -> playout.write(new short[2], 0, 1, Duration.ZERO)).code());
            assertThrows(IndexOutOfBoundsException.class, () -> playout.write(new float[3], 0, 2, Duration.ZERO));
            assertThrows(IndexOutOfBoundsException.class, () -> playout.write(new float[4], -1, 1, Duration.ZERO));
            assertThrows(IndexOutOfBoundsException.class, () -> playout.write(new float[4], 0, -1, Duration.ZERO));
            assertThrows(NullPointerException.class, () -> playout.write((float[]) null, 0, 1, Duration.ZERO));
            assertThrows(NullPointerException.class, () -> playout.write(new float[2], 0, 1, null));
            assertEquals(AdmCode.ERR_INVALID_ARGUMENT, assertThrows(AdmException.class,
                    () -> playout.write(new float[2], 0, 1, Duration.ofMillis(-1))).code());
            ByteBuffer bigEndian = ByteBuffer.allocateDirect(8).order(ByteOrder.BIG_ENDIAN);
            assertEquals(AdmCode.ERR_INVALID_ARGUMENT,
                    assertThrows(AdmException.class, () -> playout.write(bigEndian, Duration.ZERO)).code());
            ByteBuffer partial = ByteBuffer.allocateDirect(7).order(ByteOrder.nativeOrder());
            assertEquals(AdmCode.ERR_INVALID_ARGUMENT,
                    assertThrows(AdmException.class, () -> playout.write(partial, Duration.ZERO)).code());
            assertEquals(8, playout.bytesPerFrame());
            assertTrue(playout.bufferFrames() >= 24000);
            assertEquals(playout.bufferFrames(), playout.availableFrames());
            playout.close();
            assertEquals(AdmCode.ERR_NOT_INITIALIZED, assertThrows(AdmException.class,
                    () -> playout.write(new float[2], 0, 1, Duration.ZERO)).code());
            assertEquals(AdmCode.ERR_NOT_INITIALIZED, assertThrows(AdmException.class, playout::availableFrames).code());
        }
    }
}
