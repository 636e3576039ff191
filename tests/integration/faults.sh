# Faults of snoop's own (full disk, closed pipe, foreign files, signals)
# and of the processes it traces (killed, exec'd away, storms, PID reuse).

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

# SIGINT while the command is in a call: the call is shown unfinished,
# with the arguments its entry gave, as strace shows it when it detaches.
t_unfinished() {
	local name="SIGINT: the calls in progress are shown <unfinished ...> (text and JSON)"
	local fmt out spid pid
	for fmt in text json; do
		out="$T/unf.$fmt"
		mkfifo "$T/unf.in.$fmt"
		$SNOOP --format=$fmt -o "$out" -- $PROBE wait < "$T/unf.in.$fmt" > "$T/unf.pid" 2> "$T/unf.err" &
		spid=$!
		exec 8> "$T/unf.in.$fmt"
		local i; for i in $(seq 1 50); do [ -s "$T/unf.pid" ] && break; sleep 0.1; done
		pid=$(cat "$T/unf.pid")
		sleep 0.3
		kill -INT $spid
		wait $spid
		exec 8>&-
		if [ $fmt = text ]; then
			awk -v pid="$pid" '$2 == pid && $4 == "read" && $5 == "?" && $7 == "?" && / \(0, 0x[0-9a-f]+, [0-9]+\) <unfinished \.\.\.>$/' "$out" |
				grep -q . || { fail "$name" "no unfinished read: $(grep -v '^#' "$out" | tail -3)"; return; }
		else
			check_json "$out" > "$T/unf.check" || { fail "$name" "$(cat "$T/unf.check")"; return; }
			grep -q "\"pid\":$pid,.*\"syscall\":\"read\".*\"ret\":null,\"errno\":null,\"unfinished\":true" "$out" ||
				{ fail "$name" "no unfinished read in JSON: $(tail -2 "$out")"; return; }
		fi
	done
	ok "$name"
}

