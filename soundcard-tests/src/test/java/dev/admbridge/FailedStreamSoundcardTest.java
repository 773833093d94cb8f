package dev.admbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.admbridge.junit.EventRecorder;
import dev.admbridge.junit.VirtualCard;
import dev.admbridge.junit.VirtualSoundCard;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A stream that failed (its server died, or it stopped answering) fails its application's writes, reads and
 * consumer at once, with its runtime code, instead of letting them wait out their timeouts: every transfer
 * variant, blocked before the failure or called after it.
 */
class FailedStreamSoundcardTest {
    private static final Duration LONG = Duration.ofSeconds(20);

    /** How the stream fails. */
    enum Fault {
        /** Its server is killed. */
        KILL,
        /** Its server stalls (SIGSTOP) and the application stops it: the stop is not answered, the stream isolated. */
        STALL_THEN_STOP
    }

    /** One way for the application to move audio. */
    enum Transfer {
        WRITE_FLOATS(true, s -> s.write(new float[2 * 480_000], 0, 480_000, LONG)),
        WRITE_SHORTS(true, s -> s.write(new short[2 * 480_000], 0, 480_000, LONG)),
        WRITE_BUFFER(true, s -> s.write(direct(480_000 * s.bytesPerFrame()), LONG)),
        READ_FLOATS(false, s -> s.read(new float[2 * 480_000], 0, 480_000, LONG)),
        READ_SHORTS(false, s -> s.read(new short[2 * 480_000], 0, 480_000, LONG)),
        READ_BUFFER(false, s -> s.read(direct(480_000 * s.bytesPerFrame()), LONG));

        final boolean playout;
        final ToIntFunction<AudioStream> call;

        Transfer(boolean playout, ToIntFunction<AudioStream> call) {
            this.playout = playout;
            this.call = call;
        }

        SampleFormat format() {
            return name().endsWith("SHORTS") ? SampleFormat.INT16 : SampleFormat.FLOAT32;
        }
    }

    private static ByteBuffer direct(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }

    private static void bringAbout(Fault fault, VirtualCard card, AudioStream stream) {
        if (fault == Fault.KILL) {
            card.kill();
        } else {
            card.stall();
            try {
                stream.stop();
            } catch (AdmException e) {
                // the stop code of its kind: the host did not answer, the stream is isolated and failed
            }
        }
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("cells")
    @VirtualSoundCard
    void shouldFailABlockedTransferAtOnceAndEveryLaterOne(Transfer transfer, Fault fault, AudioDeviceModule adm,
            VirtualCard card, EventRecorder events) throws Exception {
        StreamConfig config = card.playoutConfig(adm).format(transfer.format()).framesPerBuffer(256).build();
        AudioStream stream = transfer.playout ? adm.initPlayout(config) : adm.initRecording(config);
        stream.start();
        AdmCode runtime = transfer.playout ? AdmCode.ERR_ADM_RUNTIME_PLAYOUT_ERROR : AdmCode.ERR_ADM_RUNTIME_RECORDING_ERROR;
        CompletableFuture<Object> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return transfer.call.applyAsInt(stream);  // 10 s of audio in one call: it blocks
            } catch (AdmException e) {
                return e;
            }
        });
        Thread.sleep(300);
        long stopped = System.nanoTime();
        bringAbout(fault, card, stream);
        events.awaitState(stream.kind(), StreamState.FAILED, Duration.ofSeconds(5));
        Object outcome = blocked.get(5, TimeUnit.SECONDS);
        long backMs = (System.nanoTime() - stopped) / 1_000_000;
        // The blocked call returns the frames moved before the failure, or the failure itself.
        if (outcome instanceof AdmException e) {
            assertEquals(runtime, e.code(), e.getMessage());
        } else {
            assertTrue((Integer) outcome < 480_000, "it returned early: " + outcome);
        }
        assertTrue(backMs < 3000, "the blocked call came back " + backMs + " ms after the fault, not after its 20 s");
        // Every later call fails at once with the code.
        long before = System.nanoTime();
        try {
            transfer.call.applyAsInt(stream);
            fail("a transfer on the failed stream returned");
        } catch (AdmException e) {
            assertEquals(runtime, e.code(), e.getMessage());
            assertTrue(e.getMessage().contains("failed"), e.getMessage());
        }
        long laterMs = (System.nanoTime() - before) / 1_000_000;
        assertTrue(laterMs < 100, "a later call took " + laterMs + " ms");
        assertEquals(StreamState.FAILED, stream.state());
        System.out.printf("failed stream %s x %s: blocked call back %d ms after the fault, later call %d ms%n",
                transfer, fault, backMs, laterMs);
        if (card.isStalled()) {
            card.resume();
        }
        stream.close();
    }

    static List<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        for (Transfer transfer : Transfer.values()) {
            for (Fault fault : Fault.values()) {
                cells.add(Arguments.of(transfer, fault));
            }
        }
        return cells;
    }

    @Test
    @VirtualSoundCard
    void shouldEndAConsumerWithWhatItHadWhenTheStreamFails(AudioDeviceModule adm, VirtualCard card,
            EventRecorder events) throws Exception {
        AudioStream recording = adm.initRecording(card.recordingConfig(adm).framesPerBuffer(256).build());
        List<Integer> blocks = new CopyOnWriteArrayList<>();
        recording.setConsumer((pcm, frames) -> blocks.add(frames), 4800);
        recording.start();
        Thread.sleep(500);
        card.kill();
        events.awaitCode(AdmCode.ERR_ADM_RUNTIME_RECORDING_ERROR, Duration.ofSeconds(3));
        Thread.sleep(300);
        int after = blocks.size();
        Thread.sleep(300);
        assertEquals(after, blocks.size(), "no block after the failure: " + blocks);
        assertTrue(blocks.size() >= 4, "blocks came before it: " + blocks);
        recording.close();
    }
}
