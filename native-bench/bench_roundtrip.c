/*
 * The floor for the audio path (docs/benchmarks.md, "The audio path"): a plain C program on PortAudio that
 * does what the admbridge run does, without the JVM or the library. It opens an output and an input stream
 * (separate streams, 1 channel float32, the device's default low latency) on the JACK device "system", wires
 * its own input port to its own output port with libjack (as src/main/cpp/JackLoopbackWiring.cpp wires the
 * loopback stream), plays a 50 ms log sweep every 0.5 s for the measured time, counts xruns from the callback
 * flags, and measures each sweep's round trip by cross-correlation on one frame timeline: every sample, played
 * or captured, is placed at the JACK frame time of its cycle (jack_last_frame_time, the same for all clients)
 * plus its position within the cycle.
 *
 *   bench_roundtrip FRAMES_PER_BUFFER SECONDS
 *
 * Prints one line starting with "ROW c-portaudio"; exit status 0, or 1 when something failed.
 */
#include <jack/jack.h>
#include <math.h>
#include <pa_jack.h>
#include <portaudio.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define RATE 48000.0
#define LEAD_SECONDS 1.0   /* silence before the first sweep; xruns here (start-up) are not counted */
#define PERIOD_SECONDS 0.5 /* one sweep every PERIOD */
#define SWEEP_SECONDS 0.05
#define TAIL_SECONDS 0.6
#define LEVEL 0.5011872336272722 /* -6 dBFS, as adm loopback */

typedef struct {
    jack_nframes_t cycle;       /* JACK frame time of the cycle of the latest callback */
    long cycleStart;            /* the stream's frame count at the first callback of that cycle */
    long frames;                /* frames so far */
    int started;
} Clock;

static jack_client_t* gJack;    /* a patch client: never activated, used for wiring and the frame time */
static jack_nframes_t gBase;    /* frame time 0 of the timeline */
static float* gSweep;
static int gSweepFrames, gLead, gPeriod, gRepeats;
static long* gPlayedAt;         /* timeline frame of each sweep's first sample, -1 before it played */
static float* gCaptured;        /* the capture on the timeline */
static long gCapturedSize;
static Clock gOut, gIn;
static atomic_int gMeasuring;
static atomic_long gOutXruns, gInXruns, gOutCallbacks, gInCallbacks;

/* The timeline frame of the first sample of this callback's buffer. */
static long timelineFrame(Clock* clock) {
    jack_nframes_t cycle = jack_last_frame_time(gJack);
    if (!clock->started || cycle != clock->cycle) {
        clock->started = 1;
        clock->cycle = cycle;
        clock->cycleStart = clock->frames;
    }
    return (long)(jack_nframes_t)(cycle - gBase) + (clock->frames - clock->cycleStart);
}

static int playCallback(const void* input, void* output, unsigned long frames,
                        const PaStreamCallbackTimeInfo* time, PaStreamCallbackFlags flags, void* user) {
    (void)input;
    (void)time;
    (void)user;
    float* out = (float*)output;
    long at = timelineFrame(&gOut);
    for (unsigned long i = 0; i < frames; i++) {
        long n = gOut.frames + (long)i - gLead;
        float x = 0;
        if (n >= 0 && n < (long)gRepeats * gPeriod) {
            long k = n / gPeriod, j = n % gPeriod;
            if (j == 0) {
                gPlayedAt[k] = at + (long)i;
            }
            if (j < gSweepFrames) {
                x = gSweep[j];
            }
        }
        out[i] = x;
    }
    gOut.frames += (long)frames;
    if (atomic_load_explicit(&gMeasuring, memory_order_relaxed)) {
        atomic_fetch_add_explicit(&gOutCallbacks, 1, memory_order_relaxed);
        if (flags & (paOutputUnderflow | paOutputOverflow)) {
            atomic_fetch_add_explicit(&gOutXruns, 1, memory_order_relaxed);
        }
    }
    return paContinue;
}

static int captureCallback(const void* input, void* output, unsigned long frames,
                           const PaStreamCallbackTimeInfo* time, PaStreamCallbackFlags flags, void* user) {
    (void)output;
    (void)time;
    (void)user;
    const float* in = (const float*)input;
    long at = timelineFrame(&gIn);
    for (unsigned long i = 0; i < frames; i++) {
        long t = at + (long)i;
        if (in != NULL && t >= 0 && t < gCapturedSize) {
            gCaptured[t] = in[i];
        }
    }
    gIn.frames += (long)frames;
    if (atomic_load_explicit(&gMeasuring, memory_order_relaxed)) {
        atomic_fetch_add_explicit(&gInCallbacks, 1, memory_order_relaxed);
        if (flags & (paInputOverflow | paInputUnderflow)) {
            atomic_fetch_add_explicit(&gInXruns, 1, memory_order_relaxed);
        }
    }
    return paContinue;
}

