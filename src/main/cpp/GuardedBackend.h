// A Backend whose every call that can reach the audio host runs on the module's HostThread, bounded by its
// deadline: the module never waits on the host longer than that, whatever the host does. A call the host
// does not answer in time gives BackendError::HostNotAnswering; what it did when it returned late is undone
// (see HostThread). Its streams (GuardedStream) do the same for start, stop, close and the stream figures;
// isActive and isolate stay direct (no host call). The fault seam below it is unchanged.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "Backend.h"
#include "HostThread.h"

namespace adm {

class GuardedBackend final : public Backend {
public:
    /// Host calls get `deadline`; initializing, re-initializing and listing devices get `scanDeadline`.
    GuardedBackend(std::shared_ptr<Backend> inner, std::chrono::milliseconds deadline,
                   std::chrono::milliseconds scanDeadline);

    BackendResult initialize() override;
    BackendResult terminate() override;
    BackendResult reinitialize() override;
    BackendResult listDevices(std::vector<DeviceInfo>& out) override;
    bool lastListStale() const noexcept override { return mInner->lastListStale(); }
    std::string name() const override { return mInner->name(); }
    BackendResult openStream(const StreamRequest& request, StreamCallback* callback,
                             std::unique_ptr<BackendStream>& out) override;
    BackendResult isFormatSupported(const StreamRequest& request) override;
    int32_t defaultDevice(bool input) override;
    HostKind hostKind(int32_t device) override;
    std::string deviceName(int32_t device) override;
    uint64_t hostDeaths(HostKind host) noexcept override { return mInner->hostDeaths(host); }

    /// Whether the host answers now (no call is stuck in it).
    bool answering() const { return mHost->answering(); }

private:
    const std::shared_ptr<Backend> mInner;
    const std::shared_ptr<HostThread> mHost;  // shared with the streams, which may outlive a closed module
    const std::chrono::milliseconds mScanDeadline;
};

}  // namespace adm
