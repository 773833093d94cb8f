package dev.admbridge;

/** Sample types a stream carries, interleaved. */
public enum SampleFormat {
    /** 32-bit float, nominally -1.0 to 1.0. */
    FLOAT32(0, 4),
    /** 16-bit signed integer. */
    INT16(1, 2);

    private final int nativeValue;
    private final int bytesPerSample;

    SampleFormat(int nativeValue, int bytesPerSample) {
        this.nativeValue = nativeValue;
        this.bytesPerSample = bytesPerSample;
    }

    /** The value the native core uses. */
    int nativeValue() {
        return nativeValue;
    }

    /** Bytes of one sample of one channel. */
    public int bytesPerSample() {
        return bytesPerSample;
    }
}
