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

t_pid() {
	local name="-p traces a running process and exits with it"
	mkfifo "$T/go"
	SYSPROBE_EXPECT=9 $PROBE wait < "$T/go" > "$T/pid.txt" 9> "$T/pid.want" &
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
	check_probe "$name" "$T/pid.want" "$T/pid.out"
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
