// The flat C++ surface that JavaCPP binds (dev.admbridge.jni.NativeAdm). Primitive arguments
// only; each call returns a documented error code (0 = ERR_OK) and leaves the details of a
// failure in a per-thread record read by lastError*() (ApiStatus.h: the one error path of the
// flat API, EventApi.h and DetectorApi.h included).
#pragma once

#include <cstdint>

namespace adm {
namespace api {

// --- the code table, row by row (rows as in Codes.h; out of range gives -1 / nullptr) ---
int32_t codeCount();
int32_t codeValue(int32_t row);
int32_t codeKind(int32_t row);
const char* codeName(int32_t row);
const char* codeDescription(int32_t row);
bool codeInternalOnly(int32_t row);
/// Whether the row is an extension: a code beyond the seed table (docs/codes.md).
bool codeExtension(int32_t row);

// --- details of the last failed call on this thread ---
const char* lastErrorMessage();
int32_t lastErrorBackendCode();
int64_t lastErrorHostCode();

/// PortAudio's text for one of its error numbers (Pa_GetErrorText), valid on this thread until its next call.
const char* backendErrorText(int32_t backendError);

/// The limits of a stream's configuration (StreamConfig.h) into out[0..5): max channels, min and max
/// sample rate, max frames per buffer, max suggested latency in seconds.
void streamLimits(double* out);

// --- modules ---
const char* backendVersion();
/// Opens a module on the PortAudio backend; its handle goes to outHandle[0]. jackServer names the JACK server
/// to connect to (null or empty: the process's own); a name other than that of the modules open already
/// gives ERR_ALREADY_IN_USE, one libjack cannot use ERR_INVALID_ARGUMENT.
int32_t moduleOpen(const char* jackServer, int64_t* outHandle);
/// Closes and forgets the module; an unknown handle gives ERR_NOT_INITIALIZED.
int32_t moduleClose(int64_t handle);
/// Device change events for this module from now on (Module::watchDevices); an unknown handle gives
/// ERR_NOT_INITIALIZED.
int32_t moduleWatchDevices(int64_t handle);
/// Takes a fresh device snapshot for this module; its size goes to outCount[0].
int32_t moduleListDevices(int64_t handle, int32_t* outCount);
/// Whether the last snapshot is known to be out of date (Module::listDevices): outStale[0] = 1, else 0.
int32_t moduleDeviceSnapshotStale(int64_t handle, int32_t* outStale);
/// Fields of device `row` of the last snapshot: ints = {index, maxIn, maxOut, defaultIn, defaultOut},
/// doubles = {rate, lowIn, highIn, lowOut, highOut}. Strings live until the next snapshot.
int32_t moduleDeviceNumbers(int64_t handle, int32_t row, int32_t* ints, double* doubles);
const char* moduleDeviceName(int64_t handle, int32_t row);
const char* moduleDeviceHostApi(int64_t handle, int32_t row);

// --- streams (kind: 1 playout, 2 recording, 3 loopback; format: 0 float32, 1 int16) ---
/// Opens the module's stream of `kind` on a device found by `deviceName` (not null or empty), else by
/// index (`device`; -1: the default device of the direction, or the loopback rule). streamDevice() then
/// says which device was opened. Every value is checked here (ERR_INVALID_ARGUMENT with the reason).
int32_t streamInit(int64_t handle, int32_t kind, int32_t device, const char* deviceName, int32_t channels,
                   int32_t format, double sampleRate, int32_t framesPerBuffer, double suggestedLatency);
int32_t streamStart(int64_t handle, int32_t kind);
int32_t streamStop(int64_t handle, int32_t kind);
int32_t streamClose(int64_t handle, int32_t kind);
/// ERR_OK when the device can open this format, else the code streamInit would give.
int32_t streamProbe(int64_t handle, int32_t kind, int32_t device, const char* deviceName, int32_t channels,
                    int32_t format, double sampleRate, int32_t framesPerBuffer, double suggestedLatency);
/// The device the stream of `kind` was opened on, as moduleDeviceNumbers() gives a device's numbers.
int32_t streamDevice(int64_t handle, int32_t kind, int32_t* ints, double* doubles);
/// Its name and host API (nullptr when there is no such stream), valid on this thread until its next call.
const char* streamDeviceName(int64_t handle, int32_t kind);
const char* streamDeviceHostApi(int64_t handle, int32_t kind);
/// ints = {state, device}, doubles = {sampleRate, inputLatency, outputLatency},
/// longs = {callbacks, frames, firstCallbackNanos, firstPcmFrame, lateFrames, lastCallbackNanos, lateCallbacks}.
int32_t streamStats(int64_t handle, int32_t kind, int32_t* ints, double* doubles, int64_t* longs);

// --- PCM (interleaved frames in the stream's format; `data` plus `offsetBytes` is where they start,
//     `capacityBytes` the size of `data`: frames that would not fit are refused with code 2) ---
/// Playout: queues up to `frames`; how many fit goes to outFrames[0].
int32_t pcmWrite(int64_t handle, int32_t kind, const void* data, int64_t capacityBytes, int64_t offsetBytes,
                 int32_t frames, int32_t* outFrames);
/// Recording, loopback: takes up to `frames`; how many goes to outFrames[0].
int32_t pcmRead(int64_t handle, int32_t kind, void* data, int64_t capacityBytes, int64_t offsetBytes, int32_t frames,
                int32_t* outFrames);
/// out = {available frames, capacity frames, bytes per frame}.
int32_t pcmInfo(int64_t handle, int32_t kind, int32_t* out);
/// The generation of the stream's sleep word into out[0]: read it before checking what to wait for.
int32_t pcmGeneration(int64_t handle, int32_t kind, int32_t* out);
/// Sleeps up to timeoutNanos (0 to 1 s) unless pcmWake() (or the stream's close) came after `generation`
/// was read; see PcmRouter::wait.
int32_t pcmWait(int64_t handle, int32_t kind, int32_t generation, int64_t timeoutNanos);
int32_t pcmWake(int64_t handle, int32_t kind);

/// Detector thresholds (`count` values in DetectorSettings' SettingIndex order) for streams initialized later.
int32_t moduleSetDetectorSettings(int64_t handle, const double* values, int32_t count);

/// The recovery policy (RecoveryPolicy.h): on (enabled != 0) with its delays in ms and tries, or off.
int32_t moduleSetRecoveryPolicy(int64_t handle, int32_t enabled, int64_t firstDelayMs, int64_t maxDelayMs,
                                int32_t maxTries);

/// Device loopback test: on with levels every `levelIntervalMs` (enable != 0), or off.
int32_t deviceTest(int64_t handle, int32_t enable, int32_t levelIntervalMs);

}  // namespace api
}  // namespace adm
