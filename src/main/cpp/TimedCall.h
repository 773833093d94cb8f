// Runs a control call that might never return (a backend waiting on a dead host) on a thread
// of its own, and gives up waiting after a deadline so the caller never hangs.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace adm {

/// True when `call` finished within `deadline`; false when it was abandoned: its thread is
/// detached and keeps whatever `call` captured alive for as long as it runs.
inline bool runWithDeadline(std::function<void()> call, std::chrono::milliseconds deadline) {
    struct Shared {
        std::mutex mutex;
        std::condition_variable done;
        bool finished = false;
    };
    auto shared = std::make_shared<Shared>();
    std::thread worker([shared, call = std::move(call)] {
        call();
        std::lock_guard<std::mutex> lock(shared->mutex);
        shared->finished = true;
        shared->done.notify_all();
    });
    std::unique_lock<std::mutex> lock(shared->mutex);
    if (shared->done.wait_for(lock, deadline, [&] { return shared->finished; })) {
        lock.unlock();
        worker.join();
        return true;
    }
    worker.detach();
    return false;
}

}  // namespace adm
