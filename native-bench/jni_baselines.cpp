// JNI baselines for the Java benchmarks (dev.admbridge.bench.Baselines), plain JNI, built for the
// benchmarks only (never in the jar):
//  (a) a per-event upcall: a native thread attaches to the JVM, then CallVoidMethod per event;
//  (b) a std::mutex + std::condition_variable queue, drained in batches by a Java thread.
#include <jni.h>

#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include "MonotonicClock.h"
#include "EventRecord.h"
#include "MutexQueue.h"
#include "Timing.h"

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
