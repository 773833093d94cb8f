// The flat API of the realtime callback, for the JavaCPP binding dev.admbridge.jni.NativeRealtime. Apart from
// NativeApi.h because it speaks JNI (the JNIEnv and the Java dispatch object): the core and its tests do not.
#pragma once

#include <jni.h>

#include <cstdint>

namespace adm::api {

/**
 * Sets the realtime callback of a stream: `dispatch`'s `int run(int frames)` is called by the audio thread for
 * each block, `buffer` (a direct ByteBuffer of at least `capacityFrames` frames) holding its samples; a null `dispatch` gives the
 * stream back to its ring. Called from a Java thread (the JNIEnv is the calling thread's). Errors: 2, 4 (from inside
 * a realtime callback), 7, 19 (the stream runs, or the device test uses it), 1006.
 */
int32_t streamSetRealtime(int64_t handle, int32_t kind, jobject dispatch, jobject buffer, int32_t capacityFrames);

}  // namespace adm::api
