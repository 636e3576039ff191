# Targets: a command run with --, -p, -n, threads, -f children.

t_command() {
	local method=$1 name="command traced from execve ($1)"
	SYSPROBE_EXPECT=9 $SNOOP --raw --attach="$method" -o "$T/cmd.out" -- $PROBE basic 2> "$T/cmd.err" 9> "$T/cmd.want"
	local rc=$?
	[ $rc -eq 7 ] || { fail "$name" "exit status $rc, want the command's 7; $(cat "$T/cmd.err")"; return; }
	local pid
	pid=$(awk '$1 !~ /^#/ {print $2; exit}' "$T/cmd.out")
	awk '$1 !~ /^#/ {print $4; exit}' "$T/cmd.out" | grep -qx execve || { fail "$name" "first record is not execve"; return; }
	awk -v p="$pid" '$1 !~ /^#/ && $2 != p {bad=1} END {exit bad}' "$T/cmd.out" || { fail "$name" "records of another process"; return; }
	check_probe "$name" "$T/cmd.want" "$T/cmd.out"
}

# The command gets the signal dispositions snoop's caller gave (nohup's
# SIGHUP ignored, a background job's SIGINT), as under strace, not
# snoop's own; and a caller that ignores SIGCHLD still gets the command's
# exit status (the kernel would reap it unseen).
t_command_signals() {
	local name="-- command: the caller's ignored signals are the command's (as strace gives them); SIGCHLD ignored is no hang"
	local show='grep SigIgn /proc/self/status' want got rc
	command -v strace > /dev/null || { skip "$name" "strace is not installed (src/tools/setup.sh installs it)"; return; }
	want=$(trap '' HUP INT PIPE; strace -o /dev/null sh -c "$show")
	got=$(trap '' HUP INT PIPE; $SNOOP -o /dev/null -- sh -c "$show" 2> "$T/sig.err")
	[ -n "$want" ] && [ "$got" = "$want" ] || { fail "$name" "command saw '$got', under strace '$want': $(cat "$T/sig.err")"; return; }
	got=$($SNOOP -o /dev/null -- sh -c "$show" 2> "$T/sig.err")
	want=$(strace -o /dev/null sh -c "$show")
	[ "$got" = "$want" ] || { fail "$name" "with nothing ignored the command saw '$got', under strace '$want'"; return; }
	(trap '' CHLD; exec timeout 20 $SNOOP -o /dev/null -- sh -c 'exit 3') 2> "$T/sig.err"
	rc=$?
	[ $rc -eq 3 ] || { fail "$name" "SIGCHLD ignored: exit status $rc, want the command's 3 (124: it hung): $(cat "$T/sig.err")"; return; }
	ok "$name"
}

t_format() {
	local name="record lines are fixed-width up to the arguments"
	# time(20) pid(7) tid(7) syscall(16) ret(16) errno(12) duration(10), one space apart
	# and the process's end: time pid tid +++ exited with N +++
	if grep -v '^#' "$T/cmd.out" |
		grep -Evx '[0-9]{10}\.[0-9]{9} [ 0-9]{7} [ 0-9]{7} [a-z0-9_]+ *[ ?0-9-]{16,} [A-Z0-9_-]+ *[ ?0-9]{10,}( 0x[0-9a-f]+){6}' |
		grep -Evx '[0-9]{10}\.[0-9]{9} [ 0-9]{7} [ 0-9]{7} \+\+\+ exited with 7 \+\+\+' > "$T/badlines"; then
		fail "$name" "$(head -3 "$T/badlines")"
	else
		head -1 "$T/cmd.out" | grep -q '^# snoop format=3 clock=monotonic boot_realtime=[0-9]\{10\}\.[0-9]\{9\} host=.* arch=x86_64 pid=[0-9]* args=raw cmdline=' &&
			ok "$name" || fail "$name" "bad header: $(head -1 "$T/cmd.out")"
	fi
}

t_pid() {
	local name="-p traces a running process and exits with it"
	start_waiting_probe pid $PROBE wait
	$SNOOP --raw -p "$probe_pid" -o "$T/pid.out" 2> "$T/pid.err" &
	local spid=$!
	wait_ready "$T/pid.out" || { fail "$name" "snoop not ready: $(cat "$T/pid.err")"; exec 8>&-; return; }
	echo go >&8
	exec 8>&-
	wait "$spid"
	local rc=$?
	[ $rc -eq 0 ] || { fail "$name" "snoop exit $rc: $(cat "$T/pid.err")"; return; }
	check_probe "$name" "$T/pid.want" "$T/pid.out"
}

