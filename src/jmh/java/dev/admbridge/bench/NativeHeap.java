package dev.admbridge.bench;

/**
 * glibc's heap figures for {@link SoakRun}, from native-bench/heap_info.c (plain JNI, loaded from
 * -Dadm.bench.heaplib; it links nothing of admbridge). Without it the figures are -1.
 */
final class NativeHeap {
    private static final boolean AVAILABLE = load();

    private NativeHeap() {}

    private static boolean load() {
        try {
            System.load(System.getProperty("adm.bench.heaplib",
                    new java.io.File("target/native/bench/libadmbench_heap.so").getAbsolutePath()));
            return true;
        } catch (UnsatisfiedLinkError | SecurityException e) {
            System.err.println("no native heap figures: " + e.getMessage());
            return false;
        }
    }

    static boolean available() {
        return AVAILABLE;
    }

    /** {bytes in use, bytes held from the system, arenas}; -1 each without the library. */
    static long[] snapshot() {
        return AVAILABLE ? figures() : new long[] {-1, -1, -1};
    }

    /** malloc_trim(0); false without the library. */
    static boolean trimNow() {
        return AVAILABLE && trim() != 0;
    }

    /** malloc_info(0)'s XML: free chunks per size class and arena; empty without the library. */
    static String mallocInfo() {
        return AVAILABLE ? info() : "";
    }

    private static native long[] figures();

    private static native String info();

    private static native int trim();
}
