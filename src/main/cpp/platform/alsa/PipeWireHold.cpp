// PipeWire's ALSA plug-in (pipewire-alsa) calls pw_init() when PortAudio's ALSA host opens its PCM to probe it,
// and pw_deinit() when it closes it; each such first-init-to-last-deinit round leaks ~17 KB inside libpipewire
// 0.3.65 (heaptrack: pw_init <- _snd_pcm_pipewire_open <- PaAlsa_Initialize). pw_init is reference-counted: one
// reference held for the life of the process makes every later round a count up and down, so a process that
// initializes PortAudio again and again (a recovery after each server restart, the idle release) stops leaking.
#include "AlsaHost.h"

#include <dlfcn.h>

namespace adm {

void holdPipeWireInitialized() noexcept {
    static bool held = false;  // host lock held: one caller at a time
    if (held) {
        return;
    }
    // Only when the plug-in loaded libpipewire (RTLD_NOLOAD): a process without PipeWire loads nothing. The handle
    // is never closed, and the reference never given back: both live as long as the process.
    void* library = dlopen("libpipewire-0.3.so.0", RTLD_NOW | RTLD_NOLOAD);
    if (library == nullptr) {
        return;
    }
    using Init = void (*)(int*, char***);
    if (auto init = reinterpret_cast<Init>(dlsym(library, "pw_init")); init != nullptr) {
        init(nullptr, nullptr);
        held = true;
    }
}

}  // namespace adm
