// The sample types a stream can carry (interleaved).
#pragma once

#include <cstddef>
#include <cstdint>

namespace adm {

/// Values are shared with Java (dev.admbridge.SampleFormat).
enum class SampleFormat : int32_t { Float32 = 0, Int16 = 1 };

/// "float32", "int16".
constexpr const char* toText(SampleFormat format) noexcept {
    return format == SampleFormat::Int16 ? "int16" : format == SampleFormat::Float32 ? "float32" : "unknown format";
}

/// Bytes of one sample: 4 or 2.
constexpr std::size_t bytesPerSample(SampleFormat format) noexcept { return format == SampleFormat::Int16 ? 2 : 4; }

}  // namespace adm
