// Memory left allocated on purpose: an isolated stream that the audio host may still call back, and the gate
// it calls through. LeakSanitizer is told, so that a sanitized run reports only leaks that are not meant.
#pragma once

#if defined(__SANITIZE_ADDRESS__)
#define ADM_LEAK_CHECKED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(leak_sanitizer)
#define ADM_LEAK_CHECKED 1
#endif
#endif

#ifdef ADM_LEAK_CHECKED
#include <sanitizer/lsan_interface.h>
#endif

namespace adm {

/// Marks the heap object at `pointer` (and what it points to) as kept on purpose. Nothing outside
/// sanitized builds.
inline void keptOnPurpose([[maybe_unused]] const void* pointer) noexcept {
#ifdef ADM_LEAK_CHECKED
    if (pointer != nullptr) {
        __lsan_ignore_object(pointer);
    }
#endif
}

}  // namespace adm
