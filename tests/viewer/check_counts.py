#!/usr/bin/env python3
"""check_counts.py RECORDS.json COUNTS - what DevTools' trace engine took
from a --format=trace-event file (engine_counts.mjs's JSON) against the
capture's records (`snoop -r CAP --format=json`): one complete event per
syscall record, failed calls in their own category, a named track per
thread. COUNTS is the JSON count_events.mjs prints under node, or with
--dom the DOM headless Chromium dumped of viewer.html, whose
<pre id=counts> holds it (or <pre id=error> the engine's error).
Prints "N events on M threads", or why not and exits 1."""
import html, json, re, sys


def counts_from_dom(dom):
    error = re.search(r'<pre id="error">(.*?)</pre>', dom, re.S)
    assert not error, "the page: " + html.unescape(error.group(1))
    counts = re.search(r'<pre id="counts">(.*?)</pre>', dom, re.S)
    assert counts, "the page wrote no counts (did its modules load?)"
    return json.loads(html.unescape(counts.group(1)))


def check(recs, got):
    calls = [r for r in recs if r["type"] == "syscall"]
    failed = sum(1 for r in calls if r["errno"] is not None and r["ret"] is not None)
    assert got["complete"] == len(calls), (got["complete"], len(calls))
    assert got["categories"] == {"syscall": len(calls) - failed, "syscall,failed": failed}, got["categories"]
    threads = {"%d/%d" % (r["pid"], r["tid"]) for r in calls}
    assert set(got["threads"]) == threads, (got["threads"], threads)
    assert all(got["threads"].values()), got["threads"]   # every track named
    return "%d events on %d threads" % (got["complete"], len(threads))


def main(args):
    dom = args[0] == "--dom"
    records, counts = args[dom:]
    recs = [json.loads(line) for line in open(records)]
    text = open(counts).read()
    try:
        print(check(recs, counts_from_dom(text) if dom else json.loads(text)))
    except AssertionError as e:
        sys.exit(f"check_counts: {e}")


main(sys.argv[1:])
