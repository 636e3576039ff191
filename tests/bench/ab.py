#!/usr/bin/env python3
"""Two or more snoop builds (or option sets) side by side on bench.py's
getppid loop, alternated in one run: the way a change to the hot path is
measured on a shared, noisy machine, where runs minutes apart differ more
than the change.

    python3 tests/bench/ab.py REPS NAME=SNOOP[:OPTIONS] ...
    python3 tests/bench/ab.py 5 old=/tmp/old/snoop new=./snoop new-c=./snoop:-c

Each repetition runs, in order, the untraced loop, the empty-program floor,
the floor with a clock read in each program, the floor storing a timed
record per call (floor.c --stores) and writing one through a BPF ring
buffer it reads (--record), then every NAME: its snoop
binary with OPTIONS (space-separated) tracing the loop (1M calls) into a
file. Prints per configuration the median ns per call, the ns over the
untraced loop, that as a multiple of the floor's, and every repetition's
figure. Needs root (BPF) and a built tree (make, make bench's programs).
"""
import importlib.util
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("bench", os.path.join(HERE, "bench.py"))
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)
CALLS = 1000000


def configurations(specs):
    """(name, function returning ns per call) for the fixed rows, then each NAME=SNOOP[:OPTIONS]."""
    cfgs = [("untraced", lambda: bench.run_plain(bench.workload("bench", CALLS))),
            ("floor", lambda: bench.run_floor("bench", CALLS)),
            ("floor+clock", lambda: bench.run_floor("bench", CALLS, "--clock")),
            ("floor+stores", lambda: bench.run_floor("bench", CALLS, "--stores")),
            ("floor+ringbuf", lambda: bench.run_floor("bench", CALLS, "--record"))]
    for s in specs:
        name, eq, rest = s.partition("=")
        snoop, _, options = rest.partition(":")
        if not eq or not name or not os.access(snoop, os.X_OK):
            sys.exit("ab.py: %r: give NAME=SNOOP[:OPTIONS], SNOOP an executable snoop" % s)

        def run(snoop=os.path.abspath(snoop), options=options.split()):
            bench.SNOOP = snoop
            # -c writes a summary, not records: nothing for run_snoop to time a start by
            out = "/dev/null" if "-c" in options else os.path.join(bench.OUT, "ab.txt")
            return bench.run_snoop("bench", CALLS, out, options)["ns"]
        cfgs.append((name, run))
    return cfgs


def main():
    if len(sys.argv) < 3 or not sys.argv[1].isdigit():
        sys.exit(__doc__)
    os.makedirs(bench.OUT, exist_ok=True)
    cfgs = configurations(sys.argv[2:])
    runs = {name: [] for name, _ in cfgs}
    for _ in range(int(sys.argv[1])):
        for name, run in cfgs:
            runs[name].append(run())
    med = {name: statistics.median(v) for name, v in runs.items()}
    base, floor = med["untraced"], med["floor"] - med["untraced"]
    print("%-14s %8s %8s %8s   %s" % ("", "ns/call", "over", "x floor", "each repetition"))
    for name, _ in cfgs:
        print("%-14s %8.0f %8.0f %8.2f   %s" % (name, med[name], med[name] - base, (med[name] - base) / floor,
                                                " ".join("%.0f" % x for x in runs[name])))


main()
