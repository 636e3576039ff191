# The attach chain, -v, where the BPF sources come from, and how the maps
# are made.

t_kprobe() {
	local name="--attach=kprobe: traces where kprobes exist, clear error where not"
	SYSPROBE_EXPECT=9 $SNOOP --raw --attach=kprobe -e close,getpid,read,openat,exit_group -o "$T/kp.out" -- $PROBE basic \
		2> "$T/kp.err" 9> "$T/kp.want"
	local rc=$?
	if [ -e /sys/bus/event_source/devices/kprobe ] || [ -e /sys/kernel/debug/tracing/kprobe_events ]; then
		[ $rc -eq 7 ] || { fail "$name" "exit $rc: $(cat "$T/kp.err")"; return; }
		check_probe "$name (kernel has kprobes)" "$T/kp.want" "$T/kp.out"
	else
		[ $rc -eq 1 ] && [ "$(wc -l < "$T/kp.err")" -eq 1 ] &&
			grep -q '^snoop: no attach method works: kprobe: this kernel has no kprobe support' "$T/kp.err" &&
			ok "$name (no kprobes here: one-line error)" ||
			fail "$name" "exit $rc, stderr: $(cat "$T/kp.err")"
	fi
}

t_verbose() {
	local name="-v names attach method, BPF source and buffer size, and what the verifier walked"
	$SNOOP -v -e close -o /dev/null -- /bin/true 2> "$T/v.err"
	grep -q 'attach method: raw_tp' "$T/v.err" && grep -q 'BPF source: embedded' "$T/v.err" &&
		grep -q 'buffers: [0-9]* CPUs x [0-9]* pages' "$T/v.err" &&
		grep -Eq '^snoop: BPF program [a-z_]*sys_exit: the verifier processed [0-9]+ insns' "$T/v.err" &&
		ok "$name" || fail "$name" "$(cat "$T/v.err")"
}

t_bpf_dir() {
	local name="--bpf-dir: installed sources used; unsafe ones refused; compile errors and verifier refusals shown"
	local d="$R/bpfsrc"
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
	# a program the verifier refuses (a read past its context): one line
	# naming it; with -v, whose loads ask for the verifier's statistics,
	# the load is made again for the verifier's whole log and its reason
	cp bpf/snoop.bpf.c "$d/snoop.bpf.c"
	sed -i '/^RAW_TRACEPOINT_PROBE(sched_process_fork)$/{n;s/$/\n\tif (ctx->args[0] == 12345)\n\t\treturn *(volatile int *)((char *)ctx + 4096);/}' "$d/snoop.bpf.c"
	grep -q 'ctx + 4096' "$d/snoop.bpf.c" || { fail "$name" "the refused program was not made"; return; }
	$SNOOP --bpf-dir="$d" -o /dev/null -- /bin/true 2> "$T/d.err"
	[ $? -eq 1 ] && [ "$(wc -l < "$T/d.err")" -eq 1 ] &&
		grep -q '^snoop: loading BPF program raw_tracepoint__sched_process_fork: Permission denied' "$T/d.err" ||
		{ fail "$name" "verifier refusal not shown in one line: $(cat "$T/d.err")"; return; }
	$SNOOP -v --bpf-dir="$d" -o /dev/null -- /bin/true 2> "$T/d.err"
	[ $? -eq 1 ] && grep -q 'invalid bpf_context access' "$T/d.err" ||
		{ fail "$name" "-v: the verifier's reason not shown: $(tail -5 "$T/d.err")"; return; }
	cp bpf/snoop.bpf.c "$d/snoop.bpf.c"
	echo 'int broken( { }' >> "$d/snoop.bpf.c"
	$SNOOP --bpf-dir="$d" -- /bin/true 2> "$T/d.err"
	[ $? -eq 1 ] && [ "$(wc -l < "$T/d.err")" -eq 1 ] && grep -q '^snoop: BPF compile failed: .*error:' "$T/d.err" ||
		{ fail "$name" "compile error not shown in one line: $(cat "$T/d.err")"; return; }
	ok "$name"
}

# Linux 6.1+ lets tracing programs use hash maps whose elements are
# allocated as they are inserted; preallocating parked's 65,536 was a
# sixth of a warm start. The maps whose failed insert would say nothing
# (the traced processes, their endings) stay preallocated. Read off
# snoop's own map fds (fdinfo's map_flags, 0x1 BPF_F_NO_PREALLOC), named
# by bpftool.
t_hash_on_demand() {
	local name="hash maps: traced_tgids, endings and parked allocated as inserted on Linux 6.1+, preallocated before"
	local pid fd id map flags major minor want=0x0 got="" m
	$SNOOP -v -e getppid -o "$T/hd.out" -- sleep 2 2> "$T/hd.err" &
	pid=$!
	wait_ready "$T/hd.out" || { fail "$name" "not ready: $(cat "$T/hd.err")"; return; }
	for fd in /proc/$pid/fdinfo/*; do
		grep -qx 'map_type:[[:space:]]*1' "$fd" 2>/dev/null || continue   # BPF_MAP_TYPE_HASH
		id=$(awk '/^map_id:/ { print $2 }' "$fd")
		flags=$(awk '/^map_flags:/ { print $2 }' "$fd")
		map=$(bpftool map show id "$id" 2>/dev/null | sed -n 's/.* name \([a-z_]*\) .*/\1/p')
		got="$got $map=$flags"
	done
	wait $pid || { fail "$name" "exit $?: $(cat "$T/hd.err")"; return; }
	major=$(uname -r | cut -d. -f1); minor=$(uname -r | cut -d. -f2 | tr -dc 0-9)
	[ "$major" -gt 6 ] || { [ "$major" -eq 6 ] && [ "${minor:-0}" -ge 1 ]; } && want=0x1
	for m in traced_tgids endings parked; do
		case "$got " in *" $m=$want "*) ;; *)
			fail "$name" "$(uname -r): want $m=$want; snoop's hash maps:$got"; return ;;
		esac
	done
	# the small ones (1024 entries) stay preallocated: their inserts are not counted
	case "$got " in *" given=0x0 "*) ;; *)
		fail "$name" "given not preallocated:$got"; return ;;
	esac
	if [ $want = 0x1 ]; then
		grep -q '^snoop: hash maps marked BPF_F_NO_PREALLOC (traced processes, endings, parked calls): elements allocated as they are inserted (Linux 6.1+)$' \
			"$T/hd.err" || { fail "$name" "no -v line: $(cat "$T/hd.err")"; return; }
	fi
	ok "$name (kernel $(uname -r):$got)"
}
