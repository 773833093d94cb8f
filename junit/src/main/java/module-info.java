/**
 * The JUnit 5 extension of admbridge, for integration tests on sound cards. Start with
 * {@link dev.admbridge.junit.SoundCardTest} or {@link dev.admbridge.junit.VirtualSoundCard}.
 */
module dev.admbridge.junit {
    requires transitive dev.admbridge;
    requires transitive org.junit.jupiter.api;

    exports dev.admbridge.junit;
}
