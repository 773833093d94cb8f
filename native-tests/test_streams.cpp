// Stream lifecycle, wrong states, backend failures and the watchdog, through the fault seam.
#include <gtest/gtest.h>

#include <chrono>
#include <limits>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "FakeBackend.h"
#include "LatencySanity.h"
#include "Module.h"

using adm::BackendError;
using adm::ErrorCode;
using adm::EventRecord;
using adm::EventType;
using adm::Module;
using adm::StreamConfig;
using adm::StreamKind;
using adm::StreamState;
using adm::testing::FakeBackend;
using namespace std::chrono_literals;

namespace {

constexpr StreamKind kKinds[] = {StreamKind::Playout, StreamKind::Recording, StreamKind::Loopback};

struct Event {
    EventRecord record;
    std::string message;
};

class StreamsTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(module->open().ok()); }

    std::vector<Event> drain() {
        std::vector<Event> events;
        EventRecord batch[64];
        std::size_t n;
        while ((n = module->events()->drain(batch, 64)) > 0) {
            for (std::size_t i = 0; i < n; ++i) {
                events.push_back({batch[i], module->events()->takeMessage(batch[i].messageId)});
            }
        }
        return events;
    }

    /// The first event of this type and code not yet taken, waiting up to `timeout` for it.
    Event awaitCode(EventType type, int32_t code, std::chrono::milliseconds timeout = 2000ms) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            for (Event& e : drain()) {
                pending.push_back(e);
            }
            for (auto it = pending.begin(); it != pending.end(); ++it) {
                if (it->record.type == static_cast<int32_t>(type) && it->record.code == code) {
                    Event found = *it;
                    pending.erase(it);
                    return found;
                }
            }
            if (std::chrono::steady_clock::now() >= deadline) {
                ADD_FAILURE() << "no event of type " << static_cast<int>(type) << " code " << code;
                return {};
            }
            std::this_thread::sleep_for(5ms);
        }
    }

    adm::WatchdogSettings fastWatchdog() {
        adm::WatchdogSettings settings;
        settings.period = 5ms;
        settings.minStall = 50ms;
        settings.noInput = 200ms;
        settings.controlDeadline = 300ms;
        return settings;
    }

    std::shared_ptr<FakeBackend> backend = std::make_shared<FakeBackend>();
    std::unique_ptr<Module> module = std::make_unique<Module>(backend, fastWatchdog());
    std::vector<Event> pending;  // drained, not yet taken by awaitCode
};

}  // namespace

TEST_F(StreamsTest, RunsEachKindThroughItsLifecycle) {
    for (StreamKind kind : kKinds) {
        ASSERT_TRUE(module->initStream(kind, StreamConfig{}).ok()) << adm::toText(kind);
        adm::StreamStats stats;
        ASSERT_TRUE(module->streamStats(kind, stats).ok());
        EXPECT_EQ(stats.state, StreamState::Initialized);
        EXPECT_EQ(stats.device, 0);  // the default device was resolved
        ASSERT_TRUE(module->startStream(kind).ok());
        EXPECT_TRUE(module->startStream(kind).ok());  // starting a running stream is a no-op
        backend->streams.back()->pump(256);
        ASSERT_TRUE(module->streamStats(kind, stats).ok());
        EXPECT_EQ(stats.state, StreamState::Running);
        EXPECT_EQ(stats.frames, 256u);
        ASSERT_TRUE(module->stopStream(kind).ok());
        EXPECT_TRUE(module->stopStream(kind).ok());  // stopping a stopped stream is a no-op
        ASSERT_TRUE(module->startStream(kind).ok());  // and it starts again
        ASSERT_TRUE(module->closeStream(kind).ok());
        ASSERT_TRUE(module->streamStats(kind, stats).ok());
        EXPECT_EQ(stats.state, StreamState::Closed);
    }
    std::vector<int32_t> states;
    for (const Event& e : drain()) {
        if (e.record.type == static_cast<int32_t>(EventType::StateChanged) &&
            e.record.stream == static_cast<int32_t>(StreamKind::Playout)) {
            states.push_back(e.record.code);
        }
    }
    EXPECT_EQ(states, (std::vector<int32_t>{1, 2, 3, 2, 3, 0}));  // init, run, stop, run, stop, closed
}

TEST_F(StreamsTest, PlayoutAndRecordingRunAtOnceIndependently) {
    ASSERT_TRUE(module->initStream(StreamKind::Playout, StreamConfig{}).ok());
    ASSERT_TRUE(module->initStream(StreamKind::Recording, StreamConfig{}).ok());
    ASSERT_TRUE(module->startStream(StreamKind::Playout).ok());
    ASSERT_TRUE(module->startStream(StreamKind::Recording).ok());
    ASSERT_TRUE(module->stopStream(StreamKind::Playout).ok());
    adm::StreamStats stats;
    module->streamStats(StreamKind::Recording, stats);
    EXPECT_EQ(stats.state, StreamState::Running);
}

