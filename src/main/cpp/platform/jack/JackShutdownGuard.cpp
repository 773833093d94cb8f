// Keeps a dead JACK server from aborting the process.
//
// Debian's libportaudio is built with assertions, and its JACK host asserts that these libjack calls
// succeed on its teardown paths (PortAudio 19.6.0, pa_jack.c):
//   jack_deactivate, jack_client_close   Terminate (Pa_Terminate) and Initialize's error path;
//   jack_port_unregister                 CleanUpStream (Pa_CloseStream, and OpenStream's error path): in
//                                        JackPortReuse.cpp, which keeps the ports for reuse.
// After the server died (SIGKILL, SIGTERM) each fails, so closing a stream that was not running (never
// started, or stopped) or terminating PortAudio aborted the JVM (measured: "pa_jack.c:988: CleanUpStream:
// Assertion `err == 0' failed", exit 134). These definitions come before libjack's in the lookup scope of
// the library that links the core (the JNI library, a test executable), so PortAudio's calls reach them:
// they forward to libjack and report success, since after a server's death there is nothing left to
// deactivate, close or unregister; the memory is PortAudio's to free either way, and it does.
#include "JackPortReuse.h"

#include <dlfcn.h>
#include <jack/jack.h>

namespace {

/// Calls libjack's own `name` (the next definition after ours) with `args`, and reports success.
template <typename... Args>
int forward(const char* name, Args... args) {
    // dlsym is thread-safe; looked up per call because these run a few times per stream.
    using Call = int (*)(Args...);
    if (auto real = reinterpret_cast<Call>(dlsym(RTLD_NEXT, name)); real != nullptr) {
        real(args...);
    }
    return 0;
}

}  // namespace

extern "C" int jack_deactivate(jack_client_t* client) { return forward("jack_deactivate", client); }

extern "C" int jack_client_close(jack_client_t* client) {
    adm::forgetJackPortsOf(client);  // the ports kept for reuse go with it (JackPortReuse.h)
    return forward("jack_client_close", client);
}
