package dev.admbridge;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The documented ADM error and warning codes, with exactly the SDK's values: the contract between
 * this library and its users. Never renumbered. The native table ({@code src/main/cpp/Codes.cpp}) holds
 * the same rows, which a test checks through JNI.
 *
 * <p>Look codes up by kind and number ({@link #find(AdmCodeKind, int)}), since 20 is both an error and a
 * warning, or by name ({@link #findByName(String)}). Codes marked {@link #internalOnly()} never reach an
 * application through an exception or a listener. See {@code docs/codes.md} for the table and the quirks of
 * the SDK's own documentation.
 */
public enum AdmCode {
    /** No error. */
    ERR_OK(0, AdmCodeKind.ERROR, false, "No error."),
    /** A general error with no more specific cause. */
    ERR_FAILED(1, AdmCodeKind.ERROR, false, "A general error with no more specific cause."),
    /** A call was given an invalid argument. */
    ERR_INVALID_ARGUMENT(2, AdmCodeKind.ERROR, false, "A call was given an invalid argument."),
    /** The module or stream is not in a state to serve this call yet. */
    ERR_NOT_READY(3, AdmCodeKind.ERROR, false, "The module or stream is not in a state to serve this call yet."),
    /** The feature is not supported here. */
    ERR_NOT_SUPPORTED(4, AdmCodeKind.ERROR, false, "The feature is not supported here."),
    /** The call was refused (internal only). */
    ERR_REFUSED(5, AdmCodeKind.ERROR, true, "The call was refused (internal only)."),
    /** The buffer given is too small for the data to return. */
    ERR_BUFFER_TOO_SMALL(6, AdmCodeKind.ERROR, false, "The buffer given is too small for the data to return."),
    /** The module or stream is not initialized, or already closed. */
    ERR_NOT_INITIALIZED(7, AdmCodeKind.ERROR, false, "The module or stream is not initialized, or already closed."),
    /** No permission for the operation (internal only). */
    ERR_NO_PERMISSION(9, AdmCodeKind.ERROR, true, "No permission for the operation (internal only)."),
    /** The call did not complete in time. */
    ERR_TIMEDOUT(10, AdmCodeKind.ERROR, false, "The call did not complete in time."),
    /** The request was canceled (internal only). */
    ERR_CANCELED(11, AdmCodeKind.ERROR, true, "The request was canceled (internal only)."),
    /** The call was made too often (internal only). */
    ERR_TOO_OFTEN(12, AdmCodeKind.ERROR, true, "The call was made too often (internal only)."),
    /** Binding a network socket failed (internal only). */
    ERR_BIND_SOCKET(13, AdmCodeKind.ERROR, true, "Binding a network socket failed (internal only)."),
    /** The network is unavailable (internal only). */
    ERR_NET_DOWN(14, AdmCodeKind.ERROR, true, "The network is unavailable (internal only)."),
    /** No network buffers are available (internal only). */
    ERR_NET_NOBUFS(15, AdmCodeKind.ERROR, true, "No network buffers are available (internal only)."),
    /** Joining the channel was rejected, usually because the user is already in it. */
    ERR_JOIN_CHANNEL_REJECTED(17, AdmCodeKind.ERROR, false, "Joining the channel was rejected, usually because the user is already in it."),
    /** Leaving the channel was rejected, usually because the user already left it. */
    ERR_LEAVE_CHANNEL_REJECTED(18, AdmCodeKind.ERROR, false, "Leaving the channel was rejected, usually because the user already left it."),
    /** The resource is already in use. */
    ERR_ALREADY_IN_USE(19, AdmCodeKind.ERROR, false, "The resource is already in use."),
    /** The request was abandoned, possibly because of too many requests (internal only). */
    ERR_ABORTED(20, AdmCodeKind.ERROR, true, "The request was abandoned, possibly because of too many requests (internal only)."),
    /** The network engine failed to initialize (a firewall setting on Windows). */
    ERR_INIT_NET_ENGINE(21, AdmCodeKind.ERROR, false, "The network engine failed to initialize (a firewall setting on Windows)."),
    /** The App ID is invalid. */
    ERR_INVALID_VENDOR_KEY(101, AdmCodeKind.ERROR, false, "The App ID is invalid."),
    /** The channel name is invalid. */
    ERR_INVALID_CHANNEL_NAME(102, AdmCodeKind.ERROR, false, "The channel name is invalid."),
    /** The user is not in the channel. */
    ERR_NOT_IN_CHANNEL(113, AdmCodeKind.ERROR, false, "The user is not in the channel."),
    /** The data is too large. */
    ERR_SIZE_TOO_LARGE(114, AdmCodeKind.ERROR, false, "The data is too large."),
    /** The bitrate is limited. */
    ERR_BITRATE_LIMIT(115, AdmCodeKind.ERROR, false, "The bitrate is limited."),
    /** The native media engine (the JNI library or a library it needs) failed to load. */
    ERR_LOAD_MEDIA_ENGINE(1001, AdmCodeKind.ERROR, false, "The native media engine (the JNI library or a library it needs) failed to load."),
    /** The media engine failed to start the call. */
    ERR_START_CALL(1002, AdmCodeKind.ERROR, false, "The media engine failed to start the call."),
    /** The audio device module hit an error with no more specific code. */
    ERR_ADM_GENERAL_ERROR(1005, AdmCodeKind.ERROR, false, "The audio device module hit an error with no more specific code."),
    /** The audio device module failed to use a Java resource (JNI). */
    ERR_ADM_JAVA_RESOURCE(1006, AdmCodeKind.ERROR, false, "The audio device module failed to use a Java resource (JNI)."),
    /** The device does not support the sample rate asked for. */
    ERR_ADM_SAMPLE_RATE(1007, AdmCodeKind.ERROR, false, "The device does not support the sample rate asked for."),
    /** The playout device failed to initialize. */
    ERR_ADM_INIT_PLAYOUT(1008, AdmCodeKind.ERROR, false, "The playout device failed to initialize."),
    /** The playout device failed to start. */
    ERR_ADM_START_PLAYOUT(1009, AdmCodeKind.ERROR, false, "The playout device failed to start."),
    /** The playout device failed to stop. */
    ERR_ADM_STOP_PLAYOUT(1010, AdmCodeKind.ERROR, false, "The playout device failed to stop."),
    /** The recording device failed to initialize. */
    ERR_ADM_INIT_RECORDING(1011, AdmCodeKind.ERROR, false, "The recording device failed to initialize."),
    /** The recording device failed to start. */
    ERR_ADM_START_RECORDING(1012, AdmCodeKind.ERROR, false, "The recording device failed to start."),
    /** The recording device failed to stop. */
    ERR_ADM_STOP_RECORDING(1013, AdmCodeKind.ERROR, false, "The recording device failed to stop."),
    /** Playout failed while running (the device or its server went away). */
    ERR_ADM_RUNTIME_PLAYOUT_ERROR(1015, AdmCodeKind.ERROR, false, "Playout failed while running (the device or its server went away)."),
    /** Recording failed while running (the device or its server went away). */
    ERR_ADM_RUNTIME_RECORDING_ERROR(1017, AdmCodeKind.ERROR, false, "Recording failed while running (the device or its server went away)."),
    /** A started recording delivers no audio at all. */
    ERR_ADM_RECORD_AUDIO_FAILED(1018, AdmCodeKind.ERROR, false, "A started recording delivers no audio at all."),
    /** The loopback capture failed to initialize. */
    ERR_ADM_INIT_LOOPBACK(1022, AdmCodeKind.ERROR, false, "The loopback capture failed to initialize."),
    /** The loopback capture failed to start. */
    ERR_ADM_START_LOOPBACK(1023, AdmCodeKind.ERROR, false, "The loopback capture failed to start."),
    /** No permission to use the audio device. */
    ERR_ADM_NO_PERMISSION(1027, AdmCodeKind.ERROR, false, "No permission to use the audio device."),
    /** The request is pending: a module it needs is not ready yet. */
    WARN_PENDING(20, AdmCodeKind.WARNING, false, "The request is pending: a module it needs is not ready yet."),
    /** No channel resources are available. */
    WARN_NO_AVAILABLE_CHANNEL(103, AdmCodeKind.WARNING, false, "No channel resources are available."),
    /** Looking up the channel timed out. */
    WARN_LOOKUP_CHANNEL_TIMEOUT(104, AdmCodeKind.WARNING, false, "Looking up the channel timed out."),
    /** The server rejected the channel lookup. */
    WARN_LOOKUP_CHANNEL_REJECTED(105, AdmCodeKind.WARNING, false, "The server rejected the channel lookup."),
    /** Opening the channel timed out. */
    WARN_OPEN_CHANNEL_TIMEOUT(106, AdmCodeKind.WARNING, false, "Opening the channel timed out."),
    /** The server rejected opening the channel. */
    WARN_OPEN_CHANNEL_REJECTED(107, AdmCodeKind.WARNING, false, "The server rejected opening the channel."),
    /** Setting the client role timed out. */
    WARN_SET_CLIENT_ROLE_TIMEOUT(118, AdmCodeKind.WARNING, false, "Setting the client role timed out."),
    /** The user is not authorized to set the client role. */
    WARN_SET_CLIENT_ROLE_NOT_AUTHORIZED(119, AdmCodeKind.WARNING, false, "The user is not authorized to set the client role."),
    /** The audio mixing file is missing or invalid. */
    WARN_AUDIO_MIXING_OPEN_ERROR(701, AdmCodeKind.WARNING, false, "The audio mixing file is missing or invalid."),
    /** Playout glitched while running (underflow or overflow). */
    WARN_ADM_RUNTIME_PLAYOUT_WARNING(1014, AdmCodeKind.WARNING, false, "Playout glitched while running (underflow or overflow)."),
    /** Recording glitched while running (overflow or underflow). */
    WARN_ADM_RUNTIME_RECORDING_WARNING(1016, AdmCodeKind.WARNING, false, "Recording glitched while running (overflow or underflow)."),
    /** The recording has been digital silence for a while. */
    WARN_ADM_RECORD_AUDIO_SILENCE(1019, AdmCodeKind.WARNING, false, "The recording has been digital silence for a while."),
    /** The playout device runs far from its nominal rate, or has stalled. */
    WARN_ADM_PLAYOUT_MALFUNCTION(1020, AdmCodeKind.WARNING, false, "The playout device runs far from its nominal rate, or has stalled."),
    /** The recording device runs far from its nominal rate, or has stalled. */
    WARN_ADM_RECORD_MALFUNCTION(1021, AdmCodeKind.WARNING, false, "The recording device runs far from its nominal rate, or has stalled."),
    /** The recording level has been too low for a while. */
    WARN_ADM_RECORD_AUDIO_LOWLEVEL(1031, AdmCodeKind.WARNING, false, "The recording level has been too low for a while."),
    /** The playout level has been too low for a while (an {@linkplain #extension() extension}). */
    WARN_ADM_PLAYOUT_AUDIO_LOWLEVEL(1032, AdmCodeKind.WARNING, "The playout level has been too low for a while."),
    /** The recording device is busy: another program holds it (an {@linkplain #extension() extension}). */
    WARN_ADM_RECORD_AUDIO_IS_ACTIVE(1033, AdmCodeKind.WARNING, "The recording device is busy: another program holds it."),
    /** Recording and playout are on different devices, which risks echo (an {@linkplain #extension() extension}). */
    WARN_ADM_INCONSISTENT_AUDIO_DEVICE(1042, AdmCodeKind.WARNING,
            "Recording and playout are on different devices, which risks echo."),
    /** Howling (acoustic feedback) is detected on the recording. */
    WARN_ADM_HOWLING(1051, AdmCodeKind.WARNING, false, "Howling (acoustic feedback) is detected on the recording."),
    /** The device keeps glitching: underflows or overflows persist (an {@linkplain #extension() extension}). */
    WARN_ADM_GLITCH_STATE(1052, AdmCodeKind.WARNING, "The device keeps glitching: underflows or overflows persist."),
    /**
     * No recording device is available (an {@linkplain #extension() extension}; the SDK raised it on Windows, hence
     * the name).
     */
    WARN_ADM_WIN_CORE_NO_RECORDING_DEVICE(1322, AdmCodeKind.WARNING, "No recording device is available."),
    /**
     * No playout device is available (an {@linkplain #extension() extension}; the SDK raised it on Windows, hence the
     * name).
     */
    WARN_ADM_WIN_CORE_NO_PLAYOUT_DEVICE(1323, AdmCodeKind.WARNING, "No playout device is available.");

    /** By kind, then by value: the dispatcher looks a code up per event, so no boxing, no hashing. */
    private static final AdmCode[][] BY_KIND_AND_VALUE = new AdmCode[AdmCodeKind.values().length][];
    private static final Map<String, AdmCode> BY_NAME = new HashMap<>();

    static {
        for (AdmCodeKind kind : AdmCodeKind.values()) {
            int max = 0;
            for (AdmCode code : values()) {
                max = code.kind == kind ? Math.max(max, code.value) : max;
            }
            BY_KIND_AND_VALUE[kind.ordinal()] = new AdmCode[max + 1];
        }
        for (AdmCode code : values()) {
            BY_KIND_AND_VALUE[code.kind.ordinal()][code.value] = code;
            BY_NAME.put(code.name(), code);
        }
    }

    private final int value;
    private final AdmCodeKind kind;
    private final boolean internalOnly;
    private final String description;
    private final boolean extension;

    /** A row of the seed table. */
    AdmCode(int value, AdmCodeKind kind, boolean internalOnly, String description) {
        this(value, kind, internalOnly, description, false);
    }

    /** An extension: public, and not in the seed table. */
    AdmCode(int value, AdmCodeKind kind, String description) {
        this(value, kind, false, description, true);
    }

    AdmCode(int value, AdmCodeKind kind, boolean internalOnly, String description, boolean extension) {
        this.value = value;
        this.kind = kind;
        this.internalOnly = internalOnly;
        this.description = description;
        this.extension = extension;
    }

    /** The documented integer value. */
    public int value() {
        return value;
    }

    /** Whether this is an error or a warning. */
    public AdmCodeKind kind() {
        return kind;
    }

    /** True for the codes the SDK reserves for internal use: they never reach an application. */
    public boolean internalOnly() {
        return internalOnly;
    }

    /**
     * True for the codes beyond the documented table this library started from: more specific codes, with the
     * numbers and names of the SDK's later public headers, for situations the module detects (see
     * {@code docs/codes.md}). The other codes are that table's rows, numbers and names unchanged.
     */
    public boolean extension() {
        return extension;
    }

    /** One English sentence saying what the code means. */
    public String description() {
        return description;
    }

    /** True for {@link #ERR_OK}. */
    public boolean isOk() {
        return this == ERR_OK;
    }

    /**
     * The code of this kind with this value.
     *
     * @return the code, or empty when no code of that kind has that value
     * @throws NullPointerException if {@code kind} is null
     */
    public static Optional<AdmCode> find(AdmCodeKind kind, int value) {
        return Optional.ofNullable(lookup(kind, value));
    }

    /**
     * The code of this kind with this value, or null: {@link #find(AdmCodeKind, int)} without the Optional.
     *
     * @throws NullPointerException if {@code kind} is null
     */
    public static AdmCode lookup(AdmCodeKind kind, int value) {
        AdmCode[] byValue = BY_KIND_AND_VALUE[Objects.requireNonNull(kind, "kind").ordinal()];
        return value >= 0 && value < byValue.length ? byValue[value] : null;
    }

    /**
     * The error with this value.
     *
     * @throws IllegalArgumentException if no error has that value; the message lists what was asked
     */
    public static AdmCode error(int value) {
        return find(AdmCodeKind.ERROR, value).orElseThrow(() -> unknown(AdmCodeKind.ERROR, value));
    }

    /**
     * The warning with this value.
     *
     * @throws IllegalArgumentException if no warning has that value
     */
    public static AdmCode warning(int value) {
        return find(AdmCodeKind.WARNING, value).orElseThrow(() -> unknown(AdmCodeKind.WARNING, value));
    }

    /**
     * The code with this documented name, e.g. {@code "ERR_ADM_INIT_PLAYOUT"}; case-sensitive.
     *
     * @return the code, or empty when no code has that name (null included)
     */
    public static Optional<AdmCode> findByName(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(BY_NAME.get(name));
    }

    /** All codes of one kind, in ascending value order. */
    public static List<AdmCode> ofKind(AdmCodeKind kind) {
        Objects.requireNonNull(kind, "kind");
        List<AdmCode> codes = new ArrayList<>();
        for (AdmCode code : values()) {
            if (code.kind == kind) {
                codes.add(code);
            }
        }
        return Collections.unmodifiableList(codes);
    }

    /**
     * A readable text for any number of a kind, known or not: {@code "ERR_ADM_SAMPLE_RATE (1007)"} or
     * {@code "unknown error code 4242"}.
     */
    public static String describe(AdmCodeKind kind, int value) {
        return find(kind, value)
                .map(AdmCode::toString)
                .orElseGet(() -> "unknown " + kind.name().toLowerCase(java.util.Locale.ROOT) + " code " + value);
    }

    /** The name and value, e.g. {@code "ERR_ADM_SAMPLE_RATE (1007)"}. */
    @Override
    public String toString() {
        return name() + " (" + value + ")";
    }

    private static IllegalArgumentException unknown(AdmCodeKind kind, int value) {
        return new IllegalArgumentException(describe(kind, value) + ": no documented "
                + kind.name().toLowerCase(java.util.Locale.ROOT) + " has this value (see docs/codes.md)");
    }
}
