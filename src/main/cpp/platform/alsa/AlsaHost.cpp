// AlsaHost on Linux: libasound's error handler and the /dev/snd PCM nodes.
#include "AlsaHost.h"
#include "UnixSocket.h"

#include <alsa/asoundlib.h>
#include <dirent.h>
#include <pa_linux_alsa.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <memory>

namespace adm {
namespace {

std::string environment(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr ? value : "";
}

// Where PipeWire's clients look for it: $PIPEWIRE_REMOTE (a name or a path) in $PIPEWIRE_RUNTIME_DIR or
// $XDG_RUNTIME_DIR, "pipewire-0" by default.
std::string pipewireSocket() {
    std::string remote = environment("PIPEWIRE_REMOTE");
    if (remote.empty()) {
        remote = "pipewire-0";
    }
    if (remote.front() == '/') {
        return remote;
    }
    std::string dir = environment("PIPEWIRE_RUNTIME_DIR");
    if (dir.empty()) {
        dir = environment("XDG_RUNTIME_DIR");
    }
    return dir.empty() ? "" : dir + "/" + remote;
}

// Where PulseAudio's (and pipewire-pulse's) clients look for it: $PULSE_SERVER as "unix:PATH" or a path, else
// $PULSE_RUNTIME_PATH/native or $XDG_RUNTIME_DIR/pulse/native.
std::string pulseSocket() {
    const std::string server = environment("PULSE_SERVER");
    if (server.rfind("unix:", 0) == 0) {
        return server.substr(5);
    }
    if (!server.empty()) {
        return server.front() == '/' ? server : "";  // a TCP server: not watched
    }
    if (const std::string runtime = environment("PULSE_RUNTIME_PATH"); !runtime.empty()) {
        return runtime + "/native";
    }
    const std::string dir = environment("XDG_RUNTIME_DIR");
    return dir.empty() ? "" : dir + "/pulse/native";
}

void ignoreAlsaMessage(const char* /*file*/, int /*line*/, const char* /*function*/, int /*err*/,
                       const char* /*fmt*/, ...) {}

}  // namespace

void quietAlsaLogs() { snd_lib_error_set_handler(&ignoreAlsaMessage); }

bool alsaNodesAccessible(std::string& denied) {
    std::unique_ptr<DIR, int (*)(DIR*)> dir(opendir("/dev/snd"), &closedir);
    if (dir == nullptr) {
        return true;  // no ALSA devices at all: nothing to refuse
    }
    int pcm = 0;
    for (const dirent* entry = readdir(dir.get()); entry != nullptr; entry = readdir(dir.get())) {
        if (std::strncmp(entry->d_name, "pcmC", 4) != 0) {
            continue;
        }
        ++pcm;
        const std::string path = std::string("/dev/snd/") + entry->d_name;
        if (access(path.c_str(), R_OK | W_OK) == 0) {
            return true;
        }
        denied = path;
    }
    return pcm == 0;
}

bool isSoundServerPcm(const std::string& name) {
    return name == "default" || name == "pulse" || name == "pipewire";
}

std::vector<MonitorRoute> defaultSinkMonitorRoutes() {
    // PipeWire's plug-in captures the default source unless the stream asks for the sink (measured, 0.3.65).
    // pipewire-pulse resolves "@DEFAULT_SINK@.monitor" and answers "@DEFAULT_MONITOR@" with the default source;
    // PulseAudio knows only "@DEFAULT_MONITOR@" and refuses the other name when the stream connects, which
    // PortAudio's open does.
    return {{"pipewire", "{ stream.capture.sink = true }"},
            {"pulse:DEVICE=@DEFAULT_SINK@.monitor", ""},
            {"pulse:DEVICE=@DEFAULT_MONITOR@", ""}};
}

PipewirePropsScope::PipewirePropsScope(const std::string& props) {
    if (props.empty()) {
        return;
    }
    if (const char* was = std::getenv("PIPEWIRE_PROPS"); was != nullptr) {
        mHad = true;
        mWas = was;
    }
    mSet = setenv("PIPEWIRE_PROPS", props.c_str(), 1) == 0;
}

PipewirePropsScope::~PipewirePropsScope() {
    if (!mSet) {
        return;
    }
    if (mHad) {
        setenv("PIPEWIRE_PROPS", mWas.c_str(), 1);
    } else {
        unsetenv("PIPEWIRE_PROPS");
    }
}

std::shared_ptr<void> alsaPcmStreamInfo(const std::string& pcm) {
    struct Named {
        PaAlsaStreamInfo info{};
        std::string pcm;
    };
    auto named = std::make_shared<Named>();
    named->pcm = pcm;
    PaAlsa_InitializeStreamInfo(&named->info);
    named->info.deviceString = named->pcm.c_str();
    return std::shared_ptr<void>(named, &named->info);
}

std::vector<std::string> answeringSoundServerSockets() {
    std::vector<std::string> answering;
    for (const std::string& path : {pipewireSocket(), pulseSocket()}) {
        if (!path.empty() && soundServerSocketAnswers(path)) {
            answering.push_back(path);
        }
    }
    return answering;
}

bool soundServerSocketAnswers(const std::string& path) { return unixSocketAnswers(path); }

}  // namespace adm
