// The PCM ring: order and wrap, refusal when full, and a lapped consumer that loses the oldest
// frames but never reads a torn frame.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "SpscPcmRing.h"

using adm::SpscPcmRing;

namespace {
uint8_t* bytes(std::vector<int32_t>& v) { return reinterpret_cast<uint8_t*>(v.data()); }
std::vector<int32_t> ramp(int32_t from, std::size_t n) {
    std::vector<int32_t> v(n);
    for (std::size_t i = 0; i < n; ++i) {
        v[i] = from + static_cast<int32_t>(i);
    }
    return v;
}
}  // namespace

TEST(SpscPcmRing, CapacityIsAPowerOfTwoAtLeastAsked) {
    EXPECT_EQ(SpscPcmRing::capacityFor(1), 64u);
    EXPECT_EQ(SpscPcmRing::capacityFor(24000), 32768u);
    EXPECT_EQ(SpscPcmRing::capacityFor(32768), 32768u);
}

TEST(SpscPcmRing, WritesAndReadsInOrderAcrossTheWrap) {
    SpscPcmRing ring(64, sizeof(int32_t));
    int32_t next = 0;
    int32_t expected = 0;
    for (int round = 0; round < 20; ++round) {
        std::vector<int32_t> in = ramp(next, 40);
        ASSERT_EQ(ring.write(bytes(in), in.size()), 40u);
        next += 40;
        std::vector<int32_t> out(40);
        ASSERT_EQ(ring.read(bytes(out), out.size()), 40u);
        for (int32_t value : out) {
            ASSERT_EQ(value, expected++);
        }
    }
}

TEST(SpscPcmRing, RefusesWhatDoesNotFit) {
    SpscPcmRing ring(64, sizeof(int32_t));
    std::vector<int32_t> in = ramp(0, 100);
    EXPECT_EQ(ring.write(bytes(in), 100), 64u);
    EXPECT_EQ(ring.write(bytes(in), 1), 0u);
    EXPECT_EQ(ring.readable(), 64u);
    std::vector<int32_t> out(10);
    EXPECT_EQ(ring.read(bytes(out), 10), 10u);
    EXPECT_EQ(ring.write(bytes(in), 100), 10u);
}

TEST(SpscPcmRing, ALappedReaderLosesTheOldestFramesAndCountsThem) {
    SpscPcmRing ring(64, sizeof(int32_t));
    std::vector<int32_t> in = ramp(0, 150);
    ring.overwrite(bytes(in), 100);  // more than the capacity at once: the newest 64 are kept
    ring.overwrite(bytes(in) + 100 * sizeof(int32_t), 50);
    std::vector<int32_t> out(150);
    uint64_t lost = 0;
    ASSERT_EQ(ring.readLapped(bytes(out), 150, lost), 64u);
    EXPECT_EQ(lost, 86u);
    EXPECT_EQ(out[0], 86);  // the newest 64 survive
    EXPECT_EQ(out[63], 149);
}

// The audio thread writes a counting signal as fast as it can while a slow reader takes frames:
// every frame read continues the count after the frames lost, and read + lost = written.
TEST(SpscPcmRing, NeverHandsOutATornFrameUnderContention) {
    SpscPcmRing ring(256, 4 * sizeof(int32_t));  // 4 channels, all carrying the frame's number
    std::atomic<bool> done{false};
    constexpr int32_t kFrames = 2'000'000;
    std::thread producer([&] {
        std::vector<int32_t> block(4 * 32);
        for (int32_t frame = 0; frame < kFrames; frame += 32) {
            for (int i = 0; i < 32; ++i) {
                for (int c = 0; c < 4; ++c) {
                    block[static_cast<std::size_t>(4 * i + c)] = frame + i;
                }
            }
            ring.overwrite(bytes(block), 32);
        }
        done.store(true);
    });
    std::vector<int32_t> out(4 * 100);
    uint64_t lost = 0;
    uint64_t read = 0;
    int64_t previous = -1;
    for (;;) {
        const bool finished = done.load();
        const uint64_t lostBefore = lost;
        const std::size_t n = ring.readLapped(bytes(out), 100, lost);
        for (std::size_t i = 0; i < n; ++i) {
            const int32_t frame = out[4 * i];
            for (std::size_t c = 1; c < 4; ++c) {
                ASSERT_EQ(out[4 * i + c], frame) << "torn frame";
            }
            // Within a read the frames are consecutive; the first one skips exactly the frames lost.
            const int64_t skipped = i == 0 ? static_cast<int64_t>(lost - lostBefore) : 0;
            ASSERT_EQ(frame, previous + 1 + skipped);
            previous = frame;
            ++read;
        }
        if (finished && n == 0) {
            break;
        }
    }
    producer.join();
    EXPECT_EQ(read + lost, static_cast<uint64_t>(kFrames));
}
