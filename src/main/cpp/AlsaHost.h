// What the backend asks of ALSA besides PortAudio. A seam: platform/alsa/ on Linux, platform/noalsa/ elsewhere.
#pragma once

#include <memory>
#include <string>
#include <vector>

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

/// Whether the ALSA PCM `name` is a sound server's ("default", "pulse", "pipewire" where a server runs): what is
/// played to it goes to the server's default sink, so its loopback is that sink's monitor.
bool isSoundServerPcm(const std::string& name);

/// One way to capture what is played to the default sink through ALSA.
struct MonitorRoute {
    std::string pcm;            ///< the ALSA PCM to open
    std::string pipewireProps;  ///< PIPEWIRE_PROPS while it opens (PipeWire's plug-in reads them), or empty
};

/**
 * The routes to the default sink's monitor, in the order to try: PipeWire's own ALSA plug-in with
 * `stream.capture.sink` (PipeWire links the capture to the default sink's monitor), then ALSA's "pulse" PCM
 * (libasound2-plugins) on the monitor source of PulseAudio or pipewire-pulse. Empty without ALSA.
 */
std::vector<MonitorRoute> defaultSinkMonitorRoutes();

/// Sets PIPEWIRE_PROPS to `props` (when not empty) for its lifetime, then puts back what was there. Host lock
/// held: PortAudio's opens are the process's only readers we know of, and they all run under it.
class PipewirePropsScope {
public:
    explicit PipewirePropsScope(const std::string& props);
    ~PipewirePropsScope();
    PipewirePropsScope(const PipewirePropsScope&) = delete;
    PipewirePropsScope& operator=(const PipewirePropsScope&) = delete;

private:
    bool mSet = false;
    bool mHad = false;
    std::string mWas;
};

/// The sockets of the sound servers that ALSA's server PCMs reach (PipeWire's, PulseAudio's, as their clients
/// find them from the environment) that accept a connection now.
std::vector<std::string> answeringSoundServerSockets();

/**
 * Watches the sound servers that answer now (those of answeringSoundServerSockets()) for their death: a
 * connection of ours to each, which a thread of its own polls. Called right after PortAudio initializes,
 * replacing an earlier watch; unwatchSoundServers() right before it terminates.
 */
void watchSoundServers();
void unwatchSoundServers();

/// Deaths of watched sound servers so far in this process. Each one also rings the HostEventBell.
uint64_t soundServerDeaths() noexcept;

/// Whether the socket at `path` still accepts a connection. A server that died leaves its socket refusing or
/// gone, while its ALSA clients may neither fail nor return: PortAudio's ALSA thread of a playout was seen
/// spinning in its error path after PipeWire 0.3.65 was killed, with no callback and the stream "active".
bool soundServerSocketAnswers(const std::string& path);

/// Takes one process-wide reference on libpipewire when PipeWire's ALSA plug-in loaded it (right after PortAudio
/// initialized; host lock held), so that its per-initialization leak happens once, not at every re-initialization
/// (platform/alsa/PipeWireHold.cpp). A no-op without it.
void holdPipeWireInitialized() noexcept;

/// PortAudio's ALSA stream info that opens the ALSA PCM `pcm` by name, for a PaStreamParameters whose device is
/// paUseHostApiSpecificDeviceSpecification; it owns its copy of the name. Null without ALSA.
std::shared_ptr<void> alsaPcmStreamInfo(const std::string& pcm);

}  // namespace adm
