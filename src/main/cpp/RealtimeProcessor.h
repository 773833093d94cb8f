// The application's own code on the audio thread, opt-in (docs/realtime.md): instead of the PCM ring, a stream's
// audio callback hands each period's samples to a RealtimeProcessor. What the application does there is its own
// risk; the stream measures it (late callbacks) and survives it (a failure silences the stream).
#pragma once

namespace adm {

class RealtimeProcessor {
public:
    virtual ~RealtimeProcessor() = default;

    /**
     * The audio thread, once per callback. `input`: the captured samples (null for playout); `output`: the samples
     * to fill (null for recording and loopback); interleaved, in the stream's format. False when the application's
     * code failed: the stream then outputs silence and calls it no more until it is started or set again.
     */
    virtual bool process(const void* input, void* output, unsigned long frames) noexcept = 0;
};

/// True on a thread while it runs a RealtimeProcessor: the module refuses control calls from there, since a stop
/// waits for the very callback it would be called from.
bool insideRealtimeProcessor() noexcept;

}  // namespace adm