# -p on a process whose main thread has called pthread_exit: its leader
# is a zombie, its other threads run on and are traced.
t_pid_leaderless() {
	local name="-p on a process whose leader called pthread_exit traces its threads"
	start_waiting_probe lw $PROBE leaderwait
	local i; for i in $(seq 1 50); do grep -q '^State:.Z' "/proc/$probe_pid/status" 2>/dev/null && break; sleep 0.1; done
	$SNOOP --raw -p "$probe_pid" -o "$T/lw.out" 2> "$T/lw.err" &
	local spid=$!
	wait_ready "$T/lw.out" || { fail "$name" "snoop not ready: $(cat "$T/lw.err")"; exec 8>&-; return; }
	sleep 0.2
	kill -0 "$spid" 2> /dev/null || { fail "$name" "snoop ended before the threads: $(grep -v '^#' "$T/lw.out")"; exec 8>&-; return; }
	echo go >&8
	exec 8>&-
	wait "$spid"
	local rc=$?
	[ $rc -eq 0 ] || { fail "$name" "snoop exit $rc: $(cat "$T/lw.err")"; return; }
	check_probe "$name" "$T/lw.want" "$T/lw.out"
}

# -n finds the processes of that name running at the start, as -p would:
# the read it is in when snoop attaches is shown (its entry unseen, "?").
t_name_inflight() {
	local name="-n: a process of that name already running shows the call it was in at attach"
	mkdir -p "$T/bin"
	cp $PROBE "$T/bin/snoopinflight"
	start_waiting_probe nfl "$T/bin/snoopinflight" wait
	$SNOOP --raw -n snoopinflight -o "$T/nfl.out" 2> "$T/nfl.err" &
	local spid=$!
	wait_ready "$T/nfl.out" || { fail "$name" "snoop not ready: $(cat "$T/nfl.err")"; exec 8>&-; return; }
	echo go >&8
	exec 8>&-
	sleep 0.5
	kill -INT $spid
	wait $spid
	awk -v pid="$probe_pid" '$2 == pid && $4 == "read" && $7 == "?" && $8 == "0x0"' "$T/nfl.out" | grep -q . ||
		{ fail "$name" "no read of fd 0 in flight: $(grep -v '^#' "$T/nfl.out" | head -5)"; return; }
	check_probe "$name" "$T/nfl.want" "$T/nfl.out"
}

t_name() {
	local name="-n traces a process started later, only that name"
	mkdir -p "$T/bin"
	cp $PROBE "$T/bin/snoopnametest"
	$SNOOP --raw -n snoopnametest -o "$T/name.out" 2> "$T/name.err" &
	local spid=$!
	wait_ready "$T/name.out" || { fail "$name" "snoop not ready: $(cat "$T/name.err")"; return; }
	SYSPROBE_EXPECT=9 "$T/bin/snoopnametest" basic 9> "$T/name.want"
	SYSPROBE_EXPECT=9 $PROBE basic 9> "$T/other.want"   # same program, another name: not traced
	sleep 0.3      # records reach the file within the 100 ms drain
	kill -INT $spid
	wait $spid
	local rc=$?
	[ $rc -eq 0 ] || { fail "$name" "snoop exit $rc after SIGINT: $(cat "$T/name.err")"; return; }
	[ -z "$(probe_records "$T/other.want" "$T/name.out")" ] || { fail "$name" "the other name was traced"; return; }
	check_probe "$name" "$T/name.want" "$T/name.out"
}

t_threads() {
	local name="threads: each thread's record carries its own TID"
	SYSPROBE_EXPECT=9 $SNOOP --raw -e close -o "$T/thr.out" -- $PROBE threads 4 2> "$T/thr.err" 9> "$T/thr.want" ||
		{ fail "$name" "$(cat "$T/thr.err")"; return; }
	[ "$(awk '$1 != $2 {print $2}' "$T/thr.want" | sort -u | wc -l)" -eq 4 ] || { fail "$name" "the probe did not run 4 threads"; return; }
	check_probe "$name" "$T/thr.want" "$T/thr.out" sorted
}

