# -a, --cgroup and -u: processes chosen in the kernel as they are seen
# (sourced by run.sh; helpers in lib.sh).

# The cgroup2 mount (on a hybrid v1/v2 machine, beside the v1 controllers)
cgroup2_mount() {
	awk '{ for (i = 7; i <= NF; i++) if ($i == "-") { if ($(i + 1) == "cgroup2") { print $5; exit } break } }' \
		/proc/self/mountinfo
}

# The end record of PID with STATUS, if OUT has it
ended_with() {   # STATUS PID OUT
	awk -v p="$2" -v s="$1" '$1 !~ /^#/ && $2 == p && $4 == "+++" && $5 == "exited" && $7 == s' "$3"
}

# A cgroup of the test's own under the cgroup2 mount: its path in cg.
make_test_cgroup() {   # NAME
	local m
	m=$(cgroup2_mount)
	[ -n "$m" ] || return 1
	cg="$m/$1"
	rmdir "$cg" 2>/dev/null
	mkdir "$cg"
}

# Its processes moved back to the root cgroup, then it goes.
remove_test_cgroup() {   # DIR
	local p
	for p in $(cat "$1/cgroup.procs" 2>/dev/null); do echo "$p" > "$(dirname "$1")/cgroup.procs"; done
	rmdir "$1" 2>/dev/null
}

# Once the records reached the file (the reader drains every 100 ms),
# snoop stopped by SIGINT; its exit status.
stop_snoop() {   # PID
	sleep 0.3
	kill -INT "$1"
	wait "$1"
}

# --cgroup=DIR given relative to the mount: a process moved in after snoop
# started is traced (exactly its records), and the child it forks there;
# one outside is not.
t_cgroup() {
	local name="--cgroup traces a process that joins the cgroup later and its child, none outside"
	make_test_cgroup "snoop-it-$$" || { fail "$name" "no cgroup2 mount to make a cgroup in"; return; }
	$SNOOP --raw --cgroup="snoop-it-$$" -o "$T/cg.out" 2> "$T/cg.err" &
	local spid=$!
	wait_ready "$T/cg.out" || { fail "$name" "snoop not ready: $(cat "$T/cg.err")"; remove_test_cgroup "$cg"; return; }
	# the shell makes calls outside first (left out), then moves itself in
	# and runs the probe, whose fork child runs the magic sequence
	SYSPROBE_EXPECT=9 sh -c "echo \$\$ > $cg/cgroup.procs && exec $PROBE fork" 9> "$T/cg.want"
	SYSPROBE_EXPECT=9 $PROBE basic 9> "$T/cgout.want"   # outside: not traced
	stop_snoop $spid
	local rc=$?
	remove_test_cgroup "$cg"
	[ $rc -eq 0 ] || { fail "$name" "snoop exit $rc after SIGINT: $(cat "$T/cg.err")"; return; }
	grep -q "^# snoop .* select=cgroup:snoop-it-$$ " "$T/cg.out" || { fail "$name" "the header does not name the cgroup: $(head -1 "$T/cg.out")"; return; }
	[ -z "$(probe_records "$T/cgout.want" "$T/cg.out")" ] || { fail "$name" "a process outside the cgroup was traced"; return; }
	# the shell moved in is traced from its next call: its execve of the
	# probe (whose expectations are its fork child's) is recorded
	local child mover
	child=$(awk '{print $1}' "$T/cg.want" | sort -u)
	mover=$(awk -v c="$child" '$1 !~ /^#/ && $4 == "execve" && $5 == 0 && $2 != c {print $2; exit}' "$T/cg.out")
	[ -n "$mover" ] || { fail "$name" "no execve of the process moved into the cgroup"; return; }
	check_probe "$name" "$T/cg.want" "$T/cg.out"
}

