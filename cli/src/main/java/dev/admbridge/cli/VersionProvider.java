package dev.admbridge.cli;

import dev.admbridge.AudioDeviceModule;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code adm --version}: this tool's version, as the build wrote it, and the audio backend's. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
        Properties build = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                build.load(in);
            }
        }
        return new String[] {
            "admbridge " + build.getProperty("version", "(development build)"),
            AudioDeviceModule.backendVersion()
        };
    }
}
