// Interleaved PCM between one producer and one consumer, lock-free, no allocation after
// construction. Positions are frame counters that only grow (64 bits: no wrap in practice).
//
// Playout: the application writes, the audio callback reads; a full ring refuses the write.
// Recording: the audio callback always writes (never waits for the application); a consumer
// that was lapped skips to the oldest frames still intact, and counts what it lost.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>

namespace adm {

class SpscPcmRing {
public:
    /// @param capacityFrames a power of two; @param bytesPerFrame channels x sample size
    SpscPcmRing(std::size_t capacityFrames, std::size_t bytesPerFrame)
        : mCapacity(capacityFrames),
          mMask(capacityFrames - 1),
          mBytesPerFrame(bytesPerFrame),
          mData(std::make_unique<uint8_t[]>(capacityFrames * bytesPerFrame)) {}

    static std::size_t capacityFor(std::size_t frames) {
        std::size_t capacity = 64;
        while (capacity < frames) {
            capacity <<= 1;
        }
        return capacity;
    }

    std::size_t capacityFrames() const noexcept { return mCapacity; }
    std::size_t bytesPerFrame() const noexcept { return mBytesPerFrame; }

    /// Frames the consumer could read now (at most the capacity).
    std::size_t readable() const noexcept {
        const uint64_t written = mWritten.load(std::memory_order_acquire);
        const uint64_t read = mRead.load(std::memory_order_relaxed);
        return static_cast<std::size_t>(std::min<uint64_t>(written - read, mCapacity));
    }

    // --- producer ---

    /// Writes up to `frames`, as many as there is room for; returns how many. Never overwrites.
    std::size_t write(const uint8_t* source, std::size_t frames) noexcept {
        const uint64_t written = mWritten.load(std::memory_order_relaxed);
        const uint64_t read = mRead.load(std::memory_order_acquire);
        const std::size_t room = mCapacity - static_cast<std::size_t>(written - read);
        const std::size_t count = std::min(frames, room);
        copyIn(written, source, count);
        mWritten.store(written + count, std::memory_order_release);
        return count;
    }

    /// Writes all `frames` (the newest `capacity` of them if more), overwriting what the consumer
    /// has not read yet: the audio thread of a recording never waits for the application.
    void overwrite(const uint8_t* source, std::size_t frames) noexcept {
        if (frames > mCapacity) {
            source += (frames - mCapacity) * mBytesPerFrame;
            mWritten.fetch_add(frames - mCapacity, std::memory_order_relaxed);
            frames = mCapacity;
        }
        const uint64_t written = mWritten.load(std::memory_order_relaxed);
        // Announce the region being overwritten before touching it, so that a consumer copying
        // from it sees the overlap when it re-checks (seqlock-style).
        mWriting.store(written + frames, std::memory_order_relaxed);
        std::atomic_thread_fence(std::memory_order_release);
        copyIn(written, source, frames);
        mWritten.store(written + frames, std::memory_order_release);
    }

    // --- consumer ---

    /// Reads up to `frames` of what is there; returns how many. For rings fed by write().
    std::size_t read(uint8_t* destination, std::size_t frames) noexcept {
        const uint64_t read = mRead.load(std::memory_order_relaxed);
        const uint64_t written = mWritten.load(std::memory_order_acquire);
        const std::size_t count = std::min(frames, static_cast<std::size_t>(written - read));
        copyOut(read, destination, count);
        mRead.store(read + count, std::memory_order_release);
        return count;
    }

    /// Reads up to `frames` from a ring fed by overwrite(); frames the producer overwrote before
    /// they were read are skipped and added to `lost`. Returns how many frames were read.
    std::size_t readLapped(uint8_t* destination, std::size_t frames, uint64_t& lost) noexcept {
        uint64_t read = mRead.load(std::memory_order_relaxed);
        for (;;) {
            const uint64_t written = mWritten.load(std::memory_order_acquire);
            if (written - read > mCapacity) {
                lost += written - read - mCapacity;  // lapped before we started: skip to the oldest intact
                read = written - mCapacity;
            }
            const std::size_t count = std::min(frames, static_cast<std::size_t>(written - read));
            copyOut(read, destination, count);
            // Seqlock-style check: if the producer began overwriting any frame we copied, the copy
            // may be torn; skip past the overwritten region and copy again.
            std::atomic_thread_fence(std::memory_order_acquire);
            const uint64_t writing = mWriting.load(std::memory_order_relaxed);
            if (writing <= read + mCapacity) {
                mRead.store(read + count, std::memory_order_release);
                return count;
            }
            lost += writing - mCapacity - read;
            read = writing - mCapacity;
        }
    }

private:
    void copyIn(uint64_t position, const uint8_t* source, std::size_t frames) noexcept {
        const std::size_t start = static_cast<std::size_t>(position & mMask);
        const std::size_t first = std::min(frames, mCapacity - start);
        std::memcpy(mData.get() + start * mBytesPerFrame, source, first * mBytesPerFrame);
        std::memcpy(mData.get(), source + first * mBytesPerFrame, (frames - first) * mBytesPerFrame);
    }

    void copyOut(uint64_t position, uint8_t* destination, std::size_t frames) const noexcept {
        const std::size_t start = static_cast<std::size_t>(position & mMask);
        const std::size_t first = std::min(frames, mCapacity - start);
        std::memcpy(destination, mData.get() + start * mBytesPerFrame, first * mBytesPerFrame);
        std::memcpy(destination + first * mBytesPerFrame, mData.get(), (frames - first) * mBytesPerFrame);
    }

    const std::size_t mCapacity;
    const std::size_t mMask;
    const std::size_t mBytesPerFrame;
    std::unique_ptr<uint8_t[]> mData;
    alignas(64) std::atomic<uint64_t> mWritten{0};  // producer
    std::atomic<uint64_t> mWriting{0};              // producer: end of the region being overwritten
    alignas(64) std::atomic<uint64_t> mRead{0};     // consumer
};

}  // namespace adm
