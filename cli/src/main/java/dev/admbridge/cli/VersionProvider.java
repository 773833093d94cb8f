package dev.admbridge.cli;

import dev.admbridge.AudioDeviceModule;
import picocli.CommandLine.IVersionProvider;

/** {@code adm --version}: this library's version and the audio backend's. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = AdmCli.class.getPackage().getImplementationVersion();
        return new String[] {
            "admbridge " + (version != null ? version : "(development build)"),
            AudioDeviceModule.backendVersion()
        };
    }
}
