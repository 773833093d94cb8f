#include "PortAudioStream.h"

#include <algorithm>
#include <utility>

#include "AlsaHost.h"
#include "JackServerWatch.h"
#include "KeptOnPurpose.h"
#include "PortAudioRuntime.h"

namespace adm::portaudio {
namespace {

/// PortAudio's stream objects begin with this magic (pa_stream.h, PA_STREAM_MAGIC); PortAudio
/// rejects a stream without it with paBadStreamPtr before touching the host.
constexpr unsigned long kPortAudioStreamMagic = 0x18273645UL;

}  // namespace

HostKind hostKindOf(PaDeviceIndex device) {
    const PaDeviceInfo* info = device >= 0 ? Pa_GetDeviceInfo(device) : nullptr;
    if (info == nullptr) {
        return HostKind::Other;
    }
    const PaHostApiInfo* host = Pa_GetHostApiInfo(info->hostApi);
    if (host == nullptr) {
        return HostKind::Other;
    }
    return host->type == paJACK ? HostKind::Jack : host->type == paALSA ? HostKind::Alsa : HostKind::Other;
}

PortAudioStream::PortAudioStream(PaStream* stream, std::unique_ptr<CallbackGate> gate, HostKind host,
                                 std::vector<std::string> jackInputs, std::vector<std::string> serverSockets)
    : mStream(stream),
      mGate(std::move(gate)),
      mHost(host),
      mJackInputs(std::move(jackInputs)),
      mServerSockets(std::move(serverSockets)) {}

PortAudioStream::~PortAudioStream() {
    close();
    if (!mClosedByHost) {
        mGate->detach();
        keptOnPurpose(mGate.release());  // PortAudio may still call it (see the header)
    }
}

BackendResult PortAudioStream::start() { return locked(&Pa_StartStream); }
BackendResult PortAudioStream::stop() { return halt(&Pa_StopStream); }
BackendResult PortAudioStream::abort() { return halt(&Pa_AbortStream); }

BackendResult PortAudioStream::halt(PaError (*call)(PaStream*)) {
    return withHostLock([&](const HostLock&) {
        // A JACK stream that runs (not stopped) yet is not active: its server died, and PortAudio's shutdown
        // notice cleared its activity. Stopping it would wait for a process cycle that never comes (pa_jack.c
        // RealStop: a 10-minute condition wait that only the one shutdown notice, long gone, could end), with
        // the host lock held: every module of the process would be stuck. So it is isolated instead. (A
        // death in the microseconds between this look and PortAudio's wait is not caught: the call is then
        // left behind by the deadline, and the host thread waits its ten minutes.)
        if (mHost == HostKind::Jack && mStream != nullptr && !mIsolated.load() && Pa_IsStreamStopped(mStream) == 0 &&
            Pa_IsStreamActive(mStream) == 0) {
            isolate();
            return BackendResult{static_cast<int32_t>(BackendError::HostGone), 0,
                                 "the JACK server went away: the stream stopped with it"};
        }
        return resultOf(call(mStream));
    });
}

BackendResult PortAudioStream::close() {
    if (mStream == nullptr) {
        return {};
    }
    return withHostLock([this](const HostLock&) {
        PaStream* stream = std::exchange(mStream, nullptr);
        mPatchbay.reset();
        const PaError error = Pa_CloseStream(stream);
        if (!mIsolated.load()) {
            --runtime().openStreams;
            mClosedByHost = true;  // removed from the process queue, even when it reports an error
        }
        // An isolated stream answers paBadStreamPtr by design: that close did all there was to do.
        return mIsolated.load() ? BackendResult{} : resultOf(error);
    });
}

int PortAudioStream::isActive() { return mStream != nullptr ? Pa_IsStreamActive(mStream) : 0; }

double PortAudioStream::inputLatency() { return info().inputLatency; }
double PortAudioStream::outputLatency() { return info().outputLatency; }
double PortAudioStream::sampleRate() { return info().sampleRate; }

bool PortAudioStream::isolate() noexcept {
    // Never takes the host lock: the watchdog calls this while another call may hang in the host.
    // JACK waits forever on a dead server (pa_jack.c RealStop: a 10-minute timed wait for a process callback
    // that never comes, reached from stop, abort, close and Pa_Terminate). ALSA's thread of a stream whose
    // server was found gone (hostGone) may spin in PortAudio 19.6's error path with cancellation disabled
    // (upstream issue 1037, fixed after 19.7): its stop, abort, close and Pa_Terminate would join it forever.
    // Clearing the magic makes PortAudio refuse the stream up front.
    const bool hostless = mHost == HostKind::Jack || (mHost == HostKind::Alsa && mServerGone.load());
    if (mStream == nullptr || mIsolated.load() || !hostless) {
        return mIsolated.load();
    }
    auto* magic = static_cast<unsigned long*>(mStream);
    if (*magic != kPortAudioStreamMagic) {
        return false;  // not the layout we know: leave it alone
    }
    *magic = 0;
    keptOnPurpose(mStream);  // PortAudio's, never to be closed now: its memory stays
    mIsolated.store(true);
    --runtime().openStreams;
    runtime().hostLost.store(true);
    return true;
}

bool PortAudioStream::hostGone() {
    // No host lock: it asks the server's sockets, not PortAudio.
    for (const std::string& socket : mServerSockets) {
        if (!soundServerSocketAnswers(socket)) {
            mServerGone.store(true);
            return true;
        }
    }
    return false;
}

bool PortAudioStream::serverAnswers() {
    if (mHost == HostKind::Jack) {
        if (jackIsPipeWire()) {  // pw-jack: the "server" is PipeWire
            return !answeringSoundServerSockets().empty();
        }
        return withHostLock(true, [](const HostLock&) { return jackServerListening(); });
    }
    // ALSA: the server behind the PCM it opened, if any (a card's own PCM has none: true).
    return std::all_of(mServerSockets.begin(), mServerSockets.end(),
                       [](const std::string& socket) { return soundServerSocketAnswers(socket); });
}

BackendResult PortAudioStream::wireInputsToPlayoutSources(int32_t playoutDevice, WireWhen when) {
    if (mHost != HostKind::Jack) {
        return resultOf(paInvalidHostApi);
    }
    return withHostLock([&](const HostLock&) {
        const PaDeviceInfo* device = Pa_GetDeviceInfo(playoutDevice);
        if (device == nullptr) {
            return resultOf(paInvalidDevice);
        }
        std::string error;
        if (mPatchbay == nullptr) {
            mPatchbay = std::make_unique<JackPatchbay>();
        }
        if (!mPatchbay->wire(mJackInputs, device->name, when == WireWhen::IfGraphChanged, error)) {
            return BackendResult{paUnanticipatedHostError, 0, "JACK wiring failed: " + error};
        }
        return BackendResult{};
    });
}

BackendResult PortAudioStream::locked(PaError (*call)(PaStream*)) {
    return withHostLock([&](const HostLock&) { return resultOf(call(mStream)); });
}

PaStreamInfo PortAudioStream::info() {
    return withHostLock(PaStreamInfo{}, [this](const HostLock&) {
        const PaStreamInfo* info = mStream != nullptr && !mIsolated.load() ? Pa_GetStreamInfo(mStream) : nullptr;
        return info != nullptr ? *info : PaStreamInfo{};
    });
}

}  // namespace adm::portaudio
