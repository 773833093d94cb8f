#include "ApiStatus.h"

#include <utility>

namespace adm::api {
namespace {

thread_local Status tLastError;

}  // namespace

int32_t report(Status status) {
    const int32_t code = static_cast<int32_t>(status.code);
    if (!status.ok()) {
        tLastError = std::move(status);
    }
    return code;
}

int32_t reportFailure(ErrorCode code, std::string message) { return report(Status::failure(code, std::move(message))); }

const Status& lastError() noexcept { return tLastError; }

}  // namespace adm::api
