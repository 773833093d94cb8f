/* glibc's heap figures for the soak benchmark (dev.admbridge.bench.NativeHeap), plain JNI, built for the
 * benchmarks only (never in the jar). It links nothing of admbridge: loading it adds no second copy of the
 * core to the JVM. */
#include <jni.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The malloc arenas in use: malloc_info's XML has one <heap nr="..."> element per arena. */
static jlong arenaCount(void) {
    char* text = NULL;
    size_t size = 0;
    FILE* out = open_memstream(&text, &size);
    if (out == NULL) {
        return -1;
    }
    malloc_info(0, out);
    fclose(out);
    jlong count = 0;
    for (const char* at = text; (at = strstr(at, "<heap nr=")) != NULL; ++at) {
        ++count;
    }
    free(text);
    return count;
}

/* {bytes in use (small chunks + mmapped chunks), bytes held from the system (arenas + mmapped chunks), arenas} */
JNIEXPORT jlongArray JNICALL Java_dev_admbridge_bench_NativeHeap_figures(JNIEnv* env, jclass cls) {
    (void)cls;
    struct mallinfo2 info = mallinfo2();
    jlong values[3] = {(jlong)(info.uordblks + info.hblkhd), (jlong)(info.arena + info.hblkhd), arenaCount()};
    jlongArray result = (*env)->NewLongArray(env, 3);
    if (result != NULL) {
        (*env)->SetLongArrayRegion(env, result, 0, 3, values);
    }
    return result;
}

/* malloc_trim(0): gives free memory at the top and inside every arena back to the system. */
JNIEXPORT jint JNICALL Java_dev_admbridge_bench_NativeHeap_trim(JNIEnv* env, jclass cls) {
    (void)env;
    (void)cls;
    return malloc_trim(0);
}

/* malloc_info(0) as text: per arena, the free chunks by size and the totals. */
JNIEXPORT jstring JNICALL Java_dev_admbridge_bench_NativeHeap_info(JNIEnv* env, jclass cls) {
    (void)cls;
    char* text = NULL;
    size_t size = 0;
    FILE* out = open_memstream(&text, &size);
    if (out == NULL) {
        return NULL;
    }
    malloc_info(0, out);
    fclose(out);
    jstring result = (*env)->NewStringUTF(env, text);
    free(text);
    return result;
}
