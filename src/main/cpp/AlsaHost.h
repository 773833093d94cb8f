// What the backend asks of ALSA besides PortAudio. A seam: platform/alsa/ on Linux, platform/noalsa/ elsewhere.
#pragma once

#include <string>

namespace adm {

/// Keeps libasound from printing every PCM that PortAudio's ALSA host probes and misses (dozens of lines
/// on a machine without a card): expected misses; real failures reach callers through PaError.
void quietAlsaLogs();

/**
 * Whether this process may use the sound device nodes: false when there are PCM nodes and none of them can
 * be opened for reading and writing (EACCES: not in the "audio" group, a sandbox), with one of them in
 * `denied`. PortAudio's ALSA host would report that as paBadIODeviceCombination, hiding the cause.
 */
bool alsaNodesAccessible(std::string& denied);

}  // namespace adm
