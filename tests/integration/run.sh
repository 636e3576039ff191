#!/bin/bash
# Integration tests: real BPF, real child programs, exact records.
# Needs root (loading BPF programs); run by `make test` (README: sudo make test).
# Each test prints "ok - NAME" or "FAIL - NAME: why"; the last line counts them.
set -u
cd "$(dirname "$0")/../.."
SNOOP=${SNOOP:-./snoop}    # make check-asan runs the suite on a sanitizer build
PROBE=build/progs/sysprobe
T=$(mktemp -d /tmp/snoop-it-XXXXXX)
trap 'rm -rf "$T"; kill $(jobs -p) 2>/dev/null' EXIT
passed=0 failed=0 skipped=0

if [ "$(id -u)" -ne 0 ]; then
	echo "skip: integration tests load BPF programs and need root (run: sudo make test)"
	[ -n "${CI:-}" ] && { echo "0 passed, 1 failed (CI must run them as root)"; exit 1; }
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi

ok()   { echo "ok - $1"; passed=$((passed + 1)); }
fail() { echo "FAIL - $1: $2"; failed=$((failed + 1)); }
skip() { echo "skip - $1: $2"; skipped=$((skipped + 1)); }

# The record fields that do not vary between runs: pid tid syscall ret errno
# args, with the path pointer of openat replaced by PTR. Only lines of the
# magic calls (docs: tests/progs/sysprobe.c) and exit_group's first argument.
magic_fields() {
	awk '$1 !~ /^#/ && ($8 ~ /^0x5eed/ || $8 == "0x6001" || $12 == "0x8001" || $4 == "exit_group") {
		line = $2 " " $3 " " $4 " " $5 " " $6
		n = ($4 == "exit_group") ? 8 : 13
		for (i = 8; i <= n; i++) line = line " " (($4 == "openat" && i == 9) ? "PTR" : $i)
		print line
	}' "$@"
}

expected_magic() {   # PID [TID]: the magic sequence then exit_group(7)
	local p=$1 t=${2:-$1}
	cat <<-EOF2
	$p $t close -9 EBADF 0x5eed 0x1111 0x2222 0x3333 0x4444 0x5555
	$p $t getpid $p - 0x6001 0x6002 0x6003 0x6004 0x6005 0x6006
	$p $t read -9 EBADF 0x5eed 0x0 0x42 0x7001 0x7002 0x7003
	$p $t openat -2 ENOENT 0xffffffffffffff9c PTR 0x0 0x0 0x8001 0x8002
	$p $t exit_group ? - 0x7
	EOF2
}