/* The same sweep as dev.admbridge.loopback.SweepSignal: 200 Hz to 0.4 x rate, 5 ms fades. */
static void makeSweep(void) {
    double f0 = 200, f1 = 0.4 * RATE, duration = gSweepFrames / RATE, k = log(f1 / f0);
    int fade = (int)fmin(gSweepFrames / 4, RATE * 0.005);
    for (int i = 0; i < gSweepFrames; i++) {
        double t = i / RATE;
        double phase = 2 * M_PI * f0 * duration / k * (exp(t / duration * k) - 1);
        int edge = i < gSweepFrames - 1 - i ? i : gSweepFrames - 1 - i;
        double window = fmin(1, edge / (double)fade);
        gSweep[i] = (float)(LEVEL * window * sin(phase));
    }
}

static long bestLag(long from, long to) {
    long best = -1;
    double bestValue = 0;
    for (long lag = from < 0 ? 0 : from; lag < to && lag + gSweepFrames <= gCapturedSize; lag++) {
        double sum = 0;
        for (int i = 0; i < gSweepFrames; i++) {
            sum += gCaptured[lag + i] * gSweep[i];
        }
        if (sum > bestValue) {
            bestValue = sum;
            best = lag;
        }
    }
    return best;
}

static int compareLong(const void* a, const void* b) {
    long x = *(const long*)a, y = *(const long*)b;
    return (x > y) - (x < y);
}