TEST_F(StreamsTest, WrongStatesGiveTheirCodes) {
    EXPECT_EQ(module->startStream(StreamKind::Playout).code, ErrorCode::NotInitialized);
    ASSERT_TRUE(module->initStream(StreamKind::Playout, StreamConfig{}).ok());
    EXPECT_EQ(module->initStream(StreamKind::Playout, StreamConfig{}).code, ErrorCode::AlreadyInUse);
    EXPECT_EQ(module->initStream(StreamKind::Module, StreamConfig{}).code, ErrorCode::InvalidArgument);
    EXPECT_EQ(module->startStream(static_cast<StreamKind>(9)).code, ErrorCode::InvalidArgument);
    module->close();
    EXPECT_EQ(module->initStream(StreamKind::Recording, StreamConfig{}).code, ErrorCode::NotInitialized);
    EXPECT_EQ(module->stopStream(StreamKind::Playout).code, ErrorCode::NotInitialized);
}

TEST_F(StreamsTest, BadConfigsAreInvalidArgumentsBeforeTheBackendRuns) {
    const std::vector<StreamConfig> bad = [] {
        std::vector<StreamConfig> configs(7);
        configs[0].channels = 0;
        configs[1].channels = 65;
        configs[2].sampleRate = 100;
        configs[3].sampleRate = std::numeric_limits<double>::quiet_NaN();
        configs[4].framesPerBuffer = 1u << 20;
        configs[5].suggestedLatency = -1;
        configs[6].device = -7;
        return configs;
    }();
    for (const StreamConfig& config : bad) {
        adm::Status status = module->initStream(StreamKind::Playout, config);
        EXPECT_EQ(status.code, ErrorCode::InvalidArgument) << status.message;
        EXPECT_NE(status.message.find("must be"), std::string::npos) << status.message;
    }
    EXPECT_TRUE(backend->streams.empty());
    StreamConfig unknownDevice;
    unknownDevice.device = 42;
    EXPECT_EQ(module->initStream(StreamKind::Playout, unknownDevice).code, ErrorCode::InvalidArgument);
}

TEST_F(StreamsTest, OpenFailuresBecomeInitCodesWithTheCause) {
    struct Case {
        StreamKind kind;
        BackendError error;
        ErrorCode code;
    };
    const Case cases[] = {
        {StreamKind::Playout, BackendError::InvalidSampleRate, ErrorCode::AdmSampleRate},
        {StreamKind::Recording, BackendError::InvalidSampleRate, ErrorCode::AdmSampleRate},
        {StreamKind::Loopback, BackendError::InvalidSampleRate, ErrorCode::AdmSampleRate},
        {StreamKind::Playout, BackendError::DeviceUnavailable, ErrorCode::AdmInitPlayout},
        {StreamKind::Recording, BackendError::InvalidChannelCount, ErrorCode::AdmInitRecording},
        {StreamKind::Loopback, BackendError::UnanticipatedHostError, ErrorCode::AdmInitLoopback},
        {StreamKind::Playout, BackendError::SampleFormatNotSupported, ErrorCode::AdmInitPlayout},
        {StreamKind::Recording, BackendError::InsufficientMemory, ErrorCode::AdmInitRecording},
        {StreamKind::Playout, BackendError::PermissionDenied, ErrorCode::AdmNoPermission},
        {StreamKind::Recording, BackendError::PermissionDenied, ErrorCode::AdmNoPermission},
        {StreamKind::Loopback, BackendError::PermissionDenied, ErrorCode::AdmNoPermission},
        {StreamKind::Loopback, BackendError::NoMonitorRoute, ErrorCode::NotSupported},
    };
    for (const Case& c : cases) {
        backend->openResult = FakeBackend::fail(c.error, "backend says no");
        adm::Status status = module->initStream(c.kind, StreamConfig{});
        EXPECT_EQ(status.code, c.code) << status.message;
        EXPECT_EQ(status.backendError, static_cast<int32_t>(c.error));
        EXPECT_NE(status.message.find("backend says no"), std::string::npos) << status.message;
        EXPECT_NE(status.message.find("\"system\", 2 ch float32 at 48000 Hz"), std::string::npos) << status.message;
        Event event = awaitCode(EventType::Error, static_cast<int32_t>(c.code));
        EXPECT_EQ(event.message, status.message);
        EXPECT_EQ(event.record.stream, static_cast<int32_t>(c.kind));
        EXPECT_EQ(event.record.backendError, static_cast<int32_t>(c.error));
    }
}

TEST_F(StreamsTest, NoDeviceAtAllSaysSo) {
    backend->devices.clear();
    adm::Status playout = module->initStream(StreamKind::Playout, StreamConfig{});
    EXPECT_EQ(playout.code, ErrorCode::AdmInitPlayout);
    EXPECT_NE(playout.message.find("no playout device"), std::string::npos) << playout.message;
    EXPECT_EQ(module->initStream(StreamKind::Recording, StreamConfig{}).code, ErrorCode::AdmInitRecording);
}

TEST_F(StreamsTest, LoopbackOnTheDefaultAlsaDeviceAsksForTheDefaultSinksMonitor) {
    backend->host = adm::HostKind::Alsa;
    ASSERT_TRUE(module->initStream(StreamKind::Loopback, StreamConfig{}).ok());
    EXPECT_TRUE(backend->lastRequest.hasInput);
    EXPECT_TRUE(backend->lastRequest.input.defaultSinkMonitor);
    ASSERT_TRUE(module->closeStream(StreamKind::Loopback).ok());
    ASSERT_TRUE(module->initStream(StreamKind::Recording, StreamConfig{}).ok());  // a recording records
    EXPECT_FALSE(backend->lastRequest.input.defaultSinkMonitor);
    StreamConfig named;
    named.device = 0;  // an ALSA device of its own ("system" here): captured from as it is
    ASSERT_TRUE(module->initStream(StreamKind::Loopback, named).ok());
    EXPECT_FALSE(backend->lastRequest.input.defaultSinkMonitor);
    ASSERT_TRUE(module->closeStream(StreamKind::Loopback).ok());
    for (const char* server : {"default", "pulse", "pipewire"}) {  // a sound server's PCM: its sink's monitor
        backend->devices[0].name = server;
        ASSERT_TRUE(module->initStream(StreamKind::Loopback, named).ok());
        EXPECT_TRUE(backend->lastRequest.input.defaultSinkMonitor) << server;
        ASSERT_TRUE(module->closeStream(StreamKind::Loopback).ok());
    }
}

