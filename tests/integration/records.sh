# What records say: decoded arguments, JSON, capture and replay, the
# worked examples of docs/.

t_decoded() {
	local name="decoded arguments: paths, buffers, sockaddrs, bad pointers, cut strings and argv, 64-bit values, flags, structures, pollfds and epoll events, prctl and seccomp, msghdrs, memory policies and groups, ioctl arguments, locks and times"
	local long; long=$(printf 'A%.0s' $(seq 1 100))   # an argument cut at 63 bytes
	SYSPROBE_EXPECT=9 $SNOOP -e execve,write,connect,openat,close,lseek,ftruncate,truncate,read,pipe2,dup3,accept4,wait4,shutdown,madvise,getrandom,arch_prctl,fstat,newfstatat,nanosleep,rt_sigprocmask,rt_sigaction,prlimit64,uname,writev,readv,getsockname,setitimer,getitimer,sigaltstack,sysinfo,clone3,statfs,futex,getcwd,rt_sigreturn,eventfd2,memfd_create,timerfd_create,inotify_init1,getrusage,sched_getaffinity,capget,setsockopt,getsockopt,poll,ppoll,epoll_create1,epoll_ctl,epoll_wait,epoll_pwait,prctl,seccomp,sendmsg,recvmsg,sendmmsg,get_mempolicy,set_mempolicy,pkey_alloc,pkey_free,getgroups,setgroups,ioctl,flock,fcntl,utimensat,fallocate,renameat2,mremap,sched_get_priority_max,getpriority \
		-o "$T/dec.out" -- $PROBE decode "$long" x y z 2> "$T/dec.err" 9> "$T/dec.want" ||
		{ fail "$name" "$(cat "$T/dec.err")"; return; }
	# fields 4-6 and the arguments: the execve (its environment pointer is
	# snoop's: PTR), then from the probe's first expected call on (libc's
	# own start-up calls come before it)
	# (the probe writes its expectations with writev to fd 9: not its calls)
	FIRST=$(sed -n 2p "$T/dec.want") awk '$1 !~ /^#/ && $4 != "+++" && $4 != "---" && !($4 == "writev" && index($0, " (9, ")) {
		line = $4 " " $5 " " $6 " " substr($0, index($0, " (") + 1)
		if ($4 == "execve") { sub(/0x[0-9a-f]+\)$/, "PTR)", line); print line }
		else if (seen || line == ENVIRON["FIRST"]) { seen = 1; print line } }' "$T/dec.out" > "$T/dec.got"
	if [ -n "${DECODED_WITHOUT_REGS:-}" ]; then
		# no registers, no stack pointer: rt_sigreturn's mask is not read
		# (FORMAT.md), and the call shows no argument, as before it was
		sed -i 's/^\(rt_sigreturn .*\) ({mask=.*})$/\1 ()/' "$T/dec.want"
	fi
	if [ -n "${DECODED_WITHOUT_EXECVE:-}" ]; then
		# a method without the registers keeps the argv its entry read
		# (the whole one is read again from the new stack): compared
		# elsewhere
		sed -i '/^execve /d' "$T/dec.want" "$T/dec.got"
	fi
	check_diff "$name" "$T/dec.want" "$T/dec.got"
}

# execve whose path, argv array and strings sit on pages the caller never
# touched (tests/progs/untouched.c): a read at entry faults on them, and
# strace's own reads would fault them in, so the probe says what to expect.
t_exec_untouched() {
	local name="execve from untouched pages: path and argv whole (system() 20 of 20, vfork, a thread, failed calls)"
	local prog=build/progs/untouched
	SYSPROBE_EXPECT=9 $SNOOP -f -e execve -o "$T/u.out" -- $prog enoexec eacces vfork \
		$(printf 'system %.0s' $(seq 20)) thread 2> "$T/u.err" 9> "$T/u.want" ||
		{ fail "$name" "$(cat "$T/u.err")"; return; }
	# every execve but the probe's own, in fields 4-6 and the arguments
	awk '$1 !~ /^#/ && $4 == "execve" && n++ {
		line = $4 " " $5 " " $6 " " substr($0, index($0, " (") + 1)
		sub(/0x[0-9a-f]+\)$/, "PTR)", line); print line }' "$T/u.out" > "$T/u.got"
	check_diff "$name" "$T/u.want" "$T/u.got"
}

