// AddressWait anywhere C++17 runs: words hash to a few buckets of a mutex and a condition variable.
// A waker locks the bucket after changing the word, so a sleeper that saw the old value is woken.
#include "AddressWait.h"

#include <array>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>

namespace adm {
namespace {

struct Bucket {
    std::mutex mutex;
    std::condition_variable changed;
};

Bucket& bucketOf(const std::atomic<uint32_t>& word) {
    static std::array<Bucket, 64> buckets;
    return buckets[std::hash<const void*>{}(&word) % buckets.size()];
}

}  // namespace

void addressWait(const std::atomic<uint32_t>& word, uint32_t expected, int64_t timeoutNanos) noexcept {
    Bucket& bucket = bucketOf(word);
    std::unique_lock<std::mutex> lock(bucket.mutex);
    if (word.load(std::memory_order_acquire) == expected) {
        bucket.changed.wait_for(lock, std::chrono::nanoseconds(timeoutNanos));
    }
}

void addressWake(const std::atomic<uint32_t>& word, bool /*all: a bucket is shared, so every sleeper wakes*/) noexcept {
    Bucket& bucket = bucketOf(word);
    std::lock_guard<std::mutex> lock(bucket.mutex);
    bucket.changed.notify_all();
}

}  // namespace adm
