#!/usr/bin/env python3
"""What a collector (rsyslog, tests/integration/fleet.sh) received from
snoop --to, held against snoop's own local output of the same run.

    fleet_check.py exact   LOCAL RECEIVED URL   every record exactly once
    fleet_check.py restart LOCAL RECEIVED URL   none twice; delivered + dropped = made
    fleet_check.py udp     LOCAL RECEIVED URL   none twice, all arrived, cut ones marked

LOCAL is snoop's text output (-o); RECEIVED is rsyslog's file, one JSON
object per message (the test's template: hostname, app, procid, msgid,
timestamp, sd, msg). Every received record's structured data is parsed
back (RFC 5424 escapes) and must say what its text line says; HOSTNAME,
PROCID, MSGID and TIMESTAMP too. Prints one line: "ok ..." or the problem
(exit 1).
"""
import collections
import datetime
import json
import re
import sys

SDID = "snoop@32473"


def parse_sd(sd):
    """[snoop@32473 k="v" ...] -> dict, values unescaped (\\" \\\\ \\])."""
    m = re.match(r'^\[(\S+)', sd)
    assert m and m.group(1) == SDID, "SD-ID: %r" % sd
    i, out = m.end(), {}
    while sd[i] == " ":
        eq = sd.index("=", i)
        name = sd[i + 1:eq]
        assert sd[eq + 1] == '"', sd
        j, val = eq + 2, []
        while sd[j] != '"':
            if sd[j] == "\\" and sd[j + 1] in '"\\]':
                j += 1
            val.append(sd[j])
            j += 1
        out[name] = "".join(val)
        i = j + 1
    assert sd[i:] == "]", "SD ends with %r" % sd[i:]
    return out


UNSTORED = ("untraced", "unkept")


def local_output(path, url):
    """(header fields, record lines, records dropped for url, the
    not-stored notes' lines by type)"""
    header, records, dropped, unstored = {}, [], 0, {}
    for line in open(path, encoding="utf-8", errors="surrogateescape"):
        line = line.rstrip("\n")
        if line.startswith("# snoop "):
            header = dict(kv.split("=", 1) for kv in line[2:].split(" cmdline=")[0].split()[1:])
        m = re.match(r"^# dropped (\d+) records for (\S+) ", line)
        if m and m.group(2) == url:
            dropped += int(m.group(1))
        m = re.match(r"^# (untraced|unkept) \d+ ", line)
        if m:
            unstored[m.group(1)] = line
        if not line.startswith("#"):
            records.append(line)
    return header, records, dropped, unstored


def check_unstored(mine, unstored):
    """Each not-stored note of the local output arrived once, as it says."""
    notes = [m for m in mine if m["msgid"] in UNSTORED]
    assert sorted(m["msgid"] for m in notes) == sorted(unstored), \
        "notes %r, the local output has %r" % ([m["msgid"] for m in notes], sorted(unstored))
    for m in notes:
        sd = parse_sd(m["sd"])
        assert sd == {"type": m["msgid"], "count": unstored[m["msgid"]].split()[2]}, sd
        assert m["msg"] == unstored[m["msgid"]], (m["msg"], unstored[m["msgid"]])
    return len(notes)


