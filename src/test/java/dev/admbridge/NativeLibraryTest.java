package dev.admbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryTest {

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