# Records carry their cgroup: a process moved into a --cgroup directory
# shows it as the directory's inode (what `stat -c %i` says), in text with
# --show-cgroup (a trailing [cgroup=ID]), in JSON, through a -w capture and
# its -r; the header lists the directory; -r --cgroup keeps its records
# and drops them for a sibling directory.
t_cgroup_records() {
	local name="records carry their cgroup id (= the directory's inode): --show-cgroup, JSON, -w/-r, -r --cgroup"
	make_test_cgroup "snoop-it-rec-$$" || { fail "$name" "no cgroup2 mount to make a cgroup in"; return; }
	local sib="$cg-sibling" mark="/snoop-cg-mark-$$" ino line
	mkdir "$sib"
	ino=$(stat -c %i "$cg")
	$SNOOP --cgroup="snoop-it-rec-$$" --show-cgroup -e openat -w "$T/cgr.cap" -o "$T/cgr.out" 2> "$T/cgr.err" &
	local spid=$!
	wait_ready "$T/cgr.out" || { fail "$name" "snoop not ready: $(cat "$T/cgr.err")"; remove_test_cgroup "$cg"; rmdir "$sib"; return; }
	sh -c "echo \$\$ > $cg/cgroup.procs && exec cat $mark" 2> /dev/null
	stop_snoop $spid
	line=$(grep -F "\"$mark\"" "$T/cgr.out")
	[ -n "$line" ] || { fail "$name" "no openat of $mark: $(cat "$T/cgr.err")"; remove_test_cgroup "$cg"; rmdir "$sib"; return; }
	case "$line" in
	*" [cgroup=$ino]") ;;
	*) fail "$name" "--show-cgroup: want [cgroup=$ino] at the end: $line"; remove_test_cgroup "$cg"; rmdir "$sib"; return ;;
	esac
	grep -q "^# snoop .* cgroups=$ino:/snoop-it-rec-$$[ ,]" "$T/cgr.out" ||
		{ fail "$name" "the header does not list the cgroup: $(head -1 "$T/cgr.out")"; remove_test_cgroup "$cg"; rmdir "$sib"; return; }
	$SNOOP -r "$T/cgr.cap" --format=json > "$T/cgr.json" 2>&1
	grep -F "\"$mark\"" "$T/cgr.json" | grep -qF "\"cgroup_id\":$ino," ||
		{ fail "$name" "-r --format=json: no cgroup_id $ino on the openat: $(grep -F "$mark" "$T/cgr.json")"; remove_test_cgroup "$cg"; rmdir "$sib"; return; }
	$SNOOP -r "$T/cgr.cap" --cgroup="snoop-it-rec-$$" > "$T/cgr-in.out" 2>&1
	$SNOOP -r "$T/cgr.cap" --cgroup="$sib" > "$T/cgr-sib.out" 2>&1
	local rc=$?
	remove_test_cgroup "$cg"
	rmdir "$sib"
	grep -qF "\"$mark\"" "$T/cgr-in.out" || { fail "$name" "-r --cgroup=DIR left out the cgroup's record: $(tail -2 "$T/cgr-in.out")"; return; }
	[ $rc -eq 0 ] && ! grep -qF "$mark" "$T/cgr-sib.out" ||
		{ fail "$name" "-r --cgroup=SIBLING (status $rc) kept another cgroup's record: $(tail -2 "$T/cgr-sib.out")"; return; }
	ok "$name"
}

# A thread's cgroup is kept with its name in the CPU's slot and read
# again after any move: a shell that opens a path, moves itself into a
# cgroup and opens another shows the cgroup it was in at each (the same
# thread throughout: redirections of the shell's own).
t_cgroup_moves() {
	local name="records' cgroup ids follow a thread that moves (the slot's cached id is read again)"
	make_test_cgroup "snoop-it-mv-$$" || { fail "$name" "no cgroup2 mount to make a cgroup in"; return; }
	local here ino a b
	here=$(stat -c %i "$(cgroup2_mount)$(sed -n 's/^0:://p' /proc/self/cgroup)")
	ino=$(stat -c %i "$cg")
	$SNOOP --show-cgroup -e openat -o "$T/mv.out" -- \
		sh -c "true < /snoop-mv-a-$$; echo \$\$ > $cg/cgroup.procs; true < /snoop-mv-b-$$; true < /snoop-mv-c-$$" 2> "$T/mv.err"
	remove_test_cgroup "$cg"
	a=$(grep -F '"/snoop-mv-a-'$$'"' "$T/mv.out")
	b=$(grep -F '"/snoop-mv-b-'$$'"' "$T/mv.out")
	case "$a" in *" [cgroup=$here]") ;; *) fail "$name" "before the move, want [cgroup=$here]: $a $(cat "$T/mv.err")"; return ;; esac
	case "$b" in *" [cgroup=$ino]") ;; *) fail "$name" "after the move, want [cgroup=$ino]: $b"; return ;; esac
	[ "$(echo "$a" | awk '{print $3}')" = "$(echo "$b" | awk '{print $3}')" ] || { fail "$name" "not the same thread: $a / $b"; return; }
	ok "$name"
}

