#!/usr/bin/env python3
"""Appends not-stored counts to a snoop capture, as a run whose kernel
tables were full writes them (docs/FORMAT.md, frame type 3):

    cap_unstored.py CAPTURE KIND:COUNT ...

KIND 0: processes untraced, 1: process ends unkept. The frames take the
next sequence numbers; the header's version becomes at least 3 (a
version-2 capture's records are version 3's; version 1's are not).
"""
import struct
import sys


def main():
    path, counts = sys.argv[1], [tuple(map(int, a.split(":"))) for a in sys.argv[2:]]
    cap = bytearray(open(path, "rb").read())
    assert cap[:8] == b"SNOOPCAP", "not a capture"
    version = struct.unpack_from("<I", cap, 8)[0]
    assert version >= 2, "a version-1 capture's records are shorter than version 3's"
    pos, seq = 16 + struct.unpack_from("<I", cap, 12)[0], 0
    while pos < len(cap):
        pos += 4 + struct.unpack_from("<I", cap, pos)[0]
        seq += 1
    assert pos == len(cap), "the capture's last frame is cut"
    struct.pack_into("<I", cap, 8, max(version, 3))
    for kind, count in counts:
        cap += struct.pack("<IIQQII", 12 + 16, 3, seq, count, kind, 0)
        seq += 1
    open(path, "wb").write(cap)


main()
