package dev.admbridge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.admbridge.AudioDeviceModule;
import dev.admbridge.loopback.LoopbackMeasurement;
import dev.admbridge.loopback.LoopbackOptions;
import dev.admbridge.loopback.LoopbackReport;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code adm loopback}: the main job, a measurement of the audio path over a loopback. */
@Command(name = "loopback", mixinStandardHelpOptions = true,
        description = {"Play a sweep, capture it back over a loopback, and report round-trip latency, dropouts,",
            "signal-to-noise ratio, levels and every ADM event. Exit status 0 when the measurement is sound,",
            "3 when it found problems (listed), 1 on an ADM error."})
final class LoopbackCommand implements Callable<Integer> {
    static final int EXIT_PROBLEMS = 3;

    @Option(names = "--device", description = "Device name to play on and capture from (default: the defaults).")
    String device;

    @Option(names = "--via", description = "Where the signal comes back: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    LoopbackOptions.Path via = LoopbackOptions.Path.LOOPBACK;

    @Option(names = "--rate", description = "Sample rate in Hz (default: ${DEFAULT-VALUE}).")
    double rate = 48000;

    @Option(names = "--frames", description = "Frames per buffer, 64 to 4096 (default: ${DEFAULT-VALUE}).")
    int frames = 256;

    @Option(names = "--repeats", description = "Measurements, 1 to 100 (default: ${DEFAULT-VALUE}).")
    int repeats = 5;

    @Option(names = "--level", description = "Sweep level in dBFS, -60 to 0 (default: ${DEFAULT-VALUE}).")
    double level = -6;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        LoopbackOptions options = new LoopbackOptions(device, via, rate, frames, repeats, level);
        PrintWriter err = spec.commandLine().getErr();
        LoopbackReport report;
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            report = LoopbackMeasurement.run(adm, options, line -> {
                err.println("adm loopback: " + line);
                err.flush();
            });
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? toJson(report) : summary(report));
        out.flush();
        return report.ok() ? 0 : EXIT_PROBLEMS;
    }

    static String summary(LoopbackReport r) {
        StringBuilder text = new StringBuilder();
        LoopbackOptions o = r.options();
        text.append(String.format(Locale.ROOT, "loopback: playout \"%s\" -> %s \"%s\", %.0f Hz, %d frames/buffer%n",
                r.playoutDevice(), o.path().name().toLowerCase(Locale.ROOT), r.captureDevice(), o.sampleRate(),
                o.framesPerBuffer()));
        if (r.latencyFrames().isEmpty()) {
            text.append("round-trip latency: not measured (no sweep came back)\n");
        } else {
            text.append(String.format(Locale.ROOT,
                    "round-trip latency: %d frames (%.3f ms) median of %d; min %.3f ms, max %.3f ms, stdev %.3f ms%n",
                    r.medianLatencyFrames(), r.medianLatencyMs(), r.latencyFrames().size(), r.minLatencyMs(),
                    r.maxLatencyMs(), r.stdevLatencyMs()));
            text.append(String.format(Locale.ROOT, "host-reported latency: %.3f ms (playout out + capture in): %s%n",
                    r.reportedLatencyMs(), r.latencyAgrees() ? "agrees within one buffer"
                            : String.format(Locale.ROOT, "DISAGREES with the measured round trip by %+.3f ms, more than "
                                    + "one buffer (%d frames)", r.reportedLatencyMs() - r.medianLatencyMs(),
                                    r.options().framesPerBuffer())));
            text.append(String.format(Locale.ROOT, "signal: %s, gain %+.2f dB, peak %.1f dBFS, rms %.1f dBFS%n",
                    r.bitExact() ? "bit-exact (SNR >= 200 dB)" : String.format(Locale.ROOT, "SNR %.1f dB", r.snrDb()),
                    r.gainDb(), r.peakDbfs(), r.rmsDbfs()));
        }
        text.append("dropouts: ").append(r.dropouts()).append('\n');
        text.append("events: ").append(r.events().isEmpty() ? "none" : r.events().size()).append('\n');
        r.events().forEach(e -> text.append("  ").append(e).append('\n'));
        text.append(r.ok() ? "result: ok" : "result: PROBLEMS");
        r.problems().forEach(p -> text.append("\n  ").append(p));
        return text.toString();
    }

    static String toJson(LoopbackReport r) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("ok", r.ok());
        root.put("playoutDevice", r.playoutDevice());
        root.put("captureDevice", r.captureDevice());
        root.put("path", r.options().path().name().toLowerCase(Locale.ROOT));
        root.put("sampleRate", r.options().sampleRate());
        root.put("framesPerBuffer", r.options().framesPerBuffer());
        r.latencyFrames().forEach(root.putArray("latencyFrames")::add);
        root.put("medianLatencyFrames", r.medianLatencyFrames());
        putFinite(root, "medianLatencyMs", r.medianLatencyMs());
        putFinite(root, "minLatencyMs", r.minLatencyMs());
        putFinite(root, "maxLatencyMs", r.maxLatencyMs());
        putFinite(root, "stdevLatencyMs", r.stdevLatencyMs());
        putFinite(root, "reportedLatencyMs", r.reportedLatencyMs());
        root.put("latencyAgrees", r.latencyAgrees());
        root.put("dropouts", r.dropouts());
        putFinite(root, "snrDb", r.snrDb());
        root.put("bitExact", r.bitExact());
        putFinite(root, "gainDb", r.gainDb());
        putFinite(root, "peakDbfs", r.peakDbfs());
        putFinite(root, "rmsDbfs", r.rmsDbfs());
        r.events().forEach(root.putArray("events")::add);
        r.problems().forEach(root.putArray("problems")::add);
        return mapper.writeValueAsString(root);
    }

    /** JSON has no NaN or infinity: such a figure is null. */
    private static void putFinite(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }
}
