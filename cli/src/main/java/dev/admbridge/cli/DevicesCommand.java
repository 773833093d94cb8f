package dev.admbridge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.admbridge.AdmEventListener;
import dev.admbridge.AudioDevice;
import dev.admbridge.AudioDeviceModule;
import dev.admbridge.DeviceChange;
import dev.admbridge.internal.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code adm devices}: the playout and recording devices, as a table or as JSON; with {@code --watch}, again each
 * time they change, after a line per change.
 */
@Command(name = "devices", mixinStandardHelpOptions = true, description = "List playout and recording devices.")
final class DevicesCommand implements Callable<Integer> {
    /** Changes that come together (a card's nodes, a server's two directions) are printed as one. */
    private static final Duration SETTLE = Duration.ofMillis(300);

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--watch", description = "Keep running: print each device change, then the list again.")
    boolean watch;

    @Option(names = "--seconds", paramLabel = "S", description = "With --watch: stop after S seconds (default: "
            + "until interrupted).")
    Long seconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (seconds != null && (!watch || seconds <= 0)) {
            throw new ParameterException(spec.commandLine(), "--seconds needs --watch and a positive number, was "
                    + seconds + (watch ? "" : " without --watch"));
        }
        PrintWriter out = spec.commandLine().getOut();
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            BlockingQueue<DeviceChange> changes = new LinkedBlockingQueue<>();
            if (watch) {
                adm.addListener(new AdmEventListener() {
                    @Override
                    public void onDeviceChanged(DeviceChange change) {
                        changes.add(change);
                    }
                });
            }
            print(out, adm.devices());
            long end = seconds == null ? Long.MAX_VALUE : System.nanoTime() + seconds * 1_000_000_000L;
            while (watch && System.nanoTime() < end) {
                DeviceChange first = changes.poll(Math.min(end - System.nanoTime(), 1_000_000_000L),
                        TimeUnit.NANOSECONDS);
                if (first == null) {
                    continue;
                }
                Thread.sleep(SETTLE.toMillis());
                List<DeviceChange> burst = new ArrayList<>(List.of(first));
                changes.drainTo(burst);
                for (DeviceChange change : burst) {
                    out.println("change: " + change.describe());
                }
                print(out, adm.devices());
            }
        }
        return 0;
    }

    private void print(PrintWriter out, List<AudioDevice> devices) throws Exception {
        if (json) {
            out.println(toJson(devices));
        } else {
            printTable(out, devices);
        }
        out.flush();
    }

    static String toJson(List<AudioDevice> devices) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        ArrayNode array = root.putArray("devices");
        for (AudioDevice d : devices) {
            ObjectNode node = array.addObject();
            node.put("index", d.index());
            node.put("name", d.name());
            node.put("hostApi", d.hostApi());
            node.put("maxInputChannels", d.maxInputChannels());
            node.put("maxOutputChannels", d.maxOutputChannels());
            node.put("defaultSampleRate", d.defaultSampleRate());
            node.put("lowInputLatencyMs", millis(d.lowInputLatency()));
            node.put("highInputLatencyMs", millis(d.highInputLatency()));
            node.put("lowOutputLatencyMs", millis(d.lowOutputLatency()));
            node.put("highOutputLatencyMs", millis(d.highOutputLatency()));
            node.put("defaultInput", d.defaultInput());
            node.put("defaultOutput", d.defaultOutput());
        }
        return mapper.writeValueAsString(root);
    }

    static void printTable(PrintWriter out, List<AudioDevice> devices) {
        if (devices.isEmpty()) {
            out.println("no audio devices (is a sound card or sound server present? "
                    + "scripts/virtual-soundcard start runs a virtual one)");
            return;
        }
        int nameWidth = Math.max(4, devices.stream().mapToInt(d -> d.name().length()).max().orElse(4));
        int hostWidth = Math.max(8, devices.stream().mapToInt(d -> d.hostApi().length()).max().orElse(8));
        String format = "%3s  %-" + nameWidth + "s  %-" + hostWidth + "s  %3s  %3s  %7s  %-17s  %-17s  %s%n";
        out.printf(Locale.ROOT, format, "#", "Name", "Host API", "In", "Out", "Rate",
                "In latency (ms)", "Out latency (ms)", "Default");
        for (AudioDevice d : devices) {
            out.printf(Locale.ROOT, format, d.index(), d.name(), d.hostApi(), d.maxInputChannels(),
                    d.maxOutputChannels(), String.format(Locale.ROOT, "%.0f", d.defaultSampleRate()),
                    latencies(d.maxInputChannels(), d.lowInputLatency(), d.highInputLatency()),
                    latencies(d.maxOutputChannels(), d.lowOutputLatency(), d.highOutputLatency()),
                    defaults(d));
        }
    }

    private static String latencies(int channels, Duration low, Duration high) {
        return channels == 0 ? "-" : String.format(Locale.ROOT, "%.1f / %.1f", millis(low), millis(high));
    }

    private static String defaults(AudioDevice d) {
        if (d.defaultInput() && d.defaultOutput()) {
            return "recording, playout";
        }
        return d.defaultInput() ? "recording" : d.defaultOutput() ? "playout" : "";
    }

    private static double millis(Duration duration) {
        return Durations.seconds(duration) * 1e3;
    }
}