static double cpuSeconds(void) {
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return (double)usage.ru_utime.tv_sec + (double)usage.ru_stime.tv_sec
           + (double)(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static double nowSeconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleepSeconds(double seconds) {
    struct timespec ts;
    ts.tv_sec = (time_t)seconds;
    ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
    nanosleep(&ts, NULL);
}

/* Wires our input port to our output port: drop what feeds the input (system:capture), then out -> in. */
static int wire(void) {
    const char* client = NULL;
    char pattern[300];
    if (PaJack_GetClientName(&client) != paNoError || client == NULL) {
        fprintf(stderr, "bench_roundtrip: no JACK client name\n");
        return 0;
    }
    snprintf(pattern, sizeof pattern, "^%s:out_", client);
    const char** outs = jack_get_ports(gJack, pattern, NULL, 0);
    snprintf(pattern, sizeof pattern, "^%s:in_", client);
    const char** ins = jack_get_ports(gJack, pattern, NULL, 0);
    int ok = outs != NULL && ins != NULL && outs[0] != NULL && ins[0] != NULL;
    if (ok) {
        const char** feeding = jack_port_get_all_connections(gJack, jack_port_by_name(gJack, ins[0]));
        for (const char** p = feeding; p != NULL && *p != NULL; ++p) {
            jack_disconnect(gJack, *p, ins[0]);
        }
        if (feeding != NULL) {
            jack_free((void*)feeding);
        }
        ok = jack_connect(gJack, outs[0], ins[0]) == 0;
        fprintf(stderr, "bench_roundtrip: wired %s -> %s%s\n", outs[0], ins[0], ok ? "" : " FAILED");
    } else {
        fprintf(stderr, "bench_roundtrip: ports of client %s not found\n", client);
    }
    if (outs != NULL) {
        jack_free((void*)outs);
    }
    if (ins != NULL) {
        jack_free((void*)ins);
    }
    return ok;
}

static int check(PaError error, const char* what) {
    if (error != paNoError) {
        fprintf(stderr, "bench_roundtrip: %s: %s\n", what, Pa_GetErrorText(error));
        return 0;
    }
    return 1;
}

int main(int argc, char** argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: bench_roundtrip FRAMES_PER_BUFFER SECONDS\n");
        return 2;
    }
    unsigned long fpb = strtoul(argv[1], NULL, 10);
    double seconds = strtod(argv[2], NULL);
    gSweepFrames = (int)(SWEEP_SECONDS * RATE);
    gLead = (int)(LEAD_SECONDS * RATE);
    gPeriod = (int)(PERIOD_SECONDS * RATE);
    gRepeats = (int)(seconds / PERIOD_SECONDS);
    gSweep = calloc((size_t)gSweepFrames, sizeof(float));
    gPlayedAt = malloc((size_t)gRepeats * sizeof(long));
    for (int k = 0; k < gRepeats; k++) {
        gPlayedAt[k] = -1;
    }
    gCapturedSize = (long)((LEAD_SECONDS + seconds + TAIL_SECONDS + 2) * RATE);
    gCaptured = calloc((size_t)gCapturedSize, sizeof(float));
    makeSweep();

    jack_status_t status;
    gJack = jack_client_open("bench-roundtrip-patch", JackNoStartServer, &status);
    if (gJack == NULL) {
        fprintf(stderr, "bench_roundtrip: no JACK server answers\n");
        return 1;
    }
    if (!check(Pa_Initialize(), "Pa_Initialize")) {
        return 1;
    }
    PaHostApiIndex jackApi = Pa_HostApiTypeIdToHostApiIndex(paJACK);
    PaDeviceIndex device = paNoDevice;
    for (PaDeviceIndex i = 0; i < Pa_GetDeviceCount(); i++) {
        const PaDeviceInfo* info = Pa_GetDeviceInfo(i);
        if (info->hostApi == jackApi && strcmp(info->name, "system") == 0) {
            device = i;
        }
    }
    if (device == paNoDevice) {
        fprintf(stderr, "bench_roundtrip: no JACK device \"system\"\n");
        return 1;
    }
    const PaDeviceInfo* info = Pa_GetDeviceInfo(device);
    PaStreamParameters out = {device, 1, paFloat32, info->defaultLowOutputLatency, NULL};
    PaStreamParameters in = {device, 1, paFloat32, info->defaultLowInputLatency, NULL};
    PaStream* play = NULL;
    PaStream* capture = NULL;
    gBase = jack_frame_time(gJack);
    /* The order in which the streams are opened decides the order in which PortAudio's JACK host runs
       them in each cycle (measured: see docs/benchmarks.md). By default as admbridge's run does: capture
       (loopback) first, then playout; BENCH_RT_PLAY_FIRST=1 opens the output first. */
    const char* playFirstEnv = getenv("BENCH_RT_PLAY_FIRST");
    int playFirst = playFirstEnv != NULL && strcmp(playFirstEnv, "1") == 0;
    if ((playFirst && !check(Pa_OpenStream(&play, NULL, &out, RATE, fpb, paClipOff, playCallback, NULL), "open output"))
        || !check(Pa_OpenStream(&capture, &in, NULL, RATE, fpb, paClipOff, captureCallback, NULL), "open input")
        || (!playFirst && !check(Pa_OpenStream(&play, NULL, &out, RATE, fpb, paClipOff, playCallback, NULL), "open output"))
        || !check(Pa_StartStream(capture), "start input") || !check(Pa_StartStream(play), "start output")
        || !wire()) {
        return 1;
    }
    sleepSeconds(LEAD_SECONDS);
    double cpu0 = cpuSeconds(), wall0 = nowSeconds();
    atomic_store(&gMeasuring, 1);
    sleepSeconds(seconds);
    atomic_store(&gMeasuring, 0);
    double cpu1 = cpuSeconds(), wall1 = nowSeconds();
    sleepSeconds(TAIL_SECONDS);
    check(Pa_StopStream(play), "stop output");
    check(Pa_StopStream(capture), "stop input");
    Pa_CloseStream(play);
    Pa_CloseStream(capture);
    Pa_Terminate();
    jack_client_close(gJack);

    long* latencies = malloc((size_t)gRepeats * sizeof(long));
    int found = 0;
    for (int k = 0; k < gRepeats; k++) {
        if (gPlayedAt[k] < 0) {
            continue;
        }
        long lag = bestLag(gPlayedAt[k], gPlayedAt[k] + gPeriod / 2);
        if (lag >= 0) {
            latencies[found++] = lag - gPlayedAt[k];
        }
    }
    qsort(latencies, (size_t)found, sizeof(long), compareLong);
    double wall = wall1 - wall0;
    printf("ROW c-portaudio%s frames=%lu seconds=%.1f sweeps=%d/%d rt_median=%ld rt_min=%ld rt_max=%ld "
           "rt_median_ms=%.3f xruns_out=%ld xruns_in=%ld app_late=n/a callbacks_out=%ld callbacks_in=%ld "
           "cpu_ms_per_s=%.2f\n",
           playFirst ? "(output-opened-first)" : "", fpb, wall, found, gRepeats, found ? latencies[found / 2] : -1L, found ? latencies[0] : -1L,
           found ? latencies[found - 1] : -1L, found ? (double)latencies[found / 2] * 1000 / RATE : NAN,
           atomic_load(&gOutXruns), atomic_load(&gInXruns), atomic_load(&gOutCallbacks), atomic_load(&gInCallbacks),
           (cpu1 - cpu0) * 1000 / wall);
    return found == gRepeats ? 0 : 1;
}
