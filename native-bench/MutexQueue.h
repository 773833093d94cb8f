// Baseline (b): a std::mutex + std::condition_variable queue of EventRecords, bounded like the ring.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>

#include "EventRecord.h"

namespace adm::bench {

class MutexQueue {
public:
    explicit MutexQueue(std::size_t capacity) : mCapacity(capacity) {}

    bool publish(const EventRecord& record) {
        {
            std::lock_guard<std::mutex> lock(mMutex);
            if (mQueue.size() >= mCapacity) {
                return false;
            }
            mQueue.push_back(record);
        }
        mReady.notify_one();
        return true;
    }

    std::size_t drain(EventRecord* out, std::size_t max) {
        std::lock_guard<std::mutex> lock(mMutex);
        std::size_t n = 0;
        while (n < max && !mQueue.empty()) {
            out[n++] = mQueue.front();
            mQueue.pop_front();
        }
        return n;
    }

    void await(int64_t timeoutNanos) {
        std::unique_lock<std::mutex> lock(mMutex);
        mReady.wait_for(lock, std::chrono::nanoseconds(timeoutNanos), [this] { return !mQueue.empty() || mWoken; });
        mWoken = false;
    }

    void wake() {
        {
            std::lock_guard<std::mutex> lock(mMutex);
            mWoken = true;
        }
        mReady.notify_one();
    }

private:
    const std::size_t mCapacity;
    std::mutex mMutex;
    std::condition_variable mReady;
    std::deque<EventRecord> mQueue;
    bool mWoken = false;
};

}  // namespace adm::bench
