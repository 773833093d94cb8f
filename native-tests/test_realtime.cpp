// The realtime callback's core (RealtimeProcessor.h), through the fault seam: the application's code instead of the
// ring, a failure silenced and reported, late calls counted, the states it may be set in, control calls refused from
// inside it, and a close while it blocks (the stream kept, not freed under it: ASan runs this file too).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ApiStatus.h"
#include "FakeBackend.h"
#include "Module.h"
#include "ModuleRegistry.h"
#include "RealtimeProcessor.h"

using adm::ErrorCode;
using adm::EventRecord;
using adm::EventType;
using adm::Module;
using adm::RealtimeProcessor;
using adm::StreamConfig;
using adm::StreamKind;
using adm::StreamState;
using adm::WarningCode;
using adm::testing::FakeBackend;
using adm::testing::FakeStream;
using namespace std::chrono_literals;

namespace {

/// What the tests hand the stream: fills the output with `value`, keeps the first input sample, counts, and can be
/// told to fail, to take long, or to block until released.
class ScriptedProcessor final : public RealtimeProcessor {
public:
    bool process(const void* input, void* output, unsigned long frames) noexcept override {
        calls.fetch_add(1);
        sawInside = adm::insideRealtimeProcessor();
        sawInput = input != nullptr;
        sawOutput = output != nullptr;
        lastFrames = frames;
        if (input != nullptr) {
            firstInput = static_cast<const float*>(input)[0];
        }
        if (output != nullptr) {
            auto* out = static_cast<float*>(output);
            for (unsigned long i = 0; i < 2 * frames; ++i) {
                out[i] = value;
            }
        }
        if (block.load()) {
            std::unique_lock<std::mutex> lock(mutex);
            entered = true;
            changed.notify_all();
            changed.wait(lock, [&] { return released; });
        }
        if (takeMs.load() > 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(takeMs.load()));
        }
        returned.fetch_add(1);
        return !fail.load();
    }

    void awaitEntered() {
        std::unique_lock<std::mutex> lock(mutex);
        changed.wait(lock, [&] { return entered; });
    }

    void release() {
        std::lock_guard<std::mutex> lock(mutex);
        released = true;
        changed.notify_all();
    }

    float value = 0.5f;
    std::atomic<int> calls{0};
    std::atomic<int> returned{0};
    std::atomic<bool> fail{false};
    std::atomic<bool> block{false};
    std::atomic<int> takeMs{0};
    std::atomic<bool> sawInside{false};
    std::atomic<bool> sawInput{false};
    std::atomic<bool> sawOutput{false};
    std::atomic<unsigned long> lastFrames{0};
    std::atomic<float> firstInput{0.0f};

private:
    std::mutex mutex;
    std::condition_variable changed;
    bool entered = false;
    bool released = false;
};

class RealtimeTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(module->open().ok()); }

    /// Every event so far, in order, with its text.
    const std::vector<std::pair<EventRecord, std::string>>& events() {
        EventRecord batch[64];
        std::size_t n;
        while ((n = module->events()->drain(batch, 64)) > 0) {
            for (std::size_t i = 0; i < n; ++i) {
                seen.emplace_back(batch[i], module->events()->takeMessage(batch[i].messageId));
            }
        }
        return seen;
    }

    int count(EventType type, int32_t code) {
        int found = 0;
        for (const auto& [record, text] : events()) {
            found += record.type == static_cast<int32_t>(type) && record.code == code;
        }
        return found;
    }

    const std::string& textOf(EventType type, int32_t code) {
        for (const auto& [record, text] : events()) {
            if (record.type == static_cast<int32_t>(type) && record.code == code) {
                return text;
            }
        }
        static const std::string none = "(no such event)";
        return none;
    }

    FakeStream& stream() { return *backend->streams.back(); }

    std::shared_ptr<FakeBackend> backend = std::make_shared<FakeBackend>();
    std::unique_ptr<Module> module = std::make_unique<Module>(backend);
    std::shared_ptr<ScriptedProcessor> processor = std::make_shared<ScriptedProcessor>();
    std::vector<std::pair<EventRecord, std::string>> seen;
};

}  // namespace

