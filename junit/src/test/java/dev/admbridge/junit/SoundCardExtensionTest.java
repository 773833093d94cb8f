package dev.admbridge.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.admbridge.AdmCode;
import dev.admbridge.AudioDeviceModule;
import dev.admbridge.AudioStream;
import dev.admbridge.StreamState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.OutputDirectoryCreator;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

/**
 * The extension as a test suite sees it: test classes that use it (the nested fixtures below, which Surefire
 * does not run by themselves) are run through the JUnit engine, and what it reported is checked.
 */
class SoundCardExtensionTest {
    /** What the fixtures saw, for the checks here; fixtures run one at a time. */
    static final List<String> SEEN = Collections.synchronizedList(new ArrayList<>());

    @TempDir
    Path reports;

    @BeforeAll
    static void needsJackd() {
        assumeTrue(JackServer.findJackd().isPresent(), "jackd (Debian package jackd2) is not installed");
    }

    private EngineExecutionResults run(Class<?> fixture, Map<String, String> configuration) {
        SEEN.clear();
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).configurationParameters(configuration)
                .outputDirectoryCreator(new InTempDir(reports)).execute();
    }

    private EngineExecutionResults run(Class<?> fixture) {
        return run(fixture, Map.of());
    }

    private static String failures(EngineExecutionResults results) {
        return results.allEvents().stream().filter(e -> e.getType() == EventType.FINISHED)
                .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow())
                .filter(r -> r.getStatus() != TestExecutionResult.Status.SUCCESSFUL)
                .map(r -> String.valueOf(r.getThrowable().orElse(null))).collect(Collectors.joining("\n"));
    }

    private static void assertTests(EngineExecutionResults results, int succeeded, int failed) {
        String why = failures(results);
        assertEquals(succeeded, results.testEvents().succeeded().count(), "succeeded; failures: " + why);
        assertEquals(failed, results.testEvents().failed().count(), "failed; failures: " + why);
    }

    // --- the condition ---

    @SoundCardTest(outputs = 64, inputs = 64)
    static class NeedsAHugeCard {
        @Test
        void plays() {
            SEEN.add("ran");
        }
    }

    @Test
    void shouldDisableWithTheReasonUnlessTheRunDemandsACard() {
        // A person's run (the configuration parameter wins over the environment a CI job sets).
        EngineExecutionResults relaxed = run(NeedsAHugeCard.class, Map.of(SoundCardExtension.REQUIRE_PROPERTY, "false"));
        List<Event> skipped = relaxed.containerEvents().skipped().list();
        assertEquals(1, skipped.size(), relaxed.allEvents().list().toString());
        String reason = skipped.get(0).getPayload(String.class).orElseThrow();
        assertTrue(reason.contains("with 64 output channel(s)") && reason.contains("ADMBRIDGE_REQUIRE_SOUNDCARD"), reason);
        assertEquals(List.of(), SEEN);

        EngineExecutionResults demanding = run(NeedsAHugeCard.class, Map.of(SoundCardExtension.REQUIRE_PROPERTY, "true"));
        demanding.containerEvents().assertStatistics(stats -> stats.skipped(0).failed(1));
        assertTrue(failures(demanding).contains("and this run demands a sound card"), failures(demanding));
        assertEquals(List.of(), SEEN);
    }

    @VirtualSoundCard(period = 100)
    static class BadSettings {
        @Test
        void plays() {}
    }

    @org.junit.jupiter.api.extension.ExtendWith(SoundCardExtension.class)
    static class NoCard {
        @Test
        void wantsACard(SoundCard card) {}

        @Test
        void wantsAModule(AudioDeviceModule adm) {}

        @Test
        @SoundCardTest(outputs = 0)
        void wantsAVirtualCardOnTheMachineCard(VirtualCard card) {}
    }

    @Test
    void shouldRefuseBadSettingsAndParametersWithoutACard() {
        EngineExecutionResults bad = run(BadSettings.class);
        assertTrue(failures(bad).contains("@VirtualSoundCard: period must be a power of two from 16 to 4096, was 100"),
                failures(bad));
        EngineExecutionResults none = run(NoCard.class);
        assertTests(none, 0, 3);
        String why = failures(none);
        assertTrue(why.contains("a SoundCard parameter needs @SoundCardTest or @VirtualSoundCard"), why);
        assertTrue(why.contains("a AudioDeviceModule parameter needs @SoundCardTest or @VirtualSoundCard"), why);
        assertTrue(why.contains("a VirtualCard parameter needs @VirtualSoundCard"), why);
    }

    // --- virtual cards ---

    @VirtualSoundCard(rate = 44100, period = 128)
    static class ClassCard {
        @Test
        void first(VirtualCard card, AudioDeviceModule adm) {
            SEEN.add(card.serverName() + " " + card.pid() + " " + card.playoutDevice(adm).defaultSampleRate());
        }

        @Test
        void second(VirtualCard card) {
            SEEN.add(card.serverName() + " " + card.pid());
        }

        @Test
        @VirtualSoundCard(rate = 48000)
        void ownCard(VirtualCard card, AudioDeviceModule adm) {
            SEEN.add(card.serverName() + " " + card.pid() + " " + card.playoutDevice(adm).defaultSampleRate());
        }
    }

    @Test
    void shouldStartACardPerClassOrPerTestAndStopExactlyThatProcess() {
        EngineExecutionResults results = run(ClassCard.class);
        assertTests(results, 3, 0);
        List<String> seen = List.copyOf(SEEN);
        String[] first = seen.stream().filter(s -> s.endsWith("44100.0")).findFirst().orElseThrow().split(" ");
        String[] own = seen.stream().filter(s -> s.endsWith("48000.0")).findFirst().orElseThrow().split(" ");
        assertTrue(seen.contains(first[0] + " " + first[1]), "the class's tests share its card: " + seen);
        assertNotEquals(first[0], own[0], "a test's own card is another server");
        for (String pid : List.of(first[1], own[1])) {
            assertFalse(ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false),
                    "server " + pid + " was stopped");
        }
    }

    @VirtualSoundCard
    static class Faults {
        @Test
        void killedStalledAndRestarted(VirtualCard card, AudioDeviceModule adm, EventRecorder events) throws Exception {
            try (AudioStream playout = adm.initPlayout(card.playoutConfig(adm).framesPerBuffer(256).build())) {
                playout.start();
                card.stall();
                assertTrue(card.isStalled() && !card.isRunning());
                events.awaitCode(AdmCode.WARN_ADM_PLAYOUT_MALFUNCTION, Duration.ofSeconds(3));
                card.resume();
                card.kill();
                assertFalse(card.isRunning());
                events.awaitCode(AdmCode.ERR_ADM_RUNTIME_PLAYOUT_ERROR, Duration.ofSeconds(3));
                events.awaitState(dev.admbridge.StreamKind.PLAYOUT, StreamState.FAILED, Duration.ofSeconds(3));
                assertThrows(IllegalStateException.class, card::stall, "a killed server cannot be stalled");
            }
            card.restart();
            assertTrue(card.isRunning());
            try (AudioDeviceModule again = card.openModule()) {
                assertEquals(2, card.playoutDevice(again).maxOutputChannels(), "the restarted server is found");
            }
            card.terminate();
            assertFalse(card.isRunning());
            SEEN.add("done " + card.serverName());
        }
    }

    @Test
    void shouldTakeTheServerDownAsRealServersFail() {
        EngineExecutionResults results = run(Faults.class);
        assertTests(results, 1, 0);
        assertEquals(1, SEEN.size(), SEEN.toString());
    }

    /**
     * A server killed with SIGKILL keeps its entry in JACK's registry of 8 servers until one of its name starts
     * again: the card does that when it closes, so killed cards never use the registry up. (Without modules in
     * this process: libjack's own trouble with dying servers is another matter, docs/testing.md.)
     */
    @Test
    void shouldFreeTheRegistryEntryOfAKilledServer() throws Exception {
        for (int i = 0; i < 12; i++) {
            try (JackServer server = JackServer.start(48000, 256, 2, 2)) {
                server.kill();
                server.restart();
                server.stall();
                server.kill();
            }
        }
        try (JackServer last = JackServer.start(48000, 256, 2, 2)) {
            assertTrue(last.isRunning(), "12 killed servers later, a new one still starts");
        }
    }

    // --- evidence ---

    @VirtualSoundCard
    static class FailsWithATone {
        @Test
        void hearsTheWrongLevel(VirtualCard card, AudioDeviceModule adm) throws Exception {
            try (AudioStream playout = adm.initPlayout(card.playoutConfig(adm).channels(1).build())) {
                playout.start();
                float[] tone = new float[48000];
                for (int n = 0; n < tone.length; n++) {
                    tone[n] = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * n / 48000.0));
                }
                Thread writer = new Thread(() -> playout.write(tone, 0, tone.length, Duration.ofSeconds(5)));
                writer.start();
                Recording heard = card.recordLoopback(adm, Duration.ofMillis(500));
                writer.join();
                SignalAssertions.assertTone(heard, 1000, -6, 0.5);  // what was played: passes
                SignalAssertions.assertTone(heard, 1000, -20, 0.5);  // fails, on purpose
            }
        }
    }

    @Test
    void shouldAttachTheAudioEventsAndServerLogOfAFailedTest() throws Exception {
        EngineExecutionResults results = run(FailsWithATone.class);
        assertTrue(failures(results).contains("expected a tone at -20.00 +- 0.50 dBFS; heard 1000.0 Hz at -6.0"),
                failures(results));
        List<FileEntry> files = results.allEvents().stream().filter(e -> e.getType() == EventType.FILE_ENTRY_PUBLISHED)
                .map(e -> e.getPayload(FileEntry.class).orElseThrow()).toList();
        Map<String, FileEntry> byName = files.stream()
                .collect(Collectors.toMap(f -> f.getPath().getFileName().toString(), f -> f));
        assertEquals(List.of("events.log", "jackd.log", "loopback-1.wav"), byName.keySet().stream().sorted().toList());
        Path wav = byName.get("loopback-1.wav").getPath();
        assertEquals("audio/wav", byName.get("loopback-1.wav").getMediaType().orElseThrow());
        assertEquals(24000, AudioSystem.getAudioFileFormat(wav.toFile()).getFrameLength());
        String events = Files.readString(byName.get("events.log").getPath());
        assertTrue(events.contains("state RUNNING"), events);
        assertTrue(Files.readString(byName.get("jackd.log").getPath()).contains("JACK server starting"), "the server's own log");
        for (FileEntry file : files) {
            System.out.printf("attached %s (%d bytes)%n", file.getPath().getFileName(), Files.size(file.getPath()));
        }
    }

    @SoundCardTest
    static class FailsWithNothingToAttach {
        @Test
        void fails() {
            throw new AssertionError("on purpose");
        }
    }

    @Test
    void shouldSaySoWhenAFailedTestHasNoEvidence() {
        EngineExecutionResults results = run(FailsWithNothingToAttach.class);
        String failures = failures(results);
        assertTrue(failures.contains("on purpose"), failures);
        assertFalse(failures.contains("must not be null or blank"), failures);  // what JUnit said of a blank entry
        List<String> entries = results.allEvents().stream()
                .filter(e -> e.getType() == EventType.REPORTING_ENTRY_PUBLISHED)
                .map(e -> e.getPayload(org.junit.platform.engine.reporting.ReportEntry.class).orElseThrow())
                .map(entry -> entry.getKeyValuePairs().get("admbridge.evidence")).toList();
        assertEquals(List.of("none written"), entries);
    }

    @VirtualSoundCard(rate = 48000, period = 256)
    static class RoundTrips {
        @Test
        void onePeriod(VirtualCard card, AudioDeviceModule adm) {
            RoundTrip trip = SignalAssertions.assertRoundTrip(adm, card, Duration.ofNanos(5_333_333),
                    Duration.ofMillis(1));
            SEEN.add(trip.latencyFrames().toString());
        }

        @Test
        void fiftyMillisecondsIsWrong(VirtualCard card, AudioDeviceModule adm) {
            SignalAssertions.assertRoundTrip(adm, card, Duration.ofMillis(50), Duration.ofMillis(1));
        }

        @Test
        void aRunningStreamWithoutXruns(VirtualCard card, AudioDeviceModule adm, EventRecorder events)
                throws Exception {
            try (AudioStream playout = adm.initPlayout(card.playoutConfig(adm).build())) {
                playout.start();
                // A JACK server without realtime scheduling misses a cycle now and then on a busy machine: one
                // clean window of five shows that the assertion passes a stream that runs clean.
                for (int window = 1; ; window++) {
                    try {
                        SignalAssertions.assertNoXruns(playout, events, Duration.ofMillis(300));
                        SEEN.add("clean window");
                        return;
                    } catch (org.opentest4j.AssertionFailedError e) {
                        if (window == 5 || !e.getMessage().contains("xrun(s)")) {
                            throw e;
                        }
                    }
                }
            }
        }

        @Test
        void aStoppedStreamMakesNoProgress(VirtualCard card, AudioDeviceModule adm, EventRecorder events) {
            try (AudioStream playout = adm.initPlayout(card.playoutConfig(adm).build())) {
                SignalAssertions.assertNoXruns(playout, events, Duration.ofMillis(200));
            }
        }
    }

    @Test
    void shouldMeasureTheRoundTripAndWatchForXruns() {
        EngineExecutionResults results = run(RoundTrips.class);
        assertTests(results, 2, 2);
        assertTrue(SEEN.containsAll(List.of("[256, 256, 256, 256, 256]", "clean window")), SEEN.toString());
        String why = failures(results);
        assertTrue(why.contains("expected a round trip of 50.0 +- 1.0 ms; round trip on system: median 5.33 ms"), why);
        assertTrue(why.contains("made no progress in 200 ms"), why);
    }

    /** Report files in a directory per test, as a build tool's report directory. */
    private record InTempDir(Path root) implements OutputDirectoryCreator {
        @Override
        public Path getRootDirectory() {
            return root;
        }

        @Override
        public Path createOutputDirectory(TestDescriptor descriptor) throws IOException {
            return Files.createDirectories(root.resolve(Integer.toHexString(descriptor.getUniqueId().hashCode())));
        }
    }
}
