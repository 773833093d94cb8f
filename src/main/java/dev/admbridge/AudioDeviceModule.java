package dev.admbridge;

import dev.admbridge.event.EventDispatcher;
import dev.admbridge.event.NativeEventSource;
import dev.admbridge.internal.Durations;
import dev.admbridge.jni.NativeAdm;
import dev.admbridge.jni.NativeLibrary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The audio device module: an application's handle on the machine's sound devices.
 *
 * <p>A module has at most one playout, one recording and one loopback stream at a time
 * ({@link #initPlayout(StreamConfig)}, {@link #initRecording(StreamConfig)}, {@link #initLoopback(StreamConfig)}),
 * on the same or different devices, started and stopped independently.
 *
 * <p>The host library (PortAudio) is shared by the modules of a JVM and initialized by the first call that
 * needs it (a device list, a format check, a stream), not by {@link #open()}: an open module with no
 * running stream costs no CPU and holds no sound-server client. The host stays initialized while a stream
 * is open, and is let go of two seconds after its last use, so that modules and streams opened one after
 * another reuse it. Methods are thread-safe. A closed module throws {@link AdmException} with
 * {@link AdmCode#ERR_NOT_INITIALIZED}.
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

    private volatile long handle;  // 0 once closed; written under this, read lock-free by the PCM path
    private RecoveryPolicy recoveryPolicy = RecoveryPolicy.OFF;  // guarded by this
    private final Map<StreamKind, AudioStream> streams = new EnumMap<>(StreamKind.class);  // guarded by this
    private final StreamOwner owner = new Owner();
    private EventDispatcher events;  // created with the first listener; guarded by this
    private Duration eventCoalescing = EventDispatcher.DEFAULT_COALESCING;  // guarded by this

    private AudioDeviceModule(long handle) {
        this.handle = handle;
    }

    /**
     * Opens a module on the PortAudio backend.
     *
     * @throws AdmException {@link AdmCode#ERR_LOAD_MEDIA_ENGINE} if the native library cannot be loaded
     */
    public static AudioDeviceModule open() {
        return open(ModuleOptions.defaults());
    }

    /**
     * Opens a module on the PortAudio backend, connected as {@code options} say (a JACK server by name).
     *
     * @throws NullPointerException if {@code options} is null
     * @throws AdmException {@link AdmCode#ERR_ALREADY_IN_USE} if modules open in this process use another
     *     JACK server (they share one PortAudio: close them first), {@link AdmCode#ERR_LOAD_MEDIA_ENGINE} if the
     *     native library cannot be loaded
     */
    public static AudioDeviceModule open(ModuleOptions options) {
        Objects.requireNonNull(options, "options");
        NativeLibrary.ensureLoaded();
        long[] out = new long[1];
        NativeLibrary.check(NativeAdm.moduleOpen(options.jackServer().orElse(null), out),
                "opening the audio device module");
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
     * the list is then empty. Under open streams the list may be out of date: {@link #deviceList()} says so.
     *
     * @throws AdmException {@link AdmCode#ERR_NOT_INITIALIZED} if the module is closed,
     *     {@link AdmCode#ERR_ADM_GENERAL_ERROR} if the host fails to initialize or to list its devices
     */
    public List<AudioDevice> devices() {
        return deviceList().devices();
    }

    /**
     * Every device the host reports now, as {@link #devices()}, with whether the list is known to be out of date
     * ({@link DeviceList#stale()}: the devices changed and the host cannot list them again while streams are
     * open).
     *
     * @throws AdmException as {@link #devices()}
     */
    public synchronized DeviceList deviceList() {
        ensureOpen();
        int[] count = new int[1];
        NativeLibrary.check(NativeAdm.moduleListDevices(handle, count), "listing audio devices");
        List<AudioDevice> devices = new ArrayList<>(count[0]);
        for (int row = 0; row < count[0]; row++) {
            int r = row;
            devices.add(device("reading device " + row,
                    (ints, doubles) -> NativeAdm.moduleDeviceNumbers(handle, r, ints, doubles),
                    text -> text == 0 ? NativeAdm.moduleDeviceName(handle, r) : NativeAdm.moduleDeviceHostApi(handle, r)));
        }
        int[] stale = new int[1];
        NativeLibrary.check(NativeAdm.moduleDeviceSnapshotStale(handle, stale), "reading whether the device list is stale");
        return new DeviceList(devices, stale[0] != 0);
    }

    /** How a device's numbers are read: {@code NativeApi.h} fills ints and doubles the same way for every device. */
    private interface DeviceNumbers {
        int read(int[] ints, double[] doubles);
    }

    /** A device from its native numbers and its two texts (0: name, 1: host API). */
    private static AudioDevice device(String context, DeviceNumbers numbers,
            IntFunction<org.bytedeco.javacpp.BytePointer> texts) {
        int[] ints = new int[DEVICE_INTS];
        double[] doubles = new double[DEVICE_DOUBLES];
        NativeLibrary.check(numbers.read(ints, doubles), context);
        return new AudioDevice(
                ints[0],
                Objects.requireNonNullElse(NativeLibrary.string(texts.apply(0)), ""),
                Objects.requireNonNullElse(NativeLibrary.string(texts.apply(1)), ""),
                ints[1],
                ints[2],
                doubles[0],
                Durations.ofSeconds(doubles[1]),
                Durations.ofSeconds(doubles[2]),
                Durations.ofSeconds(doubles[3]),
                Durations.ofSeconds(doubles[4]),
                ints[3] != 0,
                ints[4] != 0);
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
     * Registers a listener for this module's errors, warnings, state changes and device changes, after those
     * already registered (adding one twice changes nothing). The first listener starts the module's dispatcher
     * thread ({@code adm-events-<n>}, daemon); events published before it wait in the native ring. It also
     * starts the module's device watch: the devices listed then are the baseline that
     * {@link AdmEventListener#onDeviceChanged(DeviceChange)} reports changes from (this lists the devices
     * once, which initializes the host for a moment). Callbacks come on the dispatcher thread, never an audio
     * thread (see {@link AdmEventListener}).
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
            NativeLibrary.check(NativeAdm.moduleWatchDevices(handle), "watching the devices");
        }
        events.addListener(listener);
    }

    /**
     * Unregisters a listener: no callback to it starts after this returns (one already running on the
     * dispatcher thread runs to its end); it never waits. Works on a closed module too.
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
     * Closes the module and its streams (PortAudio is let go of two seconds later when nothing else uses
     * it). Then the events published until then (also while closing) are delivered and the dispatcher thread
     * ends: none is left behind. Idempotent. May be called from a listener.
     *
     * @throws AdmException the first failure of closing a stream (the module is closed all the same)
     */
    @Override
    public void close() {
        RealtimeDispatch.refuseInsideCallback("closing the module");
        long closing;
        EventDispatcher dispatcher;
        synchronized (this) {
            if (handle == 0) {
                return;
            }
            closing = handle;
            handle = 0;
            streams.values().forEach(AudioStream::markClosed);
            streams.clear();  // the native close stops and closes them
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

    /**
     * Opens a playout stream.
     *
     * @param config device and format; {@link StreamConfig#defaults()} for the default device at 48 kHz stereo
     * @return the stream, initialized (not started)
     * @throws NullPointerException if config is null
     * @throws AdmException {@link AdmCode#ERR_NOT_INITIALIZED} if the module is closed,
     *     {@link AdmCode#ERR_ALREADY_IN_USE} if a playout stream is initialized, {@link AdmCode#ERR_ADM_SAMPLE_RATE}
     *     if the device refuses the rate, {@link AdmCode#ERR_ADM_INIT_PLAYOUT} for any other failure to open
     */
    public AudioStream initPlayout(StreamConfig config) {
        return initStream(StreamKind.PLAYOUT, config);
    }

    /**
     * Opens a recording stream.
     *
     * @throws AdmException as {@link #initPlayout(StreamConfig)}, with {@link AdmCode#ERR_ADM_INIT_RECORDING}
     */
    public AudioStream initRecording(StreamConfig config) {
        return initStream(StreamKind.RECORDING, config);
    }

    /**
     * Opens a loopback stream: a recording of what is played. On JACK the default device is used and its
     * inputs are wired to whatever feeds the playout device's playback ports (this module's playout among
     * them); elsewhere name a monitor source as the device (e.g. a PulseAudio ".monitor" device).
     *
     * @throws AdmException as {@link #initPlayout(StreamConfig)}, with {@link AdmCode#ERR_ADM_INIT_LOOPBACK};
     *     {@link AdmCode#ERR_NOT_SUPPORTED} when the host cannot loop back and no source is named
     */
    public AudioStream initLoopback(StreamConfig config) {
        return initStream(StreamKind.LOOPBACK, config);
    }

    /**
     * Opens the stream of a kind; see {@link #initPlayout(StreamConfig)}.
     *
     * @throws IllegalArgumentException for {@link StreamKind#MODULE}
     */
    public synchronized AudioStream initStream(StreamKind kind, StreamConfig config) {
        requireStreamKind(kind);
        Objects.requireNonNull(config, "config");
        ensureOpen();
        // The native side checks the configuration and finds the device (name, index, default, loopback rule).
        NativeLibrary.check(NativeAdm.streamInit(handle, kind.nativeValue(), config.deviceIndex(), config.deviceName(),
                config.channels(), config.format().nativeValue(), config.sampleRate(), config.framesPerBuffer(),
                toSeconds(config.suggestedLatency())), "initializing " + name(kind));
        AudioDevice opened = device("reading the device of the " + name(kind) + " stream",
                (ints, doubles) -> NativeAdm.streamDevice(handle, kind.nativeValue(), ints, doubles),
                text -> text == 0 ? NativeAdm.streamDeviceName(handle, kind.nativeValue())
                        : NativeAdm.streamDeviceHostApi(handle, kind.nativeValue()));
        AudioStream stream = new AudioStream(owner, kind, config.toBuilder().device(opened.index()).build(), opened);
        streams.put(kind, stream);
        return stream;
    }

    /**
     * Starts the device loopback test: what the recording stream captures is played straight back by the
     * playout stream inside the native core (no Java on the path), and both report their peak and RMS levels
     * to listeners ({@link AdmEventListener#onLevels(AdmEvent)}) every {@code levelInterval}. Both streams must
     * be initialized with the same channels, format and rate; start them to hear it. While it runs, reading
     * the recording gives {@link AdmCode#ERR_ALREADY_IN_USE}.
     *
     * @param levelInterval 10 ms to 60 s
     * @throws AdmException {@link AdmCode#ERR_NOT_INITIALIZED} without both streams, {@link AdmCode#ERR_INVALID_ARGUMENT}
     *     for formats that differ or an interval out of range
     */
    public synchronized void startDeviceLoopbackTest(Duration levelInterval) {
        Objects.requireNonNull(levelInterval, "levelInterval");
        ensureOpen();
        long millis = Durations.saturatedMillis(levelInterval);  // out of range is refused natively, with the range
        NativeLibrary.check(NativeAdm.deviceTest(handle, 1, (int) Math.max(Integer.MIN_VALUE,
                Math.min(Integer.MAX_VALUE, millis))), "starting the device loopback test");
    }

    /** Ends the device loopback test; a no-op when it does not run. */
    public synchronized void stopDeviceLoopbackTest() {
        ensureOpen();
        NativeLibrary.check(NativeAdm.deviceTest(handle, 0, 0), "stopping the device loopback test");
    }

    /**
     * Sets the runtime detectors' thresholds (silence, low level, howling, dropouts, rate) for the streams
     * initialized from now on; {@link dev.admbridge.analysis.DetectorSettings#defaults()} are documented in
     * docs/detectors.md. The same settings drive {@code adm analyze}.
     *
     * @throws NullPointerException if settings is null
     * @throws AdmException {@link AdmCode#ERR_NOT_INITIALIZED} if the module is closed
     */
    public synchronized void setDetectorSettings(dev.admbridge.analysis.DetectorSettings settings) {
        double[] values = Objects.requireNonNull(settings, "settings").toArray();
        ensureOpen();
        NativeLibrary.check(NativeAdm.moduleSetDetectorSettings(handle, values, values.length),
                "setting the detector thresholds");
    }

    /**
     * What follows a stream's runtime failure from now on: {@link RecoveryPolicy#OFF} (the default) or a policy
     * that reopens failed streams ({@link RecoveryPolicy#reopen()}). Setting {@link RecoveryPolicy#OFF} cancels
     * the recoveries under way (those streams go to {@link StreamState#FAILED}).
     *
     * @throws NullPointerException if policy is null
     * @throws AdmException {@link AdmCode#ERR_NOT_INITIALIZED} if the module is closed
     */
    public synchronized void setRecoveryPolicy(RecoveryPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        ensureOpen();
        NativeLibrary.check(NativeAdm.moduleSetRecoveryPolicy(handle, policy.enabled() ? 1 : 0,
                policy.firstDelay().toMillis(), policy.maxDelay().toMillis(), policy.maxTries()),
                "setting the recovery policy");
        recoveryPolicy = policy;
    }

    /** The recovery policy in force ({@link RecoveryPolicy#OFF} until one is set). */
    public synchronized RecoveryPolicy recoveryPolicy() {
        return recoveryPolicy;
    }

    /** The stream of a kind, if one is initialized. */
    public synchronized Optional<AudioStream> stream(StreamKind kind) {
        requireStreamKind(kind);
        return Optional.ofNullable(streams.get(kind));
    }

    /**
     * Whether a device can open a format, without opening it: lets an app choose before failing.
     *
     * @throws NullPointerException if kind or config is null
     * @throws IllegalArgumentException for {@link StreamKind#MODULE}
     * @throws AdmException {@link AdmCode#ERR_NOT_INITIALIZED} if the module is closed
     */
    public synchronized FormatCheck checkFormat(StreamKind kind, StreamConfig config) {
        requireStreamKind(kind);
        Objects.requireNonNull(config, "config");
        ensureOpen();
        int result = NativeAdm.streamProbe(handle, kind.nativeValue(), config.deviceIndex(), config.deviceName(),
                config.channels(), config.format().nativeValue(), config.sampleRate(), config.framesPerBuffer(),
                toSeconds(config.suggestedLatency()));
        if (result == 0) {
            return new FormatCheck(true, AdmCode.ERR_OK, "");
        }
        AdmException refused = NativeLibrary.failure(result, "checking the format of " + name(kind));
        return new FormatCheck(false, refused.code(), refused.getMessage());
    }

    /** The module's side of its streams' calls (StreamOwner), kept off this class's public surface. */
    private final class Owner implements StreamOwner {
        @Override
        public long pcmHandle() {
            return handle;
        }

        @Override
        public void run(AudioStream stream, boolean start) {
            synchronized (AudioDeviceModule.this) {
                ensureCurrent(stream);
                int kind = stream.kind().nativeValue();
                NativeLibrary.check(start ? NativeAdm.streamStart(handle, kind) : NativeAdm.streamStop(handle, kind),
                        (start ? "starting " : "stopping ") + name(stream.kind()));
            }
        }

        @Override
        public void close(AudioStream stream) {
            synchronized (AudioDeviceModule.this) {
                if (handle == 0 || streams.get(stream.kind()) != stream) {
                    return;  // closed already, with the module or before
                }
                streams.remove(stream.kind());
                stream.markClosed();
                NativeLibrary.check(NativeAdm.streamClose(handle, stream.kind().nativeValue()),
                        "closing " + name(stream.kind()));
            }
        }

        @Override
        public StreamStats stats(AudioStream stream) {
            synchronized (AudioDeviceModule.this) {
                if (handle == 0 || streams.get(stream.kind()) != stream) {
                    return new StreamStats(StreamState.CLOSED, stream.config().deviceIndex(), 0, Duration.ZERO,
                            Duration.ZERO, 0, 0, 0, -1, 0, 0, 0);
                }
                int[] ints = new int[2];
                double[] doubles = new double[3];
                long[] longs = new long[7];
                NativeLibrary.check(NativeAdm.streamStats(handle, stream.kind().nativeValue(), ints, doubles, longs),
                        "reading " + name(stream.kind()));
                return new StreamStats(StreamState.fromNative(ints[0]), ints[1], doubles[0],
                        Durations.ofSeconds(doubles[1]), Durations.ofSeconds(doubles[2]), longs[0], longs[1], longs[2],
                        longs[3], longs[4], longs[5], longs[6]);
            }
        }
    }

    private void ensureCurrent(AudioStream stream) {
        ensureOpen();
        if (streams.get(stream.kind()) != stream) {
            throw new AdmException(AdmCode.ERR_NOT_INITIALIZED, "this " + name(stream.kind())
                    + " stream is closed; initialize a new one");
        }
    }

    private static void requireStreamKind(StreamKind kind) {
        Objects.requireNonNull(kind, "kind");
        if (kind == StreamKind.MODULE) {
            throw new IllegalArgumentException("a stream is PLAYOUT, RECORDING or LOOPBACK, not MODULE");
        }
    }

    private static String name(StreamKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** A duration in seconds for the native side (which takes doubles). */
    private static double toSeconds(Duration duration) {
        return Durations.seconds(duration);
    }

    private void ensureOpen() {
        if (handle == 0) {
            throw new AdmException(AdmCode.ERR_NOT_INITIALIZED, "the audio device module is closed");
        }
    }
}
