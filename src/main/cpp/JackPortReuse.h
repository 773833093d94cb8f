// JACK ports kept for reuse instead of unregistered: libjack 1.9.21's notification thread walks a client's own
// port list, unlocked, for every latency notification (JackClient::HandleLatencyCallback; the server sends one at
// the cycle after any graph change), while jack_port_unregister frees nodes of that list on the caller's thread:
// a SIGSEGV at libjack.so.0+0x12986 that ended every long run of stream open/close cycles (docs/errors.md).
//
// platform/jack/JackPortReuse.cpp interposes jack_port_register and jack_port_unregister (as JackShutdownGuard
// does its calls): a port that PortAudio unregisters is disconnected and kept; the next registration of the same
// type and direction on the same client gets it back, renamed to the name asked for. So the list never loses a
// node while the client lives; the kept ports go with their client (jack_client_close). Not on PipeWire's libjack,
// which guards its lists with its own thread loop's lock. Known limit: a kept port stays visible in the graph under
// its last name, and a connection another client makes to it meanwhile stays with it when it is handed out again
// (disconnecting it then was tried: in a test that patched kept ports, some reuses then failed, so it was left out).
#pragma once

#include <cstddef>

struct _jack_client;  // jack_client_t, as <jack/types.h> names it

namespace adm {

/// Registrations answered with a kept port since the process started.
unsigned long jackPortsReused() noexcept;

/// Ports kept for reuse now, over every client.
std::size_t jackPortsKept() noexcept;

/// Drops what is kept for `client`, which is closing: its ports go with it (JackShutdownGuard.cpp calls this).
void forgetJackPortsOf(_jack_client* client) noexcept;

}  // namespace adm