t_closed_pipe() {
	local name="output closed early (| head -1): quiet, exit 0"
	$SNOOP --raw -e getppid -- $PROBE storm 200000 2> "$T/pipe.err" | head -1 > /dev/null
	local rc=${PIPESTATUS[0]}
	[ $rc -eq 0 ] && [ ! -s "$T/pipe.err" ] && ok "$name" || fail "$name" "exit $rc, stderr: $(cat "$T/pipe.err")"
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

# A stop that comes while snoop is still starting (compiling, or loading:
# about a second on a busy machine) ends it before tracing begins, and says
# so. It used to attach anyway, write a header (which tells a waiting
# script that tracing has begun), trace the few milliseconds its drain and
# detach took, and exit 0 as after a whole run: a -p storm then showed
# one signal and one unfinished call, nothing lost, while an existing -o
# file (whose old header a script had taken for the new one) was replaced.
t_stop_before_tracing() {
	local name="a stop before tracing began: one line, exit 128+signal, the output file untouched"
	local i cgt rc target
	printf '# snoop format=3 an older trace\n# time pid tid syscall ret errno duration_ns (args)\n' > "$T/sbt.out"
	chmod 600 "$T/sbt.out"
	cp "$T/sbt.out" "$T/sbt.want"
	sleep 30 &
	target=$!
	# --no-cache: a compile of a second or more, well after the handlers
	$SNOOP --no-cache -p $target -o "$T/sbt.out" 2> "$T/sbt.err" &
	local spid=$!
	for i in $(seq 1 500); do
		# snoop itself (not the shell before its exec) catches SIGINT: its handler is in
		cgt=$(awk '$1 == "SigCgt:" {print $2}' /proc/$spid/status 2>/dev/null)
		[ "$(cat /proc/$spid/comm 2>/dev/null)" = snoop ] && [ -n "$cgt" ] && [ $((0x$cgt & 2)) -ne 0 ] && break
		sleep 0.01
	done
	kill -INT $spid
	wait $spid
	rc=$?
	kill $target; wait $target 2> /dev/null
	[ $rc -eq 130 ] && [ "$(grep -c . "$T/sbt.err")" -eq 1 ] &&
		grep -q '^snoop: stopped by SIGINT before tracing began' "$T/sbt.err" ||
		{ fail "$name" "exit $rc: $(cat "$T/sbt.err")"; return; }
	cmp -s "$T/sbt.want" "$T/sbt.out" || { fail "$name" "the output file changed: $(head -3 "$T/sbt.out")"; return; }
	ok "$name"
}

# Only the programs snoop's own process held are counted: another BPF
# tracer on the machine neither helps nor hurts.
t_nothing_left_attached() {
	local name="nothing stays attached after snoop exits, even after SIGKILL"
	local ids sys_enter left_int left_kill
	start_idle_snoop || { fail "$name" "not ready"; return; }
	ids=$(held_prog_ids $idle_pid)
	sys_enter=$(for id in $ids; do bpftool prog show id "$id"; done | grep -Ec '(raw_tracepoint|tracing)  name sys_enter')
	kill -INT $idle_pid; wait $idle_pid
	left_int=$(progs_alive $ids)
	[ "$sys_enter" -eq 1 ] || { fail "$name" "snoop held $sys_enter sys_enter programs while tracing (IDs: $ids)"; return; }
	start_idle_snoop || { fail "$name" "not ready"; return; }
	ids=$(held_prog_ids $idle_pid)
	kill -KILL $idle_pid; wait $idle_pid 2>/dev/null
	left_kill=$(progs_alive $ids)
	[ -n "$ids" ] && [ "$left_int" -eq 0 ] && [ "$left_kill" -eq 0 ] && ok "$name" ||
		fail "$name" "programs left: $left_int after SIGINT, $left_kill after SIGKILL (IDs: $ids)"
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
	$SNOOP --raw -n snpexecname -o "$T/exn.out" 2> "$T/exn.err" &
	local spid=$!
	wait_ready "$T/exn.out" || { fail "$name" "not ready"; return; }
	SYSPROBE_EXPECT=9 "$T/bin/launcher" 9> "$T/exn.want"     # sh -> snpexecname
	"$T/bin/snpexecname" execaway /bin/true                   # snpexecname -> true
	sleep 0.3
	kill -INT $spid; wait $spid
	# into: the execve that gave the name is its first record, then the
	# probe's calls
	local into; into=$(awk 'NR == 1 {print $1}' "$T/exn.want")
	[ "$(awk -v p="$into" '$1 !~ /^#/ && $2 == p' "$T/exn.out" | head -1 | awk '{print $4, $5}')" = "execve 0" ] ||
		{ fail "$name" "the execve into the name is not its first record: $(awk -v p="$into" '$2 == p' "$T/exn.out" | head -2)"; return; }
	check_probe "$name (exec into the name)" "$T/exn.want" "$T/exn.out"
	# away: its execve is there; nothing of /bin/true after it
	local away; away=$(awk '$4 == "execve" && $5 == 0 {p = $2} END {print p}' "$T/exn.out")
	[ -n "$away" ] || { fail "$name" "no execve record of the process that exec'd away"; return; }
	[ "$(awk -v p="$away" '$2 == p' "$T/exn.out" | tail -1 | awk '{print $4}')" = execve ] &&
		ok "$name (exec away)" || fail "$name" "records after exec'ing away: $(awk -v p="$away" '$2 == p' "$T/exn.out" | tail -2)"
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
	newpid=$(echo $((victim - 1)) > /proc/sys/kernel/ns_last_pid; SYSPROBE_EXPECT=9 $PROBE pidbasic 9> "$T/reuse.want"; true)
	sleep 0.3
	kill $keeper; wait $keeper 2>/dev/null
	wait $spid
	[ "$newpid" = "$victim" ] || { skip "$name" "PID $victim was taken by another process first"; return; }
	[ -s "$T/reuse.want" ] || { fail "$name" "the probe wrote no expectations"; return; }
	[ -z "$(probe_records "$T/reuse.want" "$T/reuse.out")" ] || { fail "$name" "the new process $newpid was traced"; return; }
	ok "$name (PID $victim reused)"
}

t_storms() {
	local name="-f fork storm (1000 children) and 1000 threads: every one traced"
	SYSPROBE_EXPECT=9 $SNOOP --raw -f -e close -o "$T/fs.out" -- $PROBE forks 1000 2> "$T/fs.err" 9> "$T/fs.want" ||
		{ fail "$name" "$(cat "$T/fs.err")"; return; }
	local kids lost
	kids=$(probe_records "$T/fs.want" "$T/fs.out" | awk '{print $1}' | sort -u | wc -l)
	lost=$(lost_in "$T/fs.out")
	[ "$(wc -l < "$T/fs.want")" -eq 1000 ] || { fail "$name" "the probe forked $(wc -l < "$T/fs.want") children"; return; }
	[ $((kids + lost)) -ge 1000 ] || { fail "$name" "$kids children traced, $lost lost, of 1000"; return; }
	SYSPROBE_EXPECT=9 $SNOOP --raw -e close -o "$T/th.out" -- $PROBE threads 1000 2> "$T/th.err" 9> "$T/th.want" ||
		{ fail "$name" "$(cat "$T/th.err")"; return; }
	local thr; thr=$(probe_records "$T/th.want" "$T/th.out" | awk '{print $2}' | sort -u | wc -l)
	[ "$thr" -eq 1000 ] && ok "$name ($kids children, $thr threads)" || fail "$name" "$thr threads of 1000"
}

# A -p process that has ended (a zombie here; or one that ends while snoop
# compiles) has no exit left for snoop to see: snoop must not wait for it.
t_ended_target() {
	local name="-p on a process that has already ended: snoop does not wait forever"
	( sleep 0 & echo $! > "$T/zpid"; exec sleep 5 ) &
	local parent=$!
	sleep 0.3
	local z; z=$(cat "$T/zpid")
	grep -q '^State:.*Z' /proc/"$z"/status 2>/dev/null || { skip "$name" "no zombie to try"; kill $parent; return; }
	timeout 20 $SNOOP -p "$z" -o "$T/z.out" 2> "$T/z.err"
	local rc=$?
	kill $parent 2>/dev/null; wait $parent 2>/dev/null
	[ $rc -eq 0 ] && ok "$name" || fail "$name" "exit $rc (124: it waited): $(cat "$T/z.err")"
}

# Fills snoop PID's maps named after it (fill_map.py); sets filled_N
# (N: the map's name) to how many entries went in. 0, or 1 when one failed.
fill_tables() {   # PID MAP...
	local pid=$1 m n
	shift
	for m in "$@"; do
		n=$(python3 tests/integration/fill_map.py "$pid" "$m") || return 1
		eval "filled_$m=$n"
	done
}

# Takes those entries out again, the last map first: left in the table of
# traced processes they would keep snoop waiting for them.
empty_tables() {   # PID MAP...
	local pid=$1 i m n
	shift
	for ((i = $#; i >= 1; i--)); do
		m=${!i}
		eval "n=\$filled_$m"
		python3 tests/integration/fill_map.py "$pid" "$m" --remove "$n" || return 1
	done
}

# Waits up to 10 s for PID's end; kills it if it does not come.
wait_bounded() {   # PID
	local i
	for i in $(seq 1 100); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
	done
	kill -0 "$1" 2>/dev/null && kill -9 "$1"
	wait "$1"
}

t_tables_full() {
	local name="tables of traced processes and endings full: children left untraced, a thread not counted as one, a lost status said at the end and in every output form"
	local pid cmd rc others go
	rm -f "$T/tf.go" && mkfifo "$T/tf.go"
	# --to's JSON stream, through its thread, ends with them too
	tcp_sink "$T/tf.to" "$T/tf.port"
	# the command waits for the tables to be filled, then forks 3 children
	# (none traced: no room) and becomes a probe whose 4 threads need no
	# entry of their own (their process has one); its exit_group's status
	# finds no room either
	$SNOOP -f -o "$T/tf.out" -w "$T/tf.cap" --to=tcp://127.0.0.1:$(cat "$T/tf.port") --to-format=json -- sh -c "read x < $T/tf.go; /bin/true; /bin/true; /bin/true; exec $PROBE threads 4" \
		2> "$T/tf.err" &
	pid=$!
	# held open read-write, the FIFO never blocks this shell, whatever snoop did
	exec {go}<> "$T/tf.go"
	wait_ready "$T/tf.out" && wait_for_line '^[0-9].* openat .*tf\.go' "$T/tf.out" ||
		{ fail "$name" "not ready: $(cat "$T/tf.err")"; exec {go}>&-; kill $pid; wait_bounded $pid; return; }
	fill_tables $pid traced_tgids endings ||
		{ fail "$name" "could not fill the maps"; exec {go}>&-; wait_bounded $pid; return; }
	echo go >&$go
	exec {go}>&-
	wait_for_line '+++ exited' "$T/tf.out"
	empty_tables $pid traced_tgids endings || { fail "$name" "could not empty the maps"; wait_bounded $pid; return; }
	wait_bounded $pid
	rc=$?
	wait_bounded $tcp_sink_pid
	[ $rc -eq 0 ] || { fail "$name" "exit $rc, not the probe's 0: $(cat "$T/tf.err")"; return; }
	[ "$(cat "$T/tf.err")" = "snoop: 3 processes to trace went untraced, their calls missing from the trace: the kernel's table of traced processes was full (65536) or out of memory
snoop: 1 process ended without its exit status or killing signal kept (its end record shows 0): the kernel's table of endings was full (65536) or out of memory" ] ||
		{ fail "$name" "stderr: $(cat "$T/tf.err")"; return; }
	# the command's own calls are all there, its threads' too; no child's
	[ "$(grep -c ' close .* EBADF .* (622105[6-9])$' "$T/tf.out")" -eq 4 ] && grep -q '^[0-9.]* *[0-9]* *[0-9]* +++ exited with 0 +++$' "$T/tf.out" ||
		{ fail "$name" "the command's records are missing: $(tail -5 "$T/tf.out")"; return; }
	others=$(grep -v '^#' "$T/tf.out" | awk '{ print $2 }' | sort -u | wc -l)
	[ "$others" -eq 1 ] || { fail "$name" "records of $others processes, want the command's alone"; return; }
	# a saved trace says so too: the output's last lines, and the capture's
	# (-r), in text and JSON
	[ "$(tail -2 "$T/tf.out")" = "# untraced 3 processes (the kernel's table of traced processes was full or out of memory: their calls are missing)
# unkept 1 process end (the kernel's table of endings was full or out of memory: its end record shows 0, not its exit status or killing signal)" ] ||
		{ fail "$name" "the output's end: $(tail -3 "$T/tf.out")"; return; }
	$SNOOP -r "$T/tf.cap" -o "$T/tf.replay" && $SNOOP -r "$T/tf.cap" --format=json -o "$T/tf.json" ||
		{ fail "$name" "replay failed"; return; }
	[ "$(tail -2 "$T/tf.replay")" = "$(tail -2 "$T/tf.out")" ] || { fail "$name" "replayed: $(tail -2 "$T/tf.replay")"; return; }
	[ "$(tail -2 "$T/tf.json")" = '{"type":"untraced","count":3}
{"type":"unkept","count":1}' ] && check_json "$T/tf.json" "$T/tf.replay" ||
		{ fail "$name" "JSON: $(tail -2 "$T/tf.json") $(cat "$T/json_check.out")"; return; }
	[ "$(tail -2 "$T/tf.to")" = "$(tail -2 "$T/tf.json")" ] || { fail "$name" "--to: $(tail -2 "$T/tf.to")"; return; }
	$SNOOP -r "$T/tf.cap" --format=trace-event -o "$T/tf.te" && python3 -c 'import json, sys
ev = json.load(open(sys.argv[1]))["traceEvents"]
got = [(e["cat"], e["args"]["count"]) for e in ev if e.get("cat") in ("untraced", "unkept")]
sys.exit(got != [("untraced", 3), ("unkept", 1)] and "trace events: %r" % got)' "$T/tf.te" ||
		{ fail "$name" "--format=trace-event"; return; }
	$SNOOP -r "$T/tf.cap" --html "$T/tf.html" -o /dev/null && grep -q 'id="untraced">3 processes to trace went untraced' "$T/tf.html" &&
		grep -q 'id="unkept">1 process end kept no exit status' "$T/tf.html" || { fail "$name" "--html: no paragraphs"; return; }
	ok "$name (filled with $filled_traced_tgids and $filled_endings entries)"
}

# -n chooses a process at each of its syscalls until it is traced: one
# that finds no room is counted once, even when it execs into the name
# again, and the next of that name, once there is room, is traced.
t_tables_full_name() {
	local name="table of traced processes full under -n: a process of the name counted once however many calls and execs it makes"
	local pid rc
	cp "$PROBE" "$T/tfname"
	$SNOOP -n tfname -C -o "$T/tfn.out" 2> "$T/tfn.err" &
	pid=$!
	wait_ready "$T/tfn.out" || { fail "$name" "not ready: $(cat "$T/tfn.err")"; kill $pid; wait_bounded $pid; return; }
	fill_tables $pid traced_tgids || { fail "$name" "could not fill the map"; kill $pid; wait_bounded $pid; return; }
	"$T/tfname" storm 1000
	"$T/tfname" execaway "$T/tfname" storm 1000
	empty_tables $pid traced_tgids || { fail "$name" "could not empty the map"; kill $pid; wait_bounded $pid; return; }
	"$T/tfname" basic
	wait_for_line '+++ exited with 7' "$T/tfn.out"
	kill -INT $pid
	wait_bounded $pid
	rc=$?
	[ $rc -eq 0 ] || { fail "$name" "exit $rc: $(cat "$T/tfn.err")"; return; }
	[ "$(cat "$T/tfn.err")" = "snoop: 2 processes to trace went untraced, their calls missing from the trace: the kernel's table of traced processes was full (65536) or out of memory" ] ||
		{ fail "$name" "stderr: $(cat "$T/tfn.err")"; return; }
	! grep -q ' getppid ' "$T/tfn.out" && grep -q ' close .* (24301)$' "$T/tfn.out" ||
		{ fail "$name" "want the second process's records, not the first's: $(tail -3 "$T/tfn.out")"; return; }
	# -C: the records, the table, then the note, the output's last line
	[ "$(grep -c '^# un' "$T/tfn.out")" -eq 1 ] && tail -1 "$T/tfn.out" | grep -q '^# untraced 2 processes (' &&
		tail -2 "$T/tfn.out" | grep -q ' total$' || { fail "$name" "the output's end: $(tail -2 "$T/tfn.out")"; return; }
	ok "$name (filled with $filled_traced_tgids entries)"
}
