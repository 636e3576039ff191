# --format=trace-event and --format=strace: the forms other tools read,
# from one capture checked against the records `snoop -r` shows, in a real
# trace viewer, and live to an end by a signal.

# One capture with every kind of record: threads, failed calls, a signal,
# ends by exit and by SIGKILL, a call killed in progress (sh's wait4: the
# killer waits until /proc says sh is in it, 61, however busy the machine,
# and outlives its kill: it is sh's child, and its exit, reaped first,
# would end that wait4 before the SIGKILL).
formats_capture() {
	[ -s "$T/fmt.cap" ] && return 0
	$SNOOP -f -w "$T/fmt.cap" -- sh -c "$PROBE threads 3; ls /nope; trap : USR2; kill -USR2 \$\$;
		(until [ ! -e /proc/\$\$ ] || [ \"\$(cut -d' ' -f1 /proc/\$\$/syscall)\" = 61 ]; do sleep 0.05; done; kill -9 \$\$; sleep 1) & sleep 5" \
		> /dev/null 2> "$T/fmt.caperr"
	$SNOOP -r "$T/fmt.cap" --format=json > "$T/fmt.json" 2> "$T/fmt.jerr" && [ -s "$T/fmt.json" ]
}

t_trace_event() {
	local name="--format=trace-event: one complete event per syscall record of -r --format=json, signals and ends as instants, names from comm"
	formats_capture || { fail "$name" "capture: $(cat "$T/fmt.caperr" "$T/fmt.jerr")"; return; }
	$SNOOP -r "$T/fmt.cap" --format=trace-event -o "$T/fmt.te" 2> "$T/fmt.teerr" || { fail "$name" "$(cat "$T/fmt.teerr")"; return; }
	python3 - "$T/fmt.json" "$T/fmt.te" > "$T/fmt.py" 2>&1 <<-'EOF2' || { fail "$name" "$(cat "$T/fmt.py")"; return; }
	import json, sys
	recs = [json.loads(l) for l in open(sys.argv[1])]
	doc = json.load(open(sys.argv[2]))
	header, recs = recs[0], recs[1:]
	assert doc["otherData"] == header, (doc["otherData"], header)   # the wall-clock anchor
	ev = doc["traceEvents"]
	calls = [r for r in recs if r["type"] == "syscall"]
	xs = [e for e in ev if e["ph"] == "X"]
	assert len(xs) == len(calls), (len(xs), len(calls))
	for e, r in zip(xs, calls):   # the same records, in their order
	    a = e["args"]
	    assert (e["name"], e["pid"], e["tid"]) == (r["syscall"], r["pid"], r["tid"]), (e, r)
	    assert e["ts"] == r["time_ns"] / 1000 and a["time_ns"] == r["time_ns"], (e, r)
	    assert (a["ret"], a["errno"], a["duration_ns"]) == (r["ret"], r["errno"], r["duration_ns"]), (e, r)
	    assert ("failed" in e["cat"]) == (r["errno"] is not None and r["ret"] is not None), (e, r)
	    if r["duration_ns"] is None:
	        assert e["dur"] == 0 and a["no_duration"] in ("unfinished", "no_return", "no_entry"), e
	    else:
	        assert round(e["dur"] * 1000) == r["duration_ns"], (e, r)
	assert any(r.get("killed") for r in calls), "no call killed in progress"
	others = [r for r in recs if r["type"] in ("signal", "exit")]
	inst = [e for e in ev if e["ph"] == "i" and e["cat"] in ("signal", "exit")]
	assert [(e["args"]["type"], e["pid"], e["tid"], e["args"]["time_ns"]) for e in inst] == \
	       [(r["type"], r["pid"], r["tid"], r["time_ns"]) for r in others], (inst, others)
	assert {e["name"] for e in inst} >= {"SIGUSR2", "SIGCHLD", "killed by SIGKILL", "exited with 0"}, {e["name"] for e in inst}
	# each thread's name as its records last showed it, each process's as its leader's
	names = {(e["pid"], e["tid"]): e["args"]["name"] for e in ev if e["ph"] == "M" and e["name"] == "thread_name"}
	last = {}
	for r in recs:
	    if r["type"] != "lost":
	        last[(r["pid"], r["tid"])] = r["comm"]
	assert names == last, (names, last)
	procs = {e["pid"]: e["args"]["name"] for e in ev if e["ph"] == "M" and e["name"] == "process_name"}
	assert set(procs) == {r["pid"] for r in recs}, procs
	assert all(procs[p] == n for (p, t), n in last.items() if p == t), (procs, last)
	print(len(xs), "calls,", len(inst), "instants")
	EOF2
	ok "$name ($(cat "$T/fmt.py"))"
}

# The trace engine, installed, and the program that runs it (node or
# chromium): true, or the test NAME skipped saying which is missing (failed
# under CI, which must run it).
viewer_ready() {   # NAME PROGRAM WHY-IF-NO-PROGRAM
	local why=""
	command -v "$2" > /dev/null || why=$3
	[ -n "$why" ] || [ -d tests/viewer/node_modules/@paulirish/trace_engine ] ||
		why="tests/viewer/node_modules is missing (src/tools/setup.sh installs the trace engine with npm ci)"
	[ -z "$why" ] && return 0
	if [ -n "${CI:-}" ]; then fail "$1" "$why"; else skip "$1" "$why"; fi
	return 1
}

t_trace_event_viewer() {
	local name="--format=trace-event opens in Chrome DevTools' trace engine: its complete events are the capture's syscall records"
	viewer_ready "$name" node "node is not installed (src/tools/setup.sh installs nodejs)" || return
	formats_capture || { fail "$name" "capture: $(cat "$T/fmt.caperr" "$T/fmt.jerr")"; return; }
	$SNOOP -r "$T/fmt.cap" --format=trace-event -o "$T/fmt.tev" 2> "$T/fmt.teverr" || { fail "$name" "$(cat "$T/fmt.teverr")"; return; }
	node tests/viewer/count_events.mjs "$T/fmt.tev" > "$T/fmt.viewer" 2>&1 || { fail "$name" "$(tail -5 "$T/fmt.viewer")"; return; }
	python3 tests/viewer/check_counts.py "$T/fmt.json" "$T/fmt.viewer" > "$T/fmt.vpy" 2>&1 || { fail "$name" "$(cat "$T/fmt.vpy")"; return; }
	ok "$name ($(cat "$T/fmt.vpy"))"
}

# The same file in the same engine, now in a browser: viewer.html in
# headless Chromium, served with its modules by serve.py (Chromium imports
# modules over HTTP only), which is chromium_run's proxy too (report.sh), so
# the page gets nothing from anywhere else.
t_trace_event_chromium() {
	local name="--format=trace-event opens in headless Chromium (DevTools' trace engine in a page): its complete events are the capture's syscall records"
	viewer_ready "$name" chromium "no chromium (src/tools/setup.sh installs it)" || return
	formats_capture || { fail "$name" "capture: $(cat "$T/fmt.caperr" "$T/fmt.jerr")"; return; }
	$SNOOP -r "$T/fmt.cap" --format=trace-event -o "$T/fmt.tec" 2> "$T/fmt.tecerr" || { fail "$name" "$(cat "$T/fmt.tecerr")"; return; }
	rm -f "$T/viewer.port" "$T/viewer.log"
	python3 tests/viewer/serve.py tests/viewer "$T/fmt.tec" "$T/viewer.port" "$T/viewer.log" 2> "$T/viewer.err" &
	local server=$! port i
	for i in $(seq 1 100); do [ -s "$T/viewer.port" ] && break; sleep 0.1; done
	port=$(cat "$T/viewer.port" 2> /dev/null)
	[ -n "$port" ] || { kill "$server"; fail "$name" "serve.py: $(cat "$T/viewer.err")"; return; }
	# virtual time stands still while the page's modules and the trace load
	chromium_run "$port" --virtual-time-budget=30000 --dump-dom \
		"http://127.0.0.1:$port/viewer.html?trace=/trace.json" > "$T/fmt.dom" 2> "$T/chromium.err"
	local rc=$?
	kill "$server"
	[ $rc -eq 0 ] || { fail "$name" "chromium (exit $rc): $(tail -3 "$T/chromium.err")"; return; }
	python3 tests/viewer/check_counts.py --dom "$T/fmt.json" "$T/fmt.dom" > "$T/fmt.cpy" 2>&1 || { fail "$name" "$(cat "$T/fmt.cpy")"; return; }
	ok "$name ($(cat "$T/fmt.cpy"))"
}

# A live trace-event stream ended by a signal: the object closed, the call
# in progress an event with no duration.
t_trace_event_signal() {
	local name="--format=trace-event live, ended by SIGINT and SIGTERM: valid JSON with the call in progress"
	local sig out spid pid i
	for sig in INT TERM; do
		out="$T/tes.$sig"
		mkfifo "$T/tes.in.$sig"
		$SNOOP --format=trace-event -o "$out" -- $PROBE wait < "$T/tes.in.$sig" > "$T/tes.pid" 2> "$T/tes.err" &
		spid=$!
		exec 8> "$T/tes.in.$sig"
		for i in $(seq 1 50); do [ -s "$T/tes.pid" ] && break; sleep 0.1; done
		pid=$(cat "$T/tes.pid")
		sleep 0.3
		kill -$sig $spid
		wait $spid
		exec 8>&-
		python3 - "$out" "$pid" > "$T/tes.py" 2>&1 <<-'EOF2' || { fail "$name" "SIG$sig: $(cat "$T/tes.py")"; return; }
		import json, sys
		doc = json.load(open(sys.argv[1]))
		pid = int(sys.argv[2])
		reads = [e for e in doc["traceEvents"] if e["ph"] == "X" and e["pid"] == pid and e["name"] == "read"]
		assert reads and reads[-1]["args"]["no_duration"] == "unfinished" and reads[-1]["dur"] == 0, reads
		assert doc["otherData"]["boot_realtime_ns"] > 0, doc["otherData"]
		EOF2
	done
	ok "$name"
}

t_strace_format() {
	local name="--format=strace: strace_compare.py's strace parser reads every line, record for record -r's"
	formats_capture || { fail "$name" "capture: $(cat "$T/fmt.caperr" "$T/fmt.jerr")"; return; }
	$SNOOP -r "$T/fmt.cap" --format=strace -o "$T/fmt.st" 2> "$T/fmt.sterr" &&
		$SNOOP -r "$T/fmt.cap" -o "$T/fmt.txt" 2>> "$T/fmt.sterr" || { fail "$name" "$(cat "$T/fmt.sterr")"; return; }
	# strace's own -f -ttt -T lines, for the parser to read the same way
	sh -c 'strace -f -ttt -T -o "$1" sh -c "ls /nope; (sleep 0.1; kill -9 \$\$) & sleep 5"' sh "$T/fmt.real" > /dev/null 2>&1
	python3 - "$T/fmt.st" "$T/fmt.txt" "$T/fmt.json" "$T/fmt.real" > "$T/fmt.spy" 2>&1 <<-'EOF2' || { fail "$name" "$(cat "$T/fmt.spy")"; return; }
	import collections, json, re, sys
	sys.path.insert(0, "tests/integration")
	import strace_compare as sc
	ours, text, js, real = sys.argv[1:]
	lines = [l for l in open(ours) if not l.startswith("#")]
	t = sc.read_strace(ours)
	s, _ = sc.read_snoop(text, None)
	assert len(t) == len(s) == len(lines), (len(t), len(s), len(lines))
	by_t, by_s = collections.defaultdict(list), collections.defaultdict(list)
	for r in t:
	    by_t[r.tid].append(r)
	for r in s:
	    by_s[r.tid].append(r)
	assert set(by_t) == set(by_s), (set(by_t), set(by_s))
	for tid in by_s:
	    assert len(by_t[tid]) == len(by_s[tid]), tid
	    for a, b in zip(by_t[tid], by_s[tid]):
	        assert a.name == b.name and a.errno == b.errno and (a.errno or a.ret == b.ret), (a.line, b.line)
	        assert sc.compare_rec(a, b) == set(), (sc.compare_rec(a, b), a.line, b.line)
	# the time column: the header's wall clock at the record's time, as -ttt prints it
	recs = [json.loads(l) for l in open(js)]
	boot = recs[0]["boot_realtime_ns"]
	for l, r in zip(lines, recs[1:]):
	    want = (boot + r["time_ns"]) // 1000
	    got = int(l.split()[1].replace(".", ""))
	    assert abs(got - want) <= 1, (l, r)
	# strace's own lines go through the same parser, none of them unread
	rt = sc.read_strace(real)
	assert rt and all(r.ret != "unparsed" for r in rt), [r.line for r in rt if r.ret == "unparsed"][:3]
	assert any(r.name == "+++" and r.args == "killed by SIGKILL" for r in rt), "strace: no kill"
	print(len(t), "lines")
	EOF2
	ok "$name ($(cat "$T/fmt.spy"))"
}

# Live, each form is what the replay of the same run's capture gives.
t_formats_live() {
	local name="--format=trace-event and strace live: the same bytes as -r of the run's capture"
	local f
	for f in trace-event strace; do
		$SNOOP -f --format=$f -w "$T/fl.$f.cap" -o "$T/fl.$f.live" -- sh -c "$PROBE threads 2; ls /nope" > /dev/null 2> "$T/fl.err" ||
			[ $? -eq 2 ] || { fail "$name" "$f: $(cat "$T/fl.err")"; return; }
		$SNOOP -r "$T/fl.$f.cap" --format=$f -o "$T/fl.$f.replay" 2> "$T/fl.err" || { fail "$name" "$f -r: $(cat "$T/fl.err")"; return; }
		[ -s "$T/fl.$f.live" ] || { fail "$name" "$f: nothing written"; return; }
		if [ $f = trace-event ]; then   # the header's cmdline is each run's own
			python3 -c 'import json, sys; [json.load(open(p)) for p in sys.argv[1:]]' "$T/fl.$f.live" "$T/fl.$f.replay" ||
				{ fail "$name" "$f: invalid JSON"; return; }
			sed -i 1d "$T/fl.$f.live" "$T/fl.$f.replay"
		fi
		cmp -s "$T/fl.$f.live" "$T/fl.$f.replay" || { fail "$name" "$f: $(diff "$T/fl.$f.live" "$T/fl.$f.replay" | head -4)"; return; }
	done
	ok "$name"
}

# Losses (a 4 KiB buffer under a storm): instants on the CPUs' tracks whose
# counts and the events written add up to every call, live and replayed.
t_trace_event_loss() {
	local name="--format=trace-event: lost records are instants on their CPU's track, and they add up"
	$SNOOP --buffer-pages=1 -e getppid --format=trace-event -w "$T/tel.cap" -o "$T/tel.live" -- $PROBE storm 200000 2> "$T/tel.err" ||
		{ fail "$name" "$(cat "$T/tel.err")"; return; }
	$SNOOP -r "$T/tel.cap" --format=trace-event -o "$T/tel.replay" 2> "$T/tel.err" || { fail "$name" "-r: $(cat "$T/tel.err")"; return; }
	python3 - "$T/tel.live" "$T/tel.replay" > "$T/tel.py" 2>&1 <<-'EOF2' || { fail "$name" "$(cat "$T/tel.py")"; return; }
	import json, sys

	def figures(path):
	    ev = json.load(open(path))["traceEvents"]
	    got = sum(1 for e in ev if e["ph"] == "X" or e.get("cat") in ("signal", "exit"))
	    lost = [e for e in ev if e.get("cat") == "lost"]
	    cpus = {e["tid"]: e["args"]["name"] for e in ev if e["ph"] == "M" and e["pid"] == 0 and e["name"] == "thread_name"}
	    for e in lost:
	        assert e["pid"] == 0 and e["ph"] == "i" and e["name"] == "lost %d records" % e["args"]["count"], e
	        assert cpus[e["tid"]] == "cpu %d" % e["args"]["cpu"] and e["tid"] == e["args"]["cpu"], (e, cpus)
	    return got, sum(e["args"]["count"] for e in lost)

	live, replay = figures(sys.argv[1]), figures(sys.argv[2])
	assert live[1] > 0, "a 4 KiB buffer lost nothing: the test does not test"
	assert sum(live) == 200001, live   # the calls and the process's end
	assert replay == live, (live, replay)
	print("%d written, %d lost" % live)
	EOF2
	ok "$name ($(cat "$T/tel.py"))"
}
