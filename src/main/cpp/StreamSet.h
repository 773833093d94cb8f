// A module's streams by kind. Two locks: the control lock, held by each control call for its whole length
// (init, start, stop, close: each bounded by the host's deadline), and a view lock held only to copy the
// pointers, so that the watchdog observes the streams without ever waiting on a control call.
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <mutex>

#include "Stream.h"
#include "StreamKind.h"

namespace adm {

class StreamSet {
public:
    using Streams = std::array<std::shared_ptr<Stream>, 3>;  // playout, recording, loopback

    /// Held by every control call, and by the watchdog to change a stream's state.
    std::mutex& mutex() noexcept { return mMutex; }

    /// The stream of a stream kind (isStreamKind), null when none; the control lock held.
    const std::shared_ptr<Stream>& operator[](StreamKind kind) const noexcept { return mStreams[slot(kind)]; }

    /// Puts `stream` (null: none) in the slot of `kind`; the control lock held. Returns what was there.
    std::shared_ptr<Stream> set(StreamKind kind, std::shared_ptr<Stream> stream) {
        std::lock_guard<std::mutex> view(mViewMutex);
        mView[slot(kind)] = stream;
        std::swap(mStreams[slot(kind)], stream);
        return stream;
    }

    /// Playout, recording, loopback; the control lock held.
    const Streams& all() const noexcept { return mStreams; }

    /// A copy of the streams, without the control lock: what the watchdog looks at.
    Streams snapshot() const {
        std::lock_guard<std::mutex> view(mViewMutex);
        return mView;
    }

    /// Whether the module is open; the control lock held.
    bool open = false;

    /// The index of a stream kind's slot (0 playout, 1 recording, 2 loopback), for arrays kept beside the set.
    static std::size_t slot(StreamKind kind) noexcept { return static_cast<std::size_t>(kind) - 1; }

private:

    std::mutex mMutex;
    Streams mStreams;              // guarded by mMutex
    mutable std::mutex mViewMutex;  // held only to copy pointers
    Streams mView;                 // guarded by mViewMutex: the same pointers as mStreams
};

}  // namespace adm
