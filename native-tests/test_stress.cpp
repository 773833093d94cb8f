// Thousands of random control calls from several threads on one module, with the watchdog
// running: every call returns a documented code and nothing crashes (run under ASan/UBSan too).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "FakeBackend.h"
#include "Module.h"

using adm::ErrorCode;
using adm::StreamKind;
using namespace std::chrono_literals;

TEST(Stress, RandomControlCallsFromManyThreadsNeverCrash) {
    auto backend = std::make_shared<adm::testing::FakeBackend>();
    adm::WatchdogSettings settings;
    settings.period = 1ms;
    settings.minStall = 5ms;
    settings.noInput = 10ms;
    auto module = std::make_shared<adm::Module>(backend, settings);
    ASSERT_TRUE(module->open().ok());
    const std::set<ErrorCode> allowed = {ErrorCode::Ok, ErrorCode::NotInitialized, ErrorCode::AlreadyInUse,
                                         ErrorCode::NotReady, ErrorCode::AdmGeneralError};
    std::atomic<int> calls{0};
    std::atomic<int> unexpected{0};
    const auto deadline = std::chrono::steady_clock::now() + 2s;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            std::mt19937 random(static_cast<unsigned>(t) * 7919u);
            while (std::chrono::steady_clock::now() < deadline) {
                const auto kind = static_cast<StreamKind>(1 + random() % 3);
                adm::Status status;
                adm::StreamStats stats;
                std::vector<adm::DeviceInfo> devices;
                std::size_t available = 0;
                std::size_t capacity = 0;
                std::size_t bytesPerFrame = 0;
                switch (random() % 13) {
                    case 0: status = module->initStream(kind, adm::StreamConfig{}); break;
                    case 1: case 2: status = module->startStream(kind); break;
                    case 3: status = module->stopStream(kind); break;
                    case 4: status = module->closeStream(kind); break;
                    case 5: status = module->probeFormat(kind, adm::StreamConfig{}); break;
                    case 6: status = module->streamStats(kind, stats); break;
                    case 7: status = module->listDevices(devices); break;
                    case 8: status = random() % 20 == 0 ? module->close() : adm::Status::success(); break;
                    // The PCM path's control side (the transfers themselves have one producer and one
                    // consumer by contract, so they are not called from four threads at once).
                    case 9: status = module->pcm().wait(kind, static_cast<int64_t>(random() % 2'000'000)); break;
                    case 10: status = module->pcm().wake(kind); break;
                    case 11: status = module->pcm().info(kind, available, capacity, bytesPerFrame); break;
                    default: status = random() % 10 == 0 ? module->open() : adm::Status::success(); break;
                }
                ++calls;
                if (allowed.count(status.code) == 0) {
                    ++unexpected;
                    ADD_FAILURE() << "code " << static_cast<int>(status.code) << ": " << status.message;
                }
            }
        });
    }
    // One consumer, as the dispatcher: the ring has a single consumer by contract.
    std::thread dispatcher([&] {
        adm::EventRecord batch[64];
        while (std::chrono::steady_clock::now() < deadline) {
            module->events()->await(1'000'000);
            module->events()->drain(batch, 64);
        }
    });
    for (std::thread& thread : threads) {
        thread.join();
    }
    dispatcher.join();
    EXPECT_TRUE(module->close().ok());
    EXPECT_GE(calls.load(), 2000);
    EXPECT_EQ(unexpected.load(), 0);
    std::printf("%d random calls from 4 threads\n", calls.load());
}