# execve's argv as strace -s shows it: up to -s strings of up to -s bytes
# (the kernel's copy on the new program's stack, joined to the record by
# the reader). strace and snoop each run the command alone.
t_exec_whole_argv() {
	local name="execve's whole argv: -s strings of -s bytes, as strace -s shows them"
	command -v strace > /dev/null || { skip "$name" "strace is not installed (src/tools/setup.sh installs it)"; return; }
	local args s
	args=$(python3 -c 'print(" ".join("%03d" % i + "x" * 197 for i in range(100)))')
	for s in 256 32; do
		$SNOOP -s $s -e execve -o "$T/wa$s.out" -- /bin/true $args 2> "$T/wa.err" ||
			{ fail "$name" "-s $s: $(cat "$T/wa.err")"; return; }
		strace -s $s -e trace=execve -o "$T/wa$s.st" /bin/true $args
		# the argv list of each: from "[" to the "], 0x" before envp
		sed -n 's/.* execve .*"\/bin\/true", \(\[.*\]\), 0x[0-9a-f]*)$/\1/p' "$T/wa$s.out" > "$T/wa$s.snoop"
		sed -n 's/^execve("\/bin\/true", \(\[.*\]\), 0x[0-9a-f]* .*/\1/p' "$T/wa$s.st" > "$T/wa$s.strace"
		[ -s "$T/wa$s.strace" ] && cmp -s "$T/wa$s.strace" "$T/wa$s.snoop" ||
			{ fail "$name" "-s $s: snoop $(cut -c 1-200 "$T/wa$s.snoop") strace $(cut -c 1-200 "$T/wa$s.strace")"; return; }
	done
	# JSON: 101 strings; a capture replays the same line
	$SNOOP -s 256 --format=json -e execve -o "$T/wa.json" -- /bin/true $args 2> /dev/null
	[ "$(jq -s 'map(select(.syscall == "execve"))[0].args[1] | length' "$T/wa.json")" = 101 ] &&
		check_json "$T/wa.json" > "$T/wa.bad" || { fail "$name" "JSON: $(head -c 300 "$T/wa.json") $(cat "$T/wa.bad")"; return; }
	$SNOOP -s 256 -e execve -w "$T/wa.cap" -- /bin/true $args 2> /dev/null
	$SNOOP -r "$T/wa.cap" | sed -n 's/.* execve .*"\/bin\/true", \(\[.*\]\), 0x[0-9a-f]*)$/\1/p' > "$T/wa.replay"
	cmp -s "$T/wa.replay" "$T/wa256.snoop" || { fail "$name" "the capture's line differs"; return; }
	# a #! script's argv on the new stack is the interpreter's: not shown
	# for the call's (its first strings, from the entry, are)
	printf '#!/bin/sh\nexit 0\n' > "$T/wa.sh"
	chmod +x "$T/wa.sh"
	$SNOOP -e execve -o "$T/was.out" -- "$T/wa.sh" a b c d e f 2> /dev/null
	grep -q " execve .* (\"$T/wa.sh\", \[\"$T/wa.sh\", \"a\", \"b\", \"c\", \.\.\.\]" "$T/was.out" ||
		{ fail "$name" "a script's argv: $(grep execve "$T/was.out" | cut -c 60-)"; return; }
	ok "$name"
}

t_json() {
	local name="--format=json: one valid JSON object per line"
	SYSPROBE_EXPECT=9 $SNOOP --format=json -e openat,exit_group -o "$T/j.out" -- $PROBE basic 2> "$T/j.err" 9> "$T/j.want"
	[ $? -eq 7 ] || { fail "$name" "$(cat "$T/j.err")"; return; }
	check_json "$T/j.out" > "$T/j.got" || { fail "$name" "$(cat "$T/j.got")"; return; }
	python3 - "$T/j.out" "$T/j.want" "$(basename $PROBE)" > "$T/j.got" <<-'EOF2' || { fail "$name" "$(cat "$T/j.got")"; return; }
	import json, sys
	lines = [json.loads(l) for l in open(sys.argv[1])]
	want = {w.split()[2]: w.split() for w in open(sys.argv[2])}
	assert lines[0]["type"] == "header" and lines[0]["format"] == 3, lines[0]
	recs = [l for l in lines if l["type"] == "syscall"]
	o = want["openat"]   # pid tid openat ret errno dirfd path flags mode r8 r9
	probe = [r for r in recs if r["raw_args"][1] == o[6]]
	assert len(probe) == 1, recs
	p = probe[0]
	assert (p["syscall"], p["ret"], p["errno"], p["args"][0], p["comm"]) == ("openat", int(o[3]), o[4], "AT_FDCWD", sys.argv[3]), p
	assert p["raw_args"][4:] == o[9:11], p
	last = recs[-1]
	assert (last["syscall"], last["ret"], last["args"]) == ("exit_group", None, [int(want["exit_group"][5], 16)]), last
	print("ok")
	EOF2
	ok "$name"
}

# A thread's name as each call saw it: snoop keeps a thread's name between
# calls and reads it again after any rename (task_rename), so the record
# after prctl(PR_SET_NAME) and the one of a thread renamed through
# /proc/self/task/TID/comm by another thread carry the new names.
t_comm_changes() {
	local name="comm: the name after prctl(PR_SET_NAME) and after /proc/self/task/TID/comm"
	$SNOOP --format=json -e getppid -o "$T/cn.out" -- build/progs/rename 2> "$T/cn.err" ||
		{ fail "$name" "$(cat "$T/cn.err")"; return; }
	local got; got=$(jq -r 'select(.type == "syscall") | .comm' "$T/cn.out" | tr '\n' ' ')
	[ "$got" = "rename renamed1 other " ] && ok "$name" || fail "$name" "comm of the getppid calls: $got"
}