TEST_F(RealtimeTest, APlayoutsProcessorFillsTheOutputInsteadOfTheRing) {
    ASSERT_TRUE(module->initStream(StreamKind::Playout, StreamConfig{}).ok());
    ASSERT_TRUE(module->setRealtime(StreamKind::Playout, processor).ok());
    ASSERT_TRUE(module->startStream(StreamKind::Playout).ok());
    std::vector<float> out(2 * 64, 0.0f);
    stream().pumpWith(nullptr, out.data(), 64);
    EXPECT_EQ(processor->calls.load(), 1);
    EXPECT_TRUE(processor->sawOutput.load());
    EXPECT_FALSE(processor->sawInput.load());
    EXPECT_TRUE(processor->sawInside.load()) << "insideRealtimeProcessor() is true inside the call";
    EXPECT_FALSE(adm::insideRealtimeProcessor()) << "and false elsewhere";
    EXPECT_FLOAT_EQ(out[0], 0.5f);
    EXPECT_FLOAT_EQ(out[127], 0.5f);
    float frame[2] = {0.1f, 0.1f};
    std::size_t written = 0;
    adm::Status write = module->pcm().write(StreamKind::Playout, reinterpret_cast<const uint8_t*>(frame), 1, written);
    EXPECT_EQ(write.code, ErrorCode::AlreadyInUse) << "the ring is refused while a processor moves the audio";
    EXPECT_NE(write.message.find("realtime callback"), std::string::npos) << write.message;

    // Back to the ring once set to null on the stopped stream.
    ASSERT_TRUE(module->stopStream(StreamKind::Playout).ok());
    ASSERT_TRUE(module->setRealtime(StreamKind::Playout, nullptr).ok());
    ASSERT_TRUE(module->pcm().write(StreamKind::Playout, reinterpret_cast<const uint8_t*>(frame), 1, written).ok());
    EXPECT_EQ(written, 1u);
    ASSERT_TRUE(module->startStream(StreamKind::Playout).ok());
    stream().pumpWith(nullptr, out.data(), 64);
    EXPECT_EQ(processor->calls.load(), 1) << "not called once released";
    EXPECT_FLOAT_EQ(out[0], 0.1f) << "what was written plays";
}

TEST_F(RealtimeTest, ARecordingsProcessorSeesTheInputAndTheRingIsRefused) {
    ASSERT_TRUE(module->initStream(StreamKind::Recording, StreamConfig{}).ok());
    ASSERT_TRUE(module->setRealtime(StreamKind::Recording, processor).ok());
    ASSERT_TRUE(module->startStream(StreamKind::Recording).ok());
    std::vector<float> in(2 * 32, 0.75f);
    stream().pumpWith(in.data(), nullptr, 32);
    EXPECT_TRUE(processor->sawInput.load());
    EXPECT_FALSE(processor->sawOutput.load());
    EXPECT_FLOAT_EQ(processor->firstInput.load(), 0.75f);
    EXPECT_EQ(processor->lastFrames.load(), 32u);
    float frame[2];
    std::size_t read = 0;
    EXPECT_EQ(module->pcm().read(StreamKind::Recording, reinterpret_cast<uint8_t*>(frame), 1, read).code,
              ErrorCode::AlreadyInUse);
}