TEST_F(StreamsTest, LoopbackWithoutARouteIsNotSupportedAndSaysWhatToDo) {
    backend->host = adm::HostKind::Alsa;
    backend->openResult = FakeBackend::fail(BackendError::NoMonitorRoute, "install the pulse PCM or use pw-jack");
    adm::Status status = module->initStream(StreamKind::Loopback, StreamConfig{});
    EXPECT_EQ(status.code, ErrorCode::NotSupported);
    EXPECT_NE(status.message.find("install the pulse PCM or use pw-jack"), std::string::npos) << status.message;
    backend->openResult = {};
    backend->host = adm::HostKind::Other;  // neither wiring nor a monitor PCM
    status = module->initStream(StreamKind::Loopback, StreamConfig{});
    EXPECT_EQ(status.code, ErrorCode::NotSupported);
    EXPECT_NE(status.message.find("name a monitor device"), std::string::npos) << status.message;
}

TEST_F(StreamsTest, ReportsOnlyLatenciesThatAreLatencies) {
    struct Case {
        double reported;
        double expected;
    };
    // PipeWire's JACK API: UINT32_MAX frames at 48 kHz; 0 from a device with buffering; NaN; a plain figure.
    const Case cases[] = {{4294967295.0 / 48000.0, 0.005}, {0.0, 0.005}, {-1.0, 0.005},
                          {std::numeric_limits<double>::quiet_NaN(), 0.005}, {0.0213, 0.0213}};
    for (const Case& c : cases) {
        backend->script.inputLatency = c.reported;
        backend->script.outputLatency = c.reported;
        for (StreamKind kind : kKinds) {
            ASSERT_TRUE(module->initStream(kind, StreamConfig{}).ok());
            adm::StreamStats stats;
            ASSERT_TRUE(module->streamStats(kind, stats).ok());
            const bool input = adm::isCapture(kind);
            // The fallback is the device's own latency (FakeBackend: 5 ms each way).
            EXPECT_DOUBLE_EQ(input ? stats.inputLatency : stats.outputLatency, c.expected) << c.reported;
            EXPECT_EQ(input ? stats.outputLatency : stats.inputLatency, 0.0);
            ASSERT_TRUE(module->closeStream(kind).ok());
        }
    }
}

TEST(LatencySanity, FallsBackWhereTheHostReportsNoLatency) {
    EXPECT_DOUBLE_EQ(adm::plausibleLatency(0.02, 1.0), 0.02);
    EXPECT_DOUBLE_EQ(adm::plausibleLatency(adm::kLongestPlausibleLatencySeconds, 1.0),
                     adm::kLongestPlausibleLatencySeconds);
    EXPECT_DOUBLE_EQ(adm::plausibleLatency(adm::kLongestPlausibleLatencySeconds * 1.001, 1.0), 1.0);
    EXPECT_DOUBLE_EQ(adm::plausibleLatency(std::numeric_limits<double>::infinity(), 1.0), 1.0);
    EXPECT_DOUBLE_EQ(adm::plausibleLatency(0.0, 1.0), 1.0);
}

TEST_F(StreamsTest, StartAndStopFailuresBecomeTheirCodes) {
    backend->script.start = FakeBackend::fail(BackendError::UnanticipatedHostError, "cannot connect ports");
    for (StreamKind kind : kKinds) {
        ASSERT_TRUE(module->initStream(kind, StreamConfig{}).ok());
    }
    EXPECT_EQ(module->startStream(StreamKind::Playout).code, ErrorCode::AdmStartPlayout);
    EXPECT_EQ(module->startStream(StreamKind::Recording).code, ErrorCode::AdmStartRecording);
    EXPECT_EQ(module->startStream(StreamKind::Loopback).code, ErrorCode::AdmStartLoopback);
    backend->script.start = {};
    backend->script.stop = FakeBackend::fail(BackendError::InternalError, "internal");
    for (StreamKind kind : kKinds) {
        ASSERT_TRUE(module->startStream(kind).ok());
    }
    EXPECT_EQ(module->stopStream(StreamKind::Playout).code, ErrorCode::AdmStopPlayout);
    EXPECT_EQ(module->stopStream(StreamKind::Recording).code, ErrorCode::AdmStopRecording);
    EXPECT_EQ(module->stopStream(StreamKind::Loopback).code, ErrorCode::AdmStopRecording);
    backend->script.close = FakeBackend::fail(BackendError::BadStreamPtr, "bad stream");
    EXPECT_EQ(module->closeStream(StreamKind::Playout).code, ErrorCode::AdmStopPlayout);
}

