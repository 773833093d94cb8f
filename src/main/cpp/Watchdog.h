// A module's watchdog thread: calls `tick` at a fixed period until stopped. It sees what the
// audio thread cannot report itself: a stream whose callbacks stopped (stall, dead server).
#pragma once

#include <pthread.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace adm {

class Watchdog {
public:
    Watchdog(std::chrono::milliseconds period, std::function<void()> tick)
        : mPeriod(period), mTick(std::move(tick)), mThread([this] { run(); }) {}

    ~Watchdog() {
        {
            std::lock_guard<std::mutex> lock(mMutex);
            mStopping = true;
        }
        mWake.notify_all();
        mThread.join();
    }

    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

private:
    void run() {
        pthread_setname_np(pthread_self(), "adm-watchdog");  // so profilers and top -H can tell it apart
        std::unique_lock<std::mutex> lock(mMutex);
        while (!mWake.wait_for(lock, mPeriod, [this] { return mStopping; })) {
            lock.unlock();
            mTick();
            lock.lock();
        }
    }

    const std::chrono::milliseconds mPeriod;
    const std::function<void()> mTick;
    std::mutex mMutex;
    std::condition_variable mWake;
    bool mStopping = false;
    std::thread mThread;  // last: starts once the members above exist
};

}  // namespace adm
