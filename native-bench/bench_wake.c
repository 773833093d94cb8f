/* What one sleep-and-wake of a thread costs in CPU on this machine (docs/benchmarks.md, "The audio path"):
 * a thread that wakes N times a second pays N times this, whatever it does once awake.
 *   bench_wake SLEEP_MICROSECONDS COUNT */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double cpuMicros(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

int main(int argc, char** argv) {
    if (argc != 3 || atol(argv[1]) <= 0 || atol(argv[1]) >= 1000000 || atoi(argv[2]) <= 0) {
        fprintf(stderr, "usage: %s SLEEP_MICROSECONDS(1-999999) COUNT\n", argv[0]);
        return 2;
    }
    const struct timespec sleep = {0, atol(argv[1]) * 1000L};
    const int count = atoi(argv[2]);
    const double before = cpuMicros();
    for (int i = 0; i < count; ++i) {
        clock_nanosleep(CLOCK_MONOTONIC, 0, &sleep, NULL);
    }
    printf("ROW c-wake sleep_us=%ld wakes=%d cpu_us_per_wake=%.1f\n", atol(argv[1]), count,
           (cpuMicros() - before) / count);
    return 0;
}
