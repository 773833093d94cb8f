// The flat event API: bad handles and arguments give the documented codes; a consumer drains
// what a module publishes, also after the module closed.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "MonotonicClock.h"
#include "EventApi.h"
#include "EventRecord.h"
#include "NativeApi.h"

namespace api = adm::api;

namespace {
constexpr int32_t kOk = 0;
constexpr int32_t kInvalidArgument = 2;
constexpr int32_t kNotInitialized = 7;
constexpr int32_t kAlreadyInUse = 19;
constexpr int64_t kNoSuchHandle = 987654321;

class EventApi : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_EQ(api::moduleOpen(nullptr, &mModule), kOk); }
    void TearDown() override {
        api::moduleClose(mModule);
        if (mHub != 0) {
            api::eventsDetach(mHub);
        }
    }
    int32_t publishError(int32_t code, const char* message = nullptr) {
        int32_t published = -1;
        const int32_t result = api::eventsPublish(mModule, static_cast<int32_t>(adm::EventType::Error), code,
                                                  static_cast<int32_t>(adm::StreamKind::Playout), 3, -9985, 42, 1,
                                                  7, message, true, &published);
        EXPECT_EQ(published, result == kOk ? 1 : -1);
        return result;
    }
    int64_t mModule = 0;
    int64_t mHub = 0;
};
}  // namespace

TEST(EventApiHandles, UnknownHandlesAreNotInitialized) {
    alignas(8) unsigned char buffer[64];
    int32_t count = 0;
    int64_t out = 0;
    int32_t published = 0;
    EXPECT_EQ(api::eventsAttach(kNoSuchHandle, &out), kNotInitialized);
    EXPECT_EQ(api::eventsDetach(kNoSuchHandle), kNotInitialized);
    EXPECT_EQ(api::eventsDrain(kNoSuchHandle, buffer, 1, &count), kNotInitialized);
    EXPECT_EQ(api::eventsAwait(kNoSuchHandle, 0), kNotInitialized);
    EXPECT_EQ(api::eventsWake(kNoSuchHandle), kNotInitialized);
    EXPECT_EQ(api::eventsTakeDropped(kNoSuchHandle, &out), kNotInitialized);
    EXPECT_EQ(api::eventsTakeMessage(kNoSuchHandle, 1), nullptr);
    EXPECT_EQ(api::eventsPublish(kNoSuchHandle, 0, 1005, 0, -1, 0, 0, 1, 0, nullptr, true, &published),
              kNotInitialized);
    EXPECT_EQ(api::eventsPublishMany(kNoSuchHandle, 1, true, false, &out), kNotInitialized);
    EXPECT_EQ(api::eventsRecordSize(), 64);
}

TEST_F(EventApi, BadArgumentsAreInvalidArgument) {
    EXPECT_EQ(api::eventsAttach(mModule, nullptr), kInvalidArgument);
    ASSERT_EQ(api::eventsAttach(mModule, &mHub), kOk);
    alignas(8) unsigned char buffer[2 * 64 + 8];
    int32_t count = 0;
    EXPECT_EQ(api::eventsDrain(mHub, nullptr, 1, &count), kInvalidArgument);
    EXPECT_EQ(api::eventsDrain(mHub, buffer, 1, nullptr), kInvalidArgument);
    EXPECT_EQ(api::eventsDrain(mHub, buffer, 0, &count), kInvalidArgument);
    EXPECT_EQ(api::eventsDrain(mHub, buffer + 4, 1, &count), kInvalidArgument);  // misaligned
    EXPECT_EQ(api::eventsAwait(mHub, -1), kInvalidArgument);
    EXPECT_EQ(api::eventsTakeDropped(mHub, nullptr), kInvalidArgument);
    EXPECT_EQ(api::eventsTakeMessage(mHub, 0), nullptr);
    int32_t published = 0;
    EXPECT_EQ(api::eventsPublish(mModule, 5, 0, 0, -1, 0, 0, 1, 0, nullptr, true, &published), kInvalidArgument);
    EXPECT_EQ(api::eventsPublish(mModule, 0, 1005, 4, -1, 0, 0, 1, 0, nullptr, true, &published), kInvalidArgument);
    EXPECT_EQ(api::eventsPublish(mModule, 0, 1005, 0, -1, 0, 0, 0, 0, nullptr, true, &published), kInvalidArgument);
    EXPECT_EQ(api::eventsPublish(mModule, 0, 1005, 0, -2, 0, 0, 1, 0, nullptr, true, &published), kInvalidArgument);
    EXPECT_EQ(api::eventsPublish(mModule, 0, 1005, 0, -1, 0, 0, 1, 0, nullptr, true, nullptr), kInvalidArgument);
    int64_t many = 0;
    EXPECT_EQ(api::eventsPublishMany(mModule, -1, true, false, &many), kInvalidArgument);
    EXPECT_EQ(api::eventsPublishMany(mModule, 1, true, false, nullptr), kInvalidArgument);
}

