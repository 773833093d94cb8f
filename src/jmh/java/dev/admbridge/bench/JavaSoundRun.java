package dev.admbridge.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;

/**
 * The Java Sound row of "The audio path" (docs/benchmarks.md): a SourceDataLine and a TargetDataLine on
 * ALSA "default", 48 kHz mono int16, the same sweep timeline as {@link AudioPathRun}. Java Sound reaches the
 * JACK server only through an ALSA PCM of type "jack" (package libasound2-plugins; scripts/bench-audio
 * writes the .asoundrc in a temporary HOME). Each line is then a JACK client of its own
 * ("alsa-jack.jackpcmP..." and "...C..."); once both run, the capture client's input is unwired from
 * system:capture and wired to the playback client's output with jack_connect, the same port-to-port loop as
 * the other rows. Round trip by cross-correlation; the two lines are put on one timeline by their
 * getLongFramePosition() read at one instant (median of 50 readings). Java Sound reports no xruns.
 *
 * <pre>java ... dev.admbridge.bench.JavaSoundRun FRAMES_PER_BUFFER SECONDS</pre>
 */
public final class JavaSoundRun {
    private static final float RATE = 48000;
    private static final double LEAD_SECONDS = 1.0;
    private static final double PERIOD_SECONDS = 0.5;
    private static final double TAIL_SECONDS = 0.6;

    private JavaSoundRun() {}

    public static void main(String[] args) throws Exception {
        int fpb = Integer.parseInt(args[0]);
        double seconds = Double.parseDouble(args[1]);
        for (Mixer.Info info : AudioSystem.getMixerInfo()) {
            System.err.println("java sound mixer: " + info.getName() + " (" + info.getDescription() + ")");
        }
        int lead = (int) (LEAD_SECONDS * RATE);
        int period = (int) (PERIOD_SECONDS * RATE);
        int repeats = (int) (seconds / PERIOD_SECONDS);
        int total = lead + repeats * period + (int) (TAIL_SECONDS * RATE);
        float[] sweep = AudioPathRun.sweep((int) (0.05 * RATE));
        AudioFormat format = new AudioFormat(RATE, 16, 1, true, false);
        SourceDataLine play = AudioSystem.getSourceDataLine(format);
        TargetDataLine capture = AudioSystem.getTargetDataLine(format);
        play.open(format, 4 * fpb * 2);
        capture.open(format, 4 * fpb * 2);
        System.err.println("javasound lines: " + play.getLineInfo() + " / " + capture.getLineInfo());
        float[] captured = new float[total + 2 * period];
        int[] capturedFrames = new int[1];
        Thread reader = new Thread(() -> {
            byte[] bytes = new byte[fpb * 2];
            while (capture.isOpen() && capturedFrames[0] < captured.length) {
                int n = capture.read(bytes, 0, bytes.length) / 2;
                synchronized (capturedFrames) {
                    for (int i = 0; i < n && capturedFrames[0] < captured.length; i++) {
                        captured[capturedFrames[0]++] = (short) ((bytes[2 * i] & 0xff) | (bytes[2 * i + 1] << 8)) / 32768f;
                    }
                }
            }
        }, "capture");
        capture.start();
        reader.start();
        play.start();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        byte[] block = new byte[fpb * 2];
        long cpu0 = 0;
        long wall0 = 0;
        long offset = Long.MIN_VALUE;
        boolean wired = false;
        for (int written = 0; written < total; written += fpb) {
            for (int i = 0; i < fpb; i++) {
                int t = written + i - lead;
                float x = AudioPathRun.timeline(sweep, period, repeats, t);
                short s = (short) Math.round(x * 32767);
                block[2 * i] = (byte) s;
                block[2 * i + 1] = (byte) (s >> 8);
            }
            play.write(block, 0, block.length);
            if (!wired && written >= lead / 4 && written % (16 * fpb) == 0) {
                wired = wire();
            }
            if (wall0 == 0 && written >= lead) {
                cpu0 = os.getProcessCpuTime();
                wall0 = System.nanoTime();
                offset = alignment(play, capture);
            }
        }
        play.drain();
        long wall1 = System.nanoTime();
        long cpu1 = os.getProcessCpuTime();
        Thread.sleep(300);
        play.close();
        capture.stop();
        capture.close();
        reader.join(2000);

        List<Integer> latencies = new ArrayList<>();
        int length;
        synchronized (capturedFrames) {
            length = capturedFrames[0];
        }
        for (int k = 0; k < repeats; k++) {
            long played = lead + (long) k * period + offset;
            int found = AudioPathRun.bestLag(captured, length, sweep, (int) played - period / 4, (int) played + period / 2);
            if (found >= 0) {
                latencies.add((int) (found - played));
            }
        }
        List<Integer> sorted = latencies.stream().sorted().toList();
        double wall = (wall1 - wall0) / 1e9;
        System.out.printf(Locale.ROOT, "ROW javasound frames=%d seconds=%.1f sweeps=%d/%d rt_median=%d rt_min=%d rt_max=%d"
                        + " rt_median_ms=%.3f xruns_out=n/a xruns_in=n/a app_late=n/a line_buffer_frames=%d/%d"
                        + " wired=%s cpu_ms_per_s=%.2f%n",
                fpb, wall, sorted.size(), repeats, sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2),
                sorted.isEmpty() ? -1 : sorted.get(0), sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1),
                sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2) * 1000 / RATE,
                play.getBufferSize() / 2, capture.getBufferSize() / 2, wired, (cpu1 - cpu0) / 1e6 / wall);
    }

    /** Capture position minus playback position at one instant: the median of 50 readings. */
    private static long alignment(SourceDataLine play, TargetDataLine capture) throws InterruptedException {
        long[] readings = new long[50];
        for (int i = 0; i < readings.length; i++) {
            long p = play.getLongFramePosition();
            long c = capture.getLongFramePosition();
            long p2 = play.getLongFramePosition();
            readings[i] = c - (p + p2) / 2;
            Thread.sleep(0, 200_000);
        }
        Arrays.sort(readings);
        System.err.println("javasound alignment readings: min " + readings[0] + " median " + readings[25] + " max "
                + readings[49]);
        return readings[25];
    }

    /** The capture client's input: off system:capture, onto the playback client's output. */
    private static boolean wire() throws IOException, InterruptedException {
        List<String> ports = run("jack_lsp");
        // The plugin names its clients <program>.P.<pid>.<n> (playback) and <program>.C.<pid>.<n> (capture).
        String pid = Long.toString(ProcessHandle.current().pid());
        String out = ports.stream().filter(p -> p.matches("[^:]+\\.P\\." + pid + "\\.\\d+:out_\\d+"))
                .findFirst().orElse(null);
        String in = ports.stream().filter(p -> p.matches("[^:]+\\.C\\." + pid + "\\.\\d+:in_\\d+"))
                .findFirst().orElse(null);
        System.err.println("javasound ports: " + ports.stream().filter(p -> p.contains("." + pid + ".")).toList());
        if (out == null || in == null) {
            return false;
        }
        run("jack_disconnect", "system:capture_1", in);
        run("jack_connect", out, in);
        System.err.println("javasound wired " + out + " -> " + in);
        return true;
    }

    private static List<String> run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                lines.add(line.trim());
            }
        }
        process.waitFor();
        return lines;
    }
}
