#include "ControlDeadline.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace adm {

bool runWithDeadline(std::function<void()> call, std::chrono::milliseconds deadline) {
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

DeadlineCall callWithDeadline(const std::shared_ptr<Stream>& stream, BackendResult (BackendStream::*call)(),
                              std::chrono::milliseconds deadline) {
    auto result = std::make_shared<BackendResult>();
    DeadlineCall outcome;
    outcome.returned = runWithDeadline([stream, result, call] { *result = ((*stream->backend).*call)(); }, deadline);
    if (outcome.returned) {
        outcome.result = *result;  // the worker was joined: no race
    }
    return outcome;
}

}  // namespace adm