TEST_F(StreamsTest, LoopbackWiringFailureIsAStartLoopbackError) {
    backend->script.wire = FakeBackend::fail(BackendError::UnanticipatedHostError, "no server");
    ASSERT_TRUE(module->initStream(StreamKind::Loopback, StreamConfig{}).ok());
    adm::Status status = module->startStream(StreamKind::Loopback);
    EXPECT_EQ(status.code, ErrorCode::AdmStartLoopback);
    EXPECT_NE(status.message.find("wire"), std::string::npos) << status.message;
}

TEST_F(StreamsTest, AStopThatHangsIsAbandonedWithinTheDeadline) {
    ASSERT_TRUE(module->initStream(StreamKind::Playout, StreamConfig{}).ok());
    ASSERT_TRUE(module->startStream(StreamKind::Playout).ok());
    backend->script.hangOnStop = true;
    const auto before = std::chrono::steady_clock::now();
    adm::Status stopped = module->stopStream(StreamKind::Playout);
    adm::Status closed = module->closeStream(StreamKind::Playout);
    const auto took = std::chrono::steady_clock::now() - before;
    EXPECT_EQ(stopped.code, ErrorCode::AdmStopPlayout);
    EXPECT_NE(stopped.message.find("did not answer stop within 300 ms"), std::string::npos) << stopped.message;
    EXPECT_TRUE(closed.ok()) << closed.message;
    EXPECT_LT(took, 1000ms);
    EXPECT_GE(backend->script.isolations.load(), 1);
    backend->script.release();  // let the abandoned thread finish before the fake goes away
    std::this_thread::sleep_for(50ms);
}

TEST_F(StreamsTest, WatchdogReportsADeadStreamAndStopReturnsAtOnce) {
    for (StreamKind kind : {StreamKind::Playout, StreamKind::Recording}) {
        ASSERT_TRUE(module->initStream(kind, StreamConfig{}).ok());
        ASSERT_TRUE(module->startStream(kind).ok());
    }
    backend->script.active = 0;  // the server went away
    Event playout = awaitCode(EventType::Error, static_cast<int32_t>(ErrorCode::AdmRuntimePlayoutError), 500ms);
    Event recording =
        awaitCode(EventType::Error, static_cast<int32_t>(ErrorCode::AdmRuntimeRecordingError), 500ms);
    EXPECT_NE(playout.message.find("went away"), std::string::npos) << playout.message;
    EXPECT_EQ(recording.record.stream, static_cast<int32_t>(StreamKind::Recording));
    adm::StreamStats stats;
    module->streamStats(StreamKind::Playout, stats);
    EXPECT_EQ(stats.state, StreamState::Failed);
    EXPECT_EQ(module->startStream(StreamKind::Playout).code, ErrorCode::NotReady);
    const auto before = std::chrono::steady_clock::now();
    EXPECT_TRUE(module->stopStream(StreamKind::Playout).ok());
    EXPECT_TRUE(module->closeStream(StreamKind::Playout).ok());
    EXPECT_LT(std::chrono::steady_clock::now() - before, 100ms);
    EXPECT_EQ(backend->script.stops.load(), 0);  // a dead stream is never asked to stop
    EXPECT_GE(backend->script.isolations.load(), 2);
}

// An open module whose streams do not run wakes no thread of ours (issue 14): the watchdog ticks only while a
// stream runs, and sleeps without a timeout otherwise.
TEST_F(StreamsTest, TheWatchdogTicksOnlyWhileAStreamRuns) {
    const auto quietFor = [this](std::chrono::milliseconds span) {
        const unsigned long before = module->watchdogTicks();
        std::this_thread::sleep_for(span);
        return module->watchdogTicks() - before;
    };
    EXPECT_EQ(quietFor(100ms), 0u);  // no stream: no watchdog at all
    ASSERT_TRUE(module->initStream(StreamKind::Playout, StreamConfig{}).ok());
    ASSERT_TRUE(module->initStream(StreamKind::Recording, StreamConfig{}).ok());
    std::this_thread::sleep_for(50ms);  // the look that each init asks for
    EXPECT_EQ(quietFor(300ms), 0u) << "initialized streams: the 5 ms watchdog ticked";
    ASSERT_TRUE(module->startStream(StreamKind::Playout).ok());
    EXPECT_GE(quietFor(300ms), 20u) << "a running stream: every 5 ms";
    ASSERT_TRUE(module->stopStream(StreamKind::Playout).ok());
    std::this_thread::sleep_for(50ms);  // the tick that sees it stopped
    EXPECT_EQ(quietFor(300ms), 0u) << "stopped and initialized streams";
    ASSERT_TRUE(module->closeStream(StreamKind::Playout).ok());
    ASSERT_TRUE(module->closeStream(StreamKind::Recording).ok());
    std::this_thread::sleep_for(50ms);
    EXPECT_EQ(quietFor(300ms), 0u) << "no stream left";
}

