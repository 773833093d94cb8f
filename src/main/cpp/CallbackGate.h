// What a backend's audio thread calls instead of the stream itself: it forwards each callback to the
// stream until the stream detaches, and then outputs silence. A host that stalled can wake up and call
// long after the application closed the stream (a close that timed out, a stream isolated from a dead
// server): the gate is the only memory such a late callback touches, so the stream's own (rings,
// detectors) can be freed once detached. A gate whose host stream was never closed is kept for good: a
// few bytes per host failure (docs/design.md, "Who owns what an audio thread touches").
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>

#include "Backend.h"

namespace adm {

class CallbackGate final : public StreamCallback {
public:
    /// `target` gets the callbacks until detach(); `outputBytesPerFrame` is what silence takes (0: no output).
    CallbackGate(StreamCallback* target, std::size_t outputBytesPerFrame) noexcept
        : mTarget(target), mOutputBytesPerFrame(outputBytesPerFrame) {}

    // --- the audio thread: two atomic increments and a load on top of the stream's own work ---
    void onAudio(const void* input, void* output, unsigned long frames, const CallbackTime& time,
                 uint32_t flags) noexcept override;
    void onFinished() noexcept override;

    /**
     * Control threads: no callback reaches the target after this returns true. Waits (up to `patience`)
     * for a callback in progress to leave; false when one did not (the caller must then keep the target).
     */
    bool detach(std::chrono::milliseconds patience = std::chrono::milliseconds(200)) noexcept;

    bool detached() const noexcept { return mTarget.load(std::memory_order_acquire) == nullptr; }

    /**
     * Control threads: waits (up to `patience`) until no callback is in progress, without detaching: what
     * the target stopped sharing before this call (a seq_cst store) is no longer read by any callback after.
     */
    bool awaitIdle(std::chrono::milliseconds patience = std::chrono::milliseconds(200)) const noexcept;

private:
    /// Enters and leaves around every forwarded call; detach() waits for it to be zero.
    class Inside;

    std::atomic<StreamCallback*> mTarget;
    std::atomic<uint32_t> mInside{0};
    const std::size_t mOutputBytesPerFrame;
};

}  // namespace adm
