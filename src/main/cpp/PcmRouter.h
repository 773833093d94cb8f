// The application's PCM calls (write, read, wait) find their stream here, under a lock that is only
// held to copy a pointer: a transfer (inside a JNI critical region) never waits on a control call that
// holds the module's lock while the host hangs.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>

#include "EventReporter.h"
#include "Status.h"
#include "Stream.h"
#include "StreamKind.h"

namespace adm {

class PcmRouter {
public:
    explicit PcmRouter(EventReporter& reporter) : mReporter(reporter) {}

    /// Routes `kind` to `stream` (null: none) and wakes every thread asleep on the stream it replaces.
    void route(StreamKind kind, std::shared_ptr<Stream> stream);
    /// The module opened (true) or closed (false): closed, every call gives 7.
    void setOpen(bool open);

    /// Playout: queues up to `frames` interleaved frames; `written` says how many fit. Errors: 7, 4, and 1015
    /// once the stream failed.
    Status write(StreamKind kind, const uint8_t* source, std::size_t frames, std::size_t& written);
    /// Recording, loopback: takes up to `frames`; frames the application lost are reported (1016). Errors: 7,
    /// 4, 19, and 1017 once the stream failed and what it captured before is read.
    Status read(StreamKind kind, uint8_t* destination, std::size_t frames, std::size_t& read);
    /// Frames writable (playout) or readable now, the ring's capacity, a frame's size.
    Status info(StreamKind kind, std::size_t& available, std::size_t& capacity, std::size_t& bytesPerFrame);
    /// The stream's sleep generation: read it before checking what to wait for, then pass it to wait().
    Status generation(StreamKind kind, uint32_t& out);
    /// Sleeps up to `timeoutNanos` (0 to 1 s) unless wake(), the stream's close or its failure came after
    /// `generation` was read; a failed stream is not waited on. Errors: 2, 7.
    Status wait(StreamKind kind, uint32_t generation, int64_t timeoutNanos);
    /// As wait(), reading the generation itself (a caller that checked nothing before).
    Status wait(StreamKind kind, int64_t timeoutNanos);
    /// Wakes every thread asleep in wait() on that stream.
    Status wake(StreamKind kind);

private:
    Status find(StreamKind kind, std::shared_ptr<Stream>& out);

    EventReporter& mReporter;
    std::mutex mMutex;  // held only to copy a pointer
    std::array<std::shared_ptr<Stream>, 4> mStreams;  // by StreamKind; guarded by mMutex
    bool mOpen = false;                                // guarded by mMutex
};

}  // namespace adm
