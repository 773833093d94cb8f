package dev.admbridge.event;

/**
 * PortAudio's texts for its error numbers, as {@code Pa_GetErrorText} gives them (PortAudio 19.6,
 * pa_front.c), so that an event carries the text without a JNI call. The numbers are those of the native
 * {@code BackendError} (src/main/cpp/Backend.h), checked against PortAudio there.
 */
public final class BackendErrors {
    private static final int FIRST = -10000;
    private static final String[] TEXTS = {
        "PortAudio not initialized",                      // -10000 paNotInitialized
        "Unanticipated host error",                       // -9999
        "Invalid number of channels",                     // -9998
        "Invalid sample rate",                            // -9997
        "Invalid device",                                 // -9996
        "Invalid flag",                                   // -9995
        "Sample format not supported",                    // -9994
        "Illegal combination of I/O devices",             // -9993
        "Insufficient memory",                            // -9992
        "Buffer too big",                                 // -9991
        "Buffer too small",                               // -9990
        "No callback routine specified",                  // -9989
        "Invalid stream pointer",                         // -9988
        "Wait timed out",                                 // -9987
        "Internal PortAudio error",                       // -9986
        "Device unavailable",                             // -9985
        "Incompatible host API specific stream info",     // -9984
        "Stream is stopped",                              // -9983
        "Stream is not stopped",                          // -9982
        "Input overflowed",                               // -9981
        "Output underflowed",                             // -9980
        "Host API not found",                             // -9979
        "Invalid host API",                               // -9978
        "Can't read from a callback stream",              // -9977
        "Can't write to a callback stream",               // -9976
        "Can't read from an output only stream",          // -9975
        "Can't write to an input only stream",            // -9974
        "Incompatible stream host API",                   // -9973
        "Bad buffer pointer",                             // -9972 paBadBufferPtr
    };

    private BackendErrors() {}

    /** The text of a PaError; "" for 0, "Invalid error code" (as PortAudio says) for unknown numbers. */
    public static String text(int backendError) {
        if (backendError == 0) {
            return "";
        }
        int index = backendError - FIRST;
        return index >= 0 && index < TEXTS.length ? TEXTS[index] : "Invalid error code";
    }
}
