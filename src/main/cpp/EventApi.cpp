#include "EventApi.h"

#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "ApiStatus.h"
#include "Codes.h"
#include "EventHub.h"
#include "HandleTable.h"
#include "ModuleRegistry.h"
#include "MonotonicClock.h"

namespace adm {
namespace api {

namespace {

/// A consumer's share of a hub; detaching gives the consumer role back.
struct Consumer {
    explicit Consumer(std::shared_ptr<EventHub> hub) : events(std::move(hub)) {}
    ~Consumer() { events->detachConsumer(); }
    Consumer(const Consumer&) = delete;
    Consumer& operator=(const Consumer&) = delete;
    std::shared_ptr<EventHub> events;
};

HandleTable<Consumer>& consumers() { return HandleTable<Consumer>::forProcess(); }

std::shared_ptr<EventHub> moduleHub(int64_t module) {
    std::shared_ptr<ModuleEntry> entry = modules().find(module);
    return entry == nullptr ? nullptr : entry->module.events();
}

/// The hub of a consumer handle, held for the length of one call even if detached meanwhile.
std::shared_ptr<EventHub> consumerHub(int64_t hub) {
    std::shared_ptr<Consumer> consumer = consumers().find(hub);
    return consumer == nullptr ? nullptr : consumer->events;
}

int32_t unknownConsumer(int64_t hub) {
    return reportFailure(ErrorCode::NotInitialized, "no event consumer has handle " + std::to_string(hub) +
                                                        " (detached already?)");
}

int32_t invalid(const char* what) { return reportFailure(ErrorCode::InvalidArgument, what); }

}  // namespace

int32_t eventsRecordSize() { return static_cast<int32_t>(sizeof(EventRecord)); }

int32_t eventsAttach(int64_t module, int64_t* outHub) {
    std::shared_ptr<EventHub> hub = moduleHub(module);
    if (hub == nullptr) {
        return unknownModule(module);
    }
    if (outHub == nullptr) {
        return invalid("outHub is null");
    }
    if (!hub->attachConsumer()) {  // the ring has exactly one consumer
        return reportFailure(ErrorCode::AlreadyInUse, "the events of module " + std::to_string(module) +
                                                          " already have a consumer");
    }
    *outHub = consumers().add(std::make_shared<Consumer>(std::move(hub)));
    return reportOk();
}

int32_t eventsDetach(int64_t hub) { return consumers().remove(hub) == nullptr ? unknownConsumer(hub) : reportOk(); }

int32_t eventsDrain(int64_t hub, void* dest, int32_t capacityRecords, int32_t* outCount) {
    std::shared_ptr<EventHub> events = consumerHub(hub);
    if (events == nullptr) {
        return unknownConsumer(hub);
    }
    if (dest == nullptr || outCount == nullptr || capacityRecords < 1 ||
        reinterpret_cast<std::uintptr_t>(dest) % alignof(EventRecord) != 0) {
        return invalid("dest or outCount is null, dest is not 8-byte aligned, or the capacity is below 1");
    }
    *outCount = static_cast<int32_t>(
        events->drain(static_cast<EventRecord*>(dest), static_cast<std::size_t>(capacityRecords)));
    return reportOk();
}

int32_t eventsAwait(int64_t hub, int64_t timeoutNanos) {
    std::shared_ptr<EventHub> events = consumerHub(hub);
    if (events == nullptr) {
        return unknownConsumer(hub);
    }
    if (timeoutNanos < 0) {
        return invalid("the wait must not be negative");
    }
    events->await(timeoutNanos);
    return reportOk();
}

int32_t eventsWake(int64_t hub) {
    std::shared_ptr<EventHub> events = consumerHub(hub);
    if (events == nullptr) {
        return unknownConsumer(hub);
    }
    events->wakeConsumer();
    return reportOk();
}

int32_t eventsTakeDropped(int64_t hub, int64_t* outDropped) {
    std::shared_ptr<EventHub> events = consumerHub(hub);
    if (events == nullptr) {
        return unknownConsumer(hub);
    }
    if (outDropped == nullptr) {
        return invalid("outDropped is null");
    }
    *outDropped = static_cast<int64_t>(events->takeDropped());
    return reportOk();
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
        return unknownModule(module);
    }
    if (outPublished == nullptr || type < static_cast<int32_t>(EventType::Error) ||
        type > static_cast<int32_t>(EventType::DevicesChanged) || stream < static_cast<int32_t>(StreamKind::Module) ||
        stream > static_cast<int32_t>(StreamKind::Loopback) || count < 1 || device < -1) {
        return invalid("outPublished is null, or type, stream, count or device is out of range");
    }
    const int64_t now = monotonicNanos();
    EventRecord record = EventRecord::of(static_cast<EventType>(type), code, static_cast<StreamKind>(stream), device,
                                         now, now, value)
                             .withBackendError(backendError, hostError);
    record.count = count;
    const bool published = message != nullptr ? events->publishWithMessage(record, message)
                           : wake             ? events->publishAndWake(record)
                                              : events->publishWithoutWake(record);
    *outPublished = published ? 1 : 0;
    return reportOk();
}

int32_t eventsPublishMany(int64_t module, int64_t events, bool wake, bool retryWhenFull, int64_t* outPublished) {
    std::shared_ptr<EventHub> hub = moduleHub(module);
    if (hub == nullptr) {
        return unknownModule(module);
    }
    if (events < 0 || outPublished == nullptr) {
        return invalid("events is negative or outPublished is null");
    }
    const EventHub::Wake how = wake ? EventHub::Wake::Now : EventHub::Wake::Later;
    int64_t published = 0;
    for (int64_t i = 0; i < events; ++i) {
        const int64_t now = monotonicNanos();
        const EventRecord record = EventRecord::of(EventType::Error, static_cast<int32_t>(ErrorCode::AdmGeneralError),
                                                   StreamKind::Module, -1, now, now, i);
        bool done = retryWhenFull ? hub->tryPublish(record, how)
                    : wake        ? hub->publishAndWake(record)
                                  : hub->publishWithoutWake(record);
        while (!done && retryWhenFull) {
            std::this_thread::yield();  // back-pressure: a retried record is not a drop
            done = hub->tryPublish(record, how);
        }
        published += done ? 1 : 0;
    }
    *outPublished = published;
    return reportOk();
}

}  // namespace api
}  // namespace adm