TEST_F(RealtimeTest, AFailureSilencesTheStreamReportsItOnceAndANewStartGivesANewTry) {
    ASSERT_TRUE(module->initStream(StreamKind::Playout, StreamConfig{}).ok());
    ASSERT_TRUE(module->setRealtime(StreamKind::Playout, processor).ok());
    ASSERT_TRUE(module->startStream(StreamKind::Playout).ok());
    processor->fail = true;
    std::vector<float> out(2 * 64, 1.0f);
    stream().pumpWith(nullptr, out.data(), 64);
    EXPECT_FLOAT_EQ(out[0], 0.0f) << "what the failed call wrote is not played";
    EXPECT_FLOAT_EQ(out[127], 0.0f);
    std::fill(out.begin(), out.end(), 1.0f);
    stream().pumpWith(nullptr, out.data(), 64);
    EXPECT_EQ(processor->calls.load(), 1) << "not called after it failed";
    EXPECT_FLOAT_EQ(out[64], 0.0f) << "silence";
    EXPECT_EQ(count(EventType::Error, static_cast<int32_t>(ErrorCode::AdmJavaResource)), 1);
    EXPECT_NE(textOf(EventType::Error, static_cast<int32_t>(ErrorCode::AdmJavaResource)).find("outputs silence"),
              std::string::npos);
    adm::StreamStats stats;
    ASSERT_TRUE(module->streamStats(StreamKind::Playout, stats).ok());
    EXPECT_EQ(stats.state, StreamState::Running) << "the stream runs on";

    processor->fail = false;
    ASSERT_TRUE(module->stopStream(StreamKind::Playout).ok());
    ASSERT_TRUE(module->startStream(StreamKind::Playout).ok());
    stream().pumpWith(nullptr, out.data(), 64);
    EXPECT_EQ(processor->calls.load(), 2) << "a new start calls it again";
    EXPECT_FLOAT_EQ(out[0], 0.5f);
}

TEST_F(RealtimeTest, ACallLongerThanItsPeriodIsCountedAndWarnedAsTheApplicationsLateness) {
    ASSERT_TRUE(module->initStream(StreamKind::Playout, StreamConfig{}).ok());
    ASSERT_TRUE(module->setRealtime(StreamKind::Playout, processor).ok());
    ASSERT_TRUE(module->startStream(StreamKind::Playout).ok());
    std::vector<float> out(2 * 48);
    stream().pumpWith(nullptr, out.data(), 48);  // 1 ms at 48 kHz, done at once
    processor->takeMs = 5;
    stream().pumpWith(nullptr, out.data(), 48);
    processor->takeMs = 0;
    stream().pumpWith(nullptr, out.data(), 48);
    adm::StreamStats stats;
    ASSERT_TRUE(module->streamStats(StreamKind::Playout, stats).ok());
    EXPECT_EQ(stats.lateCallbacks, 1u);
    const auto warning = static_cast<int32_t>(WarningCode::AdmRuntimePlayoutWarning);
    ASSERT_EQ(count(EventType::Warning, warning), 1);
    EXPECT_NE(textOf(EventType::Warning, warning).find("realtime callback took longer"), std::string::npos);
    for (const auto& [record, text] : events()) {
        if (record.code == warning) {
            EXPECT_GE(record.value, 5000) << "microseconds it took";
        }
    }
}

