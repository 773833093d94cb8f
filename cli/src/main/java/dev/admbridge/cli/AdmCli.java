package dev.admbridge.cli;

import dev.admbridge.AdmException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code adm}: the command line over the public API. Each subcommand is one class. */
@Command(
        name = "adm",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "admbridge: audio devices, playout, recording and loopback tests.",
        subcommands = {DevicesCommand.class, LoopbackCommand.class, ToneCommand.class, PlayCommand.class,
            RecordCommand.class, MonitorCommand.class, AnalyzeCommand.class, CommandLine.HelpCommand.class})
public final class AdmCli {
    /** Exit status when the module reports an error (details on stderr). */
    static final int EXIT_ADM_ERROR = 1;

    private AdmCli() {}

    /** Builds the command line; tests run it with their own writers. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new AdmCli());
        cli.setExecutionExceptionHandler((error, commandLine, parseResult) -> {
            if (error instanceof AdmException adm) {
                commandLine.getErr().println("adm: " + adm.getMessage());
                return EXIT_ADM_ERROR;
            }
            throw error;
        });
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
