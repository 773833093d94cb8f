// The flat C++ surface of the runtime detectors that JavaCPP binds (dev.admbridge.jni.NativeDetectors):
// the settings and their defaults, and the offline analyzer. Primitives and pointers only. Each int32_t
// result is a documented error code: 0 ERR_OK, 2 ERR_INVALID_ARGUMENT (null pointer, bad size or value),
// 7 ERR_NOT_INITIALIZED (unknown or closed analyzer handle); a failure's details are read with
// lastError*() (NativeApi.h) on the same thread, as for every call of the flat API.
//
// Settings travel as an array of detectorSettingCount() doubles in the order of adm::SettingIndex
// (detectors/DetectorSettings.h); times in seconds.
#pragma once

#include <cstdint>

namespace adm {
namespace api {

/// How many values a settings array holds.
int32_t detectorSettingCount();
/// The defaults into out[0..count).  @retval 2 out null or capacity < detectorSettingCount()
int32_t detectorSettingDefaults(double* out, int32_t capacity);
/// ERR_OK when `values` (count values) is acceptable, else 2 with the first bad value named in lastError*().
int32_t detectorSettingsCheck(const double* values, int32_t count);

/**
 * Opens an analyzer of a recording with `channels` channels at `sampleRate`; its handle goes to outHandle[0].
 * @retval 2 rate outside 8000..1000000, channels outside 1..64, settings rejected, outHandle null
 */
int32_t analyzerOpen(double sampleRate, int32_t channels, const double* settings, int32_t settingCount,
                     int64_t* outHandle);
/// Feeds `frames` interleaved frames, float (full scale 1.0) or int16.
/// @retval 2 data null with frames > 0, frames < 0  @retval 7 unknown handle
int32_t analyzerFeedFloat(int64_t handle, const float* interleaved, int32_t frames);
int32_t analyzerFeedInt16(int64_t handle, const int16_t* interleaved, int32_t frames);
/// How many detections so far, into outCount[0].  @retval 2 outCount null  @retval 7 unknown handle
int32_t analyzerDetectionCount(int64_t handle, int32_t* outCount);
/// Detection `index`: ints = {kind (0 error, 1 warning), code, transition (0 occurred, 1 started,
/// 2 cleared)}, longs = {value, firstNanos, lastNanos} (nanoseconds from the start of the recording).
/// @retval 2 index out of range, ints or longs null  @retval 7 unknown handle
int32_t analyzerDetection(int64_t handle, int32_t index, int32_t* ints, int64_t* longs);
/// Frames fed so far, into outFrames[0].  @retval 2 outFrames null  @retval 7 unknown handle
int32_t analyzerFrames(int64_t handle, int64_t* outFrames);
/// Frees the analyzer.  @retval 7 unknown handle
int32_t analyzerClose(int64_t handle);

}  // namespace api
}  // namespace adm
