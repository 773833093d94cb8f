package dev.admbridge.faults;

import dev.admbridge.AdmEvent;
import dev.admbridge.AdmEventListener;
import dev.admbridge.AdmException;
import dev.admbridge.AudioDeviceModule;
import dev.admbridge.AudioStream;
import dev.admbridge.RecoveryPolicy;
import dev.admbridge.StreamConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs in a child JVM whose environment names the test's virtual card (its JACK_DEFAULT_SERVER). Prints one
 * line per fact (EVENT, READY, TIMING, REINIT, DONE) for ServerFaultsTest, and waits for its commands on stdin.
 * Times are System.nanoTime(), CLOCK_MONOTONIC on Linux, so the parent can compare them with its own.
 */
public final class FaultScenario {
    private FaultScenario() {}

    public static void main(String[] args) throws Exception {
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        AdmEventListener printer = new AdmEventListener() {
            @Override
            public void onError(AdmEvent event) {
                print(event);
            }

            @Override
            public void onWarning(AdmEvent event) {
                print(event);
            }
        };
        switch (args[0]) {
            case "nodevice" -> noDevice();
            case "kill" -> kill(commands, printer);
            case "stall" -> stall(commands, printer);
            case "recover" -> recover(commands, printer);
            default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
        }
        say("DONE");
    }

    private static void noDevice() {
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            say("DEVICES " + adm.devices().size());
            for (String kind : new String[] {"playout", "recording"}) {
                try {
                    if (kind.equals("playout")) {
                        adm.initPlayout(StreamConfig.defaults());
                    } else {
                        adm.initRecording(StreamConfig.defaults());
                    }
                    say("INIT " + kind + " ok");
                } catch (AdmException e) {
                    say("INIT " + kind + " " + e.code().value() + " " + e.getMessage());
                }
            }
        }
    }

    private static void kill(BufferedReader commands, AdmEventListener printer) throws Exception {
        AudioDeviceModule adm = AudioDeviceModule.open();
        adm.addListener(printer);
        AudioStream playout = adm.initPlayout(config());
        AudioStream recording = adm.initRecording(config());
        startAndAwait(playout, recording);
        expect(commands, "STOP");  // the parent killed the server and saw the events
        timed("stop playout", playout::stop);
        timed("stop recording", recording::stop);
        timed("close playout", playout::close);
        timed("close recording", recording::close);
        expect(commands, "RESTARTED");
        AudioStream again = adm.initPlayout(config());
        AudioStream recordingAgain = adm.initRecording(config());
        startAndAwait(again, recordingAgain);
        say("REINIT ok callbacks=" + again.stats().callbacks());
        timed("close module", adm::close);
    }

    private static void stall(BufferedReader commands, AdmEventListener printer) throws Exception {
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            adm.addListener(printer);
            AudioStream playout = adm.initPlayout(config());
            AudioStream recording = adm.initRecording(config());
            startAndAwait(playout, recording);
            expect(commands, "CONTINUED");
            long before = playout.stats().callbacks();
            Thread.sleep(300);
            say("RESUMED " + (playout.stats().callbacks() - before) + " " + playout.state() + " " + recording.state());
        }
    }

    /**
     * The recovery policy on, a playout and a recording running, the application's write and read loops on two
     * threads of their own that never make a new call: for RecoverySoundcardTest, which kills and restarts the
     * server. Prints EVENT and STATE lines (state, stream, time, value), FLOWING when frames were read after the
     * command ARM (the time of the first), STATS (all the process's threads, RSS) and, at the end, LOOPS (the
     * exceptions the loops saw).
     */
    private static void recover(BufferedReader commands, AdmEventListener printer) throws Exception {
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            adm.addListener(printer);
            adm.addListener(new AdmEventListener() {
                @Override
                public void onStateChanged(AdmEvent event) {
                    say("STATE " + event.state() + " " + event.stream() + " " + System.nanoTime() + " "
                            + event.value());
                }
            });
            adm.setRecoveryPolicy(RecoveryPolicy.reopen());
            AudioStream playout = adm.initPlayout(config());
            AudioStream recording = adm.initRecording(config());
            startAndAwait(playout, recording);
            AtomicLong armedAt = new AtomicLong(Long.MAX_VALUE);
            AtomicInteger loopErrors = new AtomicInteger();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread writer = new Thread(() -> {
                float[] tone = new float[2 * 256];
                for (int i = 0; i < 256; i++) {
                    tone[2 * i] = tone[2 * i + 1] = (float) (0.25 * Math.sin(2 * Math.PI * 440 * i / 48000.0));
                }
                while (running.get()) {
                    try {
                        playout.write(tone, 0, 256, Duration.ofMillis(100));
                    } catch (AdmException e) {
                        loopErrors.incrementAndGet();
                        say("LOOPERROR write " + e.code());
                    }
                }
            }, "app-writer");
            Thread reader = new Thread(() -> {
                float[] into = new float[2 * 256];
                while (running.get()) {
                    try {
                        int frames = recording.read(into, 0, 256, Duration.ofMillis(100));
                        if (frames > 0 && System.nanoTime() > armedAt.get()) {
                            armedAt.set(Long.MAX_VALUE);
                            say("FLOWING " + System.nanoTime());
                        }
                    } catch (AdmException e) {
                        loopErrors.incrementAndGet();
                        say("LOOPERROR read " + e.code());
                    }
                }
            }, "app-reader");
            writer.start();
            reader.start();
            for (String command = commands.readLine(); command != null && !command.equals("END");
                    command = commands.readLine()) {
                switch (command) {
                    case "ARM" -> armedAt.set(System.nanoTime());
                    case "STATS" -> {
                        System.gc();  // RSS without the garbage of the loops in an eden not yet collected
                        say("STATS " + statusFigure("Threads:") + " " + statusFigure("VmRSS:") + " " + playout.state()
                                + " " + recording.state());
                    }
                    default -> throw new IllegalStateException("unknown command " + command);
                }
            }
            running.set(false);
            writer.join();
            reader.join();
            say("LOOPS " + loopErrors.get());
        }
    }

    /** A figure of /proc/self/status: "Threads:" (every thread, native ones too), "VmRSS:" (KB). */
    private static long statusFigure(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** JACK's "system" device, or what ADMBRIDGE_CHILD_DEVICE names (empty: the default device, as on PipeWire). */
    private static StreamConfig config() {
        String device = System.getenv().getOrDefault("ADMBRIDGE_CHILD_DEVICE", "system");
        StreamConfig.Builder builder = StreamConfig.builder().framesPerBuffer(256);
        return (device.isEmpty() ? builder : builder.device(device)).build();
    }

    private static void startAndAwait(AudioStream... streams) throws InterruptedException {
        for (AudioStream stream : streams) {
            stream.start();
        }
        for (AudioStream stream : streams) {
            while (stream.stats().callbacks() < 10) {
                Thread.sleep(5);
            }
        }
        say("READY");
    }

    private static void timed(String what, Runnable call) {
        long start = System.nanoTime();
        String outcome = "ok";
        try {
            call.run();
        } catch (AdmException e) {
            outcome = e.code().name();
        }
        say("TIMING " + what.replace(' ', '_') + " " + (System.nanoTime() - start) / 1_000_000 + " " + outcome);
    }

    private static void expect(BufferedReader commands, String command) throws Exception {
        String line = commands.readLine();
        if (!command.equals(line)) {
            throw new IllegalStateException("expected command " + command + ", got " + line);
        }
    }

    private static void print(AdmEvent event) {
        say("EVENT " + event.code().value() + " " + event.stream() + " " + System.nanoTime() + " "
                + event.message().replace('\n', ' '));
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
