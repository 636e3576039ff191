# Storms of calls: every record written, or its loss counted and marked;
# losses make the buffers grow. The records made are the calls and the
# process's end (+++), which a full buffer can lose like any other.

# $1: a --buffer kind (default: snoop's default, the mapped rings)
t_million() {
	local name="1,000,000 getppid calls: every record written or counted lost${1:+ (--buffer=$1)}"
	$SNOOP -v ${1:+--buffer=$1} -e getppid -o "$T/m.out" -- $PROBE storm 1000000 2> "$T/m.err" || { fail "$name" "$(cat "$T/m.err")"; return; }
	local got lost
	got=$(awk '$1 !~ /^#/' "$T/m.out" | wc -l)
	lost=$(lost_in "$T/m.out")
	# every record counts on stderr: the process's end too
	local written; written=$(awk '$1 !~ /^#/' "$T/m.out" | wc -l)
	grep -q "snoop: $written records written, $lost lost" "$T/m.err" || { fail "$name" "stderr disagrees with the file ($written, $lost): $(cat "$T/m.err")"; return; }
	[ $((got + lost)) -eq 1000001 ] && ok "$name ($got written, $lost lost)" || fail "$name" "$got written + $lost lost != 1000000 calls + the end"
}

t_loss() {
	local name="lost records: marked where they happened, reported, and they add up${1:+ (--buffer=$1)}"
	$SNOOP -v ${1:+--buffer=$1} --buffer-pages=1 -e getppid -o "$T/l.out" -- $PROBE storm 200000 2> "$T/l.err" || { fail "$name" "$(cat "$T/l.err")"; return; }
	local got lost
	got=$(awk '$1 !~ /^#/' "$T/l.out" | wc -l)
	lost=$(lost_in "$T/l.out")
	[ "$lost" -gt 0 ] || { fail "$name" "a 4 KiB buffer lost nothing: the test does not test"; return; }
	grep -q "^snoop: lost $lost records (cpu .*) until the buffers grew to [0-9]* pages per CPU" "$T/l.err" || { fail "$name" "stderr: $(cat "$T/l.err")"; return; }
	# the advice names --lossless with the rings it names, if --lossless
	# takes rings that size (256 pages and more) and of that kind (mapped)
	local pages advice kind=${1:-}
	pages=$(sed -n 's/^snoop: lost .* start with --buffer-pages=\([0-9]*\) next time.*/\1/p' "$T/l.err")
	advice=$(grep -c -- ", or --lossless to make the traced processes wait for snoop$" "$T/l.err")
	[ "$advice" -eq $(( ${pages:-0} >= 256 && ${#kind} == 0 )) ] ||
		{ fail "$name" "--lossless advised $advice times with --buffer-pages=$pages: $(grep lost "$T/l.err")"; return; }
	[ $((got + lost)) -eq 200001 ] && ok "$name ($got written, $lost lost)" || fail "$name" "$got + $lost != 200000 calls + the end"
}

# The dynamic high-water mark: the first storm loses from 1-page buffers,
# which grow to what that burst needed (one drain interval of it, ~8 MiB);
# the second storm, after a pause, must lose at most a tenth of the first.
# That second part holds unless the reader is held up longer than the
# interval the buffers were sized for, which a shared VM's stolen time
# sometimes does (CI once lost 2,143 after 358): a run with more losses
# is tried again, up to 3 times. Growth that did not happen loses in every
# second storm and fails. Every run must account for every record.
t_grow() {
	local name="records lost: buffers grow, the loss rate drops, every record accounted${1:+ (--buffer=$1)}"
	local try tries=""
	for try in 1 2 3; do
		grow_run "${1:-}" || { fail "$name" "$GROW_WHY"; return; }
		tries="$tries${tries:+; }$GROW_BEFORE then $GROW_AFTER"
		[ "$GROW_AFTER" -le $((GROW_BEFORE / 10)) ] && break
	done
	[ "$GROW_AFTER" -le $((GROW_BEFORE / 10)) ] ||
		{ fail "$name" "losses did not drop in 3 runs (first storm then second: $tries): $(grep 'grown\|lost' "$T/g.err" | tr '\n' ' ')"; return; }
	[ "$try" -eq 1 ] && tries="" || tries="; in run $try of: $tries"
	ok "$name (lost $GROW_BEFORE in the first storm, $GROW_AFTER in the second$tries)"
}

# One run of the two storms: GROW_BEFORE and GROW_AFTER, the records
# lost before and after the pause; 1 (GROW_WHY) if the run failed,
# reported no growth, or did not account for every record.
grow_run() {
	local shm before after got
	# the output goes to tmpfs: on disk, earlier tests' dirty pages can
	# throttle snoop's writes for longer than any buffer covers
	shm=$(mktemp -d /dev/shm/snoop-grow-XXXXXX)
	$SNOOP -v ${1:+--buffer=$1} --buffer-pages=1 -e getppid,getpid -o "$shm/g.out" -- $PROBE twostorm 1000000 2> "$T/g.err" ||
		{ GROW_WHY=$(cat "$T/g.err"); rm -rf "$shm"; return 1; }
	awk '$1 == "#" && $2 == "lost" { if (marker) after += $3; else before += $3 }
	     $4 == "getpid" { marker = 1 }
	     $1 !~ /^#/ { got++ }
	     END { print before + 0, after + 0, got + 0 }' "$shm/g.out" > "$T/g.n"
	rm -rf "$shm"
	read -r before after got < "$T/g.n"
	GROW_BEFORE=$before GROW_AFTER=$after
	[ "$before" -gt 0 ] || { GROW_WHY="a 4 KiB buffer lost nothing: the test does not test"; return 1; }
	grep -q 'records lost: buffers grown to [0-9]* pages' "$T/g.err" &&
		grep -q "until the buffers grew to [0-9]* pages per CPU; start with --buffer-pages=[0-9]* next time" "$T/g.err" ||
		{ GROW_WHY="no growth reported: $(cat "$T/g.err")"; return 1; }
	[ $((got + before + after)) -eq 2000002 ] ||
		{ GROW_WHY="$got written + $((before + after)) lost != 2000001 calls + the end"; return 1; }
}

# "offset bytes" of each BPF map snoop (pid $1) has mapped: its rings'
# areas (and any other map it reads in place).
mapped_bpf_maps() {
	local range perms off rest
	while read -r range perms off _ _ rest; do
		[ "$perms" = rw-s ] && [ "$rest" = anon_inode:bpf-map ] || continue
		echo "$off $((16#${range#*-} - 16#${range%-*}))"
	done < "/proc/$1/maps"
}

# A ring is mapped only as far as its reader has reached (trace/rings.c),
# so a short run's RSS holds only what it used: while the command is
# idle each CPU's 16 MiB ring has its first 256 KiB mapped and nothing
# beyond; a storm's records take the mapping on from there (256 KiB ->
# 1 MiB -> ...) in the kernel's own array, and every record is read. The
# storm (50,000 calls, ~7 MB) fits in one ring: nothing can be lost, nor
# make the buffers grow (new rings), however late the reader runs.
t_ring_reach() {
	local name="each CPU's ring mapped only as far as its reader reached"
	local cpus pid i first further storm shm
	cpus=$(getconf _NPROCESSORS_ONLN)
	shm=$(mktemp -d /dev/shm/snoop-reach-XXXXXX)
	$SNOOP -v -f -e getppid --buffer-pages=4096 -o "$shm/rr.out" -- sh -c "until [ -e $shm/go ]; do sleep 0.05; done
		$PROBE storm 50000 >/dev/null; touch $shm/done
		until [ -e $shm/end ]; do sleep 0.05; done" 2> "$T/rr.err" &
	pid=$!
	for i in $(seq 1 200); do grep -q '^# snoop ' "$shm/rr.out" 2>/dev/null && break; sleep 0.1; done
	mapped_bpf_maps $pid > "$T/rr.idle"
	touch "$shm/go"
	for i in $(seq 1 300); do [ -e "$shm/done" ] && break; sleep 0.1; done
	# the reader wakes at a doorbell or its tick: the storm read by then
	for i in $(seq 1 50); do
		mapped_bpf_maps $pid > "$T/rr.busy"
		grep -q '^00040000 ' "$T/rr.busy" && break
		sleep 0.1
	done
	touch "$shm/end"
	wait $pid || { fail "$name" "snoop: $(cat "$T/rr.err")"; rm -rf "$shm"; return; }
	# the storm's own getppid records (sh asks for its PPID too)
	storm=$(awk '$4 == "getppid" { n[$2]++ } END { for (p in n) if (n[p] > max) max = n[p]; print max + 0 }' "$shm/rr.out")
	rm -rf "$shm"
	grep -q 'rings snoop maps (--buffer=mapped)' "$T/rr.err" ||
		{ skip "$name" "this kernel's default buffer is not the mapped rings: $(grep 'snoop: buffers:' "$T/rr.err")"; return; }
	first=$(grep -c '^00000000 262144$' "$T/rr.idle")
	further=$(grep -vc '^00000000 ' "$T/rr.idle")
	[ "$first" -eq "$cpus" ] && [ "$further" -eq 0 ] ||
		{ fail "$name" "idle: want $cpus rings of 256 KiB mapped, nothing further; /proc maps: $(tr '\n' ' ' < "$T/rr.idle")"; return; }
	grep -q '^00040000 786432$' "$T/rr.busy" ||
		{ fail "$name" "after the storm no ring's mapping went on from 256 KiB to 1 MiB: $(tr '\n' ' ' < "$T/rr.busy")"; return; }
	[ "$storm" -eq 50000 ] || { fail "$name" "the storm's getppid records: $storm of 50000: $(cat "$T/rr.err")"; return; }
	ok "$name ($cpus rings at 256 KiB while idle; after the storm: $(tr '\n' ' ' < "$T/rr.busy"))"
}

# snoop stopped (SIGSTOP) while its target runs flat out: the records lost
# are reported as lost to the stop, not as a buffer too small.
t_stopped() {
	local name="snoop stopped mid-storm: losses blamed on the stop, the buffers not grown"
	# 16 MiB buffers: a noisy machine's stall of the reader before the stop
	# (real losses, which rightly make them grow) would need ~250 ms
	$SNOOP -v --buffer-pages=4096 -e getppid -o "$T/st.out" -- $PROBE storm 3000000 2> "$T/st.err" &
	local spid=$!
	wait_ready "$T/st.out" || { fail "$name" "not ready: $(cat "$T/st.err")"; return; }
	sleep 0.2
	kill -STOP $spid; sleep 1.5; kill -CONT $spid
	wait $spid || { fail "$name" "exit $?: $(cat "$T/st.err")"; return; }
	local got lost
	got=$(awk '$1 !~ /^#/' "$T/st.out" | wc -l)
	lost=$(lost_in "$T/st.out")
	[ "$lost" -gt 0 ] || { fail "$name" "nothing lost while stopped for 1.5 s: the test does not test"; return; }
	[ $((got + lost)) -eq 3000001 ] || { fail "$name" "$got written + $lost lost != 3000000 calls + the end"; return; }
	grep -q "^snoop: lost [0-9]* records while snoop could not run for [0-9.]* s (stopped by a signal.*no buffer size prevents that; --lossless would have made the traced processes wait for snoop$" "$T/st.err" ||
		{ fail "$name" "stderr: $(cat "$T/st.err")"; return; }
	grep -q 'buffers grown' "$T/st.err" && { fail "$name" "the buffers grew for a stop: $(cat "$T/st.err")"; return; }
	ok "$name ($lost lost while stopped)"
}

# --lossless: a process that fills half its CPU's ring is stopped until
# snoop has read up to there. The records go through a pipe whose reader
# starts 1 s late, so snoop falls behind at once and the storms are
# stopped; not one record may be lost. $1 threads (1: the process alone).
t_lossless() {
	local threads=$1 name="--lossless, snoop behind its output: 1,000,000 getppid calls in $1 thread(s), every one written"
	local each=$((1000000 / threads))
	$SNOOP -v --lossless --buffer-pages=256 -e getppid -- $PROBE threadstorm $each $threads 2> "$T/ll.err" |
		{ sleep 1; cat > "$T/ll.out"; } || { fail "$name" "exit $?: $(cat "$T/ll.err")"; return; }
	local calls stops
	calls=$(awk '$4 == "getppid"' "$T/ll.out" | wc -l)
	stops=$(sed -n 's/^snoop: --lossless: traced processes stopped \([0-9]*\) times for the reader.*/\1/p' "$T/ll.err")
	[ -n "$stops" ] && [ "$stops" -gt 0 ] || { fail "$name" "never stopped (the test does not test): $(grep -v verifier "$T/ll.err")"; return; }
	[ "$calls" -eq $((each * threads)) ] && [ "$(lost_in "$T/ll.out")" -eq 0 ] &&
		grep -q "^snoop: [0-9]* records written, 0 lost$" "$T/ll.err" ||
		{ fail "$name" "$calls of $((each * threads)) calls: $(grep -v verifier "$T/ll.err")"; return; }
	grep -q '+++ exited with 0 +++' "$T/ll.out" || { fail "$name" "no end of the process"; return; }
	[ "$(grep -c ' --- SIGSTOP {si_signo=SIGSTOP, si_code=SI_KERNEL} ---$' "$T/ll.out")" -le "$stops" ] ||
		{ fail "$name" "more SIGSTOP lines than stops"; return; }
	ok "$name (stopped $stops times)"
}

# The same storm without --lossless loses records; the loss line's
# advice names the option, which these options would accept.
t_loss_advice() {
	local name="records lost without --lossless: the advice at the end names it"
	$SNOOP -v --buffer-pages=256 -e getppid -- $PROBE threadstorm 250000 4 2> "$T/la.err" |
		{ sleep 1; cat > "$T/la.out"; } || { fail "$name" "exit $?: $(cat "$T/la.err")"; return; }
	local lost; lost=$(lost_in "$T/la.out")
	[ "$lost" -gt 0 ] || { fail "$name" "nothing lost (the test does not test): $(grep -v verifier "$T/la.err")"; return; }
	grep -q "^snoop: lost $lost records (cpu .*; start with --buffer-pages=[0-9]* next time, or --lossless to make the traced processes wait for snoop$" "$T/la.err" ||
		{ fail "$name" "$(grep lost "$T/la.err")"; return; }
	ok "$name ($lost lost)"
}

# snoop itself stopped for 1.5 s mid-storm: without --lossless this loses
# (t_stopped); with it, the storm waits for snoop instead.
t_lossless_stopped() {
	local name="--lossless, snoop stopped mid-storm: the storm waits (T), nothing lost"
	$SNOOP -v --lossless -e getppid -o "$T/ls.out" -- $PROBE storm 3000000 2> "$T/ls.err" &
	local spid=$! probe state
	wait_ready "$T/ls.out" || { fail "$name" "not ready: $(cat "$T/ls.err")"; return; }
	sleep 0.2
	kill -STOP $spid; sleep 1.5
	probe=$(pgrep -P $spid -x sysprobe)
	state=$(awk '{print $3}' /proc/$probe/stat 2> /dev/null)
	kill -CONT $spid
	wait $spid || { fail "$name" "exit $?: $(cat "$T/ls.err")"; return; }
	local calls; calls=$(awk '$4 == "getppid"' "$T/ls.out" | wc -l)
	[ "$state" = T ] || { fail "$name" "the storm (pid '$probe') was '$state', not stopped, while snoop was"; return; }
	[ "$calls" -eq 3000000 ] && [ "$(lost_in "$T/ls.out")" -eq 0 ] ||
		{ fail "$name" "$calls of 3000000 calls: $(grep -v verifier "$T/ls.err")"; return; }
	ok "$name"
}

# snoop killed (SIGKILL) while a process it stopped waits: nobody would
# continue it but snoop's guard, which does.
t_lossless_killed() {
	local name="--lossless, snoop killed while its target waits: the guard continues it"
	$PROBE storm 4000000000 &
	local probe=$! spid state="" i
	$SNOOP --lossless -e getppid -o "$T/lk.out" -p $probe 2> "$T/lk.err" &
	spid=$!
	wait_ready "$T/lk.out" || { fail "$name" "not ready: $(cat "$T/lk.err")"; kill $probe; return; }
	kill -STOP $spid   # the reader away: the storm fills its ring and is stopped
	for i in $(seq 1 50); do
		state=$(awk '{print $3}' /proc/$probe/stat); [ "$state" = T ] && break; sleep 0.1
	done
	pgrep -P $spid -x snoop-guard > /dev/null || { fail "$name" "no snoop-guard process"; kill -9 $spid; kill $probe; return; }
	kill -9 $spid; wait $spid 2> /dev/null
	local before=$state
	for i in $(seq 1 50); do
		state=$(awk '{print $3}' /proc/$probe/stat); [ "$state" != T ] && break; sleep 0.1
	done
	kill $probe; wait $probe 2> /dev/null
	[ "$before" = T ] || { fail "$name" "the storm was never stopped ($before): the test does not test"; return; }
	[ "$state" != T ] || { fail "$name" "the storm is still stopped 5 s after snoop's death"; return; }
	ok "$name (stopped, then $state)"
}

# Waits up to 5 s for process $1 to be anything but stopped: its state
# then, in STATE.
wait_not_stopped() {
	local i
	for i in $(seq 1 50); do
		STATE=$(awk '{print $3}' /proc/$1/stat 2> /dev/null)
		[ "$STATE" != T ] && return 0
		sleep 0.1
	done
	return 1
}

# snoop killed with its whole process group (a shell job's kill, timeout -s
# KILL): the guard, in a session of its own, outlives it and continues the
# target snoop had stopped.
t_lossless_group_killed() {
	local name="--lossless, snoop's process group killed while its target waits: the guard continues it"
	$PROBE threadstorm 4000000000 2 &
	local probe=$! spid state
	setsid $SNOOP --lossless --buffer-pages=256 -e getppid -o "$T/gk.out" -p $probe 2> "$T/gk.err" &
	spid=$!
	wait_ready "$T/gk.out" || { fail "$name" "not ready: $(cat "$T/gk.err")"; kill -9 $spid; kill $probe; return; }
	kill -STOP $spid
	for i in $(seq 1 50); do
		state=$(awk '{print $3}' /proc/$probe/stat); [ "$state" = T ] && break; sleep 0.1
	done
	kill -KILL -- -$spid; wait $spid 2> /dev/null
	wait_not_stopped $probe; local after=$STATE
	kill $probe; wait $probe 2> /dev/null
	[ "$state" = T ] || { fail "$name" "the storm was never stopped ($state): the test does not test"; return; }
	[ "$after" != T ] || { fail "$name" "the storm is still stopped 5 s after the group's kill"; return; }
	ok "$name"
}

# An error after the programs attached (an output that cannot be opened,
# 4 times): snoop exits 1, and its target, maybe stopped in the
# meantime, runs on.
t_lossless_error_exit() {
	local name="--lossless, an error after attaching: the target is never left stopped"
	$PROBE threadstorm 4000000000 2 &
	local probe=$! i rc stuck=0
	for i in 1 2 3 4; do
		$SNOOP --lossless --buffer-pages=256 -e getppid -p $probe -o "$T/nodir/x" 2> "$T/ee.err"; rc=$?
		[ $rc -eq 1 ] && grep -q "^snoop: cannot open output file $T/nodir/x" "$T/ee.err" ||
			{ fail "$name" "exit $rc: $(cat "$T/ee.err")"; kill $probe; return; }
		wait_not_stopped $probe || stuck=$((stuck + 1))
		kill -CONT $probe
	done
	kill $probe; wait $probe 2> /dev/null
	[ $stuck -eq 0 ] && ok "$name" || fail "$name" "left stopped after $stuck of 4 runs"
}

t_lossless_errors() {
	expect_error "error: --lossless with --buffer=perf" 2 "^snoop: --lossless stops processes by how full the rings snoop maps are, which --buffer=perf lacks: drop --buffer" \
		$SNOOP --lossless --buffer=perf -- true
	expect_error "error: --lossless with -a" 2 "^snoop: --lossless with -a would stop the processes snoop's output needs" \
		$SNOOP --lossless -a -o /dev/null
	expect_error "error: --lossless with -r" 2 "^snoop: --lossless cannot be used with -r" \
		$SNOOP --lossless -r /dev/null
	expect_error "error: --lossless with --inflight=hash" 2 "^snoop: --lossless needs the rings snoop maps, which --inflight=hash goes without" \
		$SNOOP --lossless --inflight=hash -- true
	expect_error "error: --lossless with small rings" 2 "^snoop: --lossless needs --buffer-pages of 256 or more" \
		$SNOOP --lossless --buffer-pages=8 -- true
}
