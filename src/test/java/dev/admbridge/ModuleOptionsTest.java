package dev.admbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModuleOptionsTest {

    @Test
    void shouldDefaultToTheProcessesOwnServer() {
        assertEquals(Optional.empty(), ModuleOptions.defaults().jackServer());
        assertEquals(Optional.of("rig-2"), ModuleOptions.defaults().jackServer("rig-2").jackServer());
        assertEquals(ModuleOptions.defaults().jackServer("a"), ModuleOptions.defaults().jackServer("a"));
        assertNotEquals(ModuleOptions.defaults(), ModuleOptions.defaults().jackServer("a"));
        assertTrue(ModuleOptions.defaults().toString().contains("process's own"));
    }

    @Test
    void shouldRefuseNamesLibjackCannotUse() {
        assertThrows(NullPointerException.class, () -> ModuleOptions.defaults().jackServer(null));
        for (String bad : new String[] {"", "a/b", "two words", "new\nline", "del\u007f", "caf\u00e9", "x".repeat(65)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ModuleOptions.defaults().jackServer(bad), bad);
            assertTrue(e.getMessage().contains("1 to 64 printable ASCII characters"), e.getMessage());
        }
        assertEquals(64, ModuleOptions.defaults().jackServer("x".repeat(64)).jackServer().orElseThrow().length());
        assertThrows(NullPointerException.class, () -> AudioDeviceModule.open(null));
    }

    /** All modules of a process share one PortAudio, so one JACK server; once they are closed, any is fine. */
    @Test
    void shouldKeepTheModulesOfAProcessOnOneServer() {
        ModuleOptions elsewhere = ModuleOptions.defaults().jackServer("admbridge-no-such-server");
        try (AudioDeviceModule first = AudioDeviceModule.open()) {
            AdmException e = assertThrows(AdmException.class, () -> AudioDeviceModule.open(elsewhere));
            assertEquals(AdmCode.ERR_ALREADY_IN_USE, e.code());
            assertTrue(e.getMessage().contains("JACK server \"admbridge-no-such-server\""), e.getMessage());
            AudioDeviceModule.open().close();  // the same (default) server is fine
        }
        // No server of that name: PortAudio goes on without its JACK host, the module opens all the same.
        try (AudioDeviceModule alone = AudioDeviceModule.open(elsewhere)) {
            assertTrue(alone.devices().stream().noneMatch(d -> d.hostApi().contains("JACK")), alone.devices().toString());
            assertEquals(AdmCode.ERR_ALREADY_IN_USE,
                    assertThrows(AdmException.class, AudioDeviceModule::open).code());
        }
        AudioDeviceModule.open().close();
    }
}