# --pidns=target: a new PID namespace's first process (unshare -fp) is
# PID 1 and its thread TID 2, as the namespace numbers them; JSON keeps
# the host's beside (host_pid, host_tid), which the default shows; the
# probe's thread closes 0x5eed00 (6221056).
t_pidns() {
	local name="--pidns=target: a new PID namespace's first process is 1, its thread 2; host PIDs without"
	command -v unshare > /dev/null || { skip "$name" "no unshare (util-linux)"; return; }
	local line hpid htid
	$SNOOP -f --pidns=target -e close -o "$T/ns.out" -- unshare -fp --mount-proc $PROBE threads 1 2> "$T/ns.err" ||
		{ fail "$name" "snoop: $(cat "$T/ns.err")"; return; }
	line=$(awk '$4 == "close" && $NF == "(6221056)"' "$T/ns.out")
	[ "$(echo "$line" | awk '{print $2, $3}')" = "1 2" ] || { fail "$name" "text: want pid 1, tid 2: $line"; return; }
	$SNOOP -f --pidns=target --format=json -e close -o "$T/ns.json" -- unshare -fp --mount-proc $PROBE threads 1 2> "$T/ns.err" ||
		{ fail "$name" "snoop: $(cat "$T/ns.err")"; return; }
	check_json "$T/ns.json" || { fail "$name" "JSON not valid against the schema"; return; }
	line=$(grep -F '"syscall":"close"' "$T/ns.json" | grep -F '"args":[6221056]')
	hpid=$(echo "$line" | sed -n 's/.*"host_pid":\([0-9]*\),"host_tid":\([0-9]*\),.*/\1/p')
	htid=$(echo "$line" | sed -n 's/.*"host_pid":\([0-9]*\),"host_tid":\([0-9]*\),.*/\2/p')
	case "$line" in
	*'"pid":1,"tid":2,"host_pid":'*) ;;
	*) fail "$name" "JSON: want pid 1, tid 2 and the host's: $line"; return ;;
	esac
	[ -n "$hpid" ] && [ "$hpid" -gt 1 ] && [ "$htid" -gt "$hpid" ] ||
		{ fail "$name" "JSON: the host's pid $hpid and tid $htid are not a process's and its thread's: $line"; return; }
	$SNOOP -f -e close -o "$T/nshost.out" -- unshare -fp --mount-proc $PROBE threads 1 2> "$T/ns.err"
	line=$(awk '$4 == "close" && $NF == "(6221056)"' "$T/nshost.out")
	set -- $line
	[ -n "$line" ] && [ "$2" -gt 1 ] && [ "$3" -gt "$2" ] || { fail "$name" "default: want the host's PIDs: $line"; return; }
	# snoop itself in a namespace would take its own PID for the host's
	expect_error "snoop in a PID namespace of its own refuses to trace" 1 \
		"^snoop: snoop runs in a PID namespace of its own (pid:\[[0-9]*\]), and BPF numbers processes as the host does: run it in the host's" \
		unshare -fp --mount-proc $SNOOP -o /dev/null -- true
	# --prepare only compiles: it runs there (a package build's namespace)
	unshare -fp --mount-proc $SNOOP --prepare --cache-dir="$R/cache-prepare-ns" > "$T/nsprep.out" 2>&1 ||
		{ fail "$name" "--prepare in a PID namespace: $(cat "$T/nsprep.out")"; return; }
	ok "$name"
}