// Asleep, the watchdog still fails idle streams as soon as their server dies: the death rings the bell.
TEST_F(StreamsTest, IdleStreamsFailAtOnceWhenTheirServerDiesWhileTheWatchdogSleeps) {
    ASSERT_TRUE(module->initStream(StreamKind::Playout, StreamConfig{}).ok());
    ASSERT_TRUE(module->initStream(StreamKind::Recording, StreamConfig{}).ok());
    ASSERT_TRUE(module->startStream(StreamKind::Recording).ok());
    ASSERT_TRUE(module->stopStream(StreamKind::Recording).ok());
    std::this_thread::sleep_for(100ms);  // asleep now
    const unsigned long ticks = module->watchdogTicks();
    const auto died = std::chrono::steady_clock::now();
    backend->killServer();
    awaitCode(EventType::Error, static_cast<int32_t>(ErrorCode::AdmRuntimePlayoutError), 500ms);
    awaitCode(EventType::Error, static_cast<int32_t>(ErrorCode::AdmRuntimeRecordingError), 500ms);
    EXPECT_LT(std::chrono::steady_clock::now() - died, 200ms);
    EXPECT_GT(module->watchdogTicks(), ticks);
    for (StreamKind kind : {StreamKind::Playout, StreamKind::Recording}) {
        adm::StreamStats stats;
        module->streamStats(kind, stats);
        EXPECT_EQ(stats.state, StreamState::Failed) << adm::toText(kind);
    }
}

TEST_F(StreamsTest, WatchdogReportsAStallAndItsEnd) {
    ASSERT_TRUE(module->initStream(StreamKind::Playout, StreamConfig{}).ok());
    ASSERT_TRUE(module->startStream(StreamKind::Playout).ok());
    backend->streams.back()->pump(256);
    Event stall = awaitCode(EventType::Warning, static_cast<int32_t>(adm::WarningCode::AdmPlayoutMalfunction));
    EXPECT_GE(stall.record.value, 50'000'000);
    EXPECT_NE(stall.message.find("stalled"), std::string::npos) << stall.message;
    backend->streams.back()->pump(256);  // callbacks come back
    Event resumed = awaitCode(EventType::StateChanged, static_cast<int32_t>(StreamState::Running));
    EXPECT_EQ(resumed.record.stream, static_cast<int32_t>(StreamKind::Playout));
}

// A stalled server (SIGSTOP) still takes connections into its backlog: the watchdog asks it whether it is gone when
// the stall begins and then once a second, not every period (20 asks a second, each a connection, before).
TEST_F(StreamsTest, AStallAsksTheServerWhetherItIsGoneOnceASecond) {
    backend->host = adm::HostKind::Alsa;
    ASSERT_TRUE(module->initStream(StreamKind::Playout, StreamConfig{}).ok());
    ASSERT_TRUE(module->startStream(StreamKind::Playout).ok());
    backend->streams.back()->pump(256);
    awaitCode(EventType::Warning, static_cast<int32_t>(adm::WarningCode::AdmPlayoutMalfunction));
    const int atStall = backend->script.hostGoneAsked.load();
    EXPECT_GE(atStall, 1) << "the stall's start asks";
    std::this_thread::sleep_for(1500ms);  // 300 periods of the test watchdog
    const int later = backend->script.hostGoneAsked.load() - atStall;
    EXPECT_GE(later, 1) << "a stall that lasts asks again";
    EXPECT_LE(later, 2) << "asked every period";
    backend->script.hostGone = true;  // the server dies during the stall: the next ask finds it
    awaitCode(EventType::Error, static_cast<int32_t>(ErrorCode::AdmRuntimePlayoutError));
}

TEST_F(StreamsTest, AStallWhoseServerIsGoneFailsTheStreamAndIsolatesIt) {
    // PipeWire killed under PortAudio's ALSA host: the playout's thread spins, no callback, "active".
    backend->host = adm::HostKind::Alsa;
    backend->script.hostGone = true;
    ASSERT_TRUE(module->initStream(StreamKind::Playout, StreamConfig{}).ok());
    ASSERT_TRUE(module->startStream(StreamKind::Playout).ok());
    backend->streams.back()->pump(256);
    Event failed = awaitCode(EventType::Error, static_cast<int32_t>(ErrorCode::AdmRuntimePlayoutError));
    EXPECT_NE(failed.message.find("sound server is gone"), std::string::npos) << failed.message;
    EXPECT_NE(failed.message.find("isolated"), std::string::npos) << failed.message;
    EXPECT_GE(backend->script.isolations.load(), 1);
    adm::StreamStats stats;
    ASSERT_TRUE(module->streamStats(StreamKind::Playout, stats).ok());
    EXPECT_EQ(stats.state, StreamState::Failed);
    EXPECT_TRUE(module->stopStream(StreamKind::Playout).ok());  // a failed stream's stop asks nothing
    EXPECT_TRUE(module->closeStream(StreamKind::Playout).ok());
    EXPECT_EQ(backend->script.stops.load(), 0);  // nor does its close: PortAudio would join a spinning thread
    EXPECT_EQ(backend->script.aborts.load(), 0);
    for (Event& event : drain()) {
        pending.push_back(event);
    }
    for (const Event& event : pending) {  // a failure, not a malfunction
        EXPECT_NE(event.record.code, static_cast<int32_t>(adm::WarningCode::AdmPlayoutMalfunction)) << event.message;
    }
}

TEST_F(StreamsTest, WatchdogReportsARecordingThatNeverDeliversAudio) {
    ASSERT_TRUE(module->initStream(StreamKind::Recording, StreamConfig{}).ok());
    ASSERT_TRUE(module->startStream(StreamKind::Recording).ok());
    Event failed = awaitCode(EventType::Error, static_cast<int32_t>(ErrorCode::AdmRecordAudioFailed));
    EXPECT_NE(failed.message.find("no audio at all"), std::string::npos) << failed.message;
}

