#include "CallbackGate.h"

#include <cstring>
#include <thread>

namespace adm {

// Entering is a seq_cst increment before the seq_cst load of the target, and detach() is a seq_cst store
// of null before the seq_cst load of the count (a Dekker handshake): either detach() sees the callback
// inside and waits, or the callback sees the null target.
class CallbackGate::Inside {
public:
    explicit Inside(std::atomic<uint32_t>& count) noexcept : mCount(count) { mCount.fetch_add(1, std::memory_order_seq_cst); }
    ~Inside() { mCount.fetch_sub(1, std::memory_order_release); }
    Inside(const Inside&) = delete;
    Inside& operator=(const Inside&) = delete;

private:
    std::atomic<uint32_t>& mCount;
};

void CallbackGate::onAudio(const void* input, void* output, unsigned long frames, const CallbackTime& time,
                           uint32_t flags) noexcept {
    Inside inside(mInside);
    if (StreamCallback* target = mTarget.load(std::memory_order_seq_cst); target != nullptr) {
        target->onAudio(input, output, frames, time, flags);
    } else if (output != nullptr) {
        std::memset(output, 0, frames * mOutputBytesPerFrame);  // silence is all-zero bits in every format
    }
}

void CallbackGate::onFinished() noexcept {
    Inside inside(mInside);
    if (StreamCallback* target = mTarget.load(std::memory_order_seq_cst); target != nullptr) {
        target->onFinished();
    }
}

bool CallbackGate::detach(std::chrono::milliseconds patience) noexcept {
    mTarget.store(nullptr, std::memory_order_seq_cst);
    return awaitIdle(patience);
}

bool CallbackGate::awaitIdle(std::chrono::milliseconds patience) const noexcept {
    const auto deadline = std::chrono::steady_clock::now() + patience;
    while (mInside.load(std::memory_order_seq_cst) != 0) {
        if (std::chrono::steady_clock::now() >= deadline) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
    return true;
}

}  // namespace adm
