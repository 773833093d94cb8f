// JNI baselines for the Java benchmarks (dev.admbridge.bench.Baselines), plain JNI, built for the
// benchmarks only (never in the jar):
//  (a) a per-event upcall: a native thread attaches to the JVM, then CallVoidMethod per event;
//  (b) a std::mutex + std::condition_variable queue, drained in batches by a Java thread;
// and the cost of the realtime callback's upcall (JavaRealtimeProcessor, as a stream's audio thread calls it).
#include <jni.h>

#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include "MonotonicClock.h"
#include "EventRecord.h"
#include "MutexQueue.h"
#include "Timing.h"
#include "jni/JavaRealtimeProcessor.h"

using adm::EventRecord;
using adm::bench::MutexQueue;

namespace {
JavaVM* gVm = nullptr;
jobject gTarget = nullptr;  // global ref to the Java object whose onEvent(long, long) we call
jmethodID gOnEvent = nullptr;

MutexQueue* queueOf(jlong handle) { return reinterpret_cast<MutexQueue*>(static_cast<intptr_t>(handle)); }
}  // namespace

extern "C" {

JNIEXPORT jint JNI_OnLoad(JavaVM* vm, void*) {
    gVm = vm;
    return JNI_VERSION_10;
}

// --- (a) upcalls ---

JNIEXPORT void JNICALL Java_dev_admbridge_bench_Baselines_upcallTarget(JNIEnv* env, jclass, jobject target) {
    if (gTarget != nullptr) {
        env->DeleteGlobalRef(gTarget);
    }
    gTarget = env->NewGlobalRef(target);
    gOnEvent = env->GetMethodID(env->GetObjectClass(target), "onEvent", "(JJ)V");
}

/// One event, published by an upcall on the calling thread (already attached: it is a Java thread).
JNIEXPORT void JNICALL Java_dev_admbridge_bench_Baselines_upcall(JNIEnv* env, jclass, jlong value) {
    env->CallVoidMethod(gTarget, gOnEvent, static_cast<jlong>(adm::monotonicNanos()), value);
}

JNIEXPORT void JNICALL Java_dev_admbridge_bench_Baselines_upcallMany(JNIEnv* env, jclass, jlong events) {
    for (jlong i = 0; i < events; ++i) {
        env->CallVoidMethod(gTarget, gOnEvent, static_cast<jlong>(adm::monotonicNanos()), i);
    }
}

/// The producer's cost per event from a native thread: attach once, then time each CallVoidMethod.
JNIEXPORT void JNICALL Java_dev_admbridge_bench_Baselines_upcallCosts(JNIEnv* env, jclass, jlongArray out,
                                                                      jlong gapNanos) {
    const jsize events = env->GetArrayLength(out);
    std::vector<jlong> nanos(static_cast<std::size_t>(events));
    const double nsPerTick = adm::bench::nanosPerTick();
    std::thread producer([&] {
        JNIEnv* threadEnv = nullptr;
        JavaVMAttachArgs args{JNI_VERSION_10, const_cast<char*>("bench-native-producer"), nullptr};
        if (gVm->AttachCurrentThreadAsDaemon(reinterpret_cast<void**>(&threadEnv), &args) != JNI_OK) {
            return;
        }
        for (jsize i = 0; i < events; ++i) {
            if (gapNanos > 0) {
                adm::bench::spinFor(gapNanos);
            }
            const uint64_t t0 = adm::bench::ticks();
            threadEnv->CallVoidMethod(gTarget, gOnEvent, static_cast<jlong>(adm::monotonicNanos()),
                                      static_cast<jlong>(i));
            const uint64_t t1 = adm::bench::ticks();
            nanos[static_cast<std::size_t>(i)] = static_cast<jlong>(static_cast<double>(t1 - t0) * nsPerTick);
        }
        gVm->DetachCurrentThread();
    });
    producer.join();
    env->SetLongArrayRegion(out, 0, events, nanos.data());
}

// --- the realtime callback's upcall ---

/**
 * What one call of the realtime callback costs the audio thread: a native thread (attached on its first call, as
 * PortAudio's is) calls the product's JavaRealtimeProcessor out.length times, `gapNanos` apart, with `frames` frames
 * of silence to fill; each call timed (ns) into `out`. `dispatch` and `buffer`: what AudioStream hands the native
 * side (a RealtimeDispatch and its block's direct buffer). Returns false when the processor could not be made.
 */
JNIEXPORT jboolean JNICALL Java_dev_admbridge_bench_Baselines_realtimeUpcallCosts(JNIEnv* env, jclass, jobject dispatch,
                                                                                 jobject buffer, jint frames,
                                                                                 jint bytesPerFrame, jlongArray out,
                                                                                 jlong gapNanos) {
    std::shared_ptr<adm::RealtimeProcessor> processor;
    auto* address = static_cast<uint8_t*>(env->GetDirectBufferAddress(buffer));
    if (!adm::jni::JavaRealtimeProcessor::create(env, dispatch, address, static_cast<std::size_t>(frames),
                                                 static_cast<std::size_t>(bytesPerFrame), "bench-realtime-upcall",
                                                 processor)
             .ok()) {
        return JNI_FALSE;
    }
    const jsize calls = env->GetArrayLength(out);
    std::vector<jlong> nanos(static_cast<std::size_t>(calls));
    std::vector<uint8_t> output(static_cast<std::size_t>(frames) * static_cast<std::size_t>(bytesPerFrame));
    const double nsPerTick = adm::bench::nanosPerTick();
    bool ok = true;
    std::thread audio([&] {
        for (jsize i = 0; i < calls && ok; ++i) {
            if (gapNanos > 0) {
                adm::bench::spinFor(gapNanos);
            }
            const uint64_t t0 = adm::bench::ticks();
            ok = processor->process(nullptr, output.data(), static_cast<unsigned long>(frames));
            const uint64_t t1 = adm::bench::ticks();
            nanos[static_cast<std::size_t>(i)] = static_cast<jlong>(static_cast<double>(t1 - t0) * nsPerTick);
        }
    });
    audio.join();  // the thread's end detaches it from the JVM
    processor.reset();
    env->SetLongArrayRegion(out, 0, calls, nanos.data());
    return ok ? JNI_TRUE : JNI_FALSE;
}

// --- (b) mutex + condition variable queue ---

JNIEXPORT jlong JNICALL Java_dev_admbridge_bench_Baselines_mutexCreate(JNIEnv*, jclass, jint capacity) {
    auto queue = std::make_unique<MutexQueue>(static_cast<std::size_t>(capacity));
    return static_cast<jlong>(reinterpret_cast<intptr_t>(queue.release()));  // owned by Java: mutexDestroy
}

JNIEXPORT void JNICALL Java_dev_admbridge_bench_Baselines_mutexDestroy(JNIEnv*, jclass, jlong handle) {
    std::unique_ptr<MutexQueue> owned(queueOf(handle));
}

JNIEXPORT jboolean JNICALL Java_dev_admbridge_bench_Baselines_mutexPublish(JNIEnv*, jclass, jlong handle,
                                                                           jlong value) {
    EventRecord record;
    record.code = 1005;
    record.value = value;
    record.firstNanos = adm::monotonicNanos();
    record.lastNanos = record.firstNanos;
    return queueOf(handle)->publish(record) ? JNI_TRUE : JNI_FALSE;
}

JNIEXPORT void JNICALL Java_dev_admbridge_bench_Baselines_mutexPublishMany(JNIEnv*, jclass, jlong handle,
                                                                           jlong events) {
    EventRecord record;
    record.code = 1005;
    for (jlong i = 0; i < events; ++i) {
        record.value = i;
        record.firstNanos = adm::monotonicNanos();
        record.lastNanos = record.firstNanos;
        while (!queueOf(handle)->publish(record)) {
            std::this_thread::yield();
        }
    }
}

JNIEXPORT jint JNICALL Java_dev_admbridge_bench_Baselines_mutexDrain(JNIEnv* env, jclass, jlong handle,
                                                                     jobject dest, jint capacity) {
    auto* out = static_cast<EventRecord*>(env->GetDirectBufferAddress(dest));
    return static_cast<jint>(queueOf(handle)->drain(out, static_cast<std::size_t>(capacity)));
}

JNIEXPORT void JNICALL Java_dev_admbridge_bench_Baselines_mutexAwait(JNIEnv*, jclass, jlong handle, jlong nanos) {
    queueOf(handle)->await(nanos);
}

JNIEXPORT void JNICALL Java_dev_admbridge_bench_Baselines_mutexWake(JNIEnv*, jclass, jlong handle) {
    queueOf(handle)->wake();
}

}  // extern "C"
