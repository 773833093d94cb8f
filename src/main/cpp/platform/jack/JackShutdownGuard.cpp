// Keeps a dead JACK server from aborting the process.
//
// Debian's libportaudio is built with assertions, and its JACK host asserts that
// jack_deactivate() and jack_client_close() succeed when PortAudio terminates
// (pa_jack.c Terminate). After the server died (SIGKILL) both fail, so Pa_Terminate would
// abort the JVM; measured here on PortAudio 19.6.0. These definitions come before libjack's
// in the lookup scope of the library that links the core (the JNI library, a test
// executable), so PortAudio's calls reach them: they forward to libjack and report success,
// since after a server's death there is nothing left to deactivate or close.
#include <dlfcn.h>
#include <jack/jack.h>

namespace {

using ClientCall = int (*)(jack_client_t*);

int forward(const char* name, jack_client_t* client) {
    // dlsym is thread-safe; looked up per call because these run a few times per process.
    auto real = reinterpret_cast<ClientCall>(dlsym(RTLD_NEXT, name));
    if (real != nullptr) {
        real(client);
    }
    return 0;
}

}  // namespace

extern "C" int jack_deactivate(jack_client_t* client) { return forward("jack_deactivate", client); }

extern "C" int jack_client_close(jack_client_t* client) { return forward("jack_client_close", client); }
