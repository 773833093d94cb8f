package dev.admbridge.faults;

import dev.admbridge.AdmEvent;
import dev.admbridge.AdmEventListener;
import dev.admbridge.AdmException;
import dev.admbridge.AudioDeviceModule;
import dev.admbridge.AudioStream;
import dev.admbridge.StreamConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

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

    private static StreamConfig config() {
        return StreamConfig.builder().device("system").framesPerBuffer(256).build();
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
