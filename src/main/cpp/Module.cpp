#include "Module.h"

#include <utility>

namespace adm {

Module::Module(std::shared_ptr<Backend> backend) : mBackend(std::move(backend)) {}

Module::~Module() { close(); }

Status Module::open() {
    std::lock_guard<std::mutex> lock(mMutex);
    if (mOpen) {
        return Status::failure(ErrorCode::AlreadyInUse, "the module is already open");
    }
    BackendResult result = mBackend->initialize();
    if (!result.ok()) {
        return Status::failure(ErrorCode::AdmGeneralError,
                               "could not initialize " + mBackend->name() + ": " + result.text, result.error,
                               result.hostError);
    }
    mOpen = true;
    return Status::success();
}

Status Module::close() {
    std::lock_guard<std::mutex> lock(mMutex);
    if (!mOpen) {
        return Status::success();
    }
    mOpen = false;
    BackendResult result = mBackend->terminate();
    if (!result.ok()) {
        return Status::failure(ErrorCode::AdmGeneralError, "could not terminate " + mBackend->name() + ": " + result.text,
                               result.error, result.hostError);
    }
    return Status::success();
}

bool Module::isOpen() const {
    std::lock_guard<std::mutex> lock(mMutex);
    return mOpen;
}

Status Module::listDevices(std::vector<DeviceInfo>& out) {
    std::lock_guard<std::mutex> lock(mMutex);
    if (!mOpen) {
        return Status::failure(ErrorCode::NotInitialized, "the module is closed");
    }
    BackendResult result = mBackend->listDevices(out);
    if (!result.ok()) {
        return Status::failure(ErrorCode::AdmGeneralError, "could not list devices: " + result.text, result.error,
                               result.hostError);
    }
    return Status::success();
}

}  // namespace adm
