// The flat C++ surface of the event path that JavaCPP binds (dev.admbridge.jni.NativeEvents).
// Primitives and pointers only. Each int32_t result is a documented error code:
//   0 ERR_OK, 2 ERR_INVALID_ARGUMENT (bad pointer, size or value), 7 ERR_NOT_INITIALIZED (unknown
//   module or consumer handle), 19 ERR_ALREADY_IN_USE (the hub already has a consumer); a failure's
//   details are read with lastError*() (NativeApi.h) on the same thread, as for every call of the flat API.
//
// Lifetime: eventsAttach() gives the consumer (the Java dispatcher) its own handle on a module's
// EventHub, which shares ownership of the hub. So the hub outlives moduleClose(): events the
// module publishes while closing are still drained, and eventsDetach() ends the hub's life.
#pragma once

#include <cstdint>

namespace adm {
namespace api {

/// sizeof(EventRecord): 64. Java checks it against its own layout before draining.
int32_t eventsRecordSize();

/// Becomes the single consumer of module `module`'s events; the consumer handle goes to outHub[0].
/// @retval 7 unknown module  @retval 19 the hub has a consumer already  @retval 2 outHub null
int32_t eventsAttach(int64_t module, int64_t* outHub);
/// Gives up the consumer role and the consumer's share of the hub.  @retval 7 unknown handle
int32_t eventsDetach(int64_t hub);

/// Copies up to `capacityRecords` 64-byte records (EventRecord.h layout, native byte order) into
/// `dest` (8-byte aligned) in publication order; how many goes to outCount[0].
/// @retval 2 dest or outCount null, dest misaligned, capacity < 1  @retval 7 unknown handle
int32_t eventsDrain(int64_t hub, void* dest, int32_t capacityRecords, int32_t* outCount);
/// Waits until a record is readable, eventsWake() is called, or `timeoutNanos` passed (0: no wait).
/// @retval 2 negative timeout  @retval 7 unknown handle
int32_t eventsAwait(int64_t hub, int64_t timeoutNanos);
/// Wakes the consumer; remembered if it is not waiting yet.  @retval 7 unknown handle
int32_t eventsWake(int64_t hub);
/// Records lost to a full ring since the last call go to outDropped[0].
/// @retval 2 outDropped null  @retval 7 unknown handle
int32_t eventsTakeDropped(int64_t hub, int64_t* outDropped);
/// The text kept for message id `id` (removed from the hub), valid on this thread until its next
/// call; nullptr when the handle is unknown or the id has no text.
const char* eventsTakeMessage(int64_t hub, int64_t id);

/// Test and benchmark hook: publishes one record into module `module`'s hub from the calling
/// thread, as a producer would (`message` null: the real-time path; else publishWithMessage).
/// 1 goes to outPublished[0] when published, 0 when the ring was full (a drop was counted).
/// firstNanos = lastNanos = now. @retval 2 type or stream out of range, count < 1, outPublished null
/// @retval 7 unknown module
int32_t eventsPublish(int64_t module, int32_t type, int32_t code, int32_t stream, int32_t device,
                      int32_t backendError, int64_t hostError, int32_t count, int64_t value,
                      const char* message, bool wake, int32_t* outPublished);
/// Benchmark hook: publishes `events` Error records (code 1005, value = sequence number) from the
/// calling thread in one native loop. With `retryWhenFull` a full ring is retried (spinning with a
/// yield) instead of dropped, so throughput is bounded by the consumer. outPublished[0] = published.
/// @retval 2 events < 0, outPublished null  @retval 7 unknown module
int32_t eventsPublishMany(int64_t module, int64_t events, bool wake, bool retryWhenFull, int64_t* outPublished);

}  // namespace api
}  // namespace adm
