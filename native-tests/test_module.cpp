// Module lifecycle and device listing, through the fault seam and on the real backend.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "FakeBackend.h"
#include "Module.h"

using adm::BackendError;
using adm::DeviceInfo;
using adm::ErrorCode;
using adm::Module;
using adm::testing::FakeBackend;

TEST(Module, OpenAndCloseBalanceTheBackend) {
    auto backend = std::make_shared<FakeBackend>();
    {
        Module module(backend);
        ASSERT_TRUE(module.open().ok());
        EXPECT_TRUE(module.isOpen());
        EXPECT_TRUE(module.close().ok());
        EXPECT_TRUE(module.close().ok());  // idempotent
        EXPECT_FALSE(module.isOpen());
    }
    EXPECT_EQ(backend->initializeCalls, 1);
    EXPECT_EQ(backend->terminateCalls, 1);
}

TEST(Module, DestructorClosesAnOpenModule) {
    auto backend = std::make_shared<FakeBackend>();
    {
        Module module(backend);
        ASSERT_TRUE(module.open().ok());
    }
    EXPECT_EQ(backend->terminateCalls, 1);
}

TEST(Module, OpeningTwiceIsAlreadyInUse) {
    Module module(std::make_shared<FakeBackend>());
    ASSERT_TRUE(module.open().ok());
    EXPECT_EQ(module.open().code, ErrorCode::AlreadyInUse);
}

TEST(Module, InitializeFailureKeepsTheBackendsWords) {
    auto backend = std::make_shared<FakeBackend>();
    backend->initializeResult = FakeBackend::fail(BackendError::InsufficientMemory, "Insufficient memory");
    Module module(backend);
    adm::Status status = module.open();
    EXPECT_EQ(status.code, ErrorCode::AdmGeneralError);
    EXPECT_EQ(status.backendError, static_cast<int32_t>(BackendError::InsufficientMemory));
    EXPECT_NE(status.message.find("Insufficient memory"), std::string::npos) << status.message;
    EXPECT_FALSE(module.isOpen());
    EXPECT_EQ(backend->terminateCalls, 0);  // nothing to balance
}

TEST(Module, ListingDevicesOfAClosedModuleIsNotInitialized) {
    Module module(std::make_shared<FakeBackend>());
    std::vector<DeviceInfo> devices;
    EXPECT_EQ(module.listDevices(devices).code, ErrorCode::NotInitialized);
}

TEST(Module, ListsWhatTheBackendReports) {
    auto backend = std::make_shared<FakeBackend>();
    DeviceInfo system;
    system.index = 0;
    system.name = "system";
    system.maxInputChannels = 2;
    system.maxOutputChannels = 2;
    backend->devices = {system};
    Module module(backend);
    ASSERT_TRUE(module.open().ok());
    std::vector<DeviceInfo> devices;
    ASSERT_TRUE(module.listDevices(devices).ok());
    ASSERT_EQ(devices.size(), 1u);
    EXPECT_EQ(devices[0].name, "system");
}

TEST(Module, ListFailureIsAGeneralErrorWithTheCause) {
    auto backend = std::make_shared<FakeBackend>();
    backend->listResult = FakeBackend::fail(BackendError::NotInitialized, "PortAudio not initialized");
    Module module(backend);
    ASSERT_TRUE(module.open().ok());
    std::vector<DeviceInfo> devices;
    adm::Status status = module.listDevices(devices);
    EXPECT_EQ(status.code, ErrorCode::AdmGeneralError);
    EXPECT_NE(status.message.find("PortAudio not initialized"), std::string::npos);
}

// The real PortAudio backend: zero devices is a valid answer, so this runs on any machine.
TEST(PortAudioBackend, TwoModulesShareOneRuntime) {
    Module first(adm::makePortAudioBackend());
    Module second(adm::makePortAudioBackend());
    ASSERT_TRUE(first.open().ok());
    ASSERT_TRUE(second.open().ok());
    std::vector<DeviceInfo> devices;
    ASSERT_TRUE(first.listDevices(devices).ok());
    EXPECT_TRUE(first.close().ok());
    // The second module still works after the first one closed.
    ASSERT_TRUE(second.listDevices(devices).ok());
    for (const DeviceInfo& device : devices) {
        EXPECT_FALSE(device.name.empty());
        EXPECT_GE(device.maxInputChannels + device.maxOutputChannels, 1) << device.name;
    }
    EXPECT_TRUE(second.close().ok());
}
