package dev.admbridge.junit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JACK server on the dummy driver, of one test's own: started under a private name, waited for until it
 * answers, and stopped by its own PID (never another process).
 *
 * <p>JACK keeps a registry of at most 8 servers per machine, and the entry of a server that did not shut down
 * in order (SIGKILL; or SIGPIPE, which jackd 1.9.21 dies of when a client vanished while it shuts down: exit
 * status 141, measured) stays until a server of the same name starts again. So a server that ended uncleanly
 * is started once more and stopped in order at {@link #close()}, and servers left by a JVM that died are
 * stopped before a new one starts (their names carry the PID of their JVM).
 */
final class JackServer implements AutoCloseable {
    private static final String PREFIX = "admbridge-junit-";
    private static final Pattern OURS = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-\\d+");
    private static final AtomicInteger SERIAL = new AtomicInteger();
    private static final Duration STARTUP = Duration.ofSeconds(15);
    private static final Duration SHUTDOWN = Duration.ofSeconds(5);
    private static final Duration ANSWER = Duration.ofSeconds(2);  // one jack_lsp ask: it answers in ~20 ms

    private final String name;
    private final List<String> command;
    private final Path log;
    private Process process;  // guarded by this
    private boolean stopped;  // guarded by this: SIGSTOP sent, no SIGCONT yet
    private boolean unclean;  // guarded by this: ended uncleanly at least once; its registry entry needs a clean stop

    private JackServer(String name, List<String> command, Path log) {
        this.name = name;
        this.command = command;
        this.log = log;
    }

    /** Starts {@code jackd -n NAME -d dummy} at this rate and period, with these many capture and playback ports. */
    static JackServer start(int rate, int period, int inputs, int outputs) throws IOException {
        stopOrphans();
        String name = PREFIX + ProcessHandle.current().pid() + "-" + SERIAL.incrementAndGet();
        // -t 2000: the server gives a client 2 s per cycle before it drops it (500 ms by default), so that a
        // client starting up on a loaded machine is not dropped, which would be a fault of its own.
        List<String> command = List.of(jackd().toString(), "-n", name, "--no-realtime", "-t", "2000", "-d", "dummy",
                "-r", Integer.toString(rate), "-p", Integer.toString(period), "-C", Integer.toString(inputs), "-P",
                Integer.toString(outputs));
        JackServer server = new JackServer(name, command, Files.createTempFile(name, ".log"));
        server.launch();
        return server;
    }

    /** The jackd of this machine, or empty if JACK is not installed (Debian package jackd2). */
    static Optional<Path> findJackd() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "jackd");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Path jackd() throws IOException {
        return findJackd().orElseThrow(() -> new IOException("jackd is not installed (Debian package jackd2)"));
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    synchronized long pid() {
        return process.pid();
    }

    synchronized boolean isRunning() {
        return process.isAlive() && !stopped;
    }

    synchronized boolean isStalled() {
        return process.isAlive() && stopped;
    }

    /** SIGTERM (and SIGCONT if stalled): the server shuts down in order; returns once it is gone. */
    synchronized void terminate() throws IOException, InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (stopped) {
            signal("CONT");  // a stopped process acts on SIGTERM once continued
            stopped = false;
        }
        awaitExit();
    }

    /** SIGKILL, as a crash would; returns once the process is gone. */
    synchronized void kill() throws IOException, InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            awaitExit();
        }
        stopped = false;
    }

    /** SIGSTOP: the server stops answering and stops its clients' cycles, as a hung server would. */
    synchronized void stall() throws IOException, InterruptedException {
        requireAlive("stall");
        signal("STOP");
        stopped = true;
    }

    /** SIGCONT after {@link #stall()}. */
    synchronized void resume() throws IOException, InterruptedException {
        requireAlive("resume");
        signal("CONT");
        stopped = false;
    }

    /** A new server under the same name, after stopping this one if it still runs. */
    synchronized void restart() throws IOException, InterruptedException {
        stopNow();
        launch();
    }

    @Override
    public synchronized void close() throws IOException, InterruptedException {
        stopNow();
        // Each start under the same name frees the entry an unclean end left; a clean stop frees its own.
        for (int attempt = 0; unclean && attempt < 3; attempt++) {
            unclean = false;
            launch();
            stopNow();
        }
        removeSemaphores();
        Files.deleteIfExists(log);
    }

    /**
     * The named semaphores libjack made for the clients of this server ({@code /dev/shm/jack_sem.UID_NAME_CLIENT}):
     * a server that died, or clients that did, leave them behind, and nothing else will use this name again.
     */
    private void removeSemaphores() throws IOException {
        Path shm = Path.of("/dev/shm");
        if (!Files.isDirectory(shm)) {
            return;
        }
        try (var files = Files.newDirectoryStream(shm, "jack_sem.*_" + name + "_*")) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
    }

    @Override
    public String toString() {
        return "JACK server \"" + name + "\" (" + String.join(" ", command.subList(3, command.size())) + ")";
    }

    private void launch() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("JACK_NO_AUDIO_RESERVATION", "1");
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = builder.start();
        stopped = false;
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!answers()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IOException(this + " did not come up within " + STARTUP.toSeconds() + " s; its log:\n"
                        + tail(log));
            }
            sleep(Duration.ofMillis(50));
        }
    }

    private void stopNow() throws IOException, InterruptedException {
        if (process == null) {
            return;
        }
        if (process.isAlive()) {
            if (stopped) {
                signal("CONT");  // a stopped process cannot act on SIGTERM
                stopped = false;
            }
            process.destroy();
            if (!process.waitFor(SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        }
        awaitExit();  // also notes a server that ended by itself, uncleanly, before
    }

    /** Waits for the process to end, and notes an unclean end (a signal, or an error exit). */
    private void awaitExit() throws IOException, InterruptedException {
        if (!process.waitFor(SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IOException(this + " (pid " + process.pid() + ") did not exit within " + SHUTDOWN.toSeconds()
                    + " s");
        }
        unclean |= process.exitValue() != 0;
    }

    private void requireAlive(String what) {
        if (!process.isAlive()) {
            throw new IllegalStateException("cannot " + what + " " + this + ": it is not running (killed?); "
                    + "restart() it first");
        }
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                .redirectErrorStream(true).start();
        String output = new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + signal + " " + process.pid() + " failed: " + output.strip());
        }
    }

    private boolean answers() throws IOException {
        ProcessBuilder lsp = new ProcessBuilder("jack_lsp").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        lsp.environment().put("JACK_DEFAULT_SERVER", name);
        lsp.environment().put("JACK_NO_START_SERVER", "1");
        Process asking = lsp.start();
        try {
            // A client that connects while the server is still coming up can wait for it forever (seen once in a
            // restart under a client that reconnects): such an ask counts as no answer, and the next one asks anew.
            if (!asking.waitFor(ANSWER.toMillis(), TimeUnit.MILLISECONDS)) {
                asking.destroyForcibly();
                return false;
            }
            return asking.exitValue() == 0;
        } catch (InterruptedException e) {
            asking.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + this, e);
        }
    }

    /** Stops the servers of this class whose JVM is gone (a test run that was killed); they hold registry entries. */
    private static void stopOrphans() {
        List<ProcessHandle> orphans = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(p -> {
            String[] args = p.info().arguments().orElse(new String[0]);
            if (args.length > 1 && args[0].equals("-n") && p.info().command().orElse("").endsWith("/jackd")) {
                Matcher m = OURS.matcher(args[1]);
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).map(h -> !h.isAlive()).orElse(true)) {
                    orphans.add(p);
                }
            }
        });
        for (ProcessHandle orphan : orphans) {
            try {
                // SIGCONT first: a server left stalled cannot act on SIGTERM.
                new ProcessBuilder("kill", "-CONT", Long.toString(orphan.pid()))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            } catch (IOException e) {
                // kill(1) missing: SIGTERM below still stops a server that is not stalled
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            orphan.destroy();
            orphan.onExit().completeOnTimeout(orphan, SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS).join();
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleep(Duration duration) throws IOException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