TEST_F(RealtimeTest, ItIsSetOnlyOnAnInitializedOrStoppedStreamAndNotDuringTheDeviceTest) {
    EXPECT_EQ(module->setRealtime(StreamKind::Playout, processor).code, ErrorCode::NotInitialized);
    EXPECT_EQ(module->setRealtime(static_cast<StreamKind>(9), processor).code, ErrorCode::InvalidArgument);
    ASSERT_TRUE(module->initStream(StreamKind::Playout, StreamConfig{}).ok());
    ASSERT_TRUE(module->initStream(StreamKind::Recording, StreamConfig{}).ok());
    ASSERT_TRUE(module->startStream(StreamKind::Playout).ok());
    adm::Status running = module->setRealtime(StreamKind::Playout, processor);
    EXPECT_EQ(running.code, ErrorCode::AlreadyInUse);
    EXPECT_NE(running.message.find("stop it first"), std::string::npos) << running.message;
    ASSERT_TRUE(module->stopStream(StreamKind::Playout).ok());

    ASSERT_TRUE(module->startDeviceTest(100ms).ok());
    EXPECT_EQ(module->setRealtime(StreamKind::Playout, processor).code, ErrorCode::AlreadyInUse);
    EXPECT_EQ(module->setRealtime(StreamKind::Recording, processor).code, ErrorCode::AlreadyInUse);
    ASSERT_TRUE(module->stopDeviceTest().ok());
    ASSERT_TRUE(module->setRealtime(StreamKind::Recording, processor).ok());
    EXPECT_EQ(module->startDeviceTest(100ms).code, ErrorCode::AlreadyInUse) << "and the other way round";

    // A failed stream: a host that stalled may still wake up and call the processor it would replace.
    backend->script.hostGone = true;
    backend->script.active = 0;
    ASSERT_TRUE(module->startStream(StreamKind::Recording).ok());
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    adm::StreamStats stats;
    while (std::chrono::steady_clock::now() < deadline &&
           (!module->streamStats(StreamKind::Recording, stats).ok() || stats.state != StreamState::Failed)) {
        std::this_thread::sleep_for(5ms);
    }
    ASSERT_EQ(stats.state, StreamState::Failed);
    EXPECT_EQ(module->setRealtime(StreamKind::Recording, nullptr).code, ErrorCode::AlreadyInUse);
}

TEST_F(RealtimeTest, ControlCallsFromInsideTheProcessorAreRefusedWithAClearMessage) {
    ASSERT_TRUE(module->initStream(StreamKind::Playout, StreamConfig{}).ok());
    std::atomic<int32_t> refused{-1};
    std::string message;
    class Caller final : public RealtimeProcessor {
    public:
        Caller(std::atomic<int32_t>& code, std::string& text) : mCode(code), mText(text) {}
        bool process(const void*, void*, unsigned long) noexcept override {
            mCode = adm::api::refusedInsideRealtime();
            mText = adm::api::lastError().message;
            return true;
        }

    private:
        std::atomic<int32_t>& mCode;
        std::string& mText;
    };
    ASSERT_TRUE(module->setRealtime(StreamKind::Playout, std::make_shared<Caller>(refused, message)).ok());
    ASSERT_TRUE(module->startStream(StreamKind::Playout).ok());
    std::vector<float> out(2 * 16);
    stream().pumpWith(nullptr, out.data(), 16);
    EXPECT_EQ(refused.load(), static_cast<int32_t>(ErrorCode::NotSupported));
    EXPECT_NE(message.find("from inside a realtime callback"), std::string::npos) << message;
    EXPECT_EQ(adm::api::refusedInsideRealtime(), 0) << "allowed outside";
    EXPECT_EQ(adm::api::onModule(-1, [](Module&) { return adm::Status::success(); }),
              static_cast<int32_t>(ErrorCode::NotInitialized))
        << "outside, a call goes on to find its module";
}

TEST_F(RealtimeTest, ACloseWhileTheProcessorBlocksReturnsAndTheStreamOutlivesTheCall) {
    ASSERT_TRUE(module->initStream(StreamKind::Playout, StreamConfig{}).ok());
    ASSERT_TRUE(module->setRealtime(StreamKind::Playout, processor).ok());
    ASSERT_TRUE(module->startStream(StreamKind::Playout).ok());
    processor->block = true;
    FakeStream& host = stream();
    std::vector<float> out(2 * 64);
    std::thread audio([&] { host.pumpWith(nullptr, out.data(), 64); });  // the application's code that blocks
    processor->awaitEntered();
    const auto started = std::chrono::steady_clock::now();
    EXPECT_TRUE(module->closeStream(StreamKind::Playout).ok());
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2s) << "the close waits only the gate's patience";
    EXPECT_EQ(processor->returned.load(), 0) << "the call is still inside";
    // The call returns into the stream (its detectors, counters, events): kept, not freed (ASan would see it).
    processor->release();
    audio.join();
    EXPECT_EQ(processor->returned.load(), 1);
    EXPECT_TRUE(module->initStream(StreamKind::Playout, StreamConfig{}).ok()) << "the module goes on";
}