TEST_F(StreamsTest, CallbackFlagsBecomeGlitchWarnings) {
    ASSERT_TRUE(module->initStream(StreamKind::Playout, StreamConfig{}).ok());
    ASSERT_TRUE(module->initStream(StreamKind::Recording, StreamConfig{}).ok());
    ASSERT_TRUE(module->startStream(StreamKind::Playout).ok());
    ASSERT_TRUE(module->startStream(StreamKind::Recording).ok());
    backend->streams[0]->pump(64, adm::kOutputUnderflow | adm::kInputOverflow);
    backend->streams[1]->pump(64, adm::kOutputUnderflow | adm::kInputOverflow);
    backend->streams[0]->pump(64, adm::kPrimingOutput);  // priming is not a glitch
    Event playout = awaitCode(EventType::Warning, static_cast<int32_t>(adm::WarningCode::AdmRuntimePlayoutWarning));
    EXPECT_EQ(playout.record.value, adm::kOutputUnderflow);
    Event recording =
        awaitCode(EventType::Warning, static_cast<int32_t>(adm::WarningCode::AdmRuntimeRecordingWarning));
    EXPECT_EQ(recording.record.value, adm::kInputOverflow);
}

TEST_F(StreamsTest, ProbeReportsWithoutPublishing) {
    EXPECT_TRUE(module->probeFormat(StreamKind::Playout, StreamConfig{}).ok());
    backend->formatResult = FakeBackend::fail(BackendError::InvalidSampleRate, "Invalid sample rate");
    adm::Status status = module->probeFormat(StreamKind::Recording, StreamConfig{});
    EXPECT_EQ(status.code, ErrorCode::AdmSampleRate);
    EXPECT_NE(status.message.find("is not supported"), std::string::npos) << status.message;
    EXPECT_TRUE(drain().empty());
}

TEST_F(StreamsTest, CloseClosesEveryStream) {
    for (StreamKind kind : kKinds) {
        ASSERT_TRUE(module->initStream(kind, StreamConfig{}).ok());
        ASSERT_TRUE(module->startStream(kind).ok());
    }
    EXPECT_TRUE(module->close().ok());
    EXPECT_EQ(backend->script.closes.load(), 3);
    EXPECT_EQ(backend->terminateCalls, 1);
}

TEST_F(StreamsTest, PlayoutPlaysWhatTheApplicationWroteThenSilence) {
    ASSERT_TRUE(module->initStream(StreamKind::Playout, StreamConfig{}).ok());
    ASSERT_TRUE(module->startStream(StreamKind::Playout).ok());
    std::vector<float> pcm(2 * 100);
    for (std::size_t i = 0; i < pcm.size(); ++i) {
        pcm[i] = static_cast<float>(i) / 1000.0f;
    }
    std::size_t written = 0;
    ASSERT_TRUE(module->pcm().write(StreamKind::Playout, reinterpret_cast<const uint8_t*>(pcm.data()), 100, written).ok());
    EXPECT_EQ(written, 100u);
    std::vector<float> out(2 * 64, 9.0f);
    backend->streams.back()->pumpWith(nullptr, out.data(), 64);
    EXPECT_EQ(std::vector<float>(out.begin(), out.end()), std::vector<float>(pcm.begin(), pcm.begin() + 128));
    backend->streams.back()->pumpWith(nullptr, out.data(), 64);  // 36 left: then silence
    EXPECT_EQ(out[2 * 35 + 1], pcm[2 * 99 + 1]);
    EXPECT_EQ(out[2 * 36], 0.0f);
    EXPECT_EQ(out[2 * 63 + 1], 0.0f);
    Event late = awaitCode(EventType::Warning, static_cast<int32_t>(adm::WarningCode::AdmRuntimePlayoutWarning));
    EXPECT_EQ(late.record.value, 28);  // frames of silence inserted
    EXPECT_NE(late.message.find("application was late"), std::string::npos) << late.message;
    // Once per starvation: no more warnings until the application writes again.
    backend->streams.back()->pumpWith(nullptr, out.data(), 64);
    std::this_thread::sleep_for(20ms);
    for (const Event& e : drain()) {
        EXPECT_NE(e.record.code, static_cast<int32_t>(adm::WarningCode::AdmRuntimePlayoutWarning));
    }
}

TEST_F(StreamsTest, RecordingHandsOverWhatTheDeviceDeliveredAndCountsWhatWasLate) {
    ASSERT_TRUE(module->initStream(StreamKind::Recording, StreamConfig{}).ok());
    ASSERT_TRUE(module->startStream(StreamKind::Recording).ok());
    std::vector<float> in(2 * 256);
    for (std::size_t i = 0; i < in.size(); ++i) {
        in[i] = static_cast<float>(i);
    }
    backend->streams.back()->pumpWith(in.data(), nullptr, 256);
    std::vector<float> out(2 * 300);
    std::size_t read = 0;
    ASSERT_TRUE(module->pcm().read(StreamKind::Recording, reinterpret_cast<uint8_t*>(out.data()), 300, read).ok());
    ASSERT_EQ(read, 256u);
    EXPECT_EQ(std::vector<float>(out.begin(), out.begin() + 512), in);
    // The application falls behind by more than the ring holds: the oldest frames go, with a warning.
    std::size_t available = 0;
    std::size_t capacity = 0;
    std::size_t bytesPerFrame = 0;
    ASSERT_TRUE(module->pcm().info(StreamKind::Recording, available, capacity, bytesPerFrame).ok());
    EXPECT_EQ(bytesPerFrame, 8u);
    for (std::size_t pumped = 0; pumped < capacity + 512; pumped += 256) {
        backend->streams.back()->pumpWith(in.data(), nullptr, 256);
    }
    ASSERT_TRUE(module->pcm().read(StreamKind::Recording, reinterpret_cast<uint8_t*>(out.data()), 300, read).ok());
    Event late = awaitCode(EventType::Warning, static_cast<int32_t>(adm::WarningCode::AdmRuntimeRecordingWarning));
    EXPECT_EQ(late.record.value, 512);
    EXPECT_NE(late.message.find("application was late"), std::string::npos) << late.message;
}

