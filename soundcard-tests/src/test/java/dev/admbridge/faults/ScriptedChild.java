package dev.admbridge.faults;

import dev.admbridge.AdmEvent;
import dev.admbridge.AdmEventListener;
import dev.admbridge.AdmException;
import dev.admbridge.AudioDeviceModule;
import dev.admbridge.AudioStream;
import dev.admbridge.StreamConfig;
import dev.admbridge.StreamKind;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * A child JVM that does what its parent writes on stdin, one command a line, with the library on the
 * parent's virtual card (JACK_DEFAULT_SERVER). It prints one line per fact:
 * {@code DONE <command> <ms> <ok|CODE_NAME|THREW class>}, {@code EVENT <code|STATE> <stream> <nanoTime> <text>},
 * {@code STATE <kind> <state>}. Commands: {@code open}, {@code init|start|stop|close <kind>},
 * {@code write|read <kind> <ms>} (a blocking transfer with that timeout), {@code callbacks <kind> <n>} (waits
 * for n callbacks, 5 s at most), {@code state <kind>}, {@code closemodule}, {@code closeOnError <kind>} (a listener
 * that closes that stream from the dispatcher on the first error), {@code bg <command>} (on a thread of its own),
 * {@code exit} (System.exit(0) with whatever is open), {@code end} (returns from main with whatever is open).
 */
public final class ScriptedChild {
    private static AudioDeviceModule module;
    private static final Map<StreamKind, AudioStream> STREAMS = new EnumMap<>(StreamKind.class);

    private ScriptedChild() {}

    public static void main(String[] args) throws Exception {
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        say("HELLO");
        for (String line; (line = commands.readLine()) != null; ) {
            if (line.equals("exit")) {
                say("EXITING");
                System.exit(0);
            }
            if (line.equals("end")) {
                say("ENDING");
                return;
            }
            if (line.startsWith("bg ")) {
                String command = line.substring(3);
                Thread thread = new Thread(() -> run(command), "bg-" + command);
                thread.setDaemon(true);
                thread.start();
            } else {
                run(line);
            }
        }
    }

    private static void run(String line) {
        String[] words = line.split(" ");
        long start = System.nanoTime();
        String outcome = "ok";
        try {
            outcome = execute(words);
        } catch (AdmException e) {
            outcome = e.code().name();
        } catch (RuntimeException | InterruptedException e) {
            outcome = "THREW " + e.getClass().getName() + ": " + e.getMessage();
        }
        say("DONE " + line.replace(' ', '_') + " " + (System.nanoTime() - start) / 1_000_000 + " " + outcome);
    }

    private static String execute(String[] words) throws InterruptedException {
        switch (words[0]) {
            case "open" -> {
                module = AudioDeviceModule.open();
                module.addListener(new Printer());
                STREAMS.clear();
            }
            case "init" -> STREAMS.put(kind(words[1]), module.initStream(kind(words[1]), config(kind(words[1]))));
            case "start" -> stream(words[1]).start();
            case "stop" -> stream(words[1]).stop();
            case "close" -> stream(words[1]).close();
            case "closemodule" -> module.close();
            case "write" -> {
                AudioStream stream = stream(words[1]);
                int frames = (int) (48 * Long.parseLong(words[2]));
                return "ok " + stream.write(new float[frames * 2 * 4], 0, frames * 4, Duration.ofMillis(Long.parseLong(words[2])));
            }
            case "read" -> {
                AudioStream stream = stream(words[1]);
                int frames = (int) (48 * Long.parseLong(words[2]));
                return "ok " + stream.read(new float[frames * 2], 0, frames, Duration.ofMillis(Long.parseLong(words[2])));
            }
            case "callbacks" -> {
                AudioStream stream = stream(words[1]);
                long deadline = System.nanoTime() + 5_000_000_000L;
                long before = stream.stats().callbacks();
                while (stream.stats().callbacks() - before < Long.parseLong(words[2])) {
                    if (System.nanoTime() > deadline) {
                        return "TIMEOUT " + (stream.stats().callbacks() - before);
                    }
                    Thread.sleep(5);
                }
            }
            case "state" -> say("STATE " + words[1] + " " + stream(words[1]).state());
            case "closeOnError" -> {
                AudioStream stream = stream(words[1]);
                module.addListener(new AdmEventListener() {
                    @Override
                    public void onError(AdmEvent event) {
                        module.removeListener(this);
                        long start = System.nanoTime();
                        String outcome = "ok";
                        try {
                            stream.close();
                        } catch (AdmException e) {
                            outcome = e.code().name();
                        }
                        say("LISTENER closed " + words[1] + " " + (System.nanoTime() - start) / 1_000_000 + " " + outcome);
                    }
                });
            }
            default -> throw new IllegalArgumentException("unknown command " + String.join(" ", words));
        }
        return "ok";
    }

    private static StreamKind kind(String word) {
        return StreamKind.valueOf(word.toUpperCase(Locale.ROOT));
    }

    private static AudioStream stream(String word) {
        AudioStream stream = STREAMS.get(kind(word));
        if (stream == null) {
            throw new IllegalStateException("no " + word + " stream in this script");
        }
        return stream;
    }

    /** JACK's "system" device, or what ADMBRIDGE_CHILD_DEVICE names (empty: the default device). */
    private static StreamConfig config(StreamKind kind) {
        String device = System.getenv().getOrDefault("ADMBRIDGE_CHILD_DEVICE", "system");
        StreamConfig.Builder builder = StreamConfig.builder().framesPerBuffer(256);
        return (device.isEmpty() ? builder : builder.device(device)).build();
    }

    /** Prints every event, state changes included. */
    private static final class Printer implements AdmEventListener {
        @Override
        public void onError(AdmEvent event) {
            print(event, String.valueOf(event.code().value()));
        }

        @Override
        public void onWarning(AdmEvent event) {
            print(event, String.valueOf(event.code().value()));
        }

        @Override
        public void onStateChanged(AdmEvent event) {
            print(event, String.valueOf(event.state()));
        }

        private static void print(AdmEvent event, String what) {
            say("EVENT " + what + " " + event.stream() + " " + System.nanoTime() + " " + event.message().replace('\n', ' '));
        }
    }

    static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
