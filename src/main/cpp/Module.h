// The audio device module: one application's handle on the audio host.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "Backend.h"
#include "DeviceInfo.h"
#include "EventHub.h"
#include "Status.h"

namespace adm {

class Module {
public:
    explicit Module(std::shared_ptr<Backend> backend);
    ~Module();
    Module(const Module&) = delete;
    Module& operator=(const Module&) = delete;

    /// Initializes the backend (counted); ERR_ADM_GENERAL_ERROR with the backend's text on failure.
    Status open();
    /// Releases the backend. Idempotent.
    Status close();
    bool isOpen() const;

    /// A fresh list of devices; an empty list is a valid answer.
    Status listDevices(std::vector<DeviceInfo>& out);

    /// Where this module's events go. Shared so the dispatcher can drain after the module closed.
    const std::shared_ptr<EventHub>& events() const noexcept { return mEvents; }

private:
    std::shared_ptr<Backend> mBackend;
    std::shared_ptr<EventHub> mEvents = std::make_shared<EventHub>();
    mutable std::mutex mMutex;  // control calls only; never taken on an audio thread
    bool mOpen = false;
};

}  // namespace adm