t_follow() {
	local name="-f traces a forked child; without -f it is not traced"
	SYSPROBE_EXPECT=9 $SNOOP --raw -f -e close -o "$T/f.out" -- $PROBE fork 2> "$T/f.err" 9> "$T/f.want" ||
		{ fail "$name" "$(cat "$T/f.err")"; return; }
	SYSPROBE_EXPECT=9 $SNOOP --raw -e close -o "$T/nof.out" -- $PROBE fork 2> "$T/nof.err" 9> "$T/nof.want" ||
		{ fail "$name" "$(cat "$T/nof.err")"; return; }
	grep ' close ' "$T/f.want" > "$T/f.close"     # -e close: only the close is traced
	[ -z "$(probe_records "$T/nof.want" "$T/nof.out")" ] || { fail "$name" "child traced without -f"; return; }
	check_probe "$name" "$T/f.close" "$T/f.out"
}

# A process outlives its leader (pthread_exit in main): its other threads
# stay traced, and snoop ends when the last one does.
t_leader_exit() {
	local name="leader exits first: the other threads stay traced"
	local sched=/sys/kernel/debug/tracing/events/sched/sched_process_exit/format
	grep -q group_dead "$sched" || { skip "$name" "sched_process_exit has no group_dead before Linux 6.16 (TODO.md)"; return; }
	SYSPROBE_EXPECT=9 timeout 20 $SNOOP --raw -e openat -o "$T/le.out" -- $PROBE leaderexit 2> "$T/le.err" 9> "$T/le.want"
	local rc=$?
	[ $rc -eq 0 ] || { fail "$name" "exit $rc: $(cat "$T/le.err")"; return; }
	[ "$(wc -l < "$T/le.want")" -eq 3 ] || { fail "$name" "the probe's threads did not all run"; return; }
	check_probe "$name" "$T/le.want" "$T/le.out" sorted
}

# A thread that is not the leader calls execve: the kernel kills the others
# and gives it the leader's TID. The exec and the new program are traced,
# with or without -f, and snoop ends with the process.
t_thread_exec() {
	local name="a non-leader thread's execve is followed"
	local f rc sched=/sys/kernel/debug/tracing/events/sched/sched_process_exit/format
	local cases=("" -f "-f alone")
	# alone: the leader is a zombie already, so the exec need not wait
	# for (nor switch to) another thread before it takes the leader's
	# TID; most runs then see no switch between the execve's entry and
	# the new program's calls (snoop keeps the CPU's thread's id between
	# switches, and must forget it at that exec). Before Linux 6.16 a
	# leader's exit stands for its process's (TODO.md): nothing to follow.
	grep -q group_dead "$sched" ||
		{ cases=("" -f); skip "$name (-f alone)" "sched_process_exit has no group_dead before Linux 6.16 (TODO.md)"; }
	for f in "${cases[@]}"; do
		SYSPROBE_EXPECT=9 timeout 20 $SNOOP --raw ${f%alone} -o "$T/te.out" -- $PROBE threadexec ${f#-f} 2> "$T/te.err" 9> "$T/te.want"
		rc=$?
		[ $rc -eq 7 ] || { fail "$name ($f)" "exit $rc, want the new program's 7 (124: snoop hung): $(cat "$T/te.err")"; return; }
		awk -v p="$(awk '{print $1; exit}' "$T/te.want")" '$2 == p && $3 == p && $4 == "execve" && $5 == 0 {ok = 1} END {exit !ok}' "$T/te.out" ||
			{ fail "$name ($f)" "no execve record under the leader's TID"; return; }
		check_probe "$name ($f)" "$T/te.want" "$T/te.out"
	done
	# -p: snoop stays with the process through the exec
	mkfifo "$T/te.go"
	SYSPROBE_EXPECT=9 $PROBE threadexec wait < "$T/te.go" > "$T/te.pid" 9> "$T/tep.want" &
	exec 8> "$T/te.go"
	local i; for i in $(seq 1 50); do [ -s "$T/te.pid" ] && break; sleep 0.1; done
	timeout 20 $SNOOP --raw -p "$(cat "$T/te.pid")" -o "$T/tep.out" 2> "$T/tep.err" &
	local spid=$!
	wait_ready "$T/tep.out" || { fail "$name (-p)" "not ready: $(cat "$T/tep.err")"; exec 8>&-; return; }
	echo go >&8
	exec 8>&-
	wait $spid
	rc=$?
	[ $rc -eq 0 ] || { fail "$name (-p)" "snoop exit $rc: $(cat "$T/tep.err")"; return; }
	check_probe "$name (-p)" "$T/tep.want" "$T/tep.out"
}

# A call that sleeps on one CPU and returns on another: snoop keeps a call
# in flight in its CPU's slot and moves it with the thread when the
# thread is switched out; the child's calls take CPU 0's slot meanwhile.
# The record has the reader's arguments and a duration that covers the
# child's 0.1 s pause (a lost entry would give a record without one).
t_migrate() {
	local name="a call that sleeps on one CPU and returns on another keeps its entry"
	SYSPROBE_EXPECT=9 $SNOOP --raw -f -o "$T/mg.out" -- $PROBE migrate 2> "$T/mg.err" 9> "$T/mg.want"
	case $? in
	0) ;;
	3) skip "$name" "one CPU online: nothing to move to"; return ;;
	*) fail "$name" "$(cat "$T/mg.err")"; return ;;
	esac
	check_probe "$name" "$T/mg.want" "$T/mg.out"
	awk -v p="$(awk '{print $1; exit}' "$T/mg.want")" \
		'$2 == p && $4 == "read" && $11 == "0x9001" && $7 >= 100000000 {ok = 1} END {exit !ok}' "$T/mg.out" ||
		fail "$name (duration)" "the read's duration is not its 0.1 s sleep: $(grep ' read ' "$T/mg.out")"
}

