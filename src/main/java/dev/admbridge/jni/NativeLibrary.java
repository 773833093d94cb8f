package dev.admbridge.jni;

import dev.admbridge.AdmCode;
import dev.admbridge.AdmCodeKind;
import dev.admbridge.AdmException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;

/**
 * The JNI library, for every package of admbridge that calls it: loads it once from the jar (a failure
 * becomes {@link AdmCode#ERR_LOAD_MEDIA_ENGINE} with the reason in plain words), and turns a native result
 * into an {@link AdmException} with the details the native side recorded: the one error path of the
 * bindings. Internal: this package is not exported.
 */
public final class NativeLibrary {
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
    public static synchronized void ensureLoaded() {
        if (loaded) {
            return;
        }
        if (failureReason == null) {
            try {
                // One library (NativeBuild): the first load brings it in, the others only register their classes.
                Loader.load(NativeAdm.class);
                Loader.load(NativeEvents.class);
                Loader.load(NativeDetectors.class);
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
    public static String string(BytePointer pointer) {
        if (pointer == null || pointer.isNull()) {
            return null;
        }
        return pointer.getString(StandardCharsets.UTF_8);
    }

    /**
     * Turns a native result of any binding into an exception when it is not ERR_OK, with the details the
     * native side recorded for this thread (ApiStatus.h). Internal-only codes never reach an application:
     * they become {@link AdmCode#ERR_ADM_GENERAL_ERROR}.
     *
     * @param context what was being done, e.g. "opening the audio device module"
     */
    public static void check(int result, String context) {
        if (result != 0) {
            throw failure(result, context);
        }
    }

    /**
     * The exception {@link #check(int, String)} throws for a failed native result, for callers that report
     * it instead of throwing it. Call it on the thread of the failed call, right after it.
     *
     * @param result a non-zero native result
     */
    public static AdmException failure(int result, String context) {
        String detail = string(NativeAdm.lastErrorMessage());
        AdmCode code = AdmCode.find(AdmCodeKind.ERROR, result).orElse(AdmCode.ERR_ADM_GENERAL_ERROR);
        if (code.internalOnly() || code.isOk()) {
            code = AdmCode.ERR_ADM_GENERAL_ERROR;  // internal codes never reach an application
        }
        return new AdmException(code, context + ": " + (detail == null || detail.isEmpty() ? "failed" : detail),
                NativeAdm.lastErrorBackendCode(), NativeAdm.lastErrorHostCode(), null);
    }
}
