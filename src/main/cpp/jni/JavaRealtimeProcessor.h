// A RealtimeProcessor that calls the application's Java code: the audio thread attaches to the JVM once (as a
// daemon, detached when the thread ends) and calls `int run(int frames)` on a Java dispatch object, with the period's
// samples in a direct buffer that the dispatch object owns. No allocation, lock or JNI lookup per call.
#pragma once

#include <jni.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "RealtimeProcessor.h"
#include "Status.h"

namespace adm::jni {

/// The JNI environment of the calling thread, a Java thread (the JavaCPP binding does not pass it); null if none.
JNIEnv* callingThreadEnv() noexcept;

class JavaRealtimeProcessor final : public RealtimeProcessor {
public:
    /**
     * `dispatch`: an object with `int run(int frames)` (0: done, else failed), which reads or fills `buffer`, a
     * direct buffer of `capacityFrames` frames of `bytesPerFrame` bytes that it keeps alive. `threadName`: the
     * audio thread's name in the JVM. Errors: 2 (a missing method or bad sizes), 1006 (no JVM).
     */
    static Status create(JNIEnv* env, jobject dispatch, uint8_t* buffer, std::size_t capacityFrames,
                         std::size_t bytesPerFrame, std::string threadName, std::shared_ptr<RealtimeProcessor>& out);

    JavaRealtimeProcessor(JavaVM* vm, jobject globalDispatch, jmethodID run, uint8_t* buffer,
                          std::size_t capacityFrames, std::size_t bytesPerFrame, std::string threadName) noexcept;
    /// Releases the dispatch object, from whichever thread drops the processor.
    ~JavaRealtimeProcessor() override;
    JavaRealtimeProcessor(const JavaRealtimeProcessor&) = delete;
    JavaRealtimeProcessor& operator=(const JavaRealtimeProcessor&) = delete;

    /// Blocks of at most the buffer's capacity: the input copied in (or zeros), run(), the buffer copied out.
    bool process(const void* input, void* output, unsigned long frames) noexcept override;

private:
    JavaVM* const mVm;
    const jobject mDispatch;  // a global reference
    const jmethodID mRun;
    uint8_t* const mBuffer;
    const std::size_t mCapacityFrames;
    const std::size_t mBytesPerFrame;
    const std::string mThreadName;
};

}  // namespace adm::jni
