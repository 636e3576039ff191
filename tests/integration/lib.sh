# Helpers of the integration tests, sourced by run.sh.
# Each test prints "ok - NAME" or "FAIL - NAME: why" (or "skip - NAME: why").

ok()   { echo "ok - $1"; passed=$((passed + 1)); }
fail() { echo "FAIL - $1: $2"; failed=$((failed + 1)); }
skip() { echo "skip - $1: $2"; skipped=$((skipped + 1)); }

# The probe writes the records snoop must show to the fd named by
# SYSPROBE_EXPECT (tests/progs/sysprobe.c): the tests use fd 9,
#   SYSPROBE_EXPECT=9 $SNOOP ... -- $PROBE basic 9> "$T/x.want"

# The records of OUT that the probe's expectations WANT name, in the
# expectations' shape: fields 2-6 of snoop's --raw line (pid tid syscall
# ret errno), then as many argument registers as the expectation gives. A
# record is named when its pid, tid, syscall and those registers are an
# expectation's.
probe_records() {   # WANT OUT
	awk 'NR == FNR { k = $1 " " $2 " " $3; for (i = 6; i <= NF; i++) k = k " " $i
			 want[k] = 1; nargs[$3] = nargs[$3] " " (NF - 5); next }
	     $1 !~ /^#/ && ($4 in nargs) {
		n = split(nargs[$4], ks, " ")
		for (j = 1; j <= n; j++) {
			k = $2 " " $3 " " $4; for (i = 8; i < 8 + ks[j]; i++) k = k " " $i
			if (!(k in want)) continue
			line = $2 " " $3 " " $4 " " $5 " " $6
			for (i = 8; i < 8 + ks[j]; i++) line = line " " $i
			print line
			break
		}
	}' "$1" "$2"
}

check_diff() {   # NAME EXPECTED-FILE ACTUAL-FILE
	if diff -u "$2" "$3" > "$T/diff"; then ok "$1"; else fail "$1" "records differ:
$(cat "$T/diff")"; fi
}

# OUT holds exactly the records the probe expected, in its order (or, with
# "sorted", in any order: threads run side by side).
check_probe() {   # NAME WANT OUT [sorted]
	[ -s "$2" ] || { fail "$1" "the probe wrote no expectations"; return; }
	if [ "${4:-}" = sorted ]; then
		sort "$2" > "$T/probe.want"
		probe_records "$2" "$3" | sort > "$T/probe.got"
	else
		cp "$2" "$T/probe.want"
		probe_records "$2" "$3" > "$T/probe.got"
	fi
	check_diff "$1" "$T/probe.want" "$T/probe.got"
}

# Every line of a JSON output valid against docs/snoop.schema.json; given
# the same records as text, saying what the text says (json_check.py).
# Prints the problem, or nothing.
check_json() {   # JSON-FILE [TEXT-FILE]
	python3 tests/integration/json_check.py docs/snoop.schema.json "$@" > "$T/json_check.out" ||
		{ cat "$T/json_check.out"; return 1; }
}

# A TCP listener on 127.0.0.1 that writes what one connection sends to
# FILE: its port in PORTFILE once it listens; its PID in tcp_sink_pid.
tcp_sink() {   # FILE PORTFILE
	python3 -c 'import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1); s.settimeout(120); print(s.getsockname()[1], flush=True)
c, _ = s.accept(); out = open(sys.argv[1], "wb")
while True:
    b = c.recv(65536)
    if not b: break
    out.write(b)' "$1" > "$2" &
	tcp_sink_pid=$!
	for _ in $(seq 1 50); do [ -s "$2" ] && break; sleep 0.1; done
}

# A probe that prints its PID and waits for a line on stdin (sysprobe's
# wait and leaderwait modes), started on the FIFO $T/KEY.go, which fd 8
# holds open: `echo go >&8` lets it run on, `exec 8>&-` lets it end. Its
# expectations go to $T/KEY.want; its PID is in probe_pid (and $T/KEY.pid).
start_waiting_probe() {   # KEY PROGRAM MODE
	mkfifo "$T/$1.go"
	SYSPROBE_EXPECT=9 "$2" "$3" < "$T/$1.go" > "$T/$1.pid" 9> "$T/$1.want" &
	exec 8> "$T/$1.go"
	local i; for i in $(seq 1 50); do [ -s "$T/$1.pid" ] && break; sleep 0.1; done
	probe_pid=$(cat "$T/$1.pid")
}

# Waits up to 10 s for PATTERN in FILE
wait_for_line() {   # PATTERN FILE
	local i
	for i in $(seq 1 100); do
		grep -q "$1" "$2" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# Wait until snoop has written its header: it does so after attaching.
wait_ready() { wait_for_line '^# time' "$1"; }

# One line on stderr matching PATTERN and exit status WANT.
expect_error() {   # NAME WANT-STATUS PATTERN COMMAND...
	local name=$1 want=$2 pat=$3; shift 3
	"$@" > "$T/e.out" 2> "$T/e.err"
	local rc=$?
	if [ $rc -eq "$want" ] && [ "$(wc -l < "$T/e.err")" -eq 1 ] && grep -q "$pat" "$T/e.err"; then
		ok "$name"
	else
		fail "$name" "exit $rc (want $want), stderr: $(cat "$T/e.err")"
	fi
}

# Sum of the "# lost N records" lines of a text output.
lost_in() { awk '$1 == "#" && $2 == "lost" {s += $3} END {print s + 0}' "$1"; }

# snoop -n on a name nothing has; the header tells when it is tracing
start_idle_snoop() {
	rm -f "$T/idle.out"
	$SNOOP -n nosuchprocessname -o "$T/idle.out" 2> "$T/idle.err" &
	idle_pid=$!
	wait_ready "$T/idle.out"
}

# The BPF programs a process holds (by fd: programs and links), by ID.
held_prog_ids() { grep -h '^prog_id:' /proc/"$1"/fdinfo/* 2>/dev/null | awk '{print $2}' | sort -u; }

# How many of these program IDs the kernel still has (freeing after the
# last fd closes is asynchronous: give it up to 3 s).
progs_alive() {
	local i id n
	for i in $(seq 1 30); do
		n=0
		for id in "$@"; do bpftool prog show id "$id" > /dev/null 2>&1 && n=$((n + 1)); done
		[ $n -eq 0 ] && break
		sleep 0.1
	done
	echo $n
}
