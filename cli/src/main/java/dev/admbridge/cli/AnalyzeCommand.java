package dev.admbridge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.admbridge.analysis.Analysis;
import dev.admbridge.analysis.Detection;
import dev.admbridge.analysis.DetectorSettings;
import dev.admbridge.analysis.RecordingAnalyzer;
import dev.admbridge.internal.Durations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code adm analyze FILE.wav}: the runtime detectors over a recording, each detection with its time in the
 * file, as a table or as JSON. A missing, unreadable or non-WAV file exits with 1 and says why.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Run the runtime detectors (silence, low level, howling, ...) over a WAV recording.")
final class AnalyzeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.wav", description = "The recording to analyse.")
    Path file;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Analysis analysis = RecordingAnalyzer.analyzeFile(file, DetectorSettings.defaults());
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? toJson(file, analysis) : table(file, analysis));
        out.flush();
        return 0;
    }

    static String toJson(Path file, Analysis analysis) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("file", file.toString());
        root.put("sampleRate", analysis.sampleRate());
        root.put("channels", analysis.channels());
        root.put("frames", analysis.frames());
        root.put("lengthSeconds", seconds(analysis.length()));
        ArrayNode array = root.putArray("detections");
        for (Detection d : analysis.detections()) {
            ObjectNode node = array.addObject();
            node.put("code", d.code().name());
            node.put("codeValue", d.code().value());
            node.put("kind", d.code().kind().name());
            node.put("timeSeconds", seconds(d.time()));
            node.put("sinceSeconds", seconds(d.since()));
            node.put("durationSeconds", seconds(d.duration()));
            node.put("cleared", d.cleared());
            node.put("value", d.value());
            node.put("message", d.message());
        }
        return mapper.writeValueAsString(root);
    }

    static String table(Path file, Analysis analysis) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%s: %.0f Hz, %d channel%s, %s%n", file, analysis.sampleRate(),
                analysis.channels(), analysis.channels() == 1 ? "" : "s", clock(analysis.length())));
        if (analysis.detections().isEmpty()) {
            text.append("no detections");
            return text.toString();
        }
        String format = "%-9s  %-9s  %-8s  %-32s  %5s  %s%n";
        text.append(String.format(Locale.ROOT, format, "Time", "Since", "Lasted", "Code", "", "Detail"));
        for (Detection d : analysis.detections()) {
            text.append(String.format(Locale.ROOT, format, clock(d.time()), clock(d.since()),
                    String.format(Locale.ROOT, "%.1f s%s", seconds(d.duration()), d.cleared() ? "" : "+"),
                    d.code().name(), d.code().value(), d.message()));
        }
        return text.toString().stripTrailing();
    }

    /** m:ss.SSS */
    static String clock(Duration d) {
        long millis = Durations.saturatedMillis(d);
        return String.format(Locale.ROOT, "%d:%02d.%03d", millis / 60000, millis / 1000 % 60, millis % 1000);
    }

    private static double seconds(Duration d) {
        return Durations.seconds(d);
    }
}