# A process already in the cgroup when snoop starts, blocked since then
# (a waiting probe): traced once it goes on; the absolute path form.
t_cgroup_present() {
	local name="--cgroup traces a process that was in the cgroup before snoop started"
	make_test_cgroup "snoop-it-pre-$$" || { fail "$name" "no cgroup2 mount to make a cgroup in"; return; }
	start_waiting_probe cgpre $PROBE wait
	echo "$probe_pid" > "$cg/cgroup.procs"
	$SNOOP --raw --cgroup="$cg" -o "$T/cgpre.out" 2> "$T/cgpre.err" &
	local spid=$!
	wait_ready "$T/cgpre.out" || { fail "$name" "snoop not ready: $(cat "$T/cgpre.err")"; exec 8>&-; remove_test_cgroup "$cg"; return; }
	echo go >&8
	exec 8>&-
	wait "$probe_pid" 2>/dev/null
	stop_snoop $spid
	local rc=$?
	remove_test_cgroup "$cg"
	[ $rc -eq 0 ] || { fail "$name" "snoop exit $rc after SIGINT: $(cat "$T/cgpre.err")"; return; }
	[ -n "$(ended_with 7 "$probe_pid" "$T/cgpre.out")" ] ||
		{ fail "$name" "no end record of the probe: $(grep -c . "$T/cgpre.out") lines"; return; }
	check_probe "$name" "$T/cgpre.want" "$T/cgpre.out"
}

# -a: an unrelated process started outside snoop is traced, exactly, with
# its end; snoop's own calls are not; SIGINT ends it with status 0.
t_all() {
	local name="-a traces an unrelated process, not snoop itself, and ends on SIGINT"
	$SNOOP --raw -a -e close,write,epoll_wait,read,exit_group -o "$T/all.out" 2> "$T/all.err" &
	local spid=$!
	wait_ready "$T/all.out" || { fail "$name" "snoop not ready: $(cat "$T/all.err")"; return; }
	SYSPROBE_EXPECT=9 $PROBE basic 9> "$T/all.want" &
	local ppid=$!
	wait $ppid
	stop_snoop $spid
	local rc=$?
	[ $rc -eq 0 ] || { fail "$name" "snoop exit $rc after SIGINT: $(cat "$T/all.err")"; return; }
	grep -q '^# snoop .* select=all ' "$T/all.out" || { fail "$name" "the header does not say select=all"; return; }
	[ -z "$(awk -v p=$spid '$1 !~ /^#/ && $2 == p' "$T/all.out")" ] || { fail "$name" "snoop's own calls were traced"; return; }
	[ -n "$(ended_with 7 "$ppid" "$T/all.out")" ] || { fail "$name" "no end record of the probe"; return; }
	grep ' close \| exit_group ' "$T/all.want" > "$T/all.want.e" || true
	check_probe "$name" "$T/all.want.e" "$T/all.out"
}

# -a -- COMMAND (perf trace -a -- sleep 5): the whole machine until the
# command ends, then snoop ends with the command's status; an unrelated
# process started beside it (a probe) is traced exactly, and so is the
# command from its execve, with its end.
t_all_command() {
	local name="-a -- COMMAND traces the whole machine until the command ends, with its status"
	rm -f "$T/allc.want"
	$SNOOP --raw -a -e close,exit_group,execve -o "$T/allc.out" -- \
		sh -c "SYSPROBE_EXPECT=9 $PROBE basic 9> $T/allc.want < /dev/null & sleep 0.5; exit 5" 2> "$T/allc.err" &
	local spid=$! rc i
	for i in $(seq 1 100); do kill -0 $spid 2> /dev/null || break; sleep 0.1; done
	kill -0 $spid 2> /dev/null && { kill -INT $spid; wait $spid; fail "$name" "snoop did not end with its command"; return; }
	wait $spid
	rc=$?
	[ $rc -eq 5 ] || { fail "$name" "snoop exit $rc, want the command's 5: $(cat "$T/allc.err")"; return; }
	grep -q '^# snoop .* select=all ' "$T/allc.out" || { fail "$name" "the header does not say select=all"; return; }
	local cpid
	cpid=$(awk '$4 == "+++" && $5 == "exited" && $7 == 5 {print $2; exit}' "$T/allc.out")
	[ -n "$cpid" ] || { fail "$name" "no end of the command with 5"; return; }
	awk -v p="$cpid" '$2 == p && $4 == "execve" && $5 == 0' "$T/allc.out" | grep -q . ||
		{ fail "$name" "no execve of the command (pid $cpid)"; return; }
	grep ' close \| exit_group ' "$T/allc.want" > "$T/allc.want.e" || true
	check_probe "$name" "$T/allc.want.e" "$T/allc.out"
}


