#include "HostEventBell.h"

#include <memory>
#include <utility>

namespace adm {

HostEventBell& HostEventBell::instance() {
    static HostEventBell* const bell = std::make_unique<HostEventBell>().release();  // libjack may ring at exit
    return *bell;
}

uint64_t HostEventBell::add(std::function<void()> wake) {
    std::lock_guard<std::mutex> lock(mMutex);
    const uint64_t token = mNext++;
    mSubscribers.emplace(token, std::move(wake));
    return token;
}

void HostEventBell::remove(uint64_t token) {
    std::lock_guard<std::mutex> lock(mMutex);  // waits for a ring in progress
    mSubscribers.erase(token);
}

void HostEventBell::ring() {
    std::lock_guard<std::mutex> lock(mMutex);
    for (auto& [token, wake] : mSubscribers) {
        wake();
    }
}

}  // namespace adm
