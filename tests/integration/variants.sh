# Every variant of the BPF program that can be compiled, run: the flags
# each set of options chooses (src/trace/variant.c; -v names them), and
# the exact records or counts of a real traced program under it. The
# other topic files run the default variant with -c, -C, -k, -P and each
# --buffer; these add the in-flight hash (--inflight=hash) with each of
# them, and the variant of kernels before 6.16 (no group_dead).

# " GROUP_DEAD" where this kernel's sched_process_exit says group_dead
variant_gd() {
	grep -q ' group_dead;' /sys/kernel/debug/tracing/events/sched/sched_process_exit/format 2>/dev/null &&
		echo " GROUP_DEAD"
}

# " TP_BTF" where this kernel's BTF types the syscall tracepoints'
# arguments (their typedefs btf_trace_sys_enter, _exit; Linux 5.5+): the
# raw syscall programs are then loaded BTF-typed (not under --attach=
# tracepoint or kprobe, nor without BTF). Asked of bpftool once.
variant_tb() {
	if [ -z "${VARIANT_TB_KNOWN:-}" ]; then
		VARIANT_TB=$(bpftool btf dump file /sys/kernel/btf/vmlinux 2>/dev/null |
			grep -q "TYPEDEF 'btf_trace_sys_exit'" && echo " TP_BTF")
		VARIANT_TB_KNOWN=1
	fi
	echo "$VARIANT_TB"
}

# -v's variant line in ERR is WANT
variant_is() {   # WANT ERR
	grep -qx "snoop: BPF variant: $1" "$2"
}

# The probe's basic records under OPTS, compiled as VARIANT.
variant_records() {   # NAME VARIANT OPTS...
	local name=$1 want=$2 rc; shift 2
	SYSPROBE_EXPECT=9 ${VARIANT_WRAP:-} $SNOOP -v --raw "$@" -o "$T/var.out" -- $PROBE basic 2> "$T/var.err" 9> "$T/var.want"
	rc=$?
	[ $rc -eq 7 ] || { fail "$name" "exit $rc: $(cat "$T/var.err")"; return; }
	variant_is "$want" "$T/var.err" || { fail "$name" "not the variant $want: $(grep variant "$T/var.err")"; return; }
	check_probe "$name" "$T/var.want" "$T/var.out"
}

t_variants_inflight_hash() {
	local gd; gd=$(variant_gd)
	local tb; tb=$(variant_tb)
	variant_records "--inflight=hash: perf buffers" "INFLIGHT_HASH$gd$tb" --inflight=hash
	variant_records "--inflight=hash --buffer=ring" "INFLIGHT_HASH RINGBUF$gd$tb" --inflight=hash --buffer=ring
	variant_records "--inflight=hash --buffer=mapped" "INFLIGHT_HASH MAPPED$gd$tb" --inflight=hash --buffer=mapped
	variant_records "--inflight=hash --attach=tracepoint" "INFLIGHT_HASH$gd ATTACH_FALLBACK" --inflight=hash --attach=tracepoint
}

# The other files' tests of what the hash changes, run again with it:
# the traced set marked without the default's bitmap (-p, -n, -f,
# threads, leaders), names kept without the CPUs' slots, the calls in
# progress read from the hash at the end. Their names are the same: the
# line before says under what. Their files go to a directory of their
# own: a FIFO or PID file of the first run would stand in for this one's.
t_variants_hash_topics() {
	local SNOOP="$SNOOP --inflight=hash" T="$T/hash" t
	mkdir -p "$T"
	echo "# the next tests under --inflight=hash"
	for t in t_pid t_pid_leaderless t_name t_name_inflight t_ended_target t_target_killed t_follow t_threads \
		 t_leader_exit t_thread_exec t_interrupted t_unfinished t_comm_changes t_exec_names t_signals_and_ends t_tables_full; do
		$t
	done
	echo "# --inflight=hash ends"
}

# Raw tracepoints reach the iovec read through a tail call (tail_iov); the
# classic tracepoints read it inline: the decoded probe (readv, writev)
# and an interrupted call held at its restart code, under the latter
# (the execve's argv too is as its entry read it there: snoop.8).
t_variants_tracepoint_topics() {
	local SNOOP="$SNOOP --attach=tracepoint" T="$T/tp" DECODED_WITHOUT_EXECVE=1 DECODED_WITHOUT_REGS=1 t
	mkdir -p "$T"
	echo "# the next tests under --attach=tracepoint"
	for t in t_decoded t_interrupted t_unfinished; do
		$t
	done
	echo "# --attach=tracepoint ends"
}

