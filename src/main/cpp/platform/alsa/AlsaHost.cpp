// AlsaHost on Linux: libasound's error handler and the /dev/snd PCM nodes.
#include "AlsaHost.h"

#include <alsa/asoundlib.h>
#include <dirent.h>
#include <unistd.h>

#include <cstring>
#include <memory>

namespace adm {
namespace {

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

}  // namespace adm
