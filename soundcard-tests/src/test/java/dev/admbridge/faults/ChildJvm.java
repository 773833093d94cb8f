package dev.admbridge.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A JVM running a FaultScenario or a ScriptedChild, talked to line by line. Every line it printed is kept. */
final class ChildJvm implements AutoCloseable {
    private final Process process;
    /** What the child wrote to stderr: a JVM crash, an assertion in a native library, a stack trace. */
    final java.io.File errors = java.io.File.createTempFile("child-jvm", ".err");
    private final Writer commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final List<String> transcript = new ArrayList<>();

    ChildJvm(Map<String, String> environment, String scenario) throws IOException {
        this(environment, FaultScenario.class, scenario);
    }

    /** A JVM running {@code main} of {@code mainClass} with {@code args}, with this environment added (a card's). */
    ChildJvm(Map<String, String> environment, Class<?> mainClass, String... args) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                mainClass.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        builder.redirectError(ProcessBuilder.Redirect.appendTo(errors));
        process = builder.start();
        commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("READER FAILED " + e);
            }
        }, "child-jvm-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** The next line that matches, within the timeout; lines before it are kept in the transcript. */
    String await(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (;;) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw new AssertionError("no matching line within " + timeout + "; child printed: " + transcript
                        + (process.isAlive() ? "" : "; it exited with " + process.exitValue()) + "; stderr: "
                        + stderrTail());
            }
            transcript.add(line);
            if (wanted.test(line)) {
                return line;
            }
        }
    }

    String await(String prefix, Duration timeout) throws InterruptedException {
        return await(line -> line.startsWith(prefix), timeout);
    }

    /** As await, but a matching line that came while awaiting another (two commands in flight) counts too. */
    String awaitAlsoSeen(String prefix, Duration timeout) throws InterruptedException {
        for (String line : transcript) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        return await(prefix, timeout);
    }

    void send(String command) throws IOException {
        commands.write(command + "\n");
        commands.flush();
    }

    /** The exit status, waiting up to the timeout; the process is killed if it takes longer. */
    int exitStatus(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child JVM did not exit within " + timeout + "; printed: " + transcript);
        }
        return process.exitValue();
    }

    private String stderrTail() {
        try {
            String all = errorOutput();
            return all.length() > 2000 ? "..." + all.substring(all.length() - 2000) : all;
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** What the child wrote to stderr so far. */
    String errorOutput() throws IOException {
        return java.nio.file.Files.readString(errors.toPath());
    }

    @Override
    public void close() {
        process.destroyForcibly();
        errors.delete();
    }
}
