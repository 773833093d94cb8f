// One PortAudio stream as the core sees it (BackendStream), and the callbacks PortAudio calls.
#pragma once

#include <portaudio.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "Backend.h"
#include "CallbackGate.h"
#include "JackPatchbay.h"

namespace adm::portaudio {

class PortAudioStream final : public BackendStream {
public:
    /// `gate`: what PortAudio calls (its userData); `jackInputs`: this stream's JACK input ports (for
    /// loopback wiring), empty elsewhere; `serverSockets`: the sockets of the sound server an ALSA stream
    /// reaches that answered at its open (AlsaHost.h), empty elsewhere.
    PortAudioStream(PaStream* stream, std::unique_ptr<CallbackGate> gate, HostKind host,
                    std::vector<std::string> jackInputs, std::vector<std::string> serverSockets = {});
    /// Closes it if need be. The gate goes with it only if PortAudio closed the stream: an isolated one
    /// stays in PortAudio's JACK process queue, which a host that wakes up may still run.
    ~PortAudioStream() override;

    BackendResult start() override;
    BackendResult stop() override;
    BackendResult abort() override;
    BackendResult close() override;
    int isActive() override;
    double inputLatency() override;
    double outputLatency() override;
    double sampleRate() override;
    bool isolate() noexcept override;
    bool isolated() const noexcept override { return mIsolated.load(); }
    bool hostGone() override;
    bool serverAnswers() override;
    bool detachCallback() noexcept override { return mGate->detach(); }
    void awaitCallbackIdle() noexcept override { mGate->awaitIdle(); }
    BackendResult wireInputsToPlayoutSources(int32_t playoutDevice, WireWhen when) override;

private:
    BackendResult locked(PaError (*call)(PaStream*));
    /// stop() and abort(): PortAudio's JACK host would wait ten minutes for a server that died (see the .cpp).
    BackendResult halt(PaError (*call)(PaStream*));
    /// Stream info, copied under the host lock (zeros when closed, isolated or the host is busy).
    PaStreamInfo info();

    PaStream* mStream;
    std::unique_ptr<CallbackGate> mGate;
    bool mClosedByHost = false;  // Pa_CloseStream did the host's part: nothing of ours is called any more
    const HostKind mHost;
    const std::vector<std::string> mJackInputs;
    const std::vector<std::string> mServerSockets;
    std::unique_ptr<JackPatchbay> mPatchbay;  // loopback: keeps mJackInputs wired to the playback's sources
    std::atomic<bool> mIsolated{false};
    std::atomic<bool> mServerGone{false};  // hostGone() found a socket of its server refusing
};

/// The host family of a device; the host lock held.
HostKind hostKindOf(PaDeviceIndex device);

}  // namespace adm::portaudio