# "SYSCALL CALLS ERRORS" of a -c table; of --raw records
table_counts() {
	awk '$1 ~ /^[0-9]+\.[0-9][0-9]$/ && $NF != "total" && NF >= 7 { print $NF, $6, (NF == 8 ? $7 : 0) }' "$1" | sort
}
record_counts() {
	awk '$1 ~ /\.[0-9][0-9][0-9][0-9][0-9][0-9]/ && NF >= 6 && $4 != "+++" { calls[$4]++; if ($6 != "-") errors[$4]++ }
	     END { for (s in calls) print s, calls[s], errors[s] + 0 }' "$1" | sort
}

# -c alone (the kernel counts into an array) and -C (records, and the
# table), each with the CPUs' slots and the hash: the table counts what the
# records of a run of the same program show.
t_variants_counts() {
	local name="-c and -C under each in-flight variant: the table counts the probe's calls" gd set want
	local sys=close,getpid,read,openat
	gd=$(variant_gd)$(variant_tb)
	$SNOOP --raw -e $sys -o "$T/vc.ref" -- $PROBE basic 2> "$T/vc.err"
	record_counts "$T/vc.ref" > "$T/vc.want"
	[ "$(wc -l < "$T/vc.want")" -eq 4 ] || { fail "$name" "reference run: $(cat "$T/vc.ref" "$T/vc.err")"; return; }
	for set in "-c|SUMMARY COUNT_ONLY MAPPED$gd" "--inflight=hash -c|SUMMARY COUNT_ONLY INFLIGHT_HASH$gd" \
		   "-C|SUMMARY MAPPED$gd" "--inflight=hash -C|SUMMARY INFLIGHT_HASH$gd"; do
		want=${set#*|}
		[ "$(uname -m)" = x86_64 ] || want=${want/ MAPPED/}
		$SNOOP -v --raw ${set%|*} -e $sys -o "$T/vc.out" -- $PROBE basic 2> "$T/vc.err"
		[ $? -eq 7 ] && variant_is "$want" "$T/vc.err" ||
			{ fail "$name" "${set%|*}: not the variant $want: $(cat "$T/vc.err")"; return; }
		table_counts "$T/vc.out" > "$T/vc.got"
		diff "$T/vc.want" "$T/vc.got" > "$T/diff" || { fail "$name" "${set%|*}: $(cat "$T/diff")"; return; }
		case $set in -C*|*" -C"*)
			[ "$(record_counts "$T/vc.out")" = "$(cat "$T/vc.want")" ] ||
				{ fail "$name" "${set%|*}: the records: $(cat "$T/vc.out")"; return; } ;;
		esac
	done
	ok "$name"
}

