# The attach chain, -v, and where the BPF sources come from.

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
	local name="-v names attach method, BPF source and buffer size"
	$SNOOP -v -e close -o /dev/null -- /bin/true 2> "$T/v.err"
	grep -q 'attach method: raw_tp' "$T/v.err" && grep -q 'BPF source: embedded' "$T/v.err" &&
		grep -q 'buffers: [0-9]* CPUs x [0-9]* pages' "$T/v.err" && ok "$name" || fail "$name" "$(cat "$T/v.err")"
}

t_bpf_dir() {
	local name="--bpf-dir: installed sources used; unsafe ones refused; compile errors shown"
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
	echo 'int broken( { }' >> "$d/snoop.bpf.c"
	$SNOOP --bpf-dir="$d" -- /bin/true 2> "$T/d.err"
	[ $? -eq 1 ] && [ "$(wc -l < "$T/d.err")" -eq 1 ] && grep -q '^snoop: BPF compile failed: .*error:' "$T/d.err" ||
		{ fail "$name" "compile error not shown in one line: $(cat "$T/d.err")"; return; }
	ok "$name"
}
