// What a module does after a stream's runtime failure (1015/1017): nothing (the default: the application
// closes the stream and initializes it again), or reopen it with its own configuration once its server or
// device is back, trying after a delay that doubles from `firstDelay` up to `maxDelay`, at most `maxTries`
// times. StreamRecovery carries it out.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace adm {

struct RecoveryPolicy {
    bool enabled = false;
    std::chrono::milliseconds firstDelay{50};  ///< before the first try, after the failure
    std::chrono::milliseconds maxDelay{500};   ///< the delay between tries grows to this and stays
    uint32_t maxTries = 120;                   ///< then the stream stays FAILED

    /// The limits of the values (ERR_INVALID_ARGUMENT outside them); dev.admbridge.RecoveryPolicy mirrors them.
    static constexpr std::chrono::milliseconds kMaxDelay{60'000};
    static constexpr uint32_t kMaxTries = 1'000'000;
};

/// An empty string when `policy` is acceptable, else what is wrong and what is expected.
inline std::string validate(const RecoveryPolicy& policy) {
    using std::to_string;
    if (policy.firstDelay.count() < 0 || policy.firstDelay > RecoveryPolicy::kMaxDelay) {
        return "first delay " + to_string(policy.firstDelay.count()) + " ms is out of range: expected 0 to " +
               to_string(RecoveryPolicy::kMaxDelay.count()) + " ms";
    }
    if (policy.maxDelay < policy.firstDelay || policy.maxDelay > RecoveryPolicy::kMaxDelay) {
        return "max delay " + to_string(policy.maxDelay.count()) + " ms is out of range: expected the first delay (" +
               to_string(policy.firstDelay.count()) + " ms) to " + to_string(RecoveryPolicy::kMaxDelay.count()) + " ms";
    }
    if (policy.maxTries < 1 || policy.maxTries > RecoveryPolicy::kMaxTries) {
        return "max tries " + to_string(policy.maxTries) + " is out of range: expected 1 to " +
               to_string(RecoveryPolicy::kMaxTries);
    }
    return {};
}

}  // namespace adm
