// Device change events (issue 11): the difference of two lists, what the DeviceWatch counts as a change, and
// a module reporting the changes of its backend's list.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "DeviceChanges.h"
#include "DeviceWatch.h"
#include "FakeBackend.h"
#include "Module.h"

using adm::DeviceChange;
using adm::DeviceChangeKind;
using adm::DeviceInfo;
using adm::DeviceState;
using adm::StreamKind;
using namespace std::chrono_literals;

namespace {

DeviceInfo device(int32_t index, const char* name, const char* host, int in, int out, bool defIn = false,
                  bool defOut = false) {
    DeviceInfo d;
    d.index = index;
    d.name = name;
    d.hostApi = host;
    d.maxInputChannels = in;
    d.maxOutputChannels = out;
    d.defaultSampleRate = 48000;
    d.defaultInput = defIn;
    d.defaultOutput = defOut;
    return d;
}

std::string describe(const std::vector<DeviceChange>& changes) {
    std::string text;
    for (const DeviceChange& c : changes) {
        text += std::to_string(static_cast<int>(c.kind)) + ":" + adm::toText(c.direction) + ":" + c.device.name + ":" +
                std::to_string(static_cast<int>(c.state)) + " ";
    }
    return text;
}

}  // namespace

TEST(DeviceChanges, AddedRemovedAndNewDefaultsPerDirection) {
    const std::vector<DeviceInfo> before = {device(0, "system", "JACK", 2, 2, true, true),
                                            device(1, "hw:0", "ALSA", 2, 0)};
    const std::vector<DeviceInfo> after = {device(0, "hw:0", "ALSA", 2, 0, true, false),
                                           device(1, "usb", "ALSA", 1, 2, false, true)};
    EXPECT_EQ(describe(adm::diffDevices(before, after)),
              "1:playout:system:4 1:recording:system:4 0:playout:usb:1 0:recording:usb:1 "
              "2:playout:usb:1 2:recording:hw:0:1 ");
}

TEST(DeviceChanges, SameDevicesUnderNewIndexesAreNoChange) {
    const std::vector<DeviceInfo> before = {device(0, "system", "JACK", 2, 2, true, true)};
    const std::vector<DeviceInfo> after = {device(7, "system", "JACK", 2, 2, true, true)};
    EXPECT_TRUE(adm::diffDevices(before, after).empty());
    EXPECT_TRUE(adm::diffDevices({}, {}).empty());
}

TEST(DeviceChanges, TheSameNameOnAnotherHostIsAnotherDevice) {
    EXPECT_EQ(describe(adm::diffDevices({device(0, "default", "ALSA", 0, 2)}, {device(0, "default", "JACK", 0, 2)})),
              "1:playout:default:4 0:playout:default:1 ");
}

TEST(DeviceChanges, ValueAndTextCarryWhatJavaReads) {
    DeviceChange change{DeviceChangeKind::Removed, StreamKind::Recording, DeviceState::NotPresent,
                        device(3, "a\tb\nc", "JACK", 2, 0, true, false)};
    EXPECT_EQ(adm::deviceChangeValue(change), (1 << 8) | 4);
    EXPECT_EQ(adm::deviceChangeText(change.device), "3\ta b c\tJACK\t2\t0\t48000\t0\t0\t0\t0\t1\t0");
}

TEST(DeviceWatchNames, SoundCardNodesAndJackSockets) {
    EXPECT_TRUE(adm::isSoundCardNode("pcmC0D0p"));
    EXPECT_TRUE(adm::isSoundCardNode("controlC1"));
    EXPECT_FALSE(adm::isSoundCardNode("timer"));
    EXPECT_FALSE(adm::isSoundCardNode("seq"));
    // Only the socket of the server in use: its clients' sockets have the same shape (every initialization of
    // PortAudio makes jack_PortAudio_<uid>_0), and counting them made each refresh trigger the next.
    setenv("JACK_DEFAULT_SERVER", "admbridge-names", 1);
    const std::string uid = std::to_string(getuid());
    EXPECT_TRUE(adm::isJackServerSocket("jack_admbridge-names_" + uid + "_0"));
    EXPECT_FALSE(adm::isJackServerSocket("jack_PortAudio_" + uid + "_0"));
    EXPECT_FALSE(adm::isJackServerSocket("jack_admbridge-watch_" + uid + "_0"));
    EXPECT_FALSE(adm::isJackServerSocket("jack_default_" + uid + "_0")) << "another server";
    EXPECT_FALSE(adm::isJackServerSocket("jack_sem.0_admbridge-names_system"));
    EXPECT_FALSE(adm::isJackServerSocket("jack-0-0"));
    unsetenv("JACK_DEFAULT_SERVER");
    EXPECT_TRUE(adm::isJackServerSocket("jack_default_" + uid + "_0"));
}

