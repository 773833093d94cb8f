// A module's streams by kind, and the one lock under which control calls and the supervisor read and
// change them. Never taken on an audio thread; the PCM path has a view of its own (PcmRouter).
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
    /// Held by every control call and every supervisor tick.
    std::mutex& mutex() noexcept { return mMutex; }

    /// The stream of a stream kind (isStreamKind), null when none; the lock must be held.
    std::shared_ptr<Stream>& operator[](StreamKind kind) noexcept { return mStreams[slot(kind)]; }

    /// Playout, recording, loopback; the lock must be held.
    const std::array<std::shared_ptr<Stream>, 3>& all() const noexcept { return mStreams; }

    /// Whether the module is open; the lock must be held.
    bool open = false;

private:
    static std::size_t slot(StreamKind kind) noexcept { return static_cast<std::size_t>(kind) - 1; }

    std::mutex mMutex;
    std::array<std::shared_ptr<Stream>, 3> mStreams;
};

}  // namespace adm
