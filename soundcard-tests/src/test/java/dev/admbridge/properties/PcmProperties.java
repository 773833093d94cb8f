package dev.admbridge.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;

import dev.admbridge.AdmCode;
import dev.admbridge.AdmException;
import dev.admbridge.AudioDeviceModule;
import dev.admbridge.AudioStream;
import dev.admbridge.SampleFormat;
import dev.admbridge.StreamConfig;
import dev.admbridge.junit.SoundCard;
import dev.admbridge.junit.SoundCardTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Any buffer, offset, frame count and timeout given to write and read of running streams: the call returns
 * how many frames moved (from 0 to those asked, never more than the buffer holds) within its timeout, or
 * throws what the Javadoc says: IndexOutOfBoundsException when the frames do not fit, ERR_INVALID_ARGUMENT
 * for a negative timeout, a wrong sample type, a non-native byte order or bytes that are not whole frames.
 */
@SoundCardTest(inputs = 2, outputs = 2, loopback = true)
class PcmProperties {
    private static final long SLACK_MS = 300;

    private final SoundCard card;

    PcmProperties(SoundCard card) {
        this.card = card;
    }

    /** One call: which direction, the array's type and size, where from and how many, the timeout. */
    record Call(boolean write, int kind, int length, int offset, int frames, Duration timeout) {}

    private static Gen<Call> calls() {
        Gen<Integer> length = Gens.edgesOr(Generate.range(0, 3000), 0, 1, 2, 512);
        Gen<Integer> offset = Gens.ints(-4, 3000, 0, 1, 2);
        Gen<Integer> frames = Gens.ints(-4, 2000, 0, 1, 256, Integer.MAX_VALUE / 2 + 1);
        return Generate.booleans().zip(Generate.range(0, 4), length, offset,
                (w, k, l, o) -> new Call(w, k, l, o, 0, Duration.ZERO))
                .zip(frames, Gens.shortTimeouts(), (c, f, t) -> new Call(c.write(), c.kind(), c.length(), c.offset(), f, t));
    }

    @Test
    void shouldMoveWhatFitsOrSayWhyNot() {
        try (AudioDeviceModule module = card.openModule()) {
            StreamConfig config = StreamConfig.builder().device(card.playoutDevice(module))
                    .framesPerBuffer(256).build();
            AudioStream playout = module.initPlayout(config);
            AudioStream recording = module.initRecording(config);
            playout.start();
            recording.start();
            qt().withExamples(400).forAll(calls()).checkAssert(call -> check(call, call.write() ? playout : recording));
        }
    }

    private static void check(Call call, AudioStream stream) {
        int channels = stream.config().channels();
        long start = System.nanoTime();
        int moved;
        try {
            moved = switch (call.kind()) {
                case 0 -> call.write() ? stream.write(new float[call.length()], call.offset(), call.frames(), call.timeout())
                        : stream.read(new float[call.length()], call.offset(), call.frames(), call.timeout());
                case 1 -> call.write() ? stream.write(new short[call.length()], call.offset(), call.frames(), call.timeout())
                        : stream.read(new short[call.length()], call.offset(), call.frames(), call.timeout());
                default -> transferBuffer(call, stream);
            };
        } catch (IndexOutOfBoundsException e) {
            boolean fits = call.offset() >= 0 && call.frames() >= 0
                    && (long) call.offset() + (long) call.frames() * channels <= call.length();
            assertTrue(call.kind() <= 1 && !fits, "out of bounds only when the frames do not fit: " + call);
            return;
        } catch (AdmException e) {
            assertEquals(AdmCode.ERR_INVALID_ARGUMENT, e.code(), call + ": " + e.getMessage());
            boolean explained = call.timeout().isNegative() || call.kind() == 1 || call.kind() >= 2;
            assertTrue(explained, "refused for a documented reason: " + call + ": " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            fail("undocumented " + e + " for " + call);
            return;
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(moved >= 0 && moved <= Math.max(0, call.frames()), call + " moved " + moved);
        assertTrue(ms <= call.timeout().toMillis() + SLACK_MS, call + " took " + ms + " ms");
    }

    /** kind 2: a direct buffer in native order; 3: a heap buffer in the other order (refused). */
    private static int transferBuffer(Call call, AudioStream stream) {
        int bytes = Math.max(0, Math.min(call.length(), 4096)) * 4 + Math.floorMod(call.offset(), 8);
        ByteBuffer buffer = call.kind() == 2 ? ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder())
                : ByteBuffer.allocate(bytes).order(ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN
                        ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int position = Math.floorMod(call.offset(), bytes + 1);
        buffer.position(position);
        int before = buffer.position();
        int moved = call.write() ? stream.write(buffer, call.timeout()) : stream.read(buffer, call.timeout());
        assertEquals(before + moved * stream.bytesPerFrame(), buffer.position(), "the position advances by what moved");
        return Math.min(moved, Math.max(0, call.frames()));
    }
}