TEST_F(EventApi, OneConsumerPerHub) {
    ASSERT_EQ(api::eventsAttach(mModule, &mHub), kOk);
    int64_t second = 0;
    EXPECT_EQ(api::eventsAttach(mModule, &second), kAlreadyInUse);
    ASSERT_EQ(api::eventsDetach(mHub), kOk);
    EXPECT_EQ(api::eventsDetach(mHub), kNotInitialized);  // handles are never reused
    ASSERT_EQ(api::eventsAttach(mModule, &mHub), kOk);    // the role is free again
}

TEST_F(EventApi, DrainsWhatTheModulePublishedEvenAfterItClosed) {
    ASSERT_EQ(api::eventsAttach(mModule, &mHub), kOk);
    ASSERT_EQ(publishError(1008, "could not open \"system\""), kOk);
    ASSERT_EQ(publishError(1009), kOk);
    ASSERT_EQ(api::moduleClose(mModule), kOk);
    EXPECT_EQ(publishError(1010), kNotInitialized);  // the module is gone, its hub is not

    ASSERT_EQ(api::eventsAwait(mHub, 0), kOk);
    std::vector<adm::EventRecord> records(4);
    int32_t count = 0;
    ASSERT_EQ(api::eventsDrain(mHub, records.data(), 4, &count), kOk);
    ASSERT_EQ(count, 2);
    EXPECT_EQ(records[0].code, 1008);
    EXPECT_EQ(records[0].stream, 1);
    EXPECT_EQ(records[0].device, 3);
    EXPECT_EQ(records[0].backendError, -9985);
    EXPECT_EQ(records[0].hostError, 42);
    EXPECT_EQ(records[0].value, 7);
    EXPECT_GT(records[0].firstNanos, 0);
    EXPECT_STREQ(api::eventsTakeMessage(mHub, records[0].messageId), "could not open \"system\"");
    EXPECT_EQ(api::eventsTakeMessage(mHub, records[0].messageId), nullptr);  // taken once
    EXPECT_EQ(records[1].code, 1009);
    EXPECT_EQ(records[1].messageId, 0);
}

TEST_F(EventApi, CountsDropsOfAFullRing) {
    ASSERT_EQ(api::eventsAttach(mModule, &mHub), kOk);
    int64_t published = 0;
    ASSERT_EQ(api::eventsPublishMany(mModule, 5000, false, false, &published), kOk);
    int64_t dropped = 0;
    ASSERT_EQ(api::eventsTakeDropped(mHub, &dropped), kOk);
    EXPECT_EQ(published, 4096);  // EventHub::kDefaultCapacity
    EXPECT_EQ(dropped, 5000 - 4096);
    ASSERT_EQ(api::eventsTakeDropped(mHub, &dropped), kOk);
    EXPECT_EQ(dropped, 0);
}

TEST_F(EventApi, WakeIsRememberedUntilTheNextAwait) {
    ASSERT_EQ(api::eventsAttach(mModule, &mHub), kOk);
    ASSERT_EQ(api::eventsWake(mHub), kOk);
    const int64_t before = adm::monotonicNanos();
    ASSERT_EQ(api::eventsAwait(mHub, 5'000'000'000), kOk);
    EXPECT_LT(adm::monotonicNanos() - before, 1'000'000'000);
}
