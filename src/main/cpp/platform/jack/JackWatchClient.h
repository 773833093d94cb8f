// The watch's JACK client (JackServerWatch.cpp), for the other JACK code of this platform: a client that
// lives exactly as long as PortAudio's, never activated, so asking it about ports opens no client of its own.
#pragma once

#include <jack/jack.h>

namespace adm {

/// The watching client, or null when none is open (no JACK server, or PortAudio not initialized). With the
/// host lock held: that lock is what keeps it from closing meanwhile.
jack_client_t* watchingClient() noexcept;

}  // namespace adm
