package dev.admbridge;

/**
 * The answer of {@link AudioDeviceModule#checkFormat(StreamKind, StreamConfig)}: whether a device can
 * open a format, and if not, the code that initializing would give and why.
 *
 * @param supported true when the stream would open
 * @param code {@link AdmCode#ERR_OK} when supported, else e.g. {@link AdmCode#ERR_ADM_SAMPLE_RATE}
 * @param reason empty when supported, else the backend's reason with the device and format asked for
 */
public record FormatCheck(boolean supported, AdmCode code, String reason) {}
