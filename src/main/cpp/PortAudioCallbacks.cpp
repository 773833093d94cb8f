#include "PortAudioCallbacks.h"

#include <cstdint>

#include "Backend.h"
#include "CallbackGate.h"

namespace adm::portaudio {

int onPortAudioCallback(const void* input, void* output, unsigned long frames, const PaStreamCallbackTimeInfo* time,
                        PaStreamCallbackFlags flags, void* userData) noexcept {
    CallbackTime callbackTime;
    if (time != nullptr) {
        callbackTime.inputAdcTime = time->inputBufferAdcTime;
        callbackTime.currentTime = time->currentTime;
        callbackTime.outputDacTime = time->outputBufferDacTime;
    }
    static_cast<CallbackGate*>(userData)->onAudio(input, output, frames, callbackTime, static_cast<uint32_t>(flags));
    return paContinue;
}

void onPortAudioFinished(void* userData) noexcept { static_cast<CallbackGate*>(userData)->onFinished(); }

}  // namespace adm::portaudio