# Wait until snoop has written its header: it does so after attaching.
wait_ready() {
	local i
	for i in $(seq 1 100); do
		grep -q '^# time' "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# The magic sequence of PID must be in OUT exactly (tag names the temp files).
check_magic() {   # NAME PID OUT TAG
	expected_magic "$2" > "$T/$4.want"
	magic_fields "$3" > "$T/$4.got"
	check_diff "$1" "$T/$4.want" "$T/$4.got"
}

check_diff() {   # NAME EXPECTED-FILE ACTUAL-FILE
	if diff -u "$2" "$3" > "$T/diff"; then ok "$1"; else fail "$1" "records differ:
$(cat "$T/diff")"; fi
}

# --- run a command with -- --------------------------------------------------
t_command() {
	local method=$1 name="command traced from execve ($1)"
	$SNOOP --raw --attach="$method" -o "$T/cmd.out" -- $PROBE basic 2> "$T/cmd.err"
	local rc=$?
	[ $rc -eq 7 ] || { fail "$name" "exit status $rc, want the command's 7; $(cat "$T/cmd.err")"; return; }
	local pid
	pid=$(awk '$1 !~ /^#/ {print $2; exit}' "$T/cmd.out")
	awk '$1 !~ /^#/ {print $4; exit}' "$T/cmd.out" | grep -qx execve || { fail "$name" "first record is not execve"; return; }
	awk -v p="$pid" '$1 !~ /^#/ && $2 != p {bad=1} END {exit bad}' "$T/cmd.out" || { fail "$name" "records of another process"; return; }
	check_magic "$name" "$pid" "$T/cmd.out" cmd
}

t_format() {
	local name="record lines are fixed-width up to the arguments"
	# time(20) pid(7) tid(7) syscall(16) ret(16) errno(12) duration(10), one space apart
	if grep -v '^#' "$T/cmd.out" |
		grep -Evx '[0-9]{10}\.[0-9]{9} [ 0-9]{7} [ 0-9]{7} [a-z0-9_]+ *[ ?0-9-]{16,} [A-Z0-9_-]+ *[ ?0-9]{10,}( 0x[0-9a-f]+){6}' > "$T/badlines"; then
		fail "$name" "$(head -3 "$T/badlines")"
	else
		head -1 "$T/cmd.out" | grep -q '^# snoop format=2 clock=monotonic boot_realtime=[0-9]\{10\}\.[0-9]\{9\} host=.* arch=x86_64 pid=[0-9]* args=raw cmdline=' &&
			ok "$name" || fail "$name" "bad header: $(head -1 "$T/cmd.out")"
	fi
}

# --- attach to a running process with -p -------------------------------------
t_pid() {
	local name="-p traces a running process and exits with it"
	mkfifo "$T/go"
	$PROBE wait < "$T/go" > "$T/pid.txt" &
	exec 8> "$T/go"
	local i; for i in $(seq 1 50); do [ -s "$T/pid.txt" ] && break; sleep 0.1; done
	local pid; pid=$(cat "$T/pid.txt")
	$SNOOP --raw -p "$pid" -o "$T/pid.out" 2> "$T/pid.err" &
	local spid=$!
	wait_ready "$T/pid.out" || { fail "$name" "snoop not ready: $(cat "$T/pid.err")"; exec 8>&-; return; }
	echo go >&8
	exec 8>&-
	wait "$spid"
	local rc=$?
	[ $rc -eq 0 ] || { fail "$name" "snoop exit $rc: $(cat "$T/pid.err")"; return; }
	check_magic "$name" "$pid" "$T/pid.out" pid
}

# --- by name with -n, including a process started after snoop ---------------
t_name() {
	local name="-n traces a process started later, only that name"
	mkdir -p "$T/bin"
	cp $PROBE "$T/bin/snoopnametest"
	$SNOOP --raw -n snoopnametest -o "$T/name.out" 2> "$T/name.err" &
	local spid=$!
	wait_ready "$T/name.out" || { fail "$name" "snoop not ready: $(cat "$T/name.err")"; return; }
	"$T/bin/snoopnametest" basic &
	local pid=$!
	wait $pid
	$PROBE basic   # same program, another name: not traced
	sleep 0.3      # records reach the file within the 100 ms drain
	kill -INT $spid
	wait $spid
	local rc=$?
	[ $rc -eq 0 ] || { fail "$name" "snoop exit $rc after SIGINT: $(cat "$T/name.err")"; return; }
	check_magic "$name" "$pid" "$T/name.out" name
}

# --- threads: one record per thread, each with its TID ----------------------
t_threads() {
	local name="threads: each thread's record carries its TID"
	$SNOOP --raw -e close -o "$T/thr.out" -- $PROBE threads 4 2> "$T/thr.err" || { fail "$name" "$(cat "$T/thr.err")"; return; }
	awk '$1 !~ /^#/ && $8 ~ /^0x5eed0/ {print $8, $5, $6, ($2 != $3 ? "own-tid" : "leader-tid")}' "$T/thr.out" | sort > "$T/thr.got"
	printf '%s -9 EBADF own-tid\n' 0x5eed00 0x5eed01 0x5eed02 0x5eed03 > "$T/thr.want"
	local tids; tids=$(awk '$1 !~ /^#/ && $8 ~ /^0x5eed0/ {print $3}' "$T/thr.out" | sort -u | wc -l)
	[ "$tids" -eq 4 ] || { fail "$name" "want 4 distinct TIDs, got $tids"; return; }
	check_diff "$name" "$T/thr.want" "$T/thr.got"
}

# --- -f: children of traced processes ---------------------------------------
t_follow() {
	local name="-f traces a forked child; without -f it is not traced"
	$SNOOP --raw -f -e close -o "$T/f.out" -- $PROBE fork 2> "$T/f.err" || { fail "$name" "$(cat "$T/f.err")"; return; }
	$SNOOP --raw -e close -o "$T/nof.out" -- $PROBE fork 2> "$T/nof.err" || { fail "$name" "$(cat "$T/nof.err")"; return; }
	local parent child
	parent=$(grep -o 'pid=[0-9]*' "$T/f.out" | head -1)   # snoop's own pid: not a target
	child=$(awk '$1 !~ /^#/ && $8 == "0x5eed" {print $2 "=" $3}' "$T/f.out")
	[ -n "$child" ] || { fail "$name" "no record of the child's close(0x5eed)"; return; }
	grep -q ' 0x5eed 0x1111' "$T/nof.out" && { fail "$name" "child traced without -f"; return; }
	ok "$name"
}

# --- the attach chain ------------------------------------------------------
t_kprobe() {
	local name="--attach=kprobe: traces where kprobes exist, clear error where not"
	$SNOOP --raw --attach=kprobe -e close,getpid,read,openat,exit_group -o "$T/kp.out" -- $PROBE basic 2> "$T/kp.err"
	local rc=$?
	if [ -e /sys/bus/event_source/devices/kprobe ] || [ -e /sys/kernel/debug/tracing/kprobe_events ]; then
		[ $rc -eq 7 ] || { fail "$name" "exit $rc: $(cat "$T/kp.err")"; return; }
		local pid; pid=$(awk '$1 !~ /^#/ {print $2; exit}' "$T/kp.out")
		check_magic "$name (kernel has kprobes)" "$pid" "$T/kp.out" kp
	else
		[ $rc -eq 1 ] && [ "$(wc -l < "$T/kp.err")" -eq 1 ] &&
			grep -q '^snoop: no attach method works: kprobe: this kernel has no kprobe support' "$T/kp.err" &&
			ok "$name (no kprobes here: one-line error)" ||
			fail "$name" "exit $rc, stderr: $(cat "$T/kp.err")"
	fi
}

t_verbose() {
	local name="-v names attach method, BPF source and buffer size"
	$SNOOP -v -e close -o /dev/null -- /bin/true 2> "$T/v.err"
	grep -q 'attach method: raw_tp' "$T/v.err" && grep -q 'BPF source: embedded' "$T/v.err" &&
		grep -q 'buffers: [0-9]* CPUs x 256 pages' "$T/v.err" && ok "$name" || fail "$name" "$(cat "$T/v.err")"
}

# --- BPF sources ------------------------------------------------------------
t_bpf_dir() {
	local name="--bpf-dir: installed sources used; unsafe ones refused; compile errors shown"
	local d="$T/bpfsrc"
	mkdir -p "$d" && cp bpf/snoop.h bpf/snoop.bpf.c "$d/" && chmod 0755 "$d" && chmod 0644 "$d"/*
	$SNOOP -v --bpf-dir="$d" -e close -o /dev/null -- /bin/true 2> "$T/d.err" &&
		grep -q "BPF source: $d\$" "$T/d.err" || { fail "$name" "valid dir: $(cat "$T/d.err")"; return; }
	SNOOP_BPF_DIR="$d" $SNOOP -v -e close -o /dev/null -- /bin/true 2> "$T/d.err" &&
		grep -q "BPF source: $d\$" "$T/d.err" || { fail "$name" "SNOOP_BPF_DIR: $(cat "$T/d.err")"; return; }
	chmod 0666 "$d/snoop.bpf.c"
	$SNOOP --bpf-dir="$d" -- /bin/true 2> "$T/d.err"
	[ $? -eq 1 ] && grep -q "refusing BPF source $d/snoop.bpf.c: writable by non-root users" "$T/d.err" ||
		{ fail "$name" "world-writable source not refused: $(cat "$T/d.err")"; return; }
	chmod 0644 "$d/snoop.bpf.c"
	echo 'int broken( { }' >> "$d/snoop.bpf.c"
	$SNOOP --bpf-dir="$d" -- /bin/true 2> "$T/d.err"
	[ $? -eq 1 ] && [ "$(wc -l < "$T/d.err")" -eq 1 ] && grep -q '^snoop: BPF compile failed: .*error:' "$T/d.err" ||
		{ fail "$name" "compile error not shown in one line: $(cat "$T/d.err")"; return; }
	ok "$name"
}

# --- bad inputs: one line, non-zero exit ------------------------------------
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

t_errors() {
	printf '#!/bin/sh\n' > "$T/noexec"; chmod 0644 "$T/noexec"
	expect_error "error: PID does not exist" 1 "^snoop: cannot trace PID 4194303: no such process" $SNOOP -p 4194303
	expect_error "error: tracing snoop's own PID" 1 "it is snoop itself" sh -c "exec $SNOOP -p \$\$"
	expect_error "error: unknown syscall" 2 "^snoop: invalid -e argument: unknown syscall 'nosuch'" $SNOOP -e nosuch -- true
	expect_error "error: bad -p value" 2 "^snoop: invalid -p argument: 'abc'" $SNOOP -p abc
	expect_error "error: bad option" 2 "^snoop: invalid option" $SNOOP --nosuch -p 1
	expect_error "error: no target" 2 "^snoop: nothing to trace" $SNOOP
	expect_error "error: command not found (127)" 127 "^snoop: cannot run 'no-such-command-x'" $SNOOP -- no-such-command-x
	expect_error "error: command not executable (126)" 126 "^snoop: cannot run '$T/noexec': Permission denied" $SNOOP -- "$T/noexec"
	expect_error "error: output file cannot be opened" 1 "^snoop: cannot open output file $T/nodir/x" $SNOOP -o "$T/nodir/x" -- true
	ln -s "$T/target" "$T/link"
	expect_error "error: output path is a symlink (not followed)" 1 "^snoop: cannot open output file $T/link" $SNOOP -o "$T/link" -- true
	[ ! -e "$T/target" ] && ok "symlink target not created" || fail "symlink target not created" "it was"
	if command -v setpriv > /dev/null; then
		expect_error "error: not root" 1 "^snoop: permission denied: tracing needs root" \
			setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all $SNOOP -p 1
	else
		skip "error: not root" "setpriv (util-linux) not installed"
	fi
	$SNOOP --help > "$T/help" 2>&1 && grep -q '^Usage: snoop' "$T/help" && ok "--help on stdout, exit 0" || fail "--help" "$(cat "$T/help")"
}

# --- a million syscalls: every one recorded, or the loss reported exactly ----
t_million() {
	local name="1,000,000 getppid calls: every record written or counted lost"
	$SNOOP -v -e getppid -o "$T/m.out" -- $PROBE storm 1000000 2> "$T/m.err" || { fail "$name" "$(cat "$T/m.err")"; return; }
	local got lost
	got=$(awk '$4 == "getppid"' "$T/m.out" | wc -l)
	lost=$(awk '$1 == "#" && $2 == "lost" {s += $3} END {print s + 0}' "$T/m.out")
	grep -q "snoop: $got records written, $lost lost" "$T/m.err" || { fail "$name" "stderr disagrees with the file ($got, $lost): $(cat "$T/m.err")"; return; }
	[ $((got + lost)) -eq 1000000 ] && ok "$name ($got written, $lost lost)" || fail "$name" "$got written + $lost lost != 1000000"
}


# --- decoded arguments (the default) ----------------------------------------
t_decoded() {
	local name="decoded arguments: paths, buffers, sockaddrs, bad pointers, cut strings, huge lengths"
	$SNOOP -e execve,write,connect,openat,close -o "$T/dec.out" -- $PROBE decode 2> "$T/dec.err" || { fail "$name" "$(cat "$T/dec.err")"; return; }
	local long; long=$(printf 'a%.0s' $(seq 1 255))
	cat > "$T/dec.want" <<-EOF2
	execve 0 - ("$PROBE", ["$PROBE", "decode"], PTR)
	openat 3 - (AT_FDCWD, "/dev/null", O_WRONLY)
	write 6 - (3, "hello\n", 6)
	close 0 - (3)
	connect -111 ECONNREFUSED (3, {AF_INET, 127.0.0.1:9}, 16)
	close 0 - (3)
	connect -2 ENOENT (3, {AF_UNIX, "/nonexistent/snoop.sock"}, 110)
	close 0 - (3)
	openat -14 EFAULT (AT_FDCWD, 0x1, O_RDONLY)
	openat -36 ENAMETOOLONG (AT_FDCWD, "$long"..., O_RDONLY)
	write -9 EBADF (-1, "abc$(printf '\\x00%.0s' $(seq 1 29))"..., 1099511627776)
	EOF2
	# fields 4-6 and the arguments; libc's own start-up calls before the
	# probe's first openat are not the probe's (mawk: no {n} in regexps)
	awk '$1 !~ /^#/ { a = substr($0, index($0, " (") + 1)
		if ($4 == "execve") { sub(/0x[0-9a-f]+\)$/, "PTR)", a); print $4, $5, $6, a }
		else if (seen || a ~ /"\/dev\/null"/) { seen = 1; print $4, $5, $6, a } }' "$T/dec.out" > "$T/dec.got"
	check_diff "$name" "$T/dec.want" "$T/dec.got"
}

t_json() {
	local name="--format=json: one valid JSON object per line"
	$SNOOP --format=json -e openat,exit_group -o "$T/j.out" -- $PROBE basic 2> "$T/j.err"
	[ $? -eq 7 ] || { fail "$name" "$(cat "$T/j.err")"; return; }
	python3 - "$T/j.out" > "$T/j.got" <<-'EOF2' || { fail "$name" "$(cat "$T/j.got")"; return; }
	import json, sys
	lines = [json.loads(l) for l in open(sys.argv[1])]
	assert lines[0]["type"] == "header" and lines[0]["format"] == 2, lines[0]
	recs = [l for l in lines if l["type"] == "syscall"]
	probe = [r for r in recs if r["args"][1:2] == ['"/nonexistent/snoop-probe"']]
	assert len(probe) == 1, recs
	p = probe[0]
	assert (p["syscall"], p["ret"], p["errno"], p["args"][0], p["comm"]) == ("openat", -2, "ENOENT", "AT_FDCWD", "sysprobe"), p
	assert p["raw_args"][4:] == ["0x8001", "0x8002"], p
	last = recs[-1]
	assert (last["syscall"], last["ret"], last["args"]) == ("exit_group", None, ["7"]), last
	print("ok")
	EOF2
	ok "$name"
}

# --- capture and replay ------------------------------------------------------
t_roundtrip() {
	local name="-w then -r prints exactly the records the live run printed"
	$SNOOP -w "$T/rt.cap" -o "$T/rt.live" -- $PROBE decode 2> "$T/rt.err" || { fail "$name" "$(cat "$T/rt.err")"; return; }
	$SNOOP -r "$T/rt.cap" > "$T/rt.replay" 2> "$T/rt.err" || { fail "$name" "replay: $(cat "$T/rt.err")"; return; }
	grep -v '^#' "$T/rt.live" > "$T/rt.a"; grep -v '^#' "$T/rt.replay" > "$T/rt.b"
	[ -s "$T/rt.a" ] || { fail "$name" "no records"; return; }
	cmp -s "$T/rt.a" "$T/rt.b" || { fail "$name" "$(diff "$T/rt.a" "$T/rt.b" | head -5)"; return; }
	sed -n 1p "$T/rt.replay" | grep -q "cmdline=$SNOOP -w $T/rt.cap" || { fail "$name" "replay header: $(head -1 "$T/rt.replay")"; return; }
	# filters after the fact
	$SNOOP -r "$T/rt.cap" -e connect | grep -v '^#' > "$T/rt.e"
	[ "$(wc -l < "$T/rt.e")" -eq 2 ] && ! grep -qv ' connect ' "$T/rt.e" || { fail "$name" "-e after the fact: $(cat "$T/rt.e")"; return; }
	[ "$($SNOOP -r "$T/rt.cap" -n nosuchname | grep -vc '^#')" -eq 0 ] || { fail "$name" "-n after the fact kept records"; return; }
	# the execve's comm is still snoop's (its name at entry): -n sysprobe keeps the rest
	[ "$($SNOOP -r "$T/rt.cap" -n sysprobe | grep -vc '^#')" -eq "$(grep -vc ' execve ' "$T/rt.a")" ] || { fail "$name" "-n sysprobe lost records"; return; }
	# dates: -t is ISO 8601 local time, -T starts at zero
	$SNOOP -r "$T/rt.cap" -t | grep -v '^#' | head -1 | grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{9}[+-][0-9]{2}:[0-9]{2} ' ||
		{ fail "$name" "-t: $($SNOOP -r "$T/rt.cap" -t | sed -n 3p)"; return; }
	$SNOOP -r "$T/rt.cap" -T | grep -v '^#' | head -1 | grep -q '^0000000000\.000000000 ' || { fail "$name" "-T first record is not 0"; return; }
	# from stdin, as JSON
	$SNOOP -r - --format=json < "$T/rt.cap" | python3 -c 'import json,sys; [json.loads(l) for l in sys.stdin]' ||
		{ fail "$name" "JSON replay from stdin"; return; }
	ok "$name"
}

t_replay_damage() {
	local name="damaged captures: read up to the damage, offset named, exit 1"
	local size; size=$(stat -c %s "$T/rt.cap")
	head -c $((size - 10)) "$T/rt.cap" > "$T/cut.cap"
	$SNOOP -r "$T/cut.cap" > "$T/cut.out" 2> "$T/cut.err"
	[ $? -eq 1 ] && grep -q "^snoop: $T/cut.cap: capture truncated at byte offset [0-9]*: the last frame is incomplete" "$T/cut.err" ||
		{ fail "$name" "truncated: $(cat "$T/cut.err")"; return; }
	[ "$(grep -vc '^#' "$T/cut.out")" -eq $(( $(wc -l < "$T/rt.a") - 1 )) ] || { fail "$name" "records before the damage not all printed"; return; }
	printf 'SNOOPCAP\011\000\000\000\000\000\000\000' > "$T/new.cap"
	$SNOOP -r "$T/new.cap" 2> "$T/new.err"
	[ $? -eq 1 ] && grep -q 'capture format version 9 is newer than this snoop reads (1)' "$T/new.err" || { fail "$name" "future version: $(cat "$T/new.err")"; return; }
	: > "$T/empty.cap"
	$SNOOP -r "$T/empty.cap" 2> "$T/empty.err"
	[ $? -eq 1 ] && grep -q 'empty capture' "$T/empty.err" || { fail "$name" "empty: $(cat "$T/empty.err")"; return; }
	ok "$name"
}

# --- the worked examples of docs/ run as documented ---------------------------
t_doc_examples() {
	local name="docs/examples: the awk and Python examples give the right answers"
	$SNOOP -e close,getpid,read,openat -o "$T/ex.out" -- $PROBE basic 2> "$T/ex.err"
	sh docs/examples/failed-calls.sh < "$T/ex.out" > "$T/ex.awk"
	printf '      1 %s\n' "read EBADF" "openat ENOENT" "close EBADF" | sort > "$T/ex.want"
	sort "$T/ex.awk" | diff -u "$T/ex.want" - > "$T/diff" || { fail "$name" "failed-calls.sh: $(cat "$T/diff")"; return; }
	python3 docs/examples/syscall_stats.py < "$T/ex.out" > "$T/ex.py" || { fail "$name" "syscall_stats.py failed"; return; }
	# the date from boot_realtime + time is the time the probe ran (within a minute)
	local first; first=$(date -d "$(sed -n 's/^first record: //p' "$T/ex.py")" +%s 2>/dev/null || echo 0)
	grep -q '^getpid 1 0 [0-9]*$' "$T/ex.py" && grep -q '^close [0-9]* 1 [0-9]*$' "$T/ex.py" &&
		[ $(( $(date +%s) - first )) -lt 60 ] && ok "$name" || fail "$name" "$(cat "$T/ex.py")"
}

# --- a buffer too small: losses are marked in the stream and add up ---------
t_loss() {
	local name="lost records: marked where they happened, reported, and they add up"
	$SNOOP -v --buffer-pages=1 -e getppid -o "$T/l.out" -- $PROBE storm 200000 2> "$T/l.err" || { fail "$name" "$(cat "$T/l.err")"; return; }
	local got lost
	got=$(awk '$4 == "getppid"' "$T/l.out" | wc -l)
	lost=$(awk '$1 == "#" && $2 == "lost" {s += $3} END {print s + 0}' "$T/l.out")
	[ "$lost" -gt 0 ] || { fail "$name" "a 4 KiB buffer lost nothing: the test does not test"; return; }
	grep -q "^snoop: lost $lost records (cpu .*) until the buffers grew to [0-9]* pages per CPU" "$T/l.err" || { fail "$name" "stderr: $(cat "$T/l.err")"; return; }
	[ $((got + lost)) -eq 200000 ] && ok "$name ($got written, $lost lost)" || fail "$name" "$got + $lost != 200000"
}

# --- dynamic high-water mark: losses make the buffers grow -------------------
t_grow() {
	local name="records lost: buffers grow, the loss rate drops, every record accounted"
	# the output goes to tmpfs: on disk, earlier tests' dirty pages can
	# throttle snoop's writes for longer than any buffer covers
	local shm; shm=$(mktemp -d /dev/shm/snoop-grow-XXXXXX)
	$SNOOP -v --buffer-pages=1 -e getppid,getpid -o "$shm/g.out" -- $PROBE twostorm 1000000 2> "$T/g.err" ||
		{ fail "$name" "$(cat "$T/g.err")"; rm -rf "$shm"; return; }
	awk '$1 == "#" && $2 == "lost" { if (marker) after += $3; else before += $3 }
	     $4 == "getpid" { marker = 1 }
	     $1 !~ /^#/ { got++ }
	     END { print before + 0, after + 0, got + 0 }' "$shm/g.out" > "$T/g.n"
	rm -rf "$shm"
	read -r before after got < "$T/g.n"
	[ "$before" -gt 0 ] || { fail "$name" "a 4 KiB buffer lost nothing: the test does not test"; return; }
	grep -q 'records lost: buffers grown to [0-9]* pages' "$T/g.err" &&
		grep -q "until the buffers grew to [0-9]* pages per CPU; start with --buffer-pages=[0-9]* next time" "$T/g.err" ||
		{ fail "$name" "no growth reported: $(cat "$T/g.err")"; return; }
	[ "$after" -le $((before / 10)) ] || { fail "$name" "losses did not drop: $before before the pause, $after after"; return; }
	[ $((got + before + after)) -eq 2000001 ] || { fail "$name" "$got written + $((before + after)) lost != 2000001 calls"; return; }
	ok "$name (lost $before in the first storm, $after in the second)"
}


# === issue 5: faults of snoop's own, and of the processes it traces ========

# BPF programs named sys_enter attached now (raw tracepoints)
count_progs() { bpftool prog show 2>/dev/null | grep -c 'raw_tracepoint  name sys_enter'; }

t_full_disk() {
	local name="full filesystem: one-line error, exit 1, the file ends with a whole record"
	local m="$T/small"
	mkdir -p "$m" && mount -t tmpfs -o size=256k tmpfs "$m" || { skip "$name" "cannot mount a tmpfs"; return; }
	$SNOOP --raw -e getppid -o "$m/out" -- $PROBE storm 100000 2> "$T/fd.err"
	local rc=$?
	local lastbyte; lastbyte=$(tail -c 1 "$m/out" | od -An -c | tr -d ' ')
	local bad; bad=$(grep -v '^#' "$m/out" | grep -Evxc '[0-9]{10}\.[0-9]{9} .* 0x[0-9a-f]+')
	rm -f "$m/out"
	$SNOOP -w "$m/cap" -e getppid -- $PROBE storm 100000 2> "$T/fdw.err"
	local wrc=$?
	$SNOOP -r "$m/cap" > /dev/null 2> "$T/fdr.err"
	local rrc=$?
	umount "$m"
	[ $rc -eq 1 ] && [ "$(grep -c . "$T/fd.err")" -eq 1 ] &&
		grep -q "^snoop: write to $m/out: No space left on device" "$T/fd.err" ||
		{ fail "$name" "exit $rc: $(cat "$T/fd.err")"; return; }
	[ "$lastbyte" = '\n' ] && [ "$bad" -eq 0 ] || { fail "$name" "last byte '$lastbyte', $bad broken lines"; return; }
	[ $wrc -eq 1 ] && [ $rrc -eq 0 ] || { fail "$name" "capture: exit $wrc, replay exit $rrc: $(cat "$T/fdr.err")"; return; }
	ok "$name"
}

t_foreign_output() {
	local name="an existing output file of another user is refused, untouched"
	echo "their data" > "$T/theirs"
	chown 65534 "$T/theirs"
	expect_error "$name" 1 "^snoop: refusing to write to $T/theirs: it belongs to uid 65534" $SNOOP -o "$T/theirs" -- true
	grep -qx "their data" "$T/theirs" || fail "$name (content)" "the file was changed"
}

t_closed_pipe() {
	local name="output closed early (| head -1): quiet, exit 0"
	$SNOOP --raw -e getppid -- $PROBE storm 200000 2> "$T/pipe.err" | head -1 > /dev/null
	local rc=${PIPESTATUS[0]}
	[ $rc -eq 0 ] && [ ! -s "$T/pipe.err" ] && ok "$name" || fail "$name" "exit $rc, stderr: $(cat "$T/pipe.err")"
}

# snoop -n on a name nothing has; the header tells when it is tracing
start_idle_snoop() {
	rm -f "$T/idle.out"
	$SNOOP -n nosuchprocessname -o "$T/idle.out" 2> "$T/idle.err" &
	idle_pid=$!
	wait_ready "$T/idle.out"
}

t_signals() {
	local sig rc
	for sig in TERM HUP INT; do
		start_idle_snoop || { fail "SIG$sig" "not ready"; continue; }
		kill -$sig $idle_pid
		wait $idle_pid
		rc=$?
		[ $rc -eq 0 ] && [ ! -s "$T/idle.err" ] && ok "SIG$sig: detach, drain, exit 0" || fail "SIG$sig" "exit $rc: $(cat "$T/idle.err")"
	done
	# two signals at once: the second one ends snoop at once with 128 + its
	# number (which of the two the kernel delivers first is its choice)
	start_idle_snoop || { fail "second signal" "not ready"; return; }
	kill -STOP $idle_pid
	kill -INT $idle_pid
	kill -TERM $idle_pid
	kill -CONT $idle_pid
	wait $idle_pid
	rc=$?
	[ $rc -eq 143 ] || [ $rc -eq 130 ] && ok "a second signal exits at once ($rc)" || fail "a second signal exits at once" "exit $rc"
}

t_nothing_left_attached() {
	local name="nothing stays attached after snoop exits, even after SIGKILL"
	local before; before=$(count_progs)
	start_idle_snoop || { fail "$name" "not ready"; return; }
	local during; during=$(count_progs)
	kill -INT $idle_pid; wait $idle_pid
	local after_int; after_int=$(count_progs)
	start_idle_snoop || { fail "$name" "not ready"; return; }
	kill -KILL $idle_pid; wait $idle_pid 2>/dev/null
	sleep 0.5
	local after_kill; after_kill=$(count_progs)
	[ "$during" -eq $((before + 1)) ] && [ "$after_int" -eq "$before" ] && [ "$after_kill" -eq "$before" ] &&
		ok "$name" || fail "$name" "programs: $before before, $during while tracing, $after_int after SIGINT, $after_kill after SIGKILL"
}

t_target_killed() {
	local name="-p target killed (SIGKILL): snoop writes what it has and exits 0"
	sleep 30 &
	local victim=$!
	$SNOOP --raw -p $victim -o "$T/kill.out" 2> "$T/kill.err" &
	local spid=$!
	wait_ready "$T/kill.out" || { fail "$name" "not ready"; return; }
	kill -KILL $victim
	wait $victim 2>/dev/null
	local i; for i in $(seq 1 30); do kill -0 $spid 2>/dev/null || break; sleep 0.1; done
	kill -0 $spid 2>/dev/null && { kill $spid; fail "$name" "still running 3 s after its target died"; return; }
	wait $spid
	local rc=$?
	[ $rc -eq 0 ] && head -1 "$T/kill.out" | grep -q '^# snoop' && ok "$name" || fail "$name" "exit $rc: $(cat "$T/kill.err")"
}

t_exec_names() {
	local name="-n: a process that execs into NAME is traced, one that execs away is not"
	mkdir -p "$T/bin"
	cp $PROBE "$T/bin/snpexecname"
	printf '#!/bin/sh\nexec %s/bin/snpexecname basic\n' "$T" > "$T/bin/launcher"
	chmod +x "$T/bin/launcher"
	rm -f "$T/ex.out"
	$SNOOP --raw -n snpexecname -o "$T/exn.out" 2> "$T/exn.err" &
	local spid=$!
	wait_ready "$T/exn.out" || { fail "$name" "not ready"; return; }
	"$T/bin/launcher"                                   # sh -> snpexecname
	"$T/bin/snpexecname" execaway /bin/true             # snpexecname -> true
	sleep 0.3
	kill -INT $spid; wait $spid
	# into: the magic sequence after the exec is there
	grep -q ' close .* 0x5eed 0x1111' "$T/exn.out" && grep -q ' getpid ' "$T/exn.out" ||
		{ fail "$name" "exec into the name: no records"; return; }
	# away: its close and its execve are there; nothing of /bin/true after it
	local away; away=$(awk '$4 == "execve" && $5 == 0 {p = $2} END {print p}' "$T/exn.out")
	[ -n "$away" ] || { fail "$name" "no execve record of the process that exec'd away"; return; }
	[ "$(awk -v p="$away" '$2 == p' "$T/exn.out" | tail -1 | awk '{print $4}')" = execve ] &&
		ok "$name" || fail "$name" "records after exec'ing away: $(awk -v p="$away" '$2 == p' "$T/exn.out" | tail -2)"
}

t_pid_reuse() {
	local name="PID reuse: a new process with a dead target's PID is not traced"
	[ -w /proc/sys/kernel/ns_last_pid ] || { skip "$name" "no writable /proc/sys/kernel/ns_last_pid"; return; }
	sleep 60 &
	local keeper=$!                       # keeps snoop running after the victim dies
	sleep 60 &
	local victim=$!
	$SNOOP --raw -p $victim,$keeper -o "$T/reuse.out" 2> "$T/reuse.err" &
	local spid=$!
	wait_ready "$T/reuse.out" || { fail "$name" "not ready"; kill $keeper $victim; return; }
	kill -KILL $victim; wait $victim 2>/dev/null
	sleep 0.2
	local newpid
	# inside the substitution's subshell, so its fork of the probe is the next
	# one (the trailing true keeps bash from exec'ing the probe in its place)
	newpid=$(echo $((victim - 1)) > /proc/sys/kernel/ns_last_pid; $PROBE pidbasic; true)
	sleep 0.3
	kill $keeper; wait $keeper 2>/dev/null
	wait $spid
	[ "$newpid" = "$victim" ] || { skip "$name" "PID $victim was taken by another process first"; return; }
	grep -q ' 0x5eed 0x1111' "$T/reuse.out" && { fail "$name" "the new process $newpid was traced"; return; }
	ok "$name (PID $victim reused)"
}

t_storms() {
	local name="-f fork storm (1000 children) and 1000 threads: every one traced"
	$SNOOP --raw -f -e close -o "$T/fs.out" -- $PROBE forks 1000 2> "$T/fs.err" || { fail "$name" "$(cat "$T/fs.err")"; return; }
	local kids; kids=$(awk '$8 == "0x5eed" {print $2}' "$T/fs.out" | sort -u | wc -l)
	local lost; lost=$(awk '$1 == "#" && $2 == "lost" {s += $3} END {print s + 0}' "$T/fs.out")
	[ $((kids + lost)) -ge 1000 ] || { fail "$name" "$kids children traced, $lost lost, of 1000"; return; }
	$SNOOP --raw -e close -o "$T/th.out" -- $PROBE threads 1000 2> "$T/th.err" || { fail "$name" "$(cat "$T/th.err")"; return; }
	local thr; thr=$(awk '$8 ~ /^0x5e(ed|ee|ef|f0)[0-9a-f][0-9a-f]$/ && $9 == "0x1111" {print $3}' "$T/th.out" | sort -u | wc -l)
	[ "$thr" -eq 1000 ] && ok "$name ($kids children, $thr threads)" || fail "$name" "$thr threads of 1000"
}

# bash tests/integration/run.sh [TEST...]: only the named tests (t_pid ...)
if [ $# -gt 0 ]; then
	for t in "$@"; do "$t"; done
else
	t_command raw_tp
	t_format
	t_command tracepoint
	t_pid
	t_name
	t_threads
	t_follow
	t_kprobe
	t_verbose
	t_bpf_dir
	t_errors
	t_million
	t_loss
	t_grow
	t_decoded
	t_json
	t_roundtrip
	t_replay_damage
	t_doc_examples
	t_full_disk
	t_foreign_output
	t_closed_pipe
	t_signals
	t_nothing_left_attached
	t_target_killed
	t_exec_names
	t_storms
	t_pid_reuse
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
