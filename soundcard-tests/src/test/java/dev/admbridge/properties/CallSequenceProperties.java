package dev.admbridge.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import dev.admbridge.AdmCode;
import dev.admbridge.AdmEvent;
import dev.admbridge.AdmEventListener;
import dev.admbridge.AdmException;
import dev.admbridge.AudioDeviceModule;
import dev.admbridge.AudioStream;
import dev.admbridge.RealtimeCallback;
import dev.admbridge.RecoveryPolicy;
import dev.admbridge.StreamConfig;
import dev.admbridge.StreamKind;
import dev.admbridge.junit.SoundCard;
import dev.admbridge.junit.SoundCardTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * Any sequence of calls on one module from three threads at once (and from a listener on the dispatcher):
 * every call returns or throws a documented code, none hangs, and closing the module leaves no thread of it.
 */
@SoundCardTest(inputs = 2, outputs = 2, loopback = true)
class CallSequenceProperties {
    private static final Set<AdmCode> DOCUMENTED = Set.of(AdmCode.ERR_INVALID_ARGUMENT, AdmCode.ERR_NOT_READY,
            AdmCode.ERR_NOT_SUPPORTED, AdmCode.ERR_NOT_INITIALIZED, AdmCode.ERR_ALREADY_IN_USE);
    private static final StreamKind[] KINDS = {StreamKind.PLAYOUT, StreamKind.RECORDING, StreamKind.LOOPBACK};

    private final SoundCard card;

    CallSequenceProperties(SoundCard card) {
        this.card = card;
    }

    enum Op { INIT, START, STOP, CLOSE, WRITE, READ, CONSUMER, NO_CONSUMER, STATS, CHECK, DEVICES, LISTENER, UNLISTEN,
        COALESCING, DEVICE_TEST_ON, DEVICE_TEST_OFF, RECOVERY, REALTIME, NO_REALTIME, CLOSE_MODULE }

    /** One call: what, on which stream kind, with which number (a timeout in ms, a block size, a level interval). */
    record Call(Op op, int kind, int number) {}

    private static Gen<List<Call>> script() {
        Gen<Call> call = Generate.enumValues(Op.class).zip(Generate.range(0, 2), Generate.range(0, 40), Call::new);
        return SourceDSL.lists().of(call).ofSizeBetween(1, 14);
    }

    @Test
    void shouldGiveOnlyDocumentedOutcomesAndLeaveNothingBehind() {
        qt().withExamples(25).withShrinkCycles(20).forAll(script(), script(), script()).checkAssert(this::run);
    }

    private void run(List<Call> a, List<Call> b, List<Call> c) {
        Map<String, Throwable> undocumented = new ConcurrentHashMap<>();
        AudioDeviceModule module = card.openModule();
        StreamConfig config = StreamConfig.builder().device(card.playoutDevice(module))
                .framesPerBuffer(256).build();
        AdmEventListener asking = new AdmEventListener() {
            @Override
            public void onStateChanged(AdmEvent event) {
                guarded(undocumented, "listener", () -> module.stream(event.stream()).ifPresent(AudioStream::stats));
            }
        };
        List<Thread> threads = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(3);
        for (List<Call> script : List.of(a, b, c)) {
            Thread thread = new Thread(() -> {
                try {
                    for (Call call : script) {
                        guarded(undocumented, call.toString(), () -> perform(module, config, asking, call));
                    }
                } finally {
                    done.countDown();
                }
            }, "sequence");
            threads.add(thread);
            thread.start();
        }
        try {
            assertTrue(done.await(60, TimeUnit.SECONDS), "a call hung: " + List.of(a, b, c));
            module.close();
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertEquals(Map.of(), undocumented, "undocumented outcomes of " + List.of(a, b, c));
        long left = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("admbridge-") && t.getName().endsWith("-pcm")).count();
        assertEquals(0, left, "consumer threads left after the module closed");
    }

    private static void perform(AudioDeviceModule module, StreamConfig config, AdmEventListener listener, Call call) {
        StreamKind kind = KINDS[call.kind()];
        AudioStream stream = module.isOpen() ? module.stream(kind).orElse(null) : null;
        switch (call.op()) {
            case INIT -> module.initStream(kind, config);
            case START -> { if (stream != null) stream.start(); }
            case STOP -> { if (stream != null) stream.stop(); }
            case CLOSE -> { if (stream != null) stream.close(); }
            case WRITE -> { if (stream != null) stream.write(new float[2 * 480], 0, 480, Duration.ofMillis(call.number())); }
            case READ -> { if (stream != null) stream.read(new float[2 * 480], 0, 480, Duration.ofMillis(call.number())); }
            case CONSUMER -> { if (stream != null) stream.setConsumer((buffer, frames) -> { }, 1 + call.number() * 10); }
            case NO_CONSUMER -> { if (stream != null) stream.setConsumer(null); }
            case STATS -> { if (stream != null) stream.stats(); }
            case CHECK -> module.checkFormat(kind, config);
            case DEVICES -> module.devices();
            case LISTENER -> module.addListener(listener);
            case UNLISTEN -> module.removeListener(listener);
            case COALESCING -> module.setEventCoalescing(Duration.ofMillis(call.number()));
            case DEVICE_TEST_ON -> module.startDeviceLoopbackTest(Duration.ofMillis(call.number() * 5L));
            case DEVICE_TEST_OFF -> module.stopDeviceLoopbackTest();
            case RECOVERY -> module.setRecoveryPolicy(call.number() % 2 == 0 ? RecoveryPolicy.OFF
                    : RecoveryPolicy.reopen(Duration.ofMillis(call.number()), Duration.ofMillis(40), call.number()));
            case REALTIME -> { if (stream != null) stream.setRealtimeCallback(realtime(call.number())); }
            case NO_REALTIME -> { if (stream != null) stream.setRealtimeCallback(null); }
            case CLOSE_MODULE -> module.close();
        }
    }

    /** A realtime callback that does nothing, throws, or takes `number` ms (longer than its period: late). */
    private static RealtimeCallback realtime(int number) {
        return switch (number % 3) {
            case 0 -> block -> { };
            case 1 -> block -> {
                throw new IllegalStateException("the callback's own failure");
            };
            default -> block -> Thread.sleep(number);
        };
    }

    private static void guarded(Map<String, Throwable> undocumented, String what, Runnable call) {
        try {
            call.run();
        } catch (AdmException e) {
            if (!DOCUMENTED.contains(e.code()) && !e.code().name().startsWith("ERR_ADM_")) {
                undocumented.put(what + ": " + e.getMessage(), e);
            }
        } catch (RuntimeException | Error e) {
            undocumented.put(what + ": " + e, e);
        }
    }
}
