#!/usr/bin/env python3
"""Before/after for the detectors' budget (docs/benchmarks.md): runs two bench_detectors binaries
alternately (before, after, after, before, ...) so that both see the same machine, and prints, per signal
and format, the median over the runs of each statistic, as a Markdown table, with the load average.

Usage: compare-detectors.py BEFORE_BINARY AFTER_BINARY [RUNS=10] [SECONDS_PER_SIGNAL=60]
"""
import re
import statistics
import subprocess
import sys

LINE = re.compile(r'^(\w+)\s+(\w+)\s+p50\s+([\d.]+)\s+p99\s+([\d.]+)\s+p99\.9\s+([\d.]+)\s+max\s+([\d.]+)'
                  r'.*\((n=\d+), (\d+) detections\)')


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    before, after = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    seconds = sys.argv[4] if len(sys.argv) > 4 else "60"
    stats = {before: {}, after: {}}
    detections = {before: {}, after: {}}
    print("load average before:", open('/proc/loadavg').read().strip())
    for run in range(runs):
        for binary in ((before, after) if run % 2 == 0 else (after, before)):
            out = subprocess.run([binary, seconds], capture_output=True, text=True, check=True).stdout
            for line in out.splitlines():
                m = LINE.match(line)
                if m:
                    key = (m[1], m[2])
                    stats[binary].setdefault(key, []).append([float(m[i]) for i in range(3, 7)])
                    detections[binary].setdefault(key, set()).add(m[8])
    print("load average after: ", open('/proc/loadavg').read().strip())
    print(f"medians over {runs} alternating runs of {seconds} s per signal, µs per 10 ms callback\n")
    print("| signal | format | p50 before | p50 after | p99 before | p99 after | p99.9 before | p99.9 after "
          "| max before | max after | p50 ratio | p99 ratio | detections before / after |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for key in stats[before]:
        b = [statistics.median(x[i] for x in stats[before][key]) for i in range(4)]
        a = [statistics.median(x[i] for x in stats[after][key]) for i in range(4)]
        d = f"{','.join(sorted(detections[before][key]))} / {','.join(sorted(detections[after][key]))}"
        print(f"| {key[0]} | {key[1]} | {b[0]:.2f} | {a[0]:.2f} | {b[1]:.2f} | {a[1]:.2f} | {b[2]:.1f} | {a[2]:.1f} "
              f"| {b[3]:.1f} | {a[3]:.1f} | {b[0] / a[0]:.2f}× | {b[1] / a[1]:.2f}× | {d} |")


if __name__ == "__main__":
    main()
