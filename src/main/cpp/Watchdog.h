// A module's watchdog thread: calls `tick` at a fixed period while there is something to watch, and sleeps
// without a timeout when there is not (tick returned false) until woken. It sees what the audio thread
// cannot report itself: a stream whose callbacks stopped (stall, dead server).
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
    /// `tick` returns whether to tick again after `period`; false: sleep until wake().
    Watchdog(std::chrono::milliseconds period, std::function<bool()> tick)
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

    /// Ticks at once, and then periodically again until a tick says there is nothing to watch.
    void wake() {
        {
            std::lock_guard<std::mutex> lock(mMutex);
            mWoken = true;
        }
        mWake.notify_all();
    }

    /// Ticks so far (for tests of the sleep).
    unsigned long ticks() {
        std::lock_guard<std::mutex> lock(mMutex);
        return mTicks;
    }

private:
    void run() {
        pthread_setname_np(pthread_self(), "adm-watchdog");  // so profilers and top -H can tell it apart
        std::unique_lock<std::mutex> lock(mMutex);
        bool watching = true;
        while (!mStopping) {
            if (watching) {
                mWake.wait_for(lock, mPeriod, [this] { return mStopping || mWoken; });
            } else {
                mWake.wait(lock, [this] { return mStopping || mWoken; });  // nothing to watch: no periodic wake
            }
            if (mStopping) {
                break;
            }
            mWoken = false;  // a wake from here on asks for another tick
            ++mTicks;
            lock.unlock();
            watching = mTick();
            lock.lock();
        }
    }

    const std::chrono::milliseconds mPeriod;
    const std::function<bool()> mTick;
    std::mutex mMutex;
    std::condition_variable mWake;
    bool mStopping = false;
    bool mWoken = false;
    unsigned long mTicks = 0;
    std::thread mThread;  // last: starts once the members above exist
};

}  // namespace adm
