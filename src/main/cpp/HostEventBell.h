// Who wants to hear at once that a sound server went away: a module's watchdog, asleep while its streams are
// idle, is woken to fail them (1015/1017) instead of looking every period. Rung on the host library's own
// notification thread (libjack's), never on an audio thread: it takes a lock and wakes the subscribers.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>

namespace adm {

class HostEventBell {
public:
    /// The process's bell.
    static HostEventBell& instance();

    /// `wake` is called at every ring until remove(token) returns.
    uint64_t add(std::function<void()> wake);
    /// After it returns, `wake` of `token` is not running and is never called again.
    void remove(uint64_t token);
    /// A sound server went away: calls every subscriber's `wake`.
    void ring();

private:
    std::mutex mMutex;
    std::map<uint64_t, std::function<void()>> mSubscribers;  // guarded by mMutex
    uint64_t mNext = 1;                                      // guarded by mMutex
};

}  // namespace adm
