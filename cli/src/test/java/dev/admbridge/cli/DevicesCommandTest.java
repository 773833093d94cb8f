package dev.admbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.admbridge.AudioDevice;
import dev.admbridge.AudioDeviceModule;
import dev.admbridge.junit.SoundCard;
import dev.admbridge.junit.SoundCardTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DevicesCommandTest {
    private static final Duration MS_5 = Duration.ofMillis(5);
    private static final AudioDevice SYSTEM =
            new AudioDevice(3, "system", "JACK Audio Connection Kit", 2, 2, 48000, MS_5, MS_5, MS_5, MS_5, true, true);

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        CommandLine cli = AdmCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void shouldPrintJsonThatMatchesTheApi() throws Exception {
        Run run = run("devices", "--json");
        assertEquals(0, run.exit(), run.err());
        JsonNode devices = new ObjectMapper().readTree(run.out()).get("devices");
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            assertEquals(adm.devices().size(), devices.size());
        }
    }

    @Test
    void shouldPrintATableOrSayThereIsNoDevice() {
        Run run = run("devices");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("  #  Name") || run.out().startsWith("no audio devices"), run.out());
    }

    @Test
    void shouldFormatADeviceRow() throws Exception {
        StringWriter table = new StringWriter();
        DevicesCommand.printTable(new PrintWriter(table), List.of(SYSTEM));
        String[] lines = table.toString().split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[1].matches("\\s+3\\s+system\\s+JACK Audio Connection Kit\\s+2\\s+2\\s+48000\\s+"
                + "5\\.0 / 5\\.0\\s+5\\.0 / 5\\.0\\s+recording, playout"), lines[1]);
        JsonNode json = new ObjectMapper().readTree(DevicesCommand.toJson(List.of(SYSTEM))).get("devices").get(0);
        assertEquals("system", json.get("name").asText());
        assertEquals(5.0, json.get("lowInputLatencyMs").asDouble());
        assertTrue(json.get("defaultOutput").asBoolean());
    }

    @Test
    void shouldSayNoAudioDevicesForAnEmptyList() {
        StringWriter table = new StringWriter();
        DevicesCommand.printTable(new PrintWriter(table), List.of());
        assertTrue(table.toString().startsWith("no audio devices"), table.toString());
    }

    @Test
    void shouldRejectUnknownOptionsAndCommands() {
        Run bad = run("devices", "--jsn");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("Unknown option: '--jsn'"), bad.err());
        Run unknown = run("nosuchcommand");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("Unmatched argument"), unknown.err());
    }

    @Test
    void shouldPrintVersionAndHelp() {
        Run version = run("--version");
        assertEquals(0, version.exit());
        assertTrue(version.out().contains("PortAudio"), version.out());
        Run help = run("--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("devices"), help.out());
    }

    @Test
    @SoundCardTest(outputs = 1, loopback = true)
    void shouldRunTheLoopbackJobAsJson(SoundCard card, AudioDeviceModule adm) throws Exception {
        Run run = run("loopback", "--json", "--repeats", "2", "--device", card.playoutDevice(adm).name());
        JsonNode report = new ObjectMapper().readTree(run.out());
        // 0 when sound; 3 when the busy machine made the non-realtime jackd glitch, which the report lists.
        assertEquals(report.get("ok").asBoolean() ? 0 : 3, run.exit(), run.out() + run.err());
        assertTrue(report.get("ok").asBoolean() || report.get("dropouts").asInt() > 0, run.out());
        assertEquals(256, report.get("medianLatencyFrames").asInt());
        assertTrue(run.err().contains("adm loopback: sweep 2 of 2"), run.err());
    }

    @Test
    void shouldTakeEnumOptionsInAnyCase() {
        for (String via : new String[] {"recording", "RECORDING", "Recording", "loopback"}) {
            Run run = run("loopback", "--via", via, "--frames", "5");
            assertEquals(1, run.exit(), via + ": " + run.err());  // the frames, checked after --via was taken
            assertTrue(run.err().contains("frames per buffer must be 64 to 4096"), run.err());
        }
    }

    /** Whatever a command throws ends as a documented code and a line, never a stack trace. */
    @Test
    void shouldMapEveryExceptionToACodeWithoutAStackTrace() {
        CommandLine cli = AdmCli.commandLine().getSubcommands().get("tone");
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertEquals(1, AdmCli.report(new IllegalStateException("the capture has not delivered yet"), cli));
        assertTrue(err.toString().startsWith("adm tone: ERR_ADM_GENERAL_ERROR (1005): unexpected IllegalStateException: "
                + "the capture has not delivered yet"), err.toString());
        assertEquals(1, AdmCli.report(new dev.admbridge.AdmException(dev.admbridge.AdmCode.ERR_ADM_RUNTIME_PLAYOUT_ERROR,
                "gone"), cli));
        assertTrue(err.toString().contains("adm tone: ERR_ADM_RUNTIME_PLAYOUT_ERROR (1015): gone"), err.toString());
        assertEquals(130, AdmCli.report(new InterruptedException(), cli));
        assertEquals(1, AdmCli.report(new NullPointerException(), cli));
        assertTrue(err.toString().contains("unexpected NullPointerException (a bug of adm"), err.toString());
        assertTrue(!err.toString().contains("\tat "), err.toString());
    }

    @Test
    void shouldRejectBadLoopbackOptions() {
        Run frames = run("loopback", "--frames", "5");
        assertEquals(1, frames.exit());
        assertTrue(frames.err().contains("frames per buffer must be 64 to 4096, was 5"), frames.err());
        Run via = run("loopback", "--via", "cable");
        assertEquals(2, via.exit());
        assertTrue(via.err().contains("--via"), via.err());
    }
}
