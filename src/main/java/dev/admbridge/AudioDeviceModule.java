package dev.admbridge;

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

    /**
     * Closes the module; the last open module terminates PortAudio. Idempotent.
     *
     * @throws AdmException {@link AdmCode#ERR_ADM_GENERAL_ERROR} if PortAudio fails to terminate (the module
     *     is closed all the same)
     */
    @Override
    public synchronized void close() {
        if (handle == 0) {
            return;
        }
        long closing = handle;
        handle = 0;
        NativeLibrary.check(NativeAdm.moduleClose(closing), "closing the audio device module");
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
