#include "EventHub.h"

#include <ctime>
#include <utility>

// Under RealtimeSanitizer (native-tests/rtsan) only the optional FUTEX_WAKE is exempted; see tryPublish().
#if defined(__has_feature)
#if __has_feature(realtime_sanitizer)
#include <sanitizer/rtsan_interface.h>
#define ADM_RTSAN_ALLOW_WAKE() __rtsan::ScopedDisabler allowBoundedWake
#endif
#endif
#ifndef ADM_RTSAN_ALLOW_WAKE
#define ADM_RTSAN_ALLOW_WAKE() static_cast<void>(0)
#endif

namespace adm {

EventHub::EventHub(std::size_t capacity) : mRing(capacity) {}

bool EventHub::publishAndWake(const EventRecord& record) noexcept { return countDrop(tryPublish(record, Wake::Now)); }

bool EventHub::publishWithoutWake(const EventRecord& record) noexcept {
    return countDrop(tryPublish(record, Wake::Later));
}

bool EventHub::countDrop(bool published) noexcept {
    if (!published) {
        mDropped.fetch_add(1, std::memory_order_relaxed);
    }
    return published;
}

bool EventHub::tryPublish(const EventRecord& record, Wake wake) noexcept {
    if (!mRing.tryPublish(record)) {
        return false;
    }
    if (wake == Wake::Later) {
        mPendingWake.store(1, std::memory_order_release);  // a plain atomic store: relayWake() does the rest
        return true;
    }
    {
        // Pairs with the fence in await(): either the consumer sees the record before it
        // sleeps, or we see it asleep and wake it.
        std::atomic_thread_fence(std::memory_order_seq_cst);
        if (mSleeping.load(std::memory_order_relaxed) != 0 && mSleeping.exchange(0, std::memory_order_acq_rel) != 0) {
            // The one syscall on this path, at most once per consumer sleep: FUTEX_WAKE never
            // blocks. RTSan flags every syscall, so the rtsan test exempts just this call.
            ADM_RTSAN_ALLOW_WAKE();
            wakeFutex();
        }
    }
    return true;
}

bool EventHub::publishWithMessage(EventRecord record, std::string message) {
    {
        std::lock_guard<std::mutex> lock(mMessagesMutex);
        record.messageId = mNextMessageId++;
        mMessages.emplace(record.messageId, std::move(message));
    }
    if (!publishAndWake(record)) {
        std::lock_guard<std::mutex> lock(mMessagesMutex);
        mMessages.erase(record.messageId);
        return false;
    }
    return true;
}

std::size_t EventHub::drain(EventRecord* out, std::size_t max) noexcept { return mRing.drain(out, max); }

bool EventHub::await(int64_t timeoutNanos) noexcept {
    if (mRing.readable()) {
        return true;
    }
    const uint32_t sequence = mWake.generation();
    mSleeping.store(1, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_seq_cst);
    // A wakeConsumer() that came before `sequence` was read left its request here; one after it
    // changed the futex word, so FUTEX_WAIT returns at once. Either way no shutdown wake is lost.
    const bool requested = mWakeRequested.exchange(0, std::memory_order_acq_rel) != 0;
    if (!requested && !mRing.readable() && timeoutNanos > 0) {
        mWake.sleep(sequence, timeoutNanos);
    }
    mSleeping.store(0, std::memory_order_relaxed);
    return mRing.readable();
}

void EventHub::relayWake() noexcept {
    if (mPendingWake.exchange(0, std::memory_order_acq_rel) == 0) {
        return;
    }
    std::atomic_thread_fence(std::memory_order_seq_cst);  // as in tryPublish: see await()
    if (mSleeping.load(std::memory_order_relaxed) != 0 && mSleeping.exchange(0, std::memory_order_acq_rel) != 0) {
        wakeFutex();
    }
}

void EventHub::wakeConsumer() noexcept {
    mWakeRequested.store(1, std::memory_order_release);
    wakeFutex();
}

void EventHub::wakeFutex() noexcept {
    mWake.wakeOne();  // FUTEX_WAKE never sleeps: it takes the kernel's hash-bucket lock briefly and returns
}

int64_t EventHub::fixedMessage(std::string message) {
    std::lock_guard<std::mutex> lock(mMessagesMutex);
    // One id per text: every stream asks for one of the same few texts, and fixed texts are kept for good,
    // so an id per call grew the table by one text per stream initialized for the module's life (issue 15).
    if (auto known = mFixedIds.find(message); known != mFixedIds.end()) {
        return known->second;
    }
    const int64_t id = mNextFixedId--;
    mMessages.emplace(id, message);
    mFixedIds.emplace(std::move(message), id);
    return id;
}

std::string EventHub::takeMessage(int64_t id) {
    std::lock_guard<std::mutex> lock(mMessagesMutex);
    auto it = mMessages.find(id);
    if (it == mMessages.end()) {
        return {};
    }
    if (id < 0) {
        return it->second;  // fixed: shared by every record that names it
    }
    std::string message = std::move(it->second);
    mMessages.erase(it);
    return message;
}

}  // namespace adm
