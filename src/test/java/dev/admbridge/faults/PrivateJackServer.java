package dev.admbridge.faults;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JACK dummy server of a test's own, under a server name of its own, so that a test can stop, kill and
 * restart it by PID without touching the shared virtual sound card. Names are reused on purpose: JACK keeps
 * a process-wide registry of 8 servers, and the entry of a server killed by SIGKILL is only reclaimed by a
 * server of the same name ("Too many servers already active" otherwise, after a few killed ones).
 */
final class PrivateJackServer implements AutoCloseable {
    final String name;
    private final File log;
    private Process process;

    PrivateJackServer(String name) throws IOException {
        this.name = name;
        this.log = File.createTempFile("jackd-" + name, ".log");
        start();
    }

    void start() throws IOException {
        // A server of this name left by a test run that crashed would answer in place of ours: it goes first.
        ProcessHandle.allProcesses()
                .filter(p -> p.info().command().orElse("").endsWith("/jackd")
                        && p.info().arguments().map(a -> a.length > 1 && a[0].equals("-n") && a[1].equals(name))
                                .orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
        // -t 2000: the server gives a client 2 s per cycle before it drops it (500 ms by default), so that a
        // test JVM starting up on a loaded 2-core machine is not dropped, which would be a fault of its own.
        ProcessBuilder builder = new ProcessBuilder(List.of("jackd", "-n", name, "--no-realtime", "-t", "2000", "-d",
                "dummy", "-r", "48000", "-p", "256"));
        builder.environment().put("JACK_NO_AUDIO_RESERVATION", "1");
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        process = builder.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!answers()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("jackd -n " + name + " did not come up; see " + log);
            }
            sleep(50);
        }
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL, and wait until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
    }

    /** SIGCONT, unless the process is gone already. */
    void continueIfAlive() throws IOException, InterruptedException {
        if (process.isAlive()) {
            signal("CONT");
        }
    }

    /** Waits until the process is gone (after a SIGTERM). */
    void awaitExit(Duration timeout) throws InterruptedException, IOException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IOException("jackd -n " + name + " did not exit within " + timeout);
        }
    }

    void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    private boolean answers() throws IOException {
        ProcessBuilder lsp = new ProcessBuilder("jack_lsp").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        lsp.environment().put("JACK_DEFAULT_SERVER", name);
        lsp.environment().put("JACK_NO_START_SERVER", "1");
        try {
            return lsp.start().waitFor() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            signal("CONT");  // a stopped process cannot act on SIGTERM
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                kill();
            }
        }
        log.delete();
    }
}