# -P, -k and -C at once, with the hash and the ring buffer, and with task
# storage and perf buffers: the one call on the path, its stack, its row.
t_variants_features() {
	local gd set want name
	gd=$(variant_gd)$(variant_tb)
	for set in "--inflight=hash --buffer=ring|PATHS SUMMARY STACKS INFLIGHT_HASH RINGBUF$gd" \
		   "--buffer=perf|PATHS SUMMARY STACKS$gd"; do
		want=${set#*|} name="-P -k -C ${set%|*}: the call on the path, its stack and its count"
		$SNOOP -v -k -C -P /nonexistent/snoop-probe ${set%|*} -o "$T/vf.out" -- $PROBE basic 2> "$T/vf.err"
		[ $? -eq 7 ] && variant_is "$want" "$T/vf.err" || { fail "$name" "not the variant $want: $(cat "$T/vf.err")"; continue; }
		grep -E '^[0-9]+\.[0-9]{9} +[0-9]+ +[0-9]+ +[a-z]' "$T/vf.out" > "$T/vf.recs"
		if [ "$(wc -l < "$T/vf.recs")" -eq 1 ] &&
		   grep -q ' openat  *-2 ENOENT .*(AT_FDCWD, "/nonexistent/snoop-probe", O_RDONLY)$' "$T/vf.recs" &&
		   grep -A1 ' openat ' "$T/vf.out" | grep -q '^ > .*(syscall+0x' &&
		   [ "$(table_counts "$T/vf.out")" = "openat 1 1" ]; then
			ok "$name"
		else
			fail "$name" "$(cat "$T/vf.out")"
		fi
	done
}

# Before Linux 6.16 sched_process_exit has no group_dead, and snoop
# compiles the variant that takes the leader's exit for the process's.
# Here it runs on a newer kernel, in a mount namespace whose tracefs shows
# the format without the field (libbcc makes the tracepoint's struct from
# it; the field is the last, so the others keep their offsets).
without_group_dead() {   # COMMAND...
	unshare -m --propagation private sh -c 'for d in /sys/kernel/debug/tracing /sys/kernel/tracing; do
		[ ! -e "$d/$0" ] || mount --bind "$1" "$d/$0" || exit 99; done; shift; exec "$@"' \
		events/sched/sched_process_exit/format "$T/exit.format" "$@"
}

t_variants_no_group_dead() {
	local fmt=events/sched/sched_process_exit/format
	if [ -z "$(variant_gd)" ]; then
		variant_records "this kernel's variant, without group_dead" "MAPPED$(variant_tb)" --buffer=mapped
		return
	fi
	grep -v ' group_dead;' /sys/kernel/debug/tracing/$fmt > "$T/exit.format"
	VARIANT_WRAP=without_group_dead
	variant_records "no group_dead (before 6.16): the CPUs' slots" "MAPPED$(variant_tb)" --buffer=mapped
	variant_records "no group_dead (before 6.16): the in-flight hash" "INFLIGHT_HASH$(variant_tb)" --inflight=hash
	VARIANT_WRAP=
}

# Without the kernel's BTF (before 5.2, or built without
# CONFIG_DEBUG_INFO_BTF) snoop does not know where task_struct keeps the
# PID the raw sched and signal tracepoints would read (the headers libbcc
# compiles against need not be the kernel's), and attaches the classic
# tracepoints instead (src/trace/ktypes.h). Here it runs in a mount
# namespace whose /sys/kernel/btf/vmlinux is empty: -v says which it
# took, the tests of forks, exits, execs (the path from the kernel's copy)
# and signals run again, and the variant without group_dead too.
without_btf() {   # COMMAND... (execs: the body of a wrapper, whose PID is then snoop's)
	exec unshare -m --propagation private sh -c '[ ! -e /sys/kernel/btf/vmlinux ] ||
		mount --bind /dev/null /sys/kernel/btf/vmlinux || exit 99; exec "$@"' sh "$@"
}

t_variants_no_btf() {
	local name="-v says which tracepoints carry the process and signal events" d="$T/nobtf" t gd
	local raw="^snoop: process and signal events: raw tracepoints \(task_struct.pid at [0-9]+, .tgid at [0-9]+, linux_binprm.filename at [0-9]+, from the kernel's BTF\)$"
	local classic="^snoop: process and signal events: classic tracepoints (no struct offsets: /sys/kernel/btf/vmlinux: no BTF header"
	mkdir -p "$d"
	# a snoop that runs this one without BTF, for the other files' tests
	{ echo '#!/bin/bash'; declare -f without_btf; echo "without_btf $SNOOP \"\$@\""; } > "$d/snoop"
	chmod +x "$d/snoop"
	if [ -e /sys/kernel/btf/vmlinux ]; then
		$SNOOP -v -o /dev/null -- /bin/true 2> "$d/v.err"
		grep -Eq "$raw" "$d/v.err" || { fail "$name" "with BTF: $(cat "$d/v.err")"; return; }
		# the syscall programs BTF-typed: they read the register frame with plain loads
		grep -Eq "^snoop: BPF variant: .*TP_BTF" "$d/v.err" || { fail "$name" "with BTF, no TP_BTF variant: $(cat "$d/v.err")"; return; }
		! grep -q '^snoop: BPF variant: .*CLASSIC_LIFECYCLE' "$d/v.err" ||
			{ fail "$name" "with BTF, the classic lifecycle programs: $(cat "$d/v.err")"; return; }
	fi
	"$d/snoop" -v -o /dev/null -- /bin/true 2> "$d/v.err"
	grep -q "$classic" "$d/v.err" && grep -q '^snoop: BPF variant: .*CLASSIC_LIFECYCLE$' "$d/v.err" ||
		{ fail "$name" "without BTF (and the variant with the classic lifecycle programs): $(cat "$d/v.err")"; return; }
	grep -q "^snoop: syscall programs: plain raw tracepoints (/sys/kernel/btf/vmlinux: no BTF header" "$d/v.err" &&
		! grep -q "^snoop: BPF variant: .*TP_BTF" "$d/v.err" ||
		{ fail "$name" "without BTF, the syscall programs are not plain raw tracepoints: $(cat "$d/v.err")"; return; }
	ok "$name"
	local SNOOP="$d/snoop" T="$d"
	echo "# the next tests without BTF: the classic tracepoints, the plain raw syscall programs"
	for t in t_pid t_name t_follow t_threads t_leader_exit t_thread_exec t_exec_untouched t_exec_names \
		 t_signals_and_ends t_signals t_target_killed t_nothing_left_attached t_ia32 t_migrate; do
		$t
	done
	gd=$(variant_gd)
	if [ -n "$gd" ]; then
		grep -v ' group_dead;' /sys/kernel/debug/tracing/events/sched/sched_process_exit/format > "$T/exit.format"
		VARIANT_WRAP=without_group_dead
		variant_records "no group_dead (before 6.16)" "MAPPED CLASSIC_LIFECYCLE" --buffer=mapped
		VARIANT_WRAP=
	fi
	echo "# without BTF ends"
}

# The classic tracepoint and kprobe syscall programs are compiled only
# when asked for (ATTACH_FALLBACK): not by default, with --attach=tracepoint
# or kprobe, and after raw tracepoints failed, as a second compile. Here
# they fail by a seccomp filter (tests/progs/no_raw_tp) on bpf's
# BPF_RAW_TRACEPOINT_OPEN; without BTF, so that the process events take
# the classic tracepoints, and with the in-flight hash, which needs no
# raw task_rename: the syscalls are what is left to fall back.
t_variants_attach_fallback() {
	local name="raw tracepoints failing: the variant with the classic tracepoints compiled, the command traced"
	local d="$T/fallback" gd first second
	gd=$(variant_gd)
	local dflt="MAPPED$gd" tb; tb=$(variant_tb)
	[ "$(uname -m)" = x86_64 ] || dflt=${gd# }
	tb="$dflt$tb" tb=${tb# }
	variant_records "the default variant has raw tracepoints only" "${tb:-none}"
	variant_records "--attach=tracepoint: the classic tracepoint programs" "${dflt:+$dflt }ATTACH_FALLBACK" --attach=tracepoint
	# (t_kprobe traces with them where the kernel has kprobes)
	$SNOOP -v --attach=kprobe -e close -o /dev/null -- /bin/true 2> "$T/var.err"
	variant_is "${dflt:+$dflt }ATTACH_FALLBACK" "$T/var.err" && ok "--attach=kprobe: the kprobe programs" ||
		fail "--attach=kprobe: the kprobe programs" "$(cat "$T/var.err")"
	mkdir -p "$d"
	{ echo '#!/bin/bash'; declare -f without_btf; echo "without_btf build/progs/no_raw_tp $SNOOP \"\$@\""; } > "$d/snoop"
	chmod +x "$d/snoop"
	local SNOOP="$d/snoop"
	variant_records "$name" "INFLIGHT_HASH$gd ATTACH_FALLBACK CLASSIC_LIFECYCLE" --inflight=hash
	first=$(grep -n '^snoop: BPF variant: INFLIGHT_HASH'"$gd"' CLASSIC_LIFECYCLE$' "$T/var.err" | cut -d: -f1)
	second=$(grep -n '^snoop: BPF variant: INFLIGHT_HASH'"$gd"' ATTACH_FALLBACK CLASSIC_LIFECYCLE$' "$T/var.err" | cut -d: -f1)
	if [ -n "$first" ] && [ -n "$second" ] && [ "$first" -lt "$second" ] &&
	   grep -q '^snoop: attach raw_tp failed: raw tracepoint sys_enter: Operation not permitted' "$T/var.err" &&
	   grep -q '^snoop: attach method: tracepoint ' "$T/var.err"; then
		ok "$name: -v says raw tracepoints first, then the fallback"
	else
		fail "$name" "-v does not say raw tracepoints, then the fallback: $(cat "$T/var.err")"
	fi
}

# A BPF source whose maps are not where snoop was built to find them
# (another version's, through --bpf-dir): one line saying so, before any
# attach. Here -C's variant has -c alone's array.
t_variants_foreign_source() {
	local d="$R/foreign"
	mkdir -p "$d" && cp bpf/snoop.h bpf/snoop.bpf.c "$d/" && chmod 0755 "$d" && chmod 0644 "$d"/*
	sed -i '/^BPF_PERCPU_ARRAY(counts,/{x;s/.*/#endif/;p;x;s/.*/#ifdef SNOOP_SUMMARY\n&/}' "$d/snoop.bpf.c"
	expect_error "a BPF source with a map where snoop expects none: refused" 1 \
		'^snoop: BPF map counts: present in the compiled program, not expected' \
		$SNOOP -C --bpf-dir="$d" -e close -o /dev/null -- /bin/true
}
