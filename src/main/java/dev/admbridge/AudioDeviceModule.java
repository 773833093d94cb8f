package dev.admbridge;

import dev.admbridge.event.EventDispatcher;
import dev.admbridge.event.NativeEventSource;
import dev.admbridge.jni.NativeAdm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The audio device module: an application's handle on the machine's sound devices.
 *
 * <p>Opening a module initializes PortAudio; the host library is shared and reference-counted, so
 * several modules can be open in one JVM and the last {@link #close()} terminates it. Methods are
 * thread-safe. A closed module throws {@link AdmException} with {@link AdmCode#ERR_NOT_INITIALIZED}.
 *
 * <pre>{@code
 * try (AudioDeviceModule adm = AudioDeviceModule.open()) {
 *     for (AudioDevice device : adm.devices()) {
 *         System.out.println(device.name() + " (" + device.hostApi() + ")");
 *     }
 * }
 * }</pre>
 */
public final class AudioDeviceModule implements AutoCloseable {
    private static final int DEVICE_INTS = 5;
    private static final int DEVICE_DOUBLES = 5;

    private long handle;  // 0 once closed; guarded by this
    private EventDispatcher events;  // created with the first listener; guarded by this
    private Duration eventCoalescing = EventDispatcher.DEFAULT_COALESCING;  // guarded by this

    private AudioDeviceModule(long handle) {
        this.handle = handle;
    }

    /**
     * Opens a module on the PortAudio backend.
     *
     * @throws AdmException {@link AdmCode#ERR_LOAD_MEDIA_ENGINE} if the native library cannot be loaded,
     *     {@link AdmCode#ERR_ADM_GENERAL_ERROR} if PortAudio fails to initialize
     */
    public static AudioDeviceModule open() {
        NativeLibrary.ensureLoaded();
        long[] out = new long[1];
        NativeLibrary.check(NativeAdm.moduleOpen(out), "opening the audio device module");
        return new AudioDeviceModule(out[0]);
    }

    /**
     * The version text of the audio backend, e.g. {@code "PortAudio V19.6.0-devel, revision ..."}.
     *
     * @throws AdmException {@link AdmCode#ERR_LOAD_MEDIA_ENGINE} if the native library cannot be loaded
     */
    public static String backendVersion() {
        NativeLibrary.ensureLoaded();
        return NativeLibrary.string(NativeAdm.backendVersion());
    }

    /**
     * Every device the host reports now, playout and recording. No device at all is a valid answer:
     * the list is then empty.
     *
     * @throws AdmException {@link AdmCode#ERR_NOT_INITIALIZED} if the module is closed,
     *     {@link AdmCode#ERR_ADM_GENERAL_ERROR} if the host fails to list its devices
     */
    public synchronized List<AudioDevice> devices() {
        ensureOpen();
        int[] count = new int[1];
        NativeLibrary.check(NativeAdm.moduleListDevices(handle, count), "listing audio devices");
        List<AudioDevice> devices = new ArrayList<>(count[0]);
        int[] ints = new int[DEVICE_INTS];
        double[] doubles = new double[DEVICE_DOUBLES];
        for (int row = 0; row < count[0]; row++) {
            NativeLibrary.check(NativeAdm.moduleDeviceNumbers(handle, row, ints, doubles), "reading device " + row);
            devices.add(new AudioDevice(
                    ints[0],
                    Objects.requireNonNullElse(NativeLibrary.string(NativeAdm.moduleDeviceName(handle, row)), ""),
                    Objects.requireNonNullElse(NativeLibrary.string(NativeAdm.moduleDeviceHostApi(handle, row)), ""),
                    ints[1],
                    ints[2],
                    doubles[0],
                    seconds(doubles[1]),
                    seconds(doubles[2]),
                    seconds(doubles[3]),
                    seconds(doubles[4]),
                    ints[3] != 0,
                    ints[4] != 0));
        }
        return List.copyOf(devices);
    }

    /** The devices that can play out. @throws AdmException as {@link #devices()} */
    public List<AudioDevice> playoutDevices() {
        return devices().stream().filter(AudioDevice::isPlayout).toList();
    }

    /** The devices that can record. @throws AdmException as {@link #devices()} */
    public List<AudioDevice> recordingDevices() {
        return devices().stream().filter(AudioDevice::isRecording).toList();
    }

    /** The system's default playout device, if there is one. @throws AdmException as {@link #devices()} */
    public Optional<AudioDevice> defaultPlayoutDevice() {
        return devices().stream().filter(AudioDevice::defaultOutput).findFirst();
    }

    /** The system's default recording device, if there is one. @throws AdmException as {@link #devices()} */
    public Optional<AudioDevice> defaultRecordingDevice() {
        return devices().stream().filter(AudioDevice::defaultInput).findFirst();
    }

    /**
     * The first device with exactly this name, optionally restricted to one host API.
     *
     * @param name the device name, e.g. {@code "system"}; not null or blank
     * @param hostApi the host API name, or null for any
     * @throws IllegalArgumentException if name is null or blank
     * @throws AdmException as {@link #devices()}
     */
    public Optional<AudioDevice> findDevice(String name, String hostApi) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a device name is required, was " + (name == null ? "null" : "blank"));
        }
        return devices().stream()
                .filter(d -> d.name().equals(name) && (hostApi == null || d.hostApi().equals(hostApi)))
                .findFirst();
    }

    /** True until {@link #close()}. */
    public synchronized boolean isOpen() {
        return handle != 0;
    }

    // --- events (issue #4): listeners, coalescing, and the dispatcher's part in close() ---

    /**
     * Registers a listener for this module's errors, warnings and state changes, after those already
     * registered (adding one twice changes nothing). The first listener starts the module's dispatcher
     * thread ({@code adm-events-<n>}, daemon); events published before it wait in the native ring.
     * Callbacks come on that thread, never an audio thread (see {@link AdmEventListener}).
     *
     * @throws NullPointerException if listener is null
     * @throws AdmException {@link AdmCode#ERR_NOT_INITIALIZED} if the module is closed
     */
    public synchronized void addListener(AdmEventListener listener) {
        Objects.requireNonNull(listener, "listener must not be null");
        ensureOpen();
        if (events == null) {
            events = new EventDispatcher(NativeEventSource.attach(handle), "adm-events-" + handle);
            events.setCoalescing(eventCoalescing);
        }
        events.addListener(listener);
    }

    /**
     * Unregisters a listener; it gets no event after this returns (unless called from another listener
     * during the event being delivered). Works on a closed module too.
     *
     * @return true if the listener was registered
     * @throws NullPointerException if listener is null
     */
    public synchronized boolean removeListener(AdmEventListener listener) {
        Objects.requireNonNull(listener, "listener must not be null");
        return events != null && events.removeListener(listener);
    }

    /**
     * Sets how repeated warnings are merged: per stream and code, the first occurrence is delivered at
     * once, the repeats within {@code interval} as one event carrying their count. {@link Duration#ZERO}
     * delivers every warning. Errors are never merged. Default: 1 second.
     *
     * @throws NullPointerException if interval is null
     * @throws IllegalArgumentException if interval is negative
     * @throws AdmException {@link AdmCode#ERR_NOT_INITIALIZED} if the module is closed
     */
    public synchronized void setEventCoalescing(Duration interval) {
        Objects.requireNonNull(interval, "interval must not be null");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("the coalescing interval must not be negative, was " + interval);
        }
        ensureOpen();
        eventCoalescing = interval;
        if (events != null) {
            events.setCoalescing(interval);
        }
    }

    /**
     * Closes the module; the last open module terminates PortAudio. Then the events published until
     * then (also while closing) are delivered and the dispatcher thread ends: none is left behind.
     * Idempotent. May be called from a listener.
     *
     * @throws AdmException {@link AdmCode#ERR_ADM_GENERAL_ERROR} if PortAudio fails to terminate (the module
     *     is closed all the same)
     */
    @Override
    public void close() {
        long closing;
        EventDispatcher dispatcher;
        synchronized (this) {
            if (handle == 0) {
                return;
            }
            closing = handle;
            handle = 0;
            dispatcher = events;
        }
        // The dispatcher holds its own share of the native hub, so it drains after the module is gone.
        // Joined outside the lock: a listener that calls this module must not deadlock with close().
        try {
            NativeLibrary.check(NativeAdm.moduleClose(closing), "closing the audio device module");
        } finally {
            if (dispatcher != null) {
                dispatcher.close();
            }
        }
    }

    private void ensureOpen() {
        if (handle == 0) {
            throw new AdmException(AdmCode.ERR_NOT_INITIALIZED, "the audio device module is closed");
        }
    }

    private static Duration seconds(double seconds) {
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
