#include "JavaRealtimeProcessor.h"

#include <dlfcn.h>

#include <algorithm>
#include <cstring>
#include <utility>

#include "Codes.h"

namespace adm::jni {
namespace {

constexpr jint kJniVersion = JNI_VERSION_1_8;

/// The audio thread's JNI environment: attached on its first realtime callback, detached when the thread ends (a
/// recovered stream's host thread is a new one; the old one must not stay in the JVM's thread list).
class AudioThreadAttachment {
public:
    AudioThreadAttachment() = default;
    AudioThreadAttachment(const AudioThreadAttachment&) = delete;
    AudioThreadAttachment& operator=(const AudioThreadAttachment&) = delete;
    ~AudioThreadAttachment() {
        if (mAttachedHere) {
            mVm->DetachCurrentThread();
        }
    }

    /// Null when the JVM refused to attach the thread.
    JNIEnv* env(JavaVM* vm, const std::string& threadName) noexcept {
        if (mEnv != nullptr && mVm == vm) {
            return mEnv;
        }
        JNIEnv* env = nullptr;
        if (vm->GetEnv(reinterpret_cast<void**>(&env), kJniVersion) == JNI_OK) {
            mVm = vm;  // a thread the JVM knows already (a test's Java thread): not ours to detach
            mEnv = env;
            return env;
        }
        JavaVMAttachArgs args{kJniVersion, const_cast<char*>(threadName.c_str()), nullptr};
        if (vm->AttachCurrentThreadAsDaemon(reinterpret_cast<void**>(&env), &args) != JNI_OK) {
            return nullptr;
        }
        mVm = vm;
        mEnv = env;
        mAttachedHere = true;
        return env;
    }

private:
    JavaVM* mVm = nullptr;
    JNIEnv* mEnv = nullptr;
    bool mAttachedHere = false;
};

thread_local AudioThreadAttachment tAttachment;

}  // namespace

JNIEnv* callingThreadEnv() noexcept {
    // The JVM that loaded this library: libjvm is in the process already, so it is looked up, not linked.
    // The java launcher loads libjvm globally; a program that embeds the JVM may load it locally, where only its
    // own handle (already loaded: RTLD_NOLOAD) finds the symbol.
    using GetCreatedVms = jint (*)(JavaVM**, jsize, jsize*);
    auto getCreatedVms = reinterpret_cast<GetCreatedVms>(dlsym(RTLD_DEFAULT, "JNI_GetCreatedJavaVMs"));
    if (getCreatedVms == nullptr) {
        if (void* jvm = dlopen("libjvm.so", RTLD_LAZY | RTLD_NOLOAD); jvm != nullptr) {
            getCreatedVms = reinterpret_cast<GetCreatedVms>(dlsym(jvm, "JNI_GetCreatedJavaVMs"));
            dlclose(jvm);  // balances this dlopen only: the JVM stays loaded
        }
    }
    JavaVM* vm = nullptr;
    jsize count = 0;
    JNIEnv* env = nullptr;
    if (getCreatedVms == nullptr || getCreatedVms(&vm, 1, &count) != JNI_OK || count < 1 ||
        vm->GetEnv(reinterpret_cast<void**>(&env), kJniVersion) != JNI_OK) {
        return nullptr;
    }
    return env;
}

Status JavaRealtimeProcessor::create(JNIEnv* env, jobject dispatch, uint8_t* buffer, std::size_t capacityFrames,
                                     std::size_t bytesPerFrame, std::string threadName,
                                     std::shared_ptr<RealtimeProcessor>& out) {
    if (env == nullptr || dispatch == nullptr || buffer == nullptr || capacityFrames == 0 || bytesPerFrame == 0) {
        return Status::failure(ErrorCode::InvalidArgument,
                               "a realtime callback needs its dispatch object and a direct buffer of at least one frame");
    }
    JavaVM* vm = nullptr;
    if (env->GetJavaVM(&vm) != JNI_OK || vm == nullptr) {
        return Status::failure(ErrorCode::AdmJavaResource, "the JVM of this thread could not be found");
    }
    jclass type = env->GetObjectClass(dispatch);
    jmethodID run = env->GetMethodID(type, "run", "(I)I");
    env->DeleteLocalRef(type);
    if (run == nullptr) {
        env->ExceptionClear();  // NoSuchMethodError: reported as a code instead
        return Status::failure(ErrorCode::InvalidArgument, "the realtime dispatch object has no int run(int) method");
    }
    jobject global = env->NewGlobalRef(dispatch);
    if (global == nullptr) {
        env->ExceptionClear();
        return Status::failure(ErrorCode::AdmJavaResource, "no global reference could be made to the realtime callback");
    }
    out = std::make_shared<JavaRealtimeProcessor>(vm, global, run, buffer, capacityFrames, bytesPerFrame,
                                                  std::move(threadName));
    return Status::success();
}

JavaRealtimeProcessor::JavaRealtimeProcessor(JavaVM* vm, jobject globalDispatch, jmethodID run, uint8_t* buffer,
                                             std::size_t capacityFrames, std::size_t bytesPerFrame,
                                             std::string threadName) noexcept
    : mVm(vm),
      mDispatch(globalDispatch),
      mRun(run),
      mBuffer(buffer),
      mCapacityFrames(capacityFrames),
      mBytesPerFrame(bytesPerFrame),
      mThreadName(std::move(threadName)) {}

JavaRealtimeProcessor::~JavaRealtimeProcessor() {
    JNIEnv* env = nullptr;
    if (mVm->GetEnv(reinterpret_cast<void**>(&env), kJniVersion) == JNI_OK) {
        env->DeleteGlobalRef(mDispatch);
    } else if (mVm->AttachCurrentThreadAsDaemon(reinterpret_cast<void**>(&env), nullptr) == JNI_OK) {
        env->DeleteGlobalRef(mDispatch);  // a native thread of ours (the watchdog): attached for this only
        mVm->DetachCurrentThread();
    }
}

bool JavaRealtimeProcessor::process(const void* input, void* output, unsigned long frames) noexcept {
    JNIEnv* env = tAttachment.env(mVm, mThreadName);
    if (env == nullptr) {
        return false;
    }
    const auto* in = static_cast<const uint8_t*>(input);
    auto* out = static_cast<uint8_t*>(output);
    for (std::size_t done = 0; done < frames;) {
        const std::size_t block = std::min<std::size_t>(frames - done, mCapacityFrames);
        const std::size_t bytes = block * mBytesPerFrame;
        if (in != nullptr) {
            std::memcpy(mBuffer, in + done * mBytesPerFrame, bytes);
        } else {
            std::memset(mBuffer, 0, bytes);  // playout: what the code leaves unwritten is silence
        }
        const jint failed = env->CallIntMethod(mDispatch, mRun, static_cast<jint>(block));
        if (env->ExceptionCheck() == JNI_TRUE) {
            env->ExceptionClear();  // thrown past the dispatch's own catch (a StackOverflowError in it)
            return false;
        }
        if (failed != 0) {
            return false;
        }
        if (out != nullptr) {
            std::memcpy(out + done * mBytesPerFrame, mBuffer, bytes);
        }
        done += block;
    }
    return true;
}

}  // namespace adm::jni
