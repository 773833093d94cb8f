// libFuzzer over the flat API that Java binds (NativeApi.h, EventApi.h, DetectorApi.h), under ASan and UBSan:
// the input is a script of calls with arbitrary handles, kinds, sizes, offsets, counts, rates and texts. Every
// call must return a documented code (0, 2, 3, 4, 7, 19 or a 1xxx) and touch only what it was given. Buffers
// are honest about their size (Java computes capacityBytes from the array; the fuzzer tests what the native
// side does with everything else). Built and run by native-tests/fuzz/run.cmake with clang++-22.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "DetectorApi.h"
#include "EventApi.h"
#include "NativeApi.h"

using namespace adm::api;

namespace {

/// Codes a flat call may answer: success, a misuse, or a documented ADM error.
bool documented(int32_t code) {
    return code == 0 || code == 2 || code == 3 || code == 4 || code == 7 || code == 19 || (code >= 1001 && code <= 1051);
}

void expect(int32_t code) {
    if (!documented(code)) {
        std::abort();  // the fuzzer reports it, with the input
    }
}

int64_t handleOf(FuzzedDataProvider& in, int64_t module) {
    switch (in.ConsumeIntegralInRange<int>(0, 4)) {
        case 0: return 0;
        case 1: return -1;
        case 2: return in.ConsumeIntegral<int64_t>();
        default: return module;  // mostly the real one
    }
}

std::string textOf(FuzzedDataProvider& in) {
    switch (in.ConsumeIntegralInRange<int>(0, 3)) {
        case 0: return "system";
        case 1: return "";
        default: return in.ConsumeRandomLengthString(24);
    }
}

void streams(FuzzedDataProvider& in, int64_t module) {
    const int64_t handle = handleOf(in, module);
    const int32_t kind = in.ConsumeIntegralInRange<int32_t>(-1, 4);
    switch (in.ConsumeIntegralInRange<int>(0, 6)) {
        case 0: {
            const std::string name = textOf(in);
            const bool named = in.ConsumeBool();
            expect(streamInit(handle, kind, in.ConsumeIntegralInRange<int32_t>(-3, 8), named ? name.c_str() : nullptr,
                              in.ConsumeIntegralInRange<int32_t>(-2, 70), in.ConsumeIntegralInRange<int32_t>(-1, 2),
                              in.ConsumeFloatingPoint<double>(), in.ConsumeIntegralInRange<int32_t>(-10, 20000),
                              in.ConsumeFloatingPoint<double>()));
            break;
        }
        case 1: expect(streamStart(handle, kind)); break;
        case 2: expect(streamStop(handle, kind)); break;
        case 3: expect(streamClose(handle, kind)); break;
        case 4: {
            int32_t ints[5];
            double doubles[5];
            int64_t longs[7];
            const bool null = in.ConsumeBool();
            expect(streamStats(handle, kind, null ? nullptr : ints, doubles, longs));
            expect(streamDevice(handle, kind, ints, null ? nullptr : doubles));
            streamDeviceName(handle, kind);
            break;
        }
        case 5: {
            const std::string name = textOf(in);
            expect(streamProbe(handle, kind, in.ConsumeIntegralInRange<int32_t>(-3, 8), name.c_str(),
                               in.ConsumeIntegralInRange<int32_t>(-2, 70), in.ConsumeIntegralInRange<int32_t>(-1, 2),
                               in.ConsumeFloatingPoint<double>(), in.ConsumeIntegralInRange<int32_t>(-10, 20000), 0.0));
            break;
        }
        default: expect(deviceTest(handle, in.ConsumeIntegralInRange<int32_t>(0, 1), in.ConsumeIntegral<int32_t>()));
    }
}

void pcm(FuzzedDataProvider& in, int64_t module) {
    const int64_t handle = handleOf(in, module);
    const int32_t kind = in.ConsumeIntegralInRange<int32_t>(-1, 4);
    std::vector<uint8_t> buffer(in.ConsumeIntegralInRange<std::size_t>(0, 8192));
    const auto offset = in.ConsumeIntegralInRange<int64_t>(-8, static_cast<int64_t>(buffer.size()) + 8);
    const auto frames = in.ConsumeIntegralInRange<int32_t>(-4, 4096);
    int32_t out[3] = {0, 0, 0};
    void* data = buffer.empty() || in.ConsumeBool() ? nullptr : buffer.data();
    const auto capacity = static_cast<int64_t>(buffer.size());
    switch (in.ConsumeIntegralInRange<int>(0, 5)) {
        case 0: expect(pcmWrite(handle, kind, data, capacity, offset, frames, in.ConsumeBool() ? out : nullptr)); break;
        case 1: expect(pcmRead(handle, kind, data, capacity, offset, frames, in.ConsumeBool() ? out : nullptr)); break;
        case 2: expect(pcmInfo(handle, kind, in.ConsumeBool() ? out : nullptr)); break;
        case 3: expect(pcmGeneration(handle, kind, in.ConsumeBool() ? out : nullptr)); break;
        case 4:
            expect(pcmWait(handle, kind, in.ConsumeIntegral<int32_t>(), in.ConsumeIntegralInRange<int64_t>(-5, 200'000)));
            break;
        default: expect(pcmWake(handle, kind));
    }
}

void events(FuzzedDataProvider& in, int64_t module, int64_t& hub) {
    switch (in.ConsumeIntegralInRange<int>(0, 6)) {
        case 0: {
            int64_t out = 0;
            const int32_t code = eventsAttach(handleOf(in, module), in.ConsumeBool() ? &out : nullptr);
            expect(code);
            if (code == 0) {
                expect(eventsDetach(hub));  // one consumer at a time: the old handle goes
                hub = out;
            }
            break;
        }
        case 1: {
            std::vector<uint64_t> records(8 * in.ConsumeIntegralInRange<std::size_t>(0, 8));  // 8-byte aligned
            int32_t count = 0;
            expect(eventsDrain(in.ConsumeBool() ? hub : in.ConsumeIntegral<int64_t>(),
                               records.empty() ? nullptr : records.data(), static_cast<int32_t>(records.size() / 8),
                               in.ConsumeBool() ? &count : nullptr));
            break;
        }
        case 2: expect(eventsAwait(hub, in.ConsumeIntegralInRange<int64_t>(-5, 100'000))); break;
        case 3: {
            int64_t dropped = 0;
            expect(eventsTakeDropped(hub, in.ConsumeBool() ? &dropped : nullptr));
            eventsTakeMessage(hub, in.ConsumeIntegral<int64_t>());
            expect(eventsWake(hub));
            break;
        }
        case 4: {
            int32_t published = 0;
            const std::string message = textOf(in);
            expect(eventsPublish(handleOf(in, module), in.ConsumeIntegralInRange<int32_t>(-1, 7),
                                 in.ConsumeIntegral<int32_t>(), in.ConsumeIntegralInRange<int32_t>(-1, 5),
                                 in.ConsumeIntegralInRange<int32_t>(-3, 5), in.ConsumeIntegral<int32_t>(),
                                 in.ConsumeIntegral<int64_t>(), in.ConsumeIntegralInRange<int32_t>(-1, 3),
                                 in.ConsumeIntegral<int64_t>(), in.ConsumeBool() ? message.c_str() : nullptr,
                                 in.ConsumeBool(), in.ConsumeBool() ? &published : nullptr));
            break;
        }
        case 5: {
            int64_t published = 0;
            expect(eventsPublishMany(handleOf(in, module), in.ConsumeIntegralInRange<int64_t>(-2, 64), in.ConsumeBool(),
                                     false, in.ConsumeBool() ? &published : nullptr));
            break;
        }
        default: expect(eventsDetach(in.ConsumeBool() ? hub : in.ConsumeIntegral<int64_t>()));
    }
}

void detectors(FuzzedDataProvider& in, int64_t& analyzer) {
    std::vector<double> settings(static_cast<std::size_t>(detectorSettingCount()));
    detectorSettingDefaults(settings.data(), static_cast<int32_t>(settings.size()));
    switch (in.ConsumeIntegralInRange<int>(0, 4)) {
        case 0: {
            if (in.ConsumeBool()) {
                settings[in.ConsumeIntegralInRange<std::size_t>(0, settings.size() - 1)] = in.ConsumeFloatingPoint<double>();
            }
            int64_t out = 0;
            const int32_t count = in.ConsumeBool() ? static_cast<int32_t>(settings.size()) : in.ConsumeIntegral<int32_t>();
            const int32_t code = analyzerOpen(in.ConsumeFloatingPoint<double>(), in.ConsumeIntegralInRange<int32_t>(-1, 66),
                                              settings.data(), count > static_cast<int32_t>(settings.size()) ? 0 : count,
                                              in.ConsumeBool() ? &out : nullptr);
            expect(code);
            if (code == 0) {
                expect(analyzerClose(analyzer));
                analyzer = out;
            }
            expect(detectorSettingsCheck(settings.data(), static_cast<int32_t>(settings.size())));
            break;
        }
        case 1: {
            std::vector<float> samples(in.ConsumeIntegralInRange<std::size_t>(0, 4096));
            for (float& x : samples) {
                x = in.remaining_bytes() > 0 ? static_cast<float>(in.ConsumeIntegral<int8_t>()) / 128.0f : 0.0f;
            }
            // Frames no more than the samples hold for one channel: the analyzer's channel count decides the rest.
            expect(analyzerFeedFloat(analyzer, samples.empty() ? nullptr : samples.data(),
                                     in.ConsumeIntegralInRange<int32_t>(-2, static_cast<int32_t>(samples.size() / 64))));
            break;
        }
        case 2: {
            int32_t ints[3];
            int64_t longs[3];
            int32_t count = 0;
            expect(analyzerDetectionCount(analyzer, in.ConsumeBool() ? &count : nullptr));
            expect(analyzerDetection(analyzer, in.ConsumeIntegralInRange<int32_t>(-2, 8), ints, in.ConsumeBool() ? longs : nullptr));
            break;
        }
        case 3: {
            int64_t frames = 0;
            expect(analyzerFrames(analyzer, in.ConsumeBool() ? &frames : nullptr));
            break;
        }
        default: expect(moduleSetDetectorSettings(0, settings.data(), static_cast<int32_t>(settings.size())));
    }
}

void rest(FuzzedDataProvider& in, int64_t module) {
    const int32_t row = in.ConsumeIntegralInRange<int32_t>(-3, 200);
    codeName(row);
    codeDescription(row);
    codeValue(row);
    backendErrorText(in.ConsumeIntegral<int32_t>());
    double limits[5];
    streamLimits(in.ConsumeBool() ? limits : nullptr);
    int32_t count = 0;
    int32_t ints[5];
    double doubles[5];
    expect(moduleListDevices(handleOf(in, module), in.ConsumeBool() ? &count : nullptr));
    int32_t stale = 0;
    expect(moduleDeviceSnapshotStale(handleOf(in, module), in.ConsumeBool() ? &stale : nullptr));
    expect(moduleDeviceNumbers(handleOf(in, module), row, in.ConsumeBool() ? ints : nullptr, doubles));
    expect(moduleSetRecoveryPolicy(handleOf(in, module), in.ConsumeIntegralInRange<int32_t>(-1, 2),
                                   in.ConsumeIntegral<int64_t>(), in.ConsumeIntegral<int64_t>(),
                                   in.ConsumeIntegral<int32_t>()));
    moduleDeviceName(handleOf(in, module), row);
    lastErrorMessage();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    // One module for the whole run: opening PortAudio per input would be all the fuzzer does.
    static int64_t module = [] {
        int64_t handle = 0;
        return moduleOpen(nullptr, &handle) == 0 ? handle : 0;
    }();
    static int64_t hub = 0;
    static int64_t analyzer = 0;
    FuzzedDataProvider in(data, size);
    for (int calls = 0; calls < 64 && in.remaining_bytes() > 0; ++calls) {
        switch (in.ConsumeIntegralInRange<int>(0, 4)) {
            case 0: streams(in, module); break;
            case 1: pcm(in, module); break;
            case 2: events(in, module, hub); break;
            case 3: detectors(in, analyzer); break;
            default: rest(in, module);
        }
    }
    return 0;
}