TEST_F(StreamsTest, PcmGoesOnlyTheWayOfItsStream) {
    std::vector<float> pcm(2 * 8);
    std::size_t count = 0;
    EXPECT_EQ(module->pcm().write(StreamKind::Playout, reinterpret_cast<const uint8_t*>(pcm.data()), 8, count).code,
              ErrorCode::NotInitialized);
    ASSERT_TRUE(module->initStream(StreamKind::Playout, StreamConfig{}).ok());
    ASSERT_TRUE(module->initStream(StreamKind::Recording, StreamConfig{}).ok());
    EXPECT_EQ(module->pcm().read(StreamKind::Playout, reinterpret_cast<uint8_t*>(pcm.data()), 8, count).code,
              ErrorCode::NotSupported);
    EXPECT_EQ(module->pcm().write(StreamKind::Recording, reinterpret_cast<const uint8_t*>(pcm.data()), 8, count).code,
              ErrorCode::NotSupported);
}

TEST_F(StreamsTest, PcmWaitSleepsItsTimeUnlessWokenOrClosed) {
    EXPECT_EQ(module->pcm().wait(StreamKind::Playout, 1'000'000).code, ErrorCode::NotInitialized);  // no stream yet
    ASSERT_TRUE(module->initStream(StreamKind::Playout, StreamConfig{}).ok());
    EXPECT_EQ(module->pcm().wait(StreamKind::Playout, -1).code, ErrorCode::InvalidArgument);
    EXPECT_EQ(module->pcm().wait(StreamKind::Playout, 1'000'000'001).code, ErrorCode::InvalidArgument);
    EXPECT_EQ(module->pcm().wait(static_cast<StreamKind>(9), 0).code, ErrorCode::InvalidArgument);
    EXPECT_TRUE(module->pcm().wait(StreamKind::Playout, 0).ok());  // no sleep at all

    const auto sleptFor = [](auto&& wait) {
        const auto start = std::chrono::steady_clock::now();
        wait();
        return std::chrono::steady_clock::now() - start;
    };
    EXPECT_GE(sleptFor([&] { EXPECT_TRUE(module->pcm().wait(StreamKind::Playout, 30'000'000).ok()); }), 29ms);

    std::thread waker([&] {
        std::this_thread::sleep_for(50ms);
        EXPECT_TRUE(module->pcm().wake(StreamKind::Playout).ok());
    });
    EXPECT_LT(sleptFor([&] { EXPECT_TRUE(module->pcm().wait(StreamKind::Playout, 1'000'000'000).ok()); }), 800ms);
    waker.join();

    std::thread closer([&] {
        std::this_thread::sleep_for(50ms);
        EXPECT_TRUE(module->closeStream(StreamKind::Playout).ok());
    });
    EXPECT_LT(sleptFor([&] { module->pcm().wait(StreamKind::Playout, 1'000'000'000); }), 800ms);  // the close woke it
    closer.join();
    EXPECT_EQ(module->pcm().wait(StreamKind::Playout, 1'000'000).code, ErrorCode::NotInitialized);
    EXPECT_EQ(module->pcm().wake(StreamKind::Playout).code, ErrorCode::NotInitialized);
}

TEST_F(StreamsTest, DeviceLoopbackTestPlaysTheRecordingAndReportsLevels) {
    ASSERT_TRUE(module->initStream(StreamKind::Playout, StreamConfig{}).ok());
    ASSERT_TRUE(module->initStream(StreamKind::Recording, StreamConfig{}).ok());
    ASSERT_TRUE(module->startStream(StreamKind::Playout).ok());
    ASSERT_TRUE(module->startStream(StreamKind::Recording).ok());
    EXPECT_EQ(module->startDeviceTest(5ms).code, ErrorCode::InvalidArgument);
    ASSERT_TRUE(module->startDeviceTest(10ms).ok());  // 480 frames at 48 kHz
    adm::testing::FakeStream* playout = backend->streams[0];
    adm::testing::FakeStream* recording = backend->streams[1];
    std::vector<float> in(2 * 480, 0.5f);
    in[7] = -1.0f;
    std::vector<float> out(2 * 480, 9.0f);
    recording->pumpWith(in.data(), nullptr, 480);
    playout->pumpWith(nullptr, out.data(), 480);
    EXPECT_EQ(out, in);  // the recording, played straight back
    std::size_t read = 0;
    EXPECT_EQ(module->pcm().read(StreamKind::Recording, reinterpret_cast<uint8_t*>(in.data()), 1, read).code,
              ErrorCode::AlreadyInUse);
    Event levels = awaitCode(EventType::Levels, 0);
    EXPECT_EQ(static_cast<int32_t>(levels.record.value & 0xffffffff), 0);  // peak 0.00 dBFS (the -1.0 sample)
    EXPECT_NEAR(static_cast<int32_t>(levels.record.value >> 32) / 100.0, -6.02, 0.05);  // rms of 0.5
    ASSERT_TRUE(module->stopDeviceTest().ok());
    EXPECT_TRUE(module->pcm().read(StreamKind::Recording, reinterpret_cast<uint8_t*>(in.data()), 1, read).ok());
    ASSERT_TRUE(module->closeStream(StreamKind::Recording).ok());
    EXPECT_EQ(module->startDeviceTest(10ms).code, ErrorCode::NotInitialized);
}

// The extensions of the code table (docs/codes.md) that the control path raises.

TEST_F(StreamsTest, PlayoutAndRecordingOnDifferentDevicesIs1042) {
    adm::DeviceInfo usb = backend->devices[0];
    usb.index = 1;
    usb.name = "usb";
    usb.defaultInput = usb.defaultOutput = false;
    backend->devices.push_back(usb);
    ASSERT_TRUE(module->initStream(StreamKind::Playout, StreamConfig{}).ok());
    StreamConfig onUsb;
    onUsb.deviceName = "usb";
    ASSERT_TRUE(module->initStream(StreamKind::Recording, onUsb).ok());
    Event warning = awaitCode(EventType::Warning, static_cast<int32_t>(adm::WarningCode::AdmInconsistentAudioDevice));
    EXPECT_EQ(warning.record.stream, static_cast<int32_t>(StreamKind::Recording)) << "the stream that made them differ";
    EXPECT_EQ(warning.record.device, 1);
    EXPECT_EQ(warning.record.value, 0) << "the other stream's device";
    EXPECT_NE(warning.message.find("recording on device 1 \"usb\""), std::string::npos) << warning.message;
    EXPECT_NE(warning.message.find("playout on device 0 \"system\""), std::string::npos) << warning.message;
    ASSERT_TRUE(module->closeStream(StreamKind::Recording).ok());
    ASSERT_TRUE(module->initStream(StreamKind::Recording, StreamConfig{}).ok());  // the same device: no warning
    ASSERT_TRUE(module->initStream(StreamKind::Loopback, onUsb).ok());           // a loopback may be elsewhere
    for (const Event& e : drain()) {
        EXPECT_NE(e.record.code, static_cast<int32_t>(adm::WarningCode::AdmInconsistentAudioDevice)) << e.message;
    }
}

TEST_F(StreamsTest, ARecordingDeviceAnotherProgramHoldsIs1033BesideTheInitError) {
    backend->host = adm::HostKind::Alsa;
    backend->openResult = FakeBackend::fail(BackendError::DeviceUnavailable, "Device unavailable");
    EXPECT_EQ(module->initStream(StreamKind::Recording, StreamConfig{}).code, ErrorCode::AdmInitRecording);
    Event busy = awaitCode(EventType::Warning, static_cast<int32_t>(adm::WarningCode::AdmRecordAudioIsActive));
    EXPECT_NE(busy.message.find("is busy"), std::string::npos) << busy.message;
    awaitCode(EventType::Error, static_cast<int32_t>(ErrorCode::AdmInitRecording));
    EXPECT_EQ(module->initStream(StreamKind::Playout, StreamConfig{}).code, ErrorCode::AdmInitPlayout);
    backend->host = adm::HostKind::Jack;  // JACK's "unavailable" is a server that went away, not a busy device
    EXPECT_EQ(module->initStream(StreamKind::Recording, StreamConfig{}).code, ErrorCode::AdmInitRecording);
    for (const Event& e : drain()) {
        EXPECT_NE(e.record.code, static_cast<int32_t>(adm::WarningCode::AdmRecordAudioIsActive)) << e.message;
    }
}

TEST_F(StreamsTest, NoDeviceForADirectionIs1322Or1323BesideTheInitError) {
    backend->devices[0].maxInputChannels = 0;  // a playout device only
    EXPECT_EQ(module->initStream(StreamKind::Recording, StreamConfig{}).code, ErrorCode::AdmInitRecording);
    Event recording = awaitCode(EventType::Warning, static_cast<int32_t>(adm::WarningCode::AdmWinCoreNoRecordingDevice));
    EXPECT_EQ(recording.record.stream, static_cast<int32_t>(StreamKind::Recording));
    EXPECT_NE(recording.message.find("no recording device is available"), std::string::npos) << recording.message;
    ASSERT_TRUE(module->initStream(StreamKind::Playout, StreamConfig{}).ok());
    backend->devices.clear();
    ASSERT_TRUE(module->closeStream(StreamKind::Playout).ok());
    EXPECT_EQ(module->initStream(StreamKind::Playout, StreamConfig{}).code, ErrorCode::AdmInitPlayout);
    awaitCode(EventType::Warning, static_cast<int32_t>(adm::WarningCode::AdmWinCoreNoPlayoutDevice));
}

TEST_F(StreamsTest, GlitchesThatPersistAre1052) {
    ASSERT_TRUE(module->initStream(StreamKind::Playout, StreamConfig{}).ok());
    ASSERT_TRUE(module->startStream(StreamKind::Playout).ok());
    for (int i = 0; i < 5; ++i) {
        backend->streams[0]->pump(64, adm::kOutputUnderflow);
    }
    Event state = awaitCode(EventType::Warning, static_cast<int32_t>(adm::WarningCode::AdmGlitchState));
    EXPECT_EQ(state.record.value, 5);
    EXPECT_EQ(state.record.stream, static_cast<int32_t>(StreamKind::Playout));
}
