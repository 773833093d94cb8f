/**
 * {@code adm}, the command-line tool of admbridge: devices, tone, play, record, monitor, analyze and the
 * loopback measurement. Not a library: its packages are not exported.
 */
module dev.admbridge.cli {
    requires dev.admbridge;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;

    // picocli fills the commands' fields by reflection.
    opens dev.admbridge.cli to info.picocli;
}