# Calls a signal ends: the kernel's restart code when the thread lives on,
# "?" when it dies in the call (as strace shows them).
t_interrupted() {
	local name="a call a signal interrupts shows its restart code; one the thread dies in shows ?"
	SYSPROBE_EXPECT=9 $SNOOP --raw -e pause -o "$T/in.out" -- $PROBE interrupted 2> "$T/in.err" 9> "$T/in.want" ||
		{ fail "$name" "$(cat "$T/in.err")"; return; }
	check_probe "$name (interrupted)" "$T/in.want" "$T/in.out"
	# the interrupted call, then the signal that interrupted it, then the end
	awk '$1 !~ /^#/ {print ($4 == "---" || $4 == "+++") ? $4 " " $5 : $4}' "$T/in.out" | tr '\n' ' ' |
		grep -q 'pause --- SIGALRM +++ exited ' || { fail "$name (order)" "$(grep -v '^#' "$T/in.out")"; return; }
	SYSPROBE_EXPECT=9 $SNOOP --raw -f -e pause -o "$T/ki.out" -- $PROBE killed 2> "$T/ki.err" 9> "$T/ki.want" ||
		{ fail "$name" "$(cat "$T/ki.err")"; return; }
	check_probe "$name (killed)" "$T/ki.want" "$T/ki.out"
	# an in/out argument shows what the call was given, read at its entry
	SYSPROBE_EXPECT=9 $SNOOP -e nanosleep -o "$T/io.out" -- $PROBE inout 2> "$T/io.err" 9> "$T/io.want" ||
		{ fail "$name" "$(cat "$T/io.err")"; return; }
	awk '$4 == "nanosleep" { print $4 " " $5 " " $6 " " substr($0, index($0, " (") + 1) }' "$T/io.out" > "$T/io.got"
	check_diff "$name (in/out argument: the request)" "$T/io.want" "$T/io.got"
}

# Calls whose entry snoop never sees: refused by a seccomp filter before
# the syscall ran (strace shows them), or in flight when snoop attached.
t_no_entry() {
	local name="exits without an entry: seccomp-refused calls, a call in flight at attach"
	SYSPROBE_EXPECT=9 $SNOOP --raw -e getppid -o "$T/sc.out" -- $PROBE seccomp 2> "$T/sc.err" 9> "$T/sc.want" ||
		{ fail "$name" "$(cat "$T/sc.err")"; return; }
	check_probe "$name (seccomp)" "$T/sc.want" "$T/sc.out"
	awk '$4 == "getppid" && $7 != "?" {bad = 1} END {exit bad}' "$T/sc.out" || { fail "$name" "a duration for a call whose entry was not seen"; return; }
	# a process blocked when snoop attaches (opening a FIFO nobody writes):
	# its openat's record comes at the exit, once a writer opens the FIFO
	mkfifo "$T/nf"
	sh -c 'read x < "$1"' sh "$T/nf" &
	local blocked=$!
	$SNOOP --raw -p $blocked -o "$T/nf.out" 2> "$T/nf.err" &
	local spid=$!
	wait_ready "$T/nf.out" || { fail "$name" "not ready: $(cat "$T/nf.err")"; echo > "$T/nf"; return; }
	echo line > "$T/nf"
	wait $blocked; wait $spid
	awk -v p=$blocked '$2 == p && $4 == "openat" && $5 >= 0 && $7 == "?" {ok = 1} END {exit !ok}' "$T/nf.out" &&
		ok "$name (in flight at attach)" || fail "$name (in flight at attach)" "$(grep -v '^#' "$T/nf.out" | head -3)"
}
