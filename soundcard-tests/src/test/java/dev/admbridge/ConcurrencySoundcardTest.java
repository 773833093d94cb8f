package dev.admbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.admbridge.junit.SoundCard;
import dev.admbridge.junit.SoundCardTest;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Random init/start/stop/close sequences from several threads on shared modules, on the card,
 * for a bounded time: every failure is an AdmException with a documented state code, nothing crashes,
 * and what is left closes cleanly.
 */
@SoundCardTest(inputs = 2, outputs = 2, loopback = true)
class ConcurrencySoundcardTest {
    private static final Duration RUN = Duration.ofSeconds(10);
    private static final Set<AdmCode> STATE_CODES = EnumSet.of(AdmCode.ERR_NOT_INITIALIZED, AdmCode.ERR_NOT_READY,
            AdmCode.ERR_ALREADY_IN_USE);
    private static final List<StreamKind> KINDS = List.of(StreamKind.PLAYOUT, StreamKind.RECORDING, StreamKind.LOOPBACK);

    private final SoundCard card;

    ConcurrencySoundcardTest(SoundCard card) {
        this.card = card;
    }

    @Test
    void shouldSurviveRandomControlCallsFromManyThreads() throws Exception {
        AtomicReference<AudioDeviceModule> shared = new AtomicReference<>(card.openModule());
        // By name: the modules replaced along the way list the card under the same name.
        StreamConfig config = StreamConfig.builder().device(card.playoutDevice(shared.get()).name())
                .framesPerBuffer(128).build();
        AtomicInteger calls = new AtomicInteger();
        Map<String, Throwable> unexpected = new ConcurrentHashMap<>();
        Map<AdmCode, AtomicInteger> codes = new ConcurrentHashMap<>();
        AtomicInteger events = new AtomicInteger();
        AdmEventListener counter = new AdmEventListener() {
            @Override
            public void onError(AdmEvent event) {
                events.incrementAndGet();
            }

            @Override
            public void onStateChanged(AdmEvent event) {
                events.incrementAndGet();
            }
        };
        shared.get().addListener(counter);
        long deadline = System.nanoTime() + RUN.toNanos();
        int threads = 4;
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            long seed = 31L * t;
            Thread worker = new Thread(() -> {
                Random random = new Random(seed);
                try {
                    while (System.nanoTime() < deadline) {
                        AudioDeviceModule adm = shared.get();
                        StreamKind kind = KINDS.get(random.nextInt(KINDS.size()));
                        try {
                            switch (random.nextInt(12)) {
                                case 0, 1 -> adm.initStream(kind, config);
                                case 2, 3 -> adm.stream(kind).ifPresent(AudioStream::start);
                                case 4 -> adm.stream(kind).ifPresent(AudioStream::stop);
                                case 5 -> adm.stream(kind).ifPresent(AudioStream::close);
                                case 6 -> adm.stream(kind).ifPresent(AudioStream::stats);
                                case 7 -> adm.checkFormat(kind, config);
                                case 8 -> adm.devices();
                                case 9 -> {
                                    if (random.nextInt(25) == 0) {
                                        AudioDeviceModule fresh = card.openModule();
                                        fresh.addListener(counter);
                                        shared.getAndSet(fresh).close();
                                    }
                                }
                                default -> adm.stream(kind).ifPresent(s -> s.state());
                            }
                        } catch (AdmException e) {
                            codes.computeIfAbsent(e.code(), c -> new AtomicInteger()).incrementAndGet();
                            if (!STATE_CODES.contains(e.code())) {
                                unexpected.put(e.getMessage(), e);
                            }
                        }
                        calls.incrementAndGet();
                    }
                } catch (Throwable e) {
                    unexpected.put(String.valueOf(e), e);
                } finally {
                    done.countDown();
                }
            }, "hammer-" + t);
            worker.start();
        }
        assertTrue(done.await(RUN.toSeconds() + 60, java.util.concurrent.TimeUnit.SECONDS), "workers finished");
        shared.get().close();
        System.out.printf("%d random calls from %d threads, %d events, codes %s%n", calls.get(), threads,
                events.get(), codes);
        assertEquals(Map.of(), unexpected);
        assertTrue(calls.get() >= 1000, "calls: " + calls.get());
        assertTrue(events.get() > 0, "the listeners heard the streams");
    }
}
