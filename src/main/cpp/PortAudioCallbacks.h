// What PortAudio's audio thread calls: the entry of every audio callback of the core. In a file of its own so
// that RealtimeSanitizer checks the whole callback from this entry down (native-tests/rtsan).
#pragma once

#include <portaudio.h>

namespace adm::portaudio {

/// PortAudio's stream callback: the times and flags as the core's, to the stream's CallbackGate (userData).
int onPortAudioCallback(const void* input, void* output, unsigned long frames, const PaStreamCallbackTimeInfo* time,
                        PaStreamCallbackFlags flags, void* userData) noexcept;

/// PortAudio's stream-finished callback, to the stream's CallbackGate (userData).
void onPortAudioFinished(void* userData) noexcept;

}  // namespace adm::portaudio
