package dev.admbridge.bench;

import dev.admbridge.AudioDeviceModule;
import dev.admbridge.AudioStream;
import dev.admbridge.StreamConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The PCM path's cost and allocation (run with {@code -prof gc}; the target is 0 B/op in
 * gc.alloc.rate.norm): {@code write(float[])} to a running playout and {@code read(float[])} from a running
 * loopback on the virtual card, in steady state. "Blocking" calls move one buffer per call and wait for the
 * device (each op takes about one buffer of real time, and the wait loop runs inside it); "noWait" calls pass
 * {@link Duration#ZERO} and move what fits now (usually nothing: the ring is full, or empty). No listener and
 * no {@link dev.admbridge.PcmConsumer} are set, so no other thread of the library allocates: JMH's gc
 * profiler counts the allocation of every thread.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PcmPathBenchmark {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    @Param({"128"})
    public int frames;

    private AudioDeviceModule adm;
    private AudioStream playout;
    private AudioStream loopback;
    private float[] out;
    private float[] in;

    @Setup(Level.Trial)
    public void open() {
        adm = AudioDeviceModule.open();
        StreamConfig config = StreamConfig.builder().device("system").sampleRate(48000).framesPerBuffer(frames).channels(1).build();
        loopback = adm.initLoopback(config);
        playout = adm.initPlayout(config);
        loopback.start();
        playout.start();
        out = new float[frames];
        in = new float[frames];
        for (int i = 0; i < frames; i++) {
            out[i] = (float) Math.sin(i * 0.1) * 0.25f;
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        playout.close();
        loopback.close();
        adm.close();
    }

    @Benchmark
    public int writeBlocking() {
        return playout.write(out, 0, frames, TIMEOUT);
    }

    @Benchmark
    public int readBlocking() {
        return loopback.read(in, 0, frames, TIMEOUT);
    }

    @Benchmark
    public int writeNoWait() {
        return playout.write(out, 0, frames, Duration.ZERO);
    }

    @Benchmark
    public int readNoWait() {
        return loopback.read(in, 0, frames, Duration.ZERO);
    }
}
