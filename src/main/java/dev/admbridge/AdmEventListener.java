package dev.admbridge;

/**
 * Receives a module's events ({@link AudioDeviceModule#addListener(AdmEventListener)}). Every method has
 * an empty default, so a listener overrides only what it needs.
 *
 * <p><b>Threading.</b> Every method is called on the module's dispatcher thread, never an audio thread,
 * one event at a time, listeners in registration order. Listeners may be added and removed from any
 * thread, also from inside a callback; a change takes effect from the next event.
 *
 * <p><b>What a listener must not do.</b> It should return quickly: a listener that blocks delays the
 * events after it (never the audio, whose events wait in the native ring, and are counted and reported
 * by {@link #onDropped(long)} if the ring fills up). An exception thrown by a listener is logged and the
 * other listeners still get the event. A listener may call the module, including {@code close()}; it must
 * not wait for another thread that waits for this module's events.
 */
public interface AdmEventListener {

    /**
     * A failure, with its documented error code ({@link AdmEvent#code()}). Errors are never coalesced:
     * each occurrence is its own event. Called on the dispatcher thread, never an audio thread.
     */
    default void onError(AdmEvent event) {}

    /**
     * Trouble the module may recover from, with its documented warning code. Repeats of one code on one
     * stream are coalesced ({@link AudioDeviceModule#setEventCoalescing(java.time.Duration)}): the first
     * comes at once, the rest of the interval as one event whose {@link AdmEvent#count()} says how many.
     * Called on the dispatcher thread, never an audio thread.
     */
    default void onWarning(AdmEvent event) {}

    /**
     * A stream changed state ({@link AdmEvent#state()}). Called on the dispatcher thread, never an audio
     * thread.
     */
    default void onStateChanged(AdmEvent event) {}

    /**
     * A device was added, removed or became the default ({@link AdmEvent#stream()} is the direction,
     * {@link AdmEvent#device()} the device's index, {@link AdmEvent#message()} says which in words). The same
     * change comes with the device itself to {@link #onDeviceChanged(DeviceChange)}, right after this call.
     * Called on the dispatcher thread, never an audio thread.
     */
    default void onDevicesChanged(AdmEvent event) {}

    /**
     * A device was added, removed or became the default, for playout or recording, with the device as
     * {@link AudioDeviceModule#devices()} lists it. A module reports device changes from its first listener on
     * (docs/devices.md says when it notices one). Called on the dispatcher thread, never an audio thread.
     */
    default void onDeviceChanged(DeviceChange change) {}

    /**
     * A stream's peak and RMS levels over the last interval ({@link AdmEvent#peakDbfs()},
     * {@link AdmEvent#rmsDbfs()}), while level reporting is on (the device loopback test turns it on).
     */
    default void onLevels(AdmEvent event) {}

    /**
     * Events were lost because the native ring was full (the listeners were too slow for the producers).
     * Called on the dispatcher thread as soon as the loss is seen, before the events drained after it.
     *
     * @param lostEvents how many events were lost since the last report, at least 1
     */
    default void onDropped(long lostEvents) {}
}
