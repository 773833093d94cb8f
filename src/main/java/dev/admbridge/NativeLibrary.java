package dev.admbridge;

import dev.admbridge.jni.NativeAdm;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;

/**
 * Loads the JNI library bundled in the jar once, and turns a failure into
 * {@link AdmCode#ERR_LOAD_MEDIA_ENGINE} with the reason in plain words.
 */
final class NativeLibrary {
    private static final System.Logger LOG = System.getLogger(NativeLibrary.class.getName());
    private static final Pattern MISSING_LIBRARY =
            Pattern.compile("(lib[\\w.+-]+?\\.so(?:\\.\\d+)*): (cannot open shared object file|file too short"
                    + "|invalid ELF header|wrong ELF class|undefined symbol)");
    /** Shared libraries the JNI library needs, and the Debian package that ships each. */
    private static final Map<String, String> PACKAGES = Map.of(
            "libportaudio.so.2", "libportaudio2",
            "libjack.so.0", "libjack-jackd2-0",
            "libasound.so.2", "libasound2",
            "libstdc++.so.6", "libstdc++6");

    private static boolean loaded;
    private static String failureReason;  // set once a load failed: later calls fail the same way
    private static Throwable failureCause;

    private NativeLibrary() {}

    /**
     * Loads the library if that has not happened yet.
     *
     * @throws AdmException with {@link AdmCode#ERR_LOAD_MEDIA_ENGINE} if it cannot be loaded, now or before
     */
    static synchronized void ensureLoaded() {
        if (loaded) {
            return;
        }
        if (failureReason == null) {
            try {
                Loader.load(NativeAdm.class);
                loaded = true;
                return;
            } catch (LinkageError | RuntimeException e) {
                failureReason = explain(e);
                failureCause = e;
                LOG.log(Level.ERROR, failureReason, e);
            }
        }
        throw new AdmException(AdmCode.ERR_LOAD_MEDIA_ENGINE, failureReason, 0, 0, failureCause);
    }

    /** The reason a load failed, in words a user can act on. */
    static String explain(Throwable error) {
        // JavaCPP falls back to java.library.path and throws that miss; the real reason is a cause.
        for (Throwable t = error; t != null; t = t.getCause()) {
            String detail = String.valueOf(t.getMessage());
            Matcher missing = MISSING_LIBRARY.matcher(detail);
            if (missing.find()) {
                String library = missing.group(1);
                String pkg = PACKAGES.get(library);
                String state = missing.group(2).startsWith("cannot open")
                        ? "missing" : "broken (" + missing.group(2) + ")";
                return "the native library of admbridge needs " + library + ", which is " + state
                        + (pkg != null ? "; install the Debian package " + pkg + " (apt-get install " + pkg + ")" : "")
                        + " [" + detail + "]";
            }
        }
        return "the native library of admbridge could not be loaded for " + Loader.getPlatform()
                + " (this jar supports linux-x86_64): " + error.getMessage();
    }

    /** Decodes a native UTF-8 string that the library owns; null stays null. */
    static String string(BytePointer pointer) {
        if (pointer == null || pointer.isNull()) {
            return null;
        }
        return pointer.getString(StandardCharsets.UTF_8);
    }

    /**
     * Turns a native result into an exception when it is not ERR_OK, with the details the native side
     * recorded for this thread.
     */
    static void check(int result, String context) {
        if (result == 0) {
            return;
        }
        String detail = string(NativeAdm.lastErrorMessage());
        AdmCode code = AdmCode.find(AdmCodeKind.ERROR, result).orElse(AdmCode.ERR_ADM_GENERAL_ERROR);
        if (code.internalOnly()) {
            code = AdmCode.ERR_ADM_GENERAL_ERROR;  // internal codes never reach an application
        }
        throw new AdmException(code, context + ": " + (detail == null || detail.isEmpty() ? "failed" : detail),
                NativeAdm.lastErrorBackendCode(), NativeAdm.lastErrorHostCode(), null);
    }
}
