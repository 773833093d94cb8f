package dev.admbridge.cli;

import dev.admbridge.AdmCode;
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

    /** Exit status when the command was interrupted (as a shell reports SIGINT). */
    static final int EXIT_INTERRUPTED = 130;

    /** Builds the command line; tests run it with their own writers. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new AdmCli());
        cli.setCaseInsensitiveEnumValuesAllowed(true);  // --via recording, as the README writes it
        cli.setExecutionExceptionHandler((error, commandLine, parseResult) -> report(error, commandLine));
        return cli;
    }

    /**
     * What a command that threw prints and returns: its code and message, never a stack trace. An exception
     * other than AdmException is a bug of the tool; it still ends as a documented code (1005), with its type.
     */
    static int report(Exception error, CommandLine command) {
        String name = "adm " + command.getCommandName();
        if (error instanceof InterruptedException) {
            command.getErr().println(name + ": interrupted");
            return EXIT_INTERRUPTED;
        }
        AdmException adm = error instanceof AdmException known ? known
                : new AdmException(AdmCode.ERR_ADM_GENERAL_ERROR, "unexpected " + error.getClass().getSimpleName()
                        + (error.getMessage() != null ? ": " + error.getMessage() : "") + " (a bug of adm: please report it"
                        + " with the command line)");
        command.getErr().println(name + ": " + adm.getMessage());
        command.getErr().flush();
        return EXIT_ADM_ERROR;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
