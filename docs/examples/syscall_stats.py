#!/usr/bin/env python3
"""Per-syscall calls, errors and time from snoop's text output, with the
wall-clock date of the first record (from the header's boot_realtime).

    snoop -p 1234 -o trace.txt      # Ctrl-C to stop
    python3 docs/examples/syscall_stats.py < trace.txt
"""
import sys
from collections import defaultdict
from datetime import datetime, timezone

boot = None
first = None
calls = defaultdict(int)
errors = defaultdict(int)
time_ns = defaultdict(int)

for line in sys.stdin:
    if line.startswith("# snoop "):
        # "boot_realtime=S.N": wall clock at monotonic time zero
        for field in line.split():
            if field.startswith("boot_realtime="):
                sec, ns = field.split("=", 1)[1].split(".")
                boot = int(sec) * 10**9 + int(ns)
        continue
    if line.startswith("#"):
        continue
    f = line.split(None, 7)   # time pid tid syscall ret errno duration (args)
    if f[3] in ("---", "+++"):  # a signal, or the end of a process
        continue
    sec, ns = f[0].split(".")
    ts = int(sec) * 10**9 + int(ns)
    first = ts if first is None else min(first, ts)
    name = f[3]
    calls[name] += 1
    if f[5] != "-":
        errors[name] += 1
    if f[6] != "?":
        time_ns[name] += int(f[6])

if boot is not None and first is not None:
    when = datetime.fromtimestamp((boot + first) / 1e9, tz=timezone.utc)
    print("first record:", when.isoformat(timespec="microseconds"))
print("syscall calls errors total_ns")
for name in sorted(calls, key=lambda n: -time_ns[n]):
    print(name, calls[name], errors[name], time_ns[name])