namespace {

/// A directory of the test's own for the watch's seam.
struct TempDirectory {
    std::string path = "/tmp/admbridge-device-watch-" + std::to_string(getpid());
    TempDirectory() { mkdir(path.c_str(), 0700); }
    ~TempDirectory() {
        for (const char* name : {"pcmC9D0p", "notes.txt"}) {
            unlink((path + "/" + name).c_str());
        }
        rmdir(path.c_str());
    }
    void touch(const char* name) const {
        if (std::FILE* f = std::fopen((path + "/" + name).c_str(), "w"); f != nullptr) {
            std::fclose(f);
        }
    }
    void remove(const char* name) const { unlink((path + "/" + name).c_str()); }
};

bool awaitCalls(const std::atomic<int>& calls, int wanted, std::chrono::milliseconds within) {
    const auto deadline = std::chrono::steady_clock::now() + within;
    while (calls.load() < wanted) {
        if (std::chrono::steady_clock::now() >= deadline) {
            return false;
        }
        std::this_thread::sleep_for(5ms);
    }
    return true;
}

}  // namespace

TEST(DeviceWatch, CallsItsSubscribersOncePerSettledChangeOfWhatCounts) {
    TempDirectory dir;
    adm::DeviceWatch watch({{dir.path, &adm::isSoundCardNode}}, 100ms);
    std::atomic<int> calls{0};
    const uint64_t token = watch.add([&calls] { ++calls; });
    std::this_thread::sleep_for(100ms);  // its thread watches the directory now
    dir.touch("notes.txt");               // does not count
    std::this_thread::sleep_for(300ms);
    EXPECT_EQ(calls.load(), 0);
    dir.touch("pcmC9D0p");  // a card's node appears...
    dir.remove("pcmC9D0p");  // ...and goes within the settling time: one call
    ASSERT_TRUE(awaitCalls(calls, 1, 1000ms));
    std::this_thread::sleep_for(300ms);
    EXPECT_EQ(calls.load(), 1);
    watch.poke();  // a server died
    ASSERT_TRUE(awaitCalls(calls, 2, 1000ms));
    watch.remove(token);
    dir.touch("pcmC9D0p");
    std::this_thread::sleep_for(300ms);
    EXPECT_EQ(calls.load(), 2) << "called after remove()";
}

namespace {

class DeviceEventsTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(module->open().ok()); }

    /// Hands `take` every event published within `within`, with its text; returns early once `take` says it has
    /// all it wants (a refresh runs on the watch's thread, late on a loaded machine: windows alone were flaky).
    template <typename Take>
    void eventsFor(std::chrono::milliseconds within, Take take) {
        const auto deadline = std::chrono::steady_clock::now() + within;
        bool enough = false;
        while (!enough && std::chrono::steady_clock::now() < deadline) {
            adm::EventRecord batch[16];
            for (std::size_t n; (n = module->events()->drain(batch, 16)) > 0;) {
                for (std::size_t i = 0; i < n; ++i) {
                    enough = take(batch[i], module->events()->takeMessage(batch[i].messageId)) || enough;
                }
            }
            std::this_thread::sleep_for(10ms);
        }
    }

    /// The DevicesChanged events published within `within` (or until there are `wanted`), as
    /// "kind:direction:name:state".
    std::vector<std::string> deviceEvents(std::chrono::milliseconds within, std::size_t wanted = 0) {
        std::vector<std::string> seen;
        eventsFor(within, [&seen, wanted](const adm::EventRecord& event, const std::string& text) {
            if (event.type != static_cast<int32_t>(adm::EventType::DevicesChanged)) {
                return false;
            }
            const std::string name =
                text.substr(text.find('\t') + 1, text.find('\t', text.find('\t') + 1) - text.find('\t') - 1);
            seen.push_back(std::to_string(event.value >> 8) + ":" + adm::toText(static_cast<StreamKind>(event.stream)) +
                           ":" + name + ":" + std::to_string(event.value & 0xff));
            return wanted > 0 && seen.size() >= wanted;
        });
        return seen;
    }

    /// The warnings published within `within` (or until there are `wanted`), as "code:direction".
    std::vector<std::string> warnings(std::chrono::milliseconds within, std::size_t wanted = 0) {
        std::vector<std::string> seen;
        eventsFor(within, [&seen, wanted](const adm::EventRecord& event, const std::string& /*text*/) {
            if (event.type == static_cast<int32_t>(adm::EventType::Warning)) {
                seen.push_back(std::to_string(event.code) + ":" + adm::toText(static_cast<StreamKind>(event.stream)));
            }
            return wanted > 0 && seen.size() >= wanted;
        });
        return seen;
    }

    std::shared_ptr<adm::testing::FakeBackend> backend = std::make_shared<adm::testing::FakeBackend>();
    std::unique_ptr<adm::Module> module = std::make_unique<adm::Module>(backend);
};

}  // namespace

