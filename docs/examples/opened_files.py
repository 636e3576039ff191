#!/usr/bin/env python3
"""The files a command opened, from snoop's JSON Lines, each path with its
exact bytes (a name that is not UTF-8 comes back as it was: snoop writes
such bytes as \\udcXX, and surrogateescape turns them back), then the
error if the open failed, and the wall-clock time of the open.

    snoop --format=json -e openat,open -- tar cf /dev/null . | python3 docs/examples/opened_files.py
"""
import json
import sys
from datetime import datetime, timezone

out = sys.stdout.buffer
boot_ns = 0
for line in sys.stdin:
    rec = json.loads(line)
    if rec["type"] == "header":
        boot_ns = rec["boot_realtime_ns"]   # an exact integer in Python
        continue
    if rec["type"] != "syscall" or rec["syscall"] not in ("open", "openat"):
        continue
    path = rec["args"][1 if rec["syscall"] == "openat" else 0]
    if not isinstance(path, str):   # unreadable memory: its address
        continue
    when = datetime.fromtimestamp((boot_ns + rec["time_ns"]) // 10**9, timezone.utc).isoformat()
    out.write(path.encode("utf-8", "surrogateescape") + b" " + (rec["errno"] or "ok").encode() + b" " + when.encode() + b"\n")
