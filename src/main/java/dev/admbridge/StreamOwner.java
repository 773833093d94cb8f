package dev.admbridge;

/**
 * The only calls an {@link AudioStream} makes back into the {@link AudioDeviceModule} that opened it: the
 * module keeps the native handle, the lock of its control calls and the table of its streams.
 */
interface StreamOwner {
    /** The native handle for the PCM path, which takes no lock of the module; 0 once the module closed. */
    long pcmHandle();

    /** Starts (true) or stops (false) the stream. @throws AdmException as the stream's start and stop say */
    void run(AudioStream stream, boolean start);

    /** Closes the stream natively; a no-op when it was closed already (with the module or before). */
    void close(AudioStream stream);

    /** The stream's state and figures; all zero once closed. */
    StreamStats stats(AudioStream stream);
}