TEST_F(DeviceEventsTest, AWatchingModuleReportsWhatChangedAfterEachPoke) {
    ASSERT_TRUE(module->watchDevices().ok());
    ASSERT_TRUE(module->watchDevices().ok());  // twice is once
    backend->devices.push_back(device(1, "usb", "ALSA", 1, 0, false, false));
    adm::DeviceWatch::instance().poke();
    EXPECT_EQ(deviceEvents(5s, 1), (std::vector<std::string>{"0:recording:usb:1"}));
    backend->devices.erase(backend->devices.begin());  // "system" goes; usb becomes the default input
    backend->devices[0].defaultInput = true;
    adm::DeviceWatch::instance().poke();
    EXPECT_EQ(deviceEvents(5s, 3),
              (std::vector<std::string>{"1:playout:system:4", "1:recording:system:4", "2:recording:usb:1"}));
    adm::DeviceWatch::instance().poke();
    EXPECT_TRUE(deviceEvents(600ms).empty()) << "nothing changed";
}

TEST_F(DeviceEventsTest, AClosedModuleNeitherWatchesNorReports) {
    ASSERT_TRUE(module->watchDevices().ok());
    ASSERT_TRUE(module->close().ok());
    EXPECT_EQ(module->watchDevices().code, adm::ErrorCode::NotInitialized);
    backend->devices.clear();
    adm::DeviceWatch::instance().poke();
    EXPECT_TRUE(deviceEvents(500ms).empty());
}

// A card change that the watch's refresh could not list (the host refused to renew: streams were open) makes the
// list stale; the next list once the host can renew renews it itself, without waiting for the watch's next refresh.
TEST_F(DeviceEventsTest, AListTheWatchCouldNotRenewIsStaleUntilAListCanRenewIt) {
    ASSERT_TRUE(module->watchDevices().ok());
    backend->reinitializeResult = adm::BackendResult{-9982, 0, "1 stream(s) of this process are still open"};
    backend->devices.push_back(device(1, "usb", "ALSA", 1, 0, false, false));
    adm::DeviceWatch::instance().poke();
    ASSERT_EQ(deviceEvents(5s, 1).size(), 1u) << "the refresh reports what it found";  // after it judged the list
    std::vector<adm::DeviceInfo> devices;
    bool stale = false;
    ASSERT_TRUE(module->listDevices(devices, &stale).ok());
    EXPECT_TRUE(stale) << "the host could not list again";
    backend->reinitializeResult = adm::BackendResult{};  // the streams closed
    const int renewals = backend->reinitializeCalls.load();
    ASSERT_TRUE(module->listDevices(devices, &stale).ok());
    EXPECT_FALSE(stale);
    EXPECT_EQ(backend->reinitializeCalls.load(), renewals + 1) << "the list renewed the host itself";
    ASSERT_TRUE(module->listDevices(devices, &stale).ok());
    EXPECT_FALSE(stale);
    EXPECT_EQ(backend->reinitializeCalls.load(), renewals + 1) << "and only while it was stale";
}

// 1322 and 1323, extensions (docs/codes.md): the last device of a direction went away.
TEST_F(DeviceEventsTest, TheLastDeviceOfADirectionGoingAwayIs1322Or1323) {
    backend->devices.push_back(device(1, "usb-mic", "ALSA", 1, 0, false, false));
    ASSERT_TRUE(module->watchDevices().ok());
    backend->devices.erase(backend->devices.begin());  // "system" goes: the microphone still records
    adm::DeviceWatch::instance().poke();
    EXPECT_EQ(warnings(5s, 1), (std::vector<std::string>{"1323:playout"})) << "no playout device is left";
    backend->devices.clear();
    adm::DeviceWatch::instance().poke();
    EXPECT_EQ(warnings(5s, 1), (std::vector<std::string>{"1322:recording"}));
    adm::DeviceWatch::instance().poke();
    EXPECT_TRUE(warnings(600ms).empty()) << "said once, not at every look";
}