# -a -c: counted in the kernel, the whole machine's getppid calls at least
# the probe's (others may make some too)
t_all_summary() {
	local name="-a -c counts an unrelated process's calls"
	$SNOOP -v -a -c -e getppid -o "$T/allc.out" 2> "$T/allc.err" &
	local spid=$! i
	# -c writes nothing before the end: -v says when tracing began
	for i in $(seq 1 100); do grep -q '^snoop: tracing, ' "$T/allc.err" && break; sleep 0.1; done
	grep -q '^snoop: tracing, ' "$T/allc.err" || { fail "$name" "snoop not ready: $(cat "$T/allc.err")"; kill $spid; return; }
	$PROBE storm 5000
	stop_snoop $spid
	local rc=$?
	[ $rc -eq 0 ] || { fail "$name" "snoop exit $rc after SIGINT: $(cat "$T/allc.err")"; return; }
	local n
	n=$(awk '$NF == "getppid" {print $6}' "$T/allc.out")   # % seconds usecs/call min max calls
	[ -n "$n" ] && [ "$n" -ge 5000 ] && ok "$name" || fail "$name" "getppid counted ${n:-never} (want >= 5000): $(cat "$T/allc.out")"
}

# -u: a process of another uid (nobody, by setpriv) is left out; one of
# the named user is traced, also when it became that user by an exec
# after snoop had looked at it.
t_user() {
	local name="-u traces only the processes of that user"
	$SNOOP --raw -u nobody -e close -o "$T/user.out" 2> "$T/user.err" &
	local spid=$!
	wait_ready "$T/user.out" || { fail "$name" "snoop not ready: $(cat "$T/user.err")"; return; }
	SYSPROBE_EXPECT=9 setpriv --reuid=nobody --regid=nogroup --clear-groups $PROBE basic 9> "$T/user.want"
	SYSPROBE_EXPECT=9 $PROBE basic 9> "$T/userroot.want"   # root's: not traced
	stop_snoop $spid
	local rc=$?
	[ $rc -eq 0 ] || { fail "$name" "snoop exit $rc after SIGINT: $(cat "$T/user.err")"; return; }
	grep -q '^# snoop .* select=all,user:nobody ' "$T/user.out" || { fail "$name" "the header does not name the user"; return; }
	[ -z "$(probe_records "$T/userroot.want" "$T/user.out")" ] || { fail "$name" "root's process was traced"; return; }
	grep ' close ' "$T/user.want" > "$T/user.want.e"
	check_probe "$name" "$T/user.want.e" "$T/user.out"
}

t_select_errors() {
	local m
	m=$(cgroup2_mount)
	expect_error "error: -a with -p" 2 "^snoop: -a traces every process already: drop -p" $SNOOP -a -p 1
	expect_error "error: -a with --cgroup and a command" 2 "^snoop: -a traces every process already: drop --cgroup" $SNOOP -a --cgroup=x -- true
	expect_error "error: --cgroup with -n" 2 "^snoop: --cgroup chooses processes by the cgroup they are in: it cannot go with -n" \
		$SNOOP --cgroup=x -n foo
	expect_error "error: -u with -p" 2 "^snoop: -u chooses among the processes .*setpriv" $SNOOP -u root -p 1
	expect_error "error: -a with -r" 2 "^snoop: -a chooses processes while tracing" $SNOOP -a -r /dev/null
	expect_error "error: unknown user" 1 "^snoop: -u no-such-user-x: no such user" $SNOOP -u no-such-user-x
	expect_error "error: bad uid" 1 "^snoop: -u 12ab: not a uid" $SNOOP -u 12ab
	expect_error "error: no such cgroup" 1 "^snoop: --cgroup=no-such-cgroup-x: $m/no-such-cgroup-x: No such file or directory" \
		$SNOOP --cgroup=no-such-cgroup-x
	local v1
	v1=$(awk '{ for (i = 7; i <= NF; i++) if ($i == "-") { if ($(i + 1) == "cgroup") { print $5; exit } break } }' /proc/self/mountinfo)
	if [ -n "$v1" ]; then
		expect_error "error: a cgroup v1 directory" 1 "^snoop: --cgroup=$v1: $v1 is not a cgroup v2 directory" $SNOOP --cgroup="$v1"
	fi
	expect_error "error: a plain directory" 1 "^snoop: --cgroup=/tmp: /tmp is not a cgroup v2 directory" $SNOOP --cgroup=/tmp
}
