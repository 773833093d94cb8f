// A backend for the fault seam: each call returns what the test sets, and counts its use.
#pragma once

#include <string>
#include <vector>

#include "Backend.h"

namespace adm::testing {

class FakeBackend final : public Backend {
public:
    BackendResult initializeResult;
    BackendResult terminateResult;
    BackendResult listResult;
    std::vector<DeviceInfo> devices;
    int initializeCalls = 0;
    int terminateCalls = 0;

    BackendResult initialize() override {
        ++initializeCalls;
        return initializeResult;
    }
    BackendResult terminate() override {
        ++terminateCalls;
        return terminateResult;
    }
    BackendResult listDevices(std::vector<DeviceInfo>& out) override {
        out = listResult.ok() ? devices : std::vector<DeviceInfo>{};
        return listResult;
    }
    std::string name() const override { return "FakeBackend"; }

    static BackendResult fail(BackendError error, const char* text) {
        return BackendResult{static_cast<int32_t>(error), 0, text};
    }
};

}  // namespace adm::testing
