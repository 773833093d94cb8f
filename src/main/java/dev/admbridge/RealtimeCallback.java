package dev.admbridge;

/**
 * The application's audio code, run on the audio thread itself for each period of a stream (opt-in, instead of
 * the PCM ring): set with {@link AudioStream#setRealtimeCallback(RealtimeCallback)}. It reads the captured samples
 * (recording, loopback) or fills the samples to play (playout) in the {@link AudioBlock} it is handed.
 *
 * <p>What runs here runs on the sound server's schedule: a period is a few milliseconds, and a callback that
 * takes longer than its period makes the device skip (counted in {@link StreamStats#lateCallbacks()} and reported
 * as a 1014 / 1016 warning that says the application was late, apart from device glitches). So inside it:
 * allocate nothing (a garbage collection pauses this thread with the others, and a safepoint waits for it), take
 * no lock another thread may hold, do no I/O and no logging, and do not call the module or its streams (refused
 * with {@link AdmCode#ERR_NOT_SUPPORTED}: a stop waits for the very callback it would be called from). The first
 * calls run interpreted until the JIT compiles the code: warm it up before the audio matters.
 *
 * <p>An exception (any {@link Throwable}) thrown here does not reach the audio host: the stream outputs silence
 * from that period on and calls the callback no more until it is started again or a callback is set again;
 * listeners get {@link AdmCode#ERR_ADM_JAVA_RESOURCE} (1006), and {@link AudioStream#realtimeFailure()} has the
 * exception.
 */
@FunctionalInterface
public interface RealtimeCallback {
    /**
     * One period of audio, on the audio thread.
     *
     * @param block this period's samples; valid during the call only (the same object comes back each period)
     * @throws Exception to give up: the stream plays silence from then on (see above)
     */
    void process(AudioBlock block) throws Exception;
}
