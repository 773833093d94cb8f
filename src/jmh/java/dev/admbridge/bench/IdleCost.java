package dev.admbridge.bench;

import dev.admbridge.AudioDeviceModule;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The JVM's own share of the CPU figures of "The audio path": process CPU time per second of a JVM that
 * only sleeps, then with an open AudioDeviceModule and no stream.
 *
 * <pre>java ... dev.admbridge.bench.IdleCost SECONDS</pre>
 */
public final class IdleCost {
    private IdleCost() {}

    public static void main(String[] args) throws Exception {
        long millis = (long) (Double.parseDouble(args[0]) * 1000);
        Thread.sleep(1000);  // start-up done
        System.out.printf(Locale.ROOT, "ROW jvm-idle cpu_ms_per_s=%.2f%n", cpuMsPerSecond(millis));
        try (AudioDeviceModule adm = AudioDeviceModule.open()) {
            Thread.sleep(1000);
            System.out.printf(Locale.ROOT, "ROW jvm-idle+module-open cpu_ms_per_s=%.2f%n", cpuMsPerSecond(millis));
        }
    }

    private static double cpuMsPerSecond(long millis) throws InterruptedException {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        Thread.sleep(millis);
        return (os.getProcessCpuTime() - cpu0) / 1e6 / ((System.nanoTime() - wall0) / 1e9);
    }
}
