package dev.admbridge.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.admbridge.AdmCode;
import dev.admbridge.AdmException;
import dev.admbridge.LoadFailureProbe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryTest {

    @Test
    void shouldGivePortAudiosOwnTextForItsErrorNumbers() {
        NativeLibrary.ensureLoaded();
        assertEquals("", NativeLibrary.string(NativeAdm.backendErrorText(0)));
        assertEquals("PortAudio not initialized", NativeLibrary.string(NativeAdm.backendErrorText(-10000)));
        assertEquals("Invalid sample rate", NativeLibrary.string(NativeAdm.backendErrorText(-9997)));
        assertEquals("Device unavailable", NativeLibrary.string(NativeAdm.backendErrorText(-9985)));
        assertEquals("Bad buffer pointer", NativeLibrary.string(NativeAdm.backendErrorText(-9972)));
        assertEquals("Permission denied", NativeLibrary.string(NativeAdm.backendErrorText(-1)));
        assertEquals("Invalid error code (value greater than zero)", NativeLibrary.string(NativeAdm.backendErrorText(1)));
        for (int unknown : new int[] {-9971, -10001, Integer.MIN_VALUE}) {
            assertEquals("Invalid error code", NativeLibrary.string(NativeAdm.backendErrorText(unknown)), "" + unknown);
        }
    }

    @Test
    void shouldTurnAFailedResultIntoItsCodeWithTheNativeDetails() {
        NativeLibrary.ensureLoaded();
        int result = NativeAdm.moduleClose(-42);
        AdmException e = NativeLibrary.failure(result, "closing");
        assertEquals(AdmCode.ERR_NOT_INITIALIZED, e.code());
        assertTrue(e.getMessage().contains("closing: no open module has handle -42"), e.getMessage());
        AdmException thrown = org.junit.jupiter.api.Assertions.assertThrows(AdmException.class,
                () -> NativeLibrary.check(NativeAdm.moduleClose(-42), "closing"));
        assertEquals(AdmCode.ERR_NOT_INITIALIZED, thrown.code());
        // An internal-only code never reaches an application; an undocumented one neither.
        assertEquals(AdmCode.ERR_ADM_GENERAL_ERROR, NativeLibrary.failure(5, "x").code());
        assertEquals(AdmCode.ERR_ADM_GENERAL_ERROR, NativeLibrary.failure(987654, "x").code());
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> NativeLibrary.check(0, "nothing"));
    }

    @Test
    void shouldExplainAMissingLibraryWithItsDebianPackage() {
        UnsatisfiedLinkError fallback = new UnsatisfiedLinkError("no jniNativeAdm in java.library.path");
        fallback.initCause(new UnsatisfiedLinkError(
                "/x/libjniNativeAdm.so: libportaudio.so.2: cannot open shared object file: No such file or directory"));
        String reason = NativeLibrary.explain(fallback);
        assertTrue(reason.contains("needs libportaudio.so.2, which is missing"), reason);
        assertTrue(reason.contains("install the Debian package libportaudio2"), reason);
    }

    @Test
    void shouldExplainAnUnknownFailureWithThePlatform() {
        String reason = NativeLibrary.explain(new UnsatisfiedLinkError("no jniNativeAdm in java.library.path"));
        assertTrue(reason.contains("could not be loaded for linux-x86_64"), reason);
        assertTrue(reason.contains("no jniNativeAdm in java.library.path"), reason);
    }

    /**
     * A real failed load: a child JVM finds a broken libportaudio.so.2 first on LD_LIBRARY_PATH. Opening
     * gives ERR_LOAD_MEDIA_ENGINE (1001) with the library named, twice (the failure is remembered).
     */
    @Test
    void shouldReportLoadMediaEngineWhenADependencyIsBroken(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("libportaudio.so.2"), "not an ELF file");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(List.of(java.toString(), "-cp",
                System.getProperty("java.class.path"), LoadFailureProbe.class.getName()));
        builder.environment().put("LD_LIBRARY_PATH", dir.toString());
        builder.redirectErrorStream(false);
        Process child = builder.start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish");
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String[] lines = out.strip().split("\n");
        assertEquals(2, lines.length, out);
        for (String line : lines) {
            assertTrue(line.startsWith("code=1001 message=ERR_LOAD_MEDIA_ENGINE (1001): "), line);
            assertTrue(line.contains("libportaudio.so.2, which is broken"), line);
        }
    }
}
