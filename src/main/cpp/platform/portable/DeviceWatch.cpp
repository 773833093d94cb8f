// DeviceWatch where inotify is missing: only pokes (the HostEventBell) count, on a thread that sleeps until one.
#include "DeviceWatch.h"

#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

#include "HostEventBell.h"

namespace adm {

struct DeviceWatch::State {
    std::chrono::milliseconds settle{0};
    std::mutex mutex;
    std::condition_variable wake;
    std::map<uint64_t, std::function<void()>> subscribers;  // guarded by mutex
    uint64_t next = 1;                                       // guarded by mutex
    bool poked = false;                                      // guarded by mutex
    bool stopping = false;                                   // guarded by mutex
    std::thread thread;                                      // guarded by mutex

    void run() {
        std::unique_lock<std::mutex> lock(mutex);
        for (;;) {
            wake.wait(lock, [this] { return poked || stopping; });
            if (stopping) {
                return;
            }
            poked = false;
            wake.wait_for(lock, settle, [this] { return stopping; });
            for (auto& [token, changed] : subscribers) {
                changed();
            }
        }
    }
};

DeviceWatch::DeviceWatch(std::vector<WatchedDirectory> /*directories*/, std::chrono::milliseconds settle)
    : mState(std::make_shared<State>()) {
    mState->settle = settle;
}

DeviceWatch::~DeviceWatch() {
    std::thread thread;
    {
        std::lock_guard<std::mutex> lock(mState->mutex);
        mState->stopping = true;
        thread = std::move(mState->thread);
    }
    mState->wake.notify_all();
    if (thread.joinable()) {
        thread.join();
    }
}

uint64_t DeviceWatch::add(std::function<void()> changed) {
    std::lock_guard<std::mutex> lock(mState->mutex);
    const uint64_t token = mState->next++;
    mState->subscribers.emplace(token, std::move(changed));
    if (!mState->thread.joinable()) {
        mState->thread = std::thread([state = mState] { state->run(); });
    }
    return token;
}

void DeviceWatch::remove(uint64_t token) {
    std::lock_guard<std::mutex> lock(mState->mutex);
    mState->subscribers.erase(token);
}

void DeviceWatch::poke() {
    {
        std::lock_guard<std::mutex> lock(mState->mutex);
        mState->poked = true;
    }
    mState->wake.notify_all();
}

DeviceWatch& DeviceWatch::instance() {
    static DeviceWatch* const watch = [] {
        auto* made = std::make_unique<DeviceWatch>(std::vector<WatchedDirectory>{}, std::chrono::milliseconds(250))
                         .release();
        HostEventBell::instance().add([made] { made->poke(); });
        return made;
    }();
    return *watch;
}

}  // namespace adm
