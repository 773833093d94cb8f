package dev.admbridge.jni;

import org.bytedeco.javacpp.annotation.Platform;

/**
 * How the JNI library is built, once for the bindings that inherit it ({@link NativeAdm}, {@link NativeEvents},
 * {@link NativeDetectors}, {@link NativeRealtime}): all of them go into one library, {@code jniNativeAdm}. Two
 * libraries would each hold a copy of the static core, hence their own module registry, and the event API
 * could never find a module that {@link NativeAdm} opened.
 */
@Platform(
        library = "jniNativeAdm",
        // JavaCPP reverses this list: lowest-level first. '#' links without bundling.
        link = {"asound@.2#", "jack@.0#", "portaudio@.2#", "admcore#", "admjni#"},
        compiler = "cpp17")
public final class NativeBuild {
    private NativeBuild() {}
}
