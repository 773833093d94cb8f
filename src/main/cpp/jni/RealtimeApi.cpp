#include "RealtimeApi.h"

#include <memory>
#include <string>

#include "ApiStatus.h"
#include "JavaRealtimeProcessor.h"
#include "ModuleRegistry.h"
#include "StreamKind.h"

namespace adm::api {

int32_t streamSetRealtime(int64_t handle, int32_t kind, jobject dispatch, jobject buffer, int32_t capacityFrames) {
    return onModule(handle, [&](Module& module) {
        const auto streamKind = static_cast<StreamKind>(kind);
        std::shared_ptr<RealtimeProcessor> processor;
        if (dispatch != nullptr) {
            JNIEnv* env = jni::callingThreadEnv();
            if (env == nullptr) {
                return Status::failure(ErrorCode::AdmJavaResource, "the calling thread has no JVM environment");
            }
            std::size_t available = 0;
            std::size_t ring = 0;
            std::size_t bytesPerFrame = 0;
            if (Status status = module.pcm().info(streamKind, available, ring, bytesPerFrame); !status.ok()) {
                return status;
            }
            void* address = buffer != nullptr ? env->GetDirectBufferAddress(buffer) : nullptr;
            const jlong bytes = buffer != nullptr ? env->GetDirectBufferCapacity(buffer) : -1;
            if (address == nullptr || capacityFrames < 1 ||
                bytes < static_cast<jlong>(capacityFrames) * static_cast<jlong>(bytesPerFrame)) {
                return Status::failure(ErrorCode::InvalidArgument,
                                       "the realtime buffer must be a direct buffer of " + std::to_string(capacityFrames) +
                                           " frames of " + std::to_string(bytesPerFrame) + " bytes (at least one frame), was " +
                                           (address == nullptr ? std::string("not a direct buffer")
                                                               : std::to_string(bytes) + " bytes"));
            }
            if (Status status = jni::JavaRealtimeProcessor::create(env, dispatch, static_cast<uint8_t*>(address),
                                                                    static_cast<std::size_t>(capacityFrames),
                                                                    bytesPerFrame,
                                                                    std::string("admbridge-realtime-") +
                                                                        toText(streamKind),
                                                                    processor);
                !status.ok()) {
                return status;
            }
        }
        return module.setRealtime(streamKind, std::move(processor));
    });
}

}  // namespace adm::api