# Real traced commands in JSON, every line held to docs/snoop.schema.json:
# the probe's decoded calls (every shape of argument the decoder writes),
# paired with the text of the same capture; ls under -f; -y; --raw; a
# replay's -t and -T; a command whose name is UTF-8 and one whose is not.
t_json_typed() {
	local name="--format=json: typed records valid against docs/snoop.schema.json (probe, ls, -y, --raw, -t/-T, names)"
	local long bad odd
	long=$(printf 'A%.0s' $(seq 1 100))
	command -v jq > /dev/null || { fail "$name" "jq is not installed (src/tools/setup.sh installs it)"; return; }
	python3 -c 'import jsonschema' 2> /dev/null ||
		{ fail "$name" "python3 jsonschema is not installed (src/tools/setup.sh installs python3-jsonschema)"; return; }
	SYSPROBE_EXPECT=9 $SNOOP -w "$T/jt.cap" --format=json -o "$T/jt.json" -- $PROBE decode "$long" x y z 2> "$T/jt.err" 9> /dev/null ||
		{ fail "$name" "$(cat "$T/jt.err")"; return; }
	check_json "$T/jt.json" > "$T/jt.bad" || { fail "$name" "probe, live: $(cat "$T/jt.bad")"; return; }
	$SNOOP -r "$T/jt.cap" -o "$T/jt.txt" && $SNOOP -r "$T/jt.cap" --format=json -o "$T/jt.rjson" &&
		check_json "$T/jt.rjson" "$T/jt.txt" > "$T/jt.bad" || { fail "$name" "probe, against its text: $(cat "$T/jt.bad")"; return; }
	# typed, not text: what the probe's calls were given
	bad=$(jq -c 'select(.type == "syscall") |
		select((.syscall == "connect" and (.args[1] | type) != "object") or
		       (.syscall == "lseek" and .args[1] != 5000000000) or
		       (.syscall == "execve" and ((.args[1] | type) != "array" or .cut != [1])) or
		       (.syscall == "accept4" and .args[1] != null))' "$T/jt.json")
	[ -z "$bad" ] || { fail "$name" "untyped: $bad"; return; }
	$SNOOP -f --format=json -o "$T/jls.json" -- ls -la / /nonexistent > /dev/null 2> "$T/jls.err"
	check_json "$T/jls.json" > "$T/jt.bad" || { fail "$name" "ls: $(cat "$T/jt.bad")"; return; }
	$SNOOP -f -y --format=json -e openat,read,close -o "$T/jy.json" -- head -n1 /etc/hostname > /dev/null 2> "$T/jy.err" &&
		check_json "$T/jy.json" > "$T/jt.bad" || { fail "$name" "-y: $(cat "$T/jt.bad" "$T/jy.err")"; return; }
	[ "$(jq -c 'select(.syscall == "read") | .args[0]' "$T/jy.json" | grep -c '^{"fd":3,"path":"/etc/hostname"}$')" -ge 1 ] ||
		{ fail "$name" "-y: no read of {fd 3, /etc/hostname}: $(jq -c 'select(.syscall == "read") | .args' "$T/jy.json")"; return; }
	SYSPROBE_EXPECT=9 $SNOOP --raw --format=json -o "$T/jr.json" -- $PROBE basic 2> /dev/null 9> /dev/null
	check_json "$T/jr.json" > "$T/jt.bad" || { fail "$name" "--raw: $(cat "$T/jt.bad")"; return; }
	[ "$(jq -r 'select(.type == "header") | .args_mode' "$T/jr.json")" = raw ] &&
		[ "$(jq -c 'select(.args)' "$T/jr.json" | wc -l)" -eq 0 ] || { fail "$name" "--raw JSON carries decoded args"; return; }
	# --iso-time and --relative-timestamps: a time text beside the same monotonic time
	$SNOOP -r "$T/jt.cap" --iso-time --format=json -o "$T/jtt.json" && $SNOOP -r "$T/jt.cap" --relative-timestamps --format=json -o "$T/jtT.json" &&
		check_json "$T/jtt.json" > "$T/jt.bad" && check_json "$T/jtT.json" > "$T/jt.bad" ||
		{ fail "$name" "--iso-time/--relative-timestamps: $(cat "$T/jt.bad")"; return; }
	[ "$(jq -c '.time_ns' "$T/jtt.json")" = "$(jq -c '.time_ns' "$T/jt.rjson")" ] &&
		[ "$(jq -c '.time_ns' "$T/jtT.json")" = "$(jq -c '.time_ns' "$T/jt.rjson")" ] &&
		jq -r 'select(.time_text) | .time_text' "$T/jtt.json" | head -1 | grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T' &&
		jq -r 'select(.time_text) | .time_text' "$T/jtT.json" | head -1 | grep -qx '0000000000.000000000' ||
		{ fail "$name" "--iso-time/--relative-timestamps: time_ns changed, or no time_text"; return; }
	# names: UTF-8 as it is; a byte of no UTF-8 sequence as \udcXX, which
	# surrogateescape gives back
	odd=$(printf 'x\377y')
	mkdir -p "$T/bin"
	cp /bin/true "$T/bin/café-€" && cp /bin/true "$T/bin/$odd"
	$SNOOP -f --format=json -o "$T/jn.json" -- sh -c "'$T/bin/café-€'; '$T/bin/$odd'" 2> /dev/null
	check_json "$T/jn.json" > "$T/jt.bad" || { fail "$name" "names: $(cat "$T/jt.bad")"; return; }
	grep -qF '"comm":"x\udcffy"' "$T/jn.json" && python3 - "$T/jn.json" 2> "$T/jt.bad" <<-'EOF2' ||
	import json, sys
	comms = {json.loads(l).get("comm") for l in open(sys.argv[1])}
	assert "café-€" in comms, comms
	assert b"x\xffy" in {c.encode("utf-8", "surrogateescape") for c in comms if c}, comms
	EOF2
		{ fail "$name" "names: $(cat "$T/jt.bad"; grep -o '"comm":"[^"]*"' "$T/jn.json" | sort -u)"; return; }
	ok "$name"
}

t_roundtrip() {
	local name="-w then -r prints exactly the records the live run printed"
	SYSPROBE_EXPECT=9 $SNOOP -w "$T/rt.cap" -o "$T/rt.live" -- $PROBE decode 2> "$T/rt.err" 9> "$T/rt.want" ||
		{ fail "$name" "$(cat "$T/rt.err")"; return; }
	$SNOOP -r "$T/rt.cap" > "$T/rt.replay" 2> "$T/rt.err" || { fail "$name" "replay: $(cat "$T/rt.err")"; return; }
	grep -v '^#' "$T/rt.live" > "$T/rt.a"; grep -v '^#' "$T/rt.replay" > "$T/rt.b"
	[ -s "$T/rt.a" ] || { fail "$name" "no records"; return; }
	cmp -s "$T/rt.a" "$T/rt.b" || { fail "$name" "$(diff "$T/rt.a" "$T/rt.b" | head -5)"; return; }
	sed -n 1p "$T/rt.replay" | grep -q "cmdline=$SNOOP -w $T/rt.cap" || { fail "$name" "replay header: $(head -1 "$T/rt.replay")"; return; }
	# filters after the fact: the probe's connects (libc makes none); the
	# signal and the end -e does not filter
	$SNOOP -r "$T/rt.cap" -e connect | grep -v '^#' | grep -v ' +++ ' | grep -v ' --- ' > "$T/rt.e"
	[ "$(wc -l < "$T/rt.e")" -eq "$(grep -c '^connect ' "$T/rt.want")" ] && ! grep -qv ' connect ' "$T/rt.e" ||
		{ fail "$name" "-e after the fact: $(cat "$T/rt.e")"; return; }
	[ "$($SNOOP -r "$T/rt.cap" -n nosuchname | grep -vc '^#')" -eq 0 ] || { fail "$name" "-n after the fact kept records"; return; }
	# a successful execve carries the new program's name: -n PROBE keeps every record
	[ "$($SNOOP -r "$T/rt.cap" -n "$(basename $PROBE)" | grep -vc '^#')" -eq "$(grep -vc '^#' "$T/rt.a")" ] ||
		{ fail "$name" "-n $(basename $PROBE) lost records"; return; }
	# dates: --iso-time is ISO 8601 local time, -tt the time of day, --relative-timestamps starts at zero
	$SNOOP -r "$T/rt.cap" --iso-time | grep -v '^#' | head -1 | grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{9}[+-][0-9]{2}:[0-9]{2} ' ||
		{ fail "$name" "--iso-time: $($SNOOP -r "$T/rt.cap" --iso-time | sed -n 3p)"; return; }
	$SNOOP -r "$T/rt.cap" -tt | grep -v '^#' | head -1 | grep -Eq '^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6} ' || { fail "$name" "-r -tt"; return; }
	$SNOOP -r "$T/rt.cap" --relative-timestamps | grep -v '^#' | head -1 | grep -q '^0000000000\.000000000 ' ||
		{ fail "$name" "--relative-timestamps: the first record is not 0"; return; }
	# from stdin, as JSON
	$SNOOP -r - --format=json < "$T/rt.cap" > "$T/rt.json" && check_json "$T/rt.json" "$T/rt.replay" > "$T/rt.jc" ||
		{ fail "$name" "JSON replay from stdin: $(cat "$T/rt.jc")"; return; }
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
	[ $? -eq 1 ] && grep -q 'capture format version 9 is newer than this snoop reads (4)' "$T/new.err" || { fail "$name" "future version: $(cat "$T/new.err")"; return; }
	: > "$T/empty.cap"
	$SNOOP -r "$T/empty.cap" 2> "$T/empty.err"
	[ $? -eq 1 ] && grep -q 'empty capture' "$T/empty.err" || { fail "$name" "empty: $(cat "$T/empty.err")"; return; }
	ok "$name"
}

t_doc_examples() {
	local name="docs/examples and FORMAT.md's JSON examples: the jq, awk and Python examples give the right answers"
	SYSPROBE_EXPECT=9 $SNOOP -e close,getpid,read,openat -o "$T/ex.out" -- $PROBE basic 2> "$T/ex.err" 9> "$T/ex.want"
	sh docs/examples/failed-calls.sh < "$T/ex.out" > "$T/ex.awk"
	# the probe's failed calls, counted as the example counts them
	awk '$5 != "-" && $5 != "?" {print $3, $5}' "$T/ex.want" | sort | uniq -c > "$T/ex.fails"
	sort "$T/ex.awk" | diff -u "$T/ex.fails" - > "$T/diff" || { fail "$name" "failed-calls.sh: $(cat "$T/diff")"; return; }
	# docs/FORMAT.md's JSON examples that show their output, run as written
	# (snoop being this build): each line shown must be in what they print
	python3 - docs/FORMAT.md "$T/doc" <<-'EOF2' || { fail "$name" "docs/FORMAT.md: no JSON example with its output"; return; }
	import re, sys
	blocks = re.findall(r"```sh\n(snoop --format=json[^\n]*)\n```\n```\n(.*?)```", open(sys.argv[1]).read(), re.S)
	for n, (cmd, want) in enumerate(blocks):
	    open("%s%d.sh" % (sys.argv[2], n), "w").write(cmd + "\n")
	    open("%s%d.want" % (sys.argv[2], n), "w").write(want)
	sys.exit(0 if blocks else 1)
	EOF2
	local ex
	for ex in "$T"/doc*.sh; do
		bash -c "snoop() { $SNOOP \"\$@\"; }; $(cat "$ex")" > "${ex%.sh}.got" 2> /dev/null
		grep -vxFf "${ex%.sh}.got" "${ex%.sh}.want" > "$T/diff" &&
			{ fail "$name" "$(cat "$ex") printed $(cat "${ex%.sh}.got"), without: $(cat "$T/diff")"; return; }
	done
	# opened_files.py: a name that is not UTF-8 comes back byte for byte, at
	# the wall-clock time of the open (boot_realtime_ns + time_ns)
	local odd; odd=$(printf 'caf\303\251\377')
	mkdir -p "$T/of" && : > "$T/of/$odd"
	$SNOOP -f --format=json -e openat,open -- sh -c "cat '$T/of/$odd' > /dev/null" 2> /dev/null |
		python3 docs/examples/opened_files.py > "$T/of.out" || { fail "$name" "opened_files.py failed"; return; }
	local when; when=$(LC_ALL=C grep -aF "$T/of/$odd ok " "$T/of.out" | awk '{print $NF}')
	[ -n "$when" ] && [ $(( $(date +%s) - $(date -d "$when" +%s) )) -lt 60 ] ||
		{ fail "$name" "opened_files.py: $(cat -v "$T/of.out" | grep "$T/of")"; return; }
	python3 docs/examples/syscall_stats.py < "$T/ex.out" > "$T/ex.py" || { fail "$name" "syscall_stats.py failed"; return; }
	# the date from boot_realtime + time is the time the probe ran (within a minute)
	local first; first=$(date -d "$(sed -n 's/^first record: //p' "$T/ex.py")" +%s 2>/dev/null || echo 0)
	grep -q '^getpid 1 0 [0-9]*$' "$T/ex.py" && grep -q '^close [0-9]* 1 [0-9]*$' "$T/ex.py" &&
		[ $(( $(date +%s) - first )) -lt 60 ] && ok "$name" || fail "$name" "$(cat "$T/ex.py")"
}

# Each thread's records in the order of its calls, in text and capture,
# though its records land in every CPU's buffer in turn.
t_order() {
	local name="per-thread order: threads hopping CPUs, and short-lived processes under -f"
	rm -f "$T/o.out" "$T/o.cap"
	$SNOOP -e getppid -o "$T/o.out" -w "$T/o.cap" -- $PROBE hop 100000 2 2> "$T/o.err" || { fail "$name" "$(cat "$T/o.err")"; return; }
	local got lost inv
	got=$(awk '$1 !~ /^#/' "$T/o.out" | wc -l)
	lost=$(lost_in "$T/o.out")
	[ $((got + lost)) -eq 200001 ] || { fail "$name" "$got written + $lost lost != 200000 calls + the end"; return; }
	[ "$got" -ge 100000 ] || { fail "$name" "only $got records written: too few to tell order"; return; }
	inv=$(awk '$1 !~ /^#/ { if (($3 in last) && $1 < last[$3]) inv++; last[$3] = $1 } END {print inv + 0}' "$T/o.out")
	[ "$inv" -eq 0 ] || { fail "$name" "$inv records before an earlier one of their thread (of $got)"; return; }
	$SNOOP -r "$T/o.cap" | grep -v '^#' | cmp -s - <(grep -v '^#' "$T/o.out") || { fail "$name" "the capture replays in another order"; return; }
	# --relative-timestamps: each record's time since the previous one's
	# (negative when it began earlier): they add up to last - first
	local sums; sums=$($SNOOP -r "$T/o.cap" --relative-timestamps | awk '$1 !~ /^#/ { s += $1; n++ } END { printf "%d %.4f", n, s }')
	local span; span=$(awk '$1 !~ /^#/ { if (!n++) f = $1; l = $1 } END { printf "%d %.4f", n, l - f }' "$T/o.out")
	[ "$sums" = "$span" ] || { fail "$name" "-r --relative-timestamps: records and sum $sums, records and span $span"; return; }
	$SNOOP -f -o "$T/of.out" -- sh -c 'for i in $(seq 30); do /bin/true; done' 2> "$T/of.err" || { fail "$name" "$(cat "$T/of.err")"; return; }
	inv=$(awk '$1 !~ /^#/ { if (($3 in last) && $1 < last[$3]) inv++; last[$3] = $1 } END {print inv + 0}' "$T/of.out")
	local late; late=$(awk '$1 !~ /^#/ && $4 != "+++" { if ($3 in ended) late++; if ($4 == "exit_group") ended[$3] = 1 } END {print late + 0}' "$T/of.out")
	[ "$inv" -eq 0 ] && [ "$late" -eq 0 ] || { fail "$name" "-f: $inv inversions, $late records after their process's exit_group"; return; }
	ok "$name ($got records of 2 hopping threads, 0 out of order)"
}

# Signal deliveries and process ends, in strace's words, with strace -f as
# the oracle: the --- and +++ lines of both, pids replaced by PID and
# strace's si_utime/si_stime and "(core dumped)" (not recorded) dropped, as
# multisets. Threaded processes end by exit_group and by their last thread.
t_signals_and_ends() {
	local name="signals and process ends: the --- and +++ lines strace -f shows"
	command -v strace > /dev/null || { fail "$name" "strace is not installed (src/tools/setup.sh installs it)"; return; }
	local c i=0 bad=""
	for c in 'kill -TERM $$' 'exit 3' '/bin/true; kill -USR1 $$; exit 4' 'trap ":" USR2; kill -USR2 $$; sh -c "kill -9 \$\$"; exit 5' \
		'kill -9 $$' 'kill -SEGV $$' "$PROBE fault"; do
		i=$((i + 1))
		$SNOOP -f -o "$T/sg$i.out" -- sh -c "$c" 2> "$T/sg$i.err"
		strace -f -o "$T/sg$i.st" sh -c "$c" 2> /dev/null
		# a child's CPU times (si_utime, si_stime) are the two runs' own:
		# their place and form compared, not their ticks
		awk '$1 !~ /^#/ && ($4 == "---" || $4 == "+++") { $1 = $2 = $3 = ""; print }' "$T/sg$i.out" |
			sed -e 's/^ *//' -e 's/si_pid=[0-9]*/si_pid=PID/' \
			-e 's/\(si_[us]time=\)[0-9]*\( \/\* [0-9.]* s \*\/\)\{0,1\}/\1T/g' | sort > "$T/sg$i.got"
		grep -E '^[0-9]+ +(---|\+\+\+) ' "$T/sg$i.st" | sed -e 's/^[0-9]* *//' -e 's/si_pid=[0-9]*/si_pid=PID/' \
			-e 's/\(si_[us]time=\)[0-9]*\( \/\* [0-9.]* s \*\/\)\{0,1\}/\1T/g' -e 's/ (core dumped)//' |
			sort > "$T/sg$i.want"
		[ -s "$T/sg$i.want" ] || { bad="$bad; strace showed nothing for: $c"; continue; }
		diff -u "$T/sg$i.want" "$T/sg$i.got" > "$T/diff" || bad="$bad; $c: $(cat "$T/diff")"
	done
	[ -z "$bad" ] || { fail "$name" "$bad"; return; }
	# threaded processes end once each, with their status, however their
	# threads end (strace -f says it per thread): exit_group with threads
	# alive, a last thread after main's pthread_exit, a non-leader execve;
	# sh ends with the last command's 7
	$SNOOP -f -o "$T/sgt.out" -- sh -c "$PROBE threads 3; $PROBE leaderexit; $PROBE threadexec" 2> "$T/sgt.err"
	[ "$(awk '$4 == "+++"' "$T/sgt.out" | sed 's/^.* +++ //' | sort | uniq -c | tr -s ' ')" = \
	  "$(printf ' 2 exited with 0 +++\n 2 exited with 7 +++')" ] ||
		{ fail "$name" "threaded ends: $(awk '$4 == "+++"' "$T/sgt.out")"; return; }
	# the same records in JSON, typed
	$SNOOP -f --format=json -o "$T/sg.json" -- sh -c "/bin/true; $PROBE fault; kill -TERM \$\$" 2> /dev/null
	check_json "$T/sg.json" > "$T/sg.py" || { fail "$name" "JSON: $(cat "$T/sg.py")"; return; }
	python3 - "$T/sg.json" > "$T/sg.py" <<-'EOF2' || { fail "$name" "JSON: $(cat "$T/sg.py")"; return; }
	import json, sys
	recs = [json.loads(l) for l in open(sys.argv[1])]
	sigs = [r for r in recs if r["type"] == "signal"]
	ends = [r for r in recs if r["type"] == "exit"]
	chld = [s for s in sigs if s["signal"] == "SIGCHLD"]
	assert chld and chld[0]["code"] == "CLD_EXITED" and chld[0]["si_status"] == 0, sigs
	assert all(isinstance(chld[0][k], int) and chld[0][k] >= 0 for k in ("si_utime", "si_stime")), sigs
	term = [s for s in sigs if s["signal"] == "SIGTERM"]
	assert term and term[0]["code"] == "SI_USER" and term[0]["si_pid"] == term[0]["pid"], sigs
	segv = [s for s in sigs if s["signal"] == "SIGSEGV"]
	assert segv and segv[0]["code"] == "SEGV_MAPERR" and segv[0]["si_addr"] == "0x10", sigs
	assert sorted(str(e.get("killed_by", e.get("status")))
	              for e in ends) == ["0", "0", "SIGSEGV", "SIGTERM"], ends
	print("ok")
	EOF2
	ok "$name (7 commands, same lines as strace; threaded ends)"
}

t_ia32() {
	local name="ia32 (gcc -m32) program: its own syscall names, 32-bit arguments, the ia32: mark"
	local prog=build/progs/m32probe
	# some kernels run no 32-bit code at all (CONFIG_IA32_EMULATION off, or
	# ia32_emulation=off, as the hosts of these CI machines force): execve
	# refuses it with ENOEXEC, and int 0x80 is not even there
	if ! $prog 2>/dev/null; then
		skip "$name" "this kernel runs no 32-bit programs ($prog: $($prog 2>&1 | head -n1); dmesg: $(dmesg 2>/dev/null | grep -m1 -o '32-bit emulation disabled.*' || echo 'no reason given'))"
		return
	fi
	SYSPROBE_EXPECT=9 $SNOOP -e openat,read,lseek,close -o "$T/m32.out" -- $prog 2> "$T/m32.err" 9> "$T/m32.want" ||
		{ fail "$name" "$(cat "$T/m32.err")"; return; }
	# the probe's calls: from its openat of /etc/hostname on
	awk '$1 !~ /^#/ && $4 != "+++" && $4 != "---" {
		line = $4 " " $5 " " $6 " " substr($0, index($0, " (") + 1)
		if (seen || index(line, "\"/etc/hostname\"")) { seen = 1; print line } }' "$T/m32.out" > "$T/m32.got"
	check_diff "$name" "$T/m32.want" "$T/m32.got"
}

t_decode_fds() {
	local name="-y: fds shown as what they are (a file opened, the command's inherited stdout, a socket)"
	# the stdout written is the shell's own (a builtin echo): a child's
	# inherited fds are known from its parent's fork record, which can come
	# after the child's first records (TODO.md, -y and vfork)
	$SNOOP -f -y -e openat,read,write,close,socket,bind,getsockname -o "$T/y.out" -- \
		sh -c 'head -n1 /etc/hostname; echo inherited; python3 -c "import socket; s = socket.socket(); s.bind((\"127.0.0.1\", 0)); s.getsockname()"' \
		> "$T/y.stdout" 2> "$T/y.err" || { fail "$name" "$(cat "$T/y.err")"; return; }
	grep -q ' read .* (3</etc/hostname>, "' "$T/y.out" &&
		grep -q " write .* (1<$T/y.stdout>, \"inherited" "$T/y.out" &&
		grep -q ' close .* (3</etc/hostname>)$' "$T/y.out" &&
		grep -q ' bind .* (3<TCP>, {AF_INET, 127.0.0.1:0}, 16)$' "$T/y.out" &&
		grep -Eq ' getsockname .* \(3<TCP:\[127\.0\.0\.1:0\]>, \{AF_INET, 127\.0\.0\.1:[1-9][0-9]*\}, \[16\]\)$' "$T/y.out" ||
		{ fail "$name" "$(grep -E ' (read|write|close|bind|getsockname) ' "$T/y.out" | head -20)"; return; }
	$SNOOP -y --raw -- true 2> "$T/y.err2"
	[ $? -eq 2 ] && grep -q "cannot go with --raw" "$T/y.err2" || { fail "$name" "-y --raw: $(cat "$T/y.err2")"; return; }
	# records on a pipe: the command's stdout is snoop's stderr, and -y says so
	$SNOOP -y -e write -- sh -c 'echo moved' 2> "$T/y.moved" | grep ' write ' > "$T/y.pipe"
	grep -q " write .* (1<$T/y.moved>, \"moved" "$T/y.pipe" ||
		{ fail "$name" "the command's moved stdout: $(cat "$T/y.pipe")"; return; }
	ok "$name"
}

t_decode_fds_vfork() {
	local name="-y: a vfork child's fds are its parent's at the vfork, live and replayed (the fork's own record, not the call's)"
	local v
	# the child's dup2 and close end before its parent's vfork returns
	# (after the child's exec): without a record timed at the fork, they
	# showed bare fds and sh's write showed the parent's stdout
	SYSPROBE_EXPECT=9 $SNOOP -f -y -e dup2,close,write -o "$T/vf.out" -- \
		$PROBE vforkfds 9> "$T/vf.want" > "$T/vf.stdout" 2> "$T/vf.err" || { fail "$name" "$(cat "$T/vf.err")"; return; }
	# a capture (no -y) replayed with -y: the fork is a frame of its own;
	# the command's stdout, seeded from /proc live, is not known there
	SYSPROBE_EXPECT=9 $SNOOP -f -w "$T/vf.cap" -- $PROBE vforkfds 9> "$T/vf.want2" > /dev/null 2> "$T/vf.err" &&
		$SNOOP -r "$T/vf.cap" -y -e dup2,close,write -o "$T/vf.replay" 2> "$T/vf.err" ||
		{ fail "$name" "capture and replay: $(cat "$T/vf.err")"; return; }
	sed 's/, 1<[^>]*>)$/, 1)/' "$T/vf.want2" > "$T/vf.want.replay"
	cp "$T/vf.want" "$T/vf.want.out"
	# -n without -f: the child, of the same name until its exec (then sh:
	# no longer chosen), gets its fork record as -f's children do. Its
	# stdout is its parent's as /proc showed it when the reader first
	# looked, maybe after the parent ended (TODO.md): not compared
	mkdir -p "$T/bin" && cp $PROBE "$T/bin/snpvforkname"
	$SNOOP -n snpvforkname -y -e dup2,close,write -o "$T/vf.named" 2> "$T/vf.err" &
	local spid=$!
	wait_ready "$T/vf.named" || { fail "$name" "-n: not ready: $(cat "$T/vf.err")"; kill $spid; return; }
	SYSPROBE_EXPECT=9 "$T/bin/snpvforkname" vforkfds 9> "$T/vf.want3" > "$T/vf.stdout3"
	sleep 0.3
	kill -INT $spid; wait $spid
	grep -v ' write ' "$T/vf.want3" | sed 's/, 1<[^>]*>)$/, 1)/' > "$T/vf.want.named"
	sed -i 's/, 1<[^>]*>)$/, 1)/' "$T/vf.named"
	for v in out replay named; do
		[ -s "$T/vf.want.$v" ] || { fail "$name" "$v: the probe wrote no expectations"; return; }
		awk '$1 !~ /^#/ { print $2 " " $4 " " $5 " " $6 " " substr($0, index($0, " (") + 1) }' "$T/vf.$v" |
			grep -Fx -f "$T/vf.want.$v" | sort > "$T/vf.$v.got"
		sort "$T/vf.want.$v" | diff -u - "$T/vf.$v.got" > "$T/diff" ||
			{ fail "$name" "$v: $(cat "$T/diff")"; return; }
	done
	ok "$name"
}

t_decode_fds_accept() {
	local name="-y -p: a socket accepted on a listener known from /proc is not shown with the listener's inode"
	rm -f "$T/acc.port" "$T/acc.go"
	mkfifo "$T/acc.go"
	# the server listens before snoop starts (its fd 3 is seeded from /proc:
	# socket:[INODE]) and accepts once snoop is ready
	python3 -c 'import os, socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
open(sys.argv[2]).read()
c, peer = s.accept(); c.recv(16); c.close()' "$T/acc.port" "$T/acc.go" &
	local server=$! i
	for i in $(seq 1 50); do [ -s "$T/acc.port" ] && break; sleep 0.1; done
	$SNOOP -y -p "$server" -e accept4,recvfrom,close -o "$T/acc.out" 2> "$T/acc.err" &
	local spid=$!
	wait_ready "$T/acc.out" || { fail "$name" "snoop not ready: $(cat "$T/acc.err")"; echo > "$T/acc.go"; return; }
	echo go > "$T/acc.go"
	python3 -c 'import socket, sys; c = socket.create_connection(("127.0.0.1", int(sys.argv[1]))); c.send(b"hi"); c.close()' \
		"$(cat "$T/acc.port")"
	wait "$spid"
	local listener
	listener=$(grep -o ' accept4 .* (3<socket:\[[0-9]*\]>' "$T/acc.out" | grep -o 'socket:\[[0-9]*\]')
	[ -n "$listener" ] || { fail "$name" "no accept4 on the seeded listener: $(cat "$T/acc.out" "$T/acc.err")"; return; }
	grep -Eq ' recvfrom .* \([0-9]+<INET:\[(127\.0\.0\.1:[0-9]+)?->127\.0\.0\.1:[0-9]+\]>, "hi", ' "$T/acc.out" &&
		[ "$(grep -cF "$listener" "$T/acc.out")" -eq 2 ] ||   # accept4's and close(3)'s
		{ fail "$name" "$(grep -E ' (accept4|recvfrom|close) ' "$T/acc.out")"; return; }
	ok "$name"
}
