// Whether the JACK server this process talks to died, seen by a client of ours that asks libjack to be
// told (jack_on_info_shutdown). PortAudio reports the death of a running stream (it turns inactive) but
// says nothing about one that is not running; this counts every death, so that the module can fail
// initialized and stopped streams too. The client is never activated: the server never schedules it, and
// it costs nothing while the server lives. A seam: platform/jack/, and platform/nojack/ (no deaths).
#pragma once

#include <cstdint>
#include <string>

namespace adm {

/**
 * Opens the watching client (a host call), right after PortAudio initialized. libjack keeps process-wide
 * state for the server its clients talk to, renewed only once every client of the process has closed: a
 * client still open from a server that died makes a new PortAudio client of a new server never run (seen
 * here: Pa_OpenStream then waits for a process cycle that never comes). So the watch lives exactly as
 * long as PortAudio's own client: opened after Pa_Initialize, closed before Pa_Terminate.
 */
void watchJackServer();

/// Closes the watching client, right before PortAudio terminates.
void unwatchJackServer();

/// Deaths of the watched server seen so far in this process. Each one also rings the HostEventBell.
uint64_t jackServerDeaths() noexcept;

/// Whether the process's libjack is PipeWire's (pw-jack): its "server" is PipeWire, whose death it tells no client
/// that is not activated (measured: the watch hears nothing), so the death is the sound-server watch's to see.
bool jackIsPipeWire() noexcept;

/// The file name (in /dev/shm) of the request socket of the JACK server that libjack would connect to now
/// (JACK_DEFAULT_SERVER, else "default"): jack_<server>_<uid>_0, as JACK2 makes it on Linux. Its clients make
/// sockets of the same shape (jack_<client>_<uid>_0), so only this exact name tells of the server. Empty
/// without JACK.
std::string jackServerSocketName();

/// Whether the JACK server that libjack would connect to now (JACK_DEFAULT_SERVER, else "default") accepts a
/// connection: a server that started after PortAudio initialized without one. Host lock held (it reads the
/// variable the lock guards). False without JACK.
bool jackServerListening();

}  // namespace adm
