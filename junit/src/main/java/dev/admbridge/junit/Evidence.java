package dev.admbridge.junit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.MediaType;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What one test heard and captured, attached to its report if it fails: each {@link Recording} as a WAV
 * file, each event recorder's log, the virtual card's server log. The current test's evidence is found by
 * the signal assertions through the test's thread.
 */
final class Evidence {
    private static final ThreadLocal<Evidence> CURRENT = new ThreadLocal<>();
    private static final MediaType WAV = MediaType.create("audio", "wav");
    /** Recordings kept per test; the last ones are what a failure is about, older ones are let go. */
    private static final int MAX_RECORDINGS = 8;

    private final Map<String, Recording> recordings = new LinkedHashMap<>();  // guarded by this
    private final List<Log> logs = new ArrayList<>();  // guarded by this
    private final Map<String, Path> files = new LinkedHashMap<>();  // guarded by this

    static Optional<Evidence> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    void makeCurrent() {
        CURRENT.set(this);
    }

    static void clearCurrent() {
        CURRENT.remove();
    }

    /** Keeps a recording; one of the same name replaces the older. */
    synchronized void add(Recording recording) {
        recordings.remove(recording.name());
        recordings.put(recording.name(), recording);
        while (recordings.size() > MAX_RECORDINGS) {
            recordings.remove(recordings.keySet().iterator().next());
        }
    }

    /** A unique recording name for this test: {@code base-1}, {@code base-2}, ... */
    synchronized String nextName(String base) {
        int n = 1;
        while (recordings.containsKey(base + "-" + n)) {
            n++;
        }
        return base + "-" + n;
    }

    private record Log(String fileName, Supplier<String> text) {}

    /** A log whose text is read at the time of the failure. */
    synchronized void addLog(String fileName, Supplier<String> text) {
        logs.add(new Log(fileName, text));
    }

    /** A file copied as it is at the time of the failure (a server's log). */
    synchronized void addFile(String fileName, Path file) {
        files.put(fileName, file);
    }

    /**
     * Attaches everything to the report of the test of {@code context}. A file that cannot be attached (a runner
     * without an output directory) is named in a report entry instead: the test's own failure stays the story.
     */
    synchronized void publish(ExtensionContext context) {
        List<String> attached = new ArrayList<>();
        for (Recording recording : recordings.values()) {
            attach(context, recording.name() + ".wav", WAV, recording::writeWav, attached);
        }
        for (Log log : logs) {
            String text = log.text().get();
            attach(context, log.fileName(), MediaType.TEXT_PLAIN_UTF_8,
                    path -> Files.writeString(path, text, StandardCharsets.UTF_8), attached);
        }
        for (Map.Entry<String, Path> file : files.entrySet()) {
            if (Files.isReadable(file.getValue())) {
                attach(context, file.getKey(), MediaType.TEXT_PLAIN_UTF_8, path -> Files.copy(file.getValue(), path),
                        attached);
            }
        }
        // JUnit refuses a blank report entry: a failure whose evidence could not be written says so.
        context.publishReportEntry("admbridge.evidence", attached.isEmpty() ? "none written" : String.join(", ", attached));
    }

    private static void attach(ExtensionContext context, String name, MediaType type, ThrowingConsumer<Path> writer,
            List<String> attached) {
        try {
            context.publishFile(name, type, writer);
            attached.add(name);
        } catch (RuntimeException e) {
            attached.add(name + " (not attached: " + e.getMessage() + ")");
        }
    }
}
