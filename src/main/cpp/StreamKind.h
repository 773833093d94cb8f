// Which part of a module something is about: the module itself or one of its three streams.
#pragma once

#include <cstdint>

namespace adm {

/// Values are shared with Java (dev.admbridge.StreamKind) and travel in EventRecord::stream.
enum class StreamKind : int32_t { Module = 0, Playout = 1, Recording = 2, Loopback = 3 };

/// "module", "playout", "recording", "loopback".
constexpr const char* toText(StreamKind kind) noexcept {
    switch (kind) {
        case StreamKind::Module: return "module";
        case StreamKind::Playout: return "playout";
        case StreamKind::Recording: return "recording";
        case StreamKind::Loopback: return "loopback";
    }
    return "unknown stream";
}

/// True for the three kinds a stream can have (not Module, not an out-of-range value from Java).
constexpr bool isStreamKind(StreamKind kind) noexcept {
    return kind == StreamKind::Playout || kind == StreamKind::Recording || kind == StreamKind::Loopback;
}

/// Recording and loopback capture; playout plays.
constexpr bool isCapture(StreamKind kind) noexcept {
    return kind == StreamKind::Recording || kind == StreamKind::Loopback;
}

}  // namespace adm