def utc_us(boot_realtime, time_field):
    s, ns = boot_realtime.split(".")
    ts, tns = time_field.split(".")
    wall = (int(s) + int(ts)) * 10**9 + int(ns) + int(tns)
    d = datetime.datetime.fromtimestamp(wall // 10**9, datetime.timezone.utc)
    return d.strftime("%Y-%m-%dT%H:%M:%S") + ".%06d" % (wall % 10**9 // 1000)


def check_record(m, header):
    """A received record's header fields and SD against its MSG (its text line)."""
    sd, line = parse_sd(m["sd"]), m["msg"]
    f = line.split(None, 7)
    assert m["hostname"] == header["host"] and m["app"] == "snoop", m
    assert (sd["time"], sd["pid"], sd["tid"]) == tuple(f[:3]), (sd, line)
    assert m["procid"] == sd["pid"], m
    # rsyslog shows the time in its own precision: compare the seconds and µs it kept
    want = utc_us(header["boot_realtime"], sd["time"])
    got = m["timestamp"].replace("+00:00", "").rstrip("Z")
    assert want.startswith(got[:19]) and (len(got) < 20 or want[20:20 + len(got) - 20] == got[20:]), (want, m["timestamp"])
    if sd["type"] == "syscall":
        assert m["msgid"] == sd["syscall"][:32], m
        keys = ["syscall", "ret", "errno", "duration"]
        assert [sd[k] for k in keys] == f[3:7], (sd, line)
        assert sd["args"] == (f[7] if len(f) > 7 else ""), (sd["args"], line)
    elif sd["type"] == "signal":
        assert f[3] == "---" and m["msgid"] == sd["signal"] == f[4], (sd, line)
        assert line.endswith(" " + sd["siginfo"] + " ---"), (sd, line)
    else:
        assert f[3] == "+++" and m["msgid"] in ("exited", "killed"), (sd, line)
        assert ("status" in sd and line.endswith("exited with %s +++" % sd["status"])) or \
               ("killed_by" in sd and line.endswith("killed by %s +++" % sd["killed_by"])), (sd, line)


def main():
    mode, local_path, received_path, url = sys.argv[1:5]
    header, local, dropped, unstored = local_output(local_path, url)
    received = [json.loads(l) for l in open(received_path, encoding="utf-8")]
    mine = [m for m in received if m.get("app") == "snoop"]
    notes = collections.Counter(m["msgid"] for m in mine if m["msgid"] in ("header", "dropped", "lost") + UNSTORED)
    records = [m for m in mine if m["msgid"] not in ("header", "dropped", "lost") + UNSTORED]
    nunstored = check_unstored(mine, unstored)
    assert notes["header"] >= 1, "no header message"
    got = collections.Counter()
    cut = 0
    for m in records:
        sd = parse_sd(m["sd"])
        if sd.get("cut") == "true":   # a datagram cut to its safe size
            cut += 1
            assert m["msg"].endswith("...") or not m["msg"], m
            prefix = m["msg"][:-3]
            match = [l for l in local if l.startswith(prefix) and l.split(None, 4)[:4] == prefix.split(None, 4)[:4]]
            assert match, "a cut record that is no local record: %r" % m["msg"][:120]
            got[match[0]] += 1
            continue
        check_record(m, header)
        got[m["msg"]] += 1
    twice = [l for l, n in got.items() if n > 1]
    assert not twice, "%d records arrived more than once, e.g. %r" % (len(twice), twice[0])
    made = collections.Counter(local)
    stray = [l for l in got if l not in made]
    assert not stray, "%d received records are not in the local output, e.g. %r" % (len(stray), stray[0])
    delivered = sum(got.values())
    if mode in ("exact", "udp"):
        missing = [l for l in made if l not in got]
        assert not missing and delivered == len(local), \
            "%d of %d records did not arrive, e.g. %r" % (len(missing), len(local), missing[:1])
        assert dropped == 0, "the local output says %d dropped" % dropped
    else:
        assert delivered + dropped == len(local), \
            "delivered %d + dropped %d != made %d" % (delivered, dropped, len(local))
        assert dropped > 0, "nothing was dropped: the test did not fill the buffer"
        assert notes["dropped"] >= 1, "no 'dropped' note reached the stream"
        assert notes["header"] >= 2, "one header: the connection was not made again"
    print("ok made=%d delivered=%d dropped=%d headers=%d cut=%d not-stored notes=%d" %
          (len(local), delivered, dropped, notes["header"], cut, nunstored))


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print("FAIL %s" % e)
        sys.exit(1)
