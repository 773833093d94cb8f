#include "EventApi.h"

#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "Codes.h"
#include "EventHub.h"
#include "HandleTable.h"
#include "ModuleRegistry.h"

namespace adm {
namespace api {

namespace {

constexpr int32_t kOk = 0;
constexpr int32_t kInvalidArgument = static_cast<int32_t>(ErrorCode::InvalidArgument);
constexpr int32_t kNotInitialized = static_cast<int32_t>(ErrorCode::NotInitialized);
constexpr int32_t kAlreadyInUse = static_cast<int32_t>(ErrorCode::AlreadyInUse);

/// A consumer's share of a hub; detaching gives the consumer role back.
struct Consumer {
    explicit Consumer(std::shared_ptr<EventHub> hub) : events(std::move(hub)) {}
    ~Consumer() { events->detachConsumer(); }
    Consumer(const Consumer&) = delete;
    Consumer& operator=(const Consumer&) = delete;
    std::shared_ptr<EventHub> events;
};

HandleTable<Consumer>& consumers() {
    static HandleTable<Consumer> table;
    return table;
}

std::shared_ptr<EventHub> moduleHub(int64_t module) {
    std::shared_ptr<ModuleEntry> entry = modules().find(module);
    return entry == nullptr ? nullptr : entry->module.events();
}

/// The hub of a consumer handle, held for the length of one call even if detached meanwhile.
std::shared_ptr<EventHub> consumerHub(int64_t hub) {
    std::shared_ptr<Consumer> consumer = consumers().find(hub);
    return consumer == nullptr ? nullptr : consumer->events;
}

}  // namespace

int32_t eventsRecordSize() { return static_cast<int32_t>(sizeof(EventRecord)); }

int32_t eventsAttach(int64_t module, int64_t* outHub) {
    std::shared_ptr<EventHub> hub = moduleHub(module);
    if (hub == nullptr) {
        return kNotInitialized;
    }
    if (outHub == nullptr) {
        return kInvalidArgument;
    }
    if (!hub->attachConsumer()) {
        return kAlreadyInUse;  // the ring has exactly one consumer
    }
    *outHub = consumers().add(std::make_shared<Consumer>(std::move(hub)));
    return kOk;
}

int32_t eventsDetach(int64_t hub) { return consumers().remove(hub) == nullptr ? kNotInitialized : kOk; }

int32_t eventsDrain(int64_t hub, void* dest, int32_t capacityRecords, int32_t* outCount) {
    std::shared_ptr<EventHub> events = consumerHub(hub);
    if (events == nullptr) {
        return kNotInitialized;
    }
    if (dest == nullptr || outCount == nullptr || capacityRecords < 1 ||
        reinterpret_cast<std::uintptr_t>(dest) % alignof(EventRecord) != 0) {
        return kInvalidArgument;
    }
    *outCount = static_cast<int32_t>(
        events->drain(static_cast<EventRecord*>(dest), static_cast<std::size_t>(capacityRecords)));
    return kOk;
}

int32_t eventsAwait(int64_t hub, int64_t timeoutNanos) {
    std::shared_ptr<EventHub> events = consumerHub(hub);
    if (events == nullptr) {
        return kNotInitialized;
    }
    if (timeoutNanos < 0) {
        return kInvalidArgument;
    }
    events->await(timeoutNanos);
    return kOk;
}

int32_t eventsWake(int64_t hub) {
    std::shared_ptr<EventHub> events = consumerHub(hub);
    if (events == nullptr) {
        return kNotInitialized;
    }
    events->wakeConsumer();
    return kOk;
}

int32_t eventsTakeDropped(int64_t hub, int64_t* outDropped) {
    std::shared_ptr<EventHub> events = consumerHub(hub);
    if (events == nullptr) {
        return kNotInitialized;
    }
    if (outDropped == nullptr) {
        return kInvalidArgument;
    }
    *outDropped = static_cast<int64_t>(events->takeDropped());
    return kOk;
}

const char* eventsTakeMessage(int64_t hub, int64_t id) {
    thread_local std::string text;  // lives until this thread's next call, so Java can copy it
    std::shared_ptr<EventHub> events = consumerHub(hub);
    if (events == nullptr || id == 0) {
        return nullptr;
    }
    text = events->takeMessage(id);
    return text.empty() ? nullptr : text.c_str();
}

int32_t eventsPublish(int64_t module, int32_t type, int32_t code, int32_t stream, int32_t device,
                      int32_t backendError, int64_t hostError, int32_t count, int64_t value,
                      const char* message, bool wake, int32_t* outPublished) {
    std::shared_ptr<EventHub> events = moduleHub(module);
    if (events == nullptr) {
        return kNotInitialized;
    }
    if (outPublished == nullptr || type < static_cast<int32_t>(EventType::Error) ||
        type > static_cast<int32_t>(EventType::DevicesChanged) || stream < static_cast<int32_t>(StreamKind::Module) ||
        stream > static_cast<int32_t>(StreamKind::Loopback) || count < 1 || device < -1) {
        return kInvalidArgument;
    }
    EventRecord record;
    record.type = type;
    record.code = code;
    record.stream = stream;
    record.device = device;
    record.backendError = backendError;
    record.count = count;
    record.hostError = hostError;
    record.firstNanos = monotonicNanos();
    record.lastNanos = record.firstNanos;
    record.value = value;
    const bool published =
        message == nullptr ? events->publish(record, wake) : events->publishWithMessage(record, message);
    *outPublished = published ? 1 : 0;
    return kOk;
}

int32_t eventsPublishMany(int64_t module, int64_t events, bool wake, bool retryWhenFull, int64_t* outPublished) {
    std::shared_ptr<EventHub> hub = moduleHub(module);
    if (hub == nullptr) {
        return kNotInitialized;
    }
    if (events < 0 || outPublished == nullptr) {
        return kInvalidArgument;
    }
    EventRecord record;
    record.type = static_cast<int32_t>(EventType::Error);
    record.code = static_cast<int32_t>(ErrorCode::AdmGeneralError);
    int64_t published = 0;
    for (int64_t i = 0; i < events; ++i) {
        record.value = i;
        record.firstNanos = monotonicNanos();
        record.lastNanos = record.firstNanos;
        bool done = retryWhenFull ? hub->tryPublish(record, wake) : hub->publish(record, wake);
        while (!done && retryWhenFull) {
            std::this_thread::yield();  // back-pressure: a retried record is not a drop
            done = hub->tryPublish(record, wake);
        }
        published += done ? 1 : 0;
    }
    *outPublished = published;
    return kOk;
}

}  // namespace api
}  // namespace adm
