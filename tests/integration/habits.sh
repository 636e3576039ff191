# strace's daily habits, each checked the way a user would: the trace and
# the command's output apart, output streams, -e classes, -Z/-z,
# --min-duration, -P, -c against strace -c, time formats, and every example
# of --help run.

# A piped trace holds records only: the command's stdout goes to stderr.
t_stream_separation() {
	local name="trace and command output never share a pipe (json | jq, -w - | -r -)"
	$SNOOP --format=json -- /bin/echo hello 2> "$T/ss.err" > "$T/ss.json" || { fail "$name" "$(cat "$T/ss.err")"; return; }
	check_json "$T/ss.json" > "$T/ss.bad" || { fail "$name" "stdout is not snoop's JSON Lines: $(head -3 "$T/ss.bad")"; return; }
	grep -qx hello "$T/ss.err" || { fail "$name" "the command's output is not on stderr"; return; }
	$SNOOP -w - -- sh -c 'echo hi; printf x' 2> "$T/ss2.err" | $SNOOP -r - > "$T/ss2.out" 2>> "$T/ss2.err" ||
		{ fail "$name" "-w - | -r -: $(cat "$T/ss2.err")"; return; }
	grep -q 'write  *1 .*(1, "x", 1)' "$T/ss2.out" || { fail "$name" "the replay lacks the write of x"; return; }
	# on a terminal both share it (script(1) gives one)
	script -qec "$SNOOP -e write -- /bin/echo on-a-tty" /dev/null > "$T/ss3.out" 2>&1
	grep -q '^on-a-tty' "$T/ss3.out" && grep -q 'write ' "$T/ss3.out" || { fail "$name" "on a terminal: $(head -3 "$T/ss3.out")"; return; }
	ok "$name"
}

t_output_streams() {
	local name="-o - /dev/stdout /dev/stderr /dev/fd/N; a closed or read-only fd refused"
	local f
	for f in - /dev/stdout; do
		$SNOOP -e write -o $f -- /bin/echo x 2> /dev/null | grep -q '^[0-9].* write ' || { fail "$name" "-o $f wrote no record to stdout"; return; }
	done
	$SNOOP -e write -o /dev/stderr -- /bin/echo x 2>&1 > /dev/null | grep -q '^[0-9].* write ' || { fail "$name" "-o /dev/stderr"; return; }
	$SNOOP -e write -o /dev/fd/3 -- /bin/echo x 3> "$T/fd3.out" > /dev/null 2>&1
	grep -q '^[0-9].* write ' "$T/fd3.out" || { fail "$name" "-o /dev/fd/3"; return; }
	$SNOOP -o /dev/fd/57 -- /bin/true 2> "$T/fd57.err"; local rc=$?
	[ $rc -eq 1 ] && grep -q "^snoop: cannot write to /dev/fd/57: file descriptor 57 is not open" "$T/fd57.err" ||
		{ fail "$name" "fd 57: status $rc, $(cat "$T/fd57.err")"; return; }
	$SNOOP -o /dev/fd/4 -- /bin/true 4< /etc/hostname 2> "$T/fd4.err"
	grep -q "open for reading only" "$T/fd4.err" || { fail "$name" "read-only fd: $(cat "$T/fd4.err")"; return; }
	ln -sf "$T/elsewhere" "$T/link"
	$SNOOP -o "$T/link" -- /bin/true 2> "$T/link.err"
	grep -q "symbolic link" "$T/link.err" && [ ! -e "$T/elsewhere" ] || { fail "$name" "a link to a file was followed"; return; }
	ok "$name"
}

# The calls strace saw, by name, sorted: one per call ("<... resumed>"
# lines continue one); and snoop's calls of the same processes. snoop also
# sees strace itself, its test children, and its child's set-up before the
# execve that strace traces from: only strace's pids count, and the first
# from its execve on (with $3 = 1; the selection must then hold execve).
# $1 snoop's output, $2 strace's (-f: pid first).
strace_calls() { sed -n 's/^[0-9][0-9]* *\([a-z0-9_]*\)(.*/\1/p' "$1" | sort; }
child_calls() {
	awk 'NR == FNR { if ($1 ~ /^[0-9]+$/ && !($1 in seen)) { seen[$1] = 1; if (!first) first = $1 } next }
	     $1 !~ /^#/ && ($2 in seen) && $4 != "+++" && $4 != "---" {
		if (from_exec && $2 == first && !started) { if ($4 != "execve") next; started = 1 }
		print $4 }' from_exec="${3:-0}" "$2" "$1" | sort
}

# -e %CLASS and -P against strace on one execution: the same calls.
t_classes_vs_strace() {
	local name="-e %file, %process, %memory, %desc, !%memory,%desc and -P PATH select what strace selects"
	command -v strace > /dev/null || { fail "$name" "strace is not installed (src/tools/setup.sh installs it)"; return; }
	local sel i=0 bad=""
	# each with execve, which tells where strace's child begins to be traced
	for sel in '%file' '%process,execve' '%memory,execve' '%desc,execve' '!%memory,%desc'; do
		i=$((i + 1))
		$SNOOP -f -e "$sel" -o "$T/cl$i.out" -- strace -f -qq -e trace="$sel" -o "$T/cl$i.st" -- sh -c 'ls -la /etc > /dev/null; cat /etc/hostname > /dev/null' 2> "$T/cl$i.err"
		child_calls "$T/cl$i.out" "$T/cl$i.st" 1 > "$T/cl$i.got"
		strace_calls "$T/cl$i.st" > "$T/cl$i.want"
		[ -s "$T/cl$i.want" ] || { bad="$bad; strace showed no $sel call"; continue; }
		diff "$T/cl$i.want" "$T/cl$i.got" > "$T/diff" || bad="$bad; -e $sel: $(head -5 "$T/diff" | tr '\n' ' ')"
	done
	# -P: by path and by the fd opened on it (cat's read and close)
	$SNOOP -f -P /etc/hostname -o "$T/clp.out" -- strace -f -qq -P /etc/hostname -o "$T/clp.st" -- cat /etc/hostname > /dev/null 2> "$T/clp.err"
	child_calls "$T/clp.out" "$T/clp.st" > "$T/clp.got"
	strace_calls "$T/clp.st" > "$T/clp.want"
	grep -qx read "$T/clp.want" || bad="$bad; strace -P showed no read"
	diff "$T/clp.want" "$T/clp.got" > "$T/diff" || bad="$bad; -P: $(head -5 "$T/diff" | tr '\n' ' ')"
	[ -z "$bad" ] && ok "$name" || fail "$name" "$bad"
}

# -c against strace -c on one execution: per syscall the same calls and
# errors (times differ: strace measures under ptrace).
t_summary_vs_strace() {
	local name="-c: calls and errors per syscall as strace -c counts them; -C; JSON"
	command -v strace > /dev/null || { fail "$name" "strace is not installed (src/tools/setup.sh installs it)"; return; }
	# two runs of one deterministic command (under strace, snoop would also
	# count the set-up strace's child makes before its execve)
	$SNOOP -c -o "$T/sum.out" -- ls -la /etc /nonexistent > /dev/null 2> "$T/sum.err"
	strace -c -o "$T/sum.st" -- ls -la /etc /nonexistent > /dev/null 2>&1
	# snoop: % seconds usecs/call min max calls [errors] syscall; strace: % seconds usecs/call calls [errors] syscall
	awk '$1 ~ /^[0-9.]+$/ && $NF != "total" { print $NF, $6, (NF == 8 ? $7 : 0) }' "$T/sum.out" | sort > "$T/sum.got"
	awk '$1 ~ /^[0-9.]+$/ && $NF != "total" { print $NF, $4, (NF == 6 ? $5 : 0) }' "$T/sum.st" | sort > "$T/sum.want"
	[ -s "$T/sum.want" ] || { fail "$name" "strace -c printed nothing: $(head -3 "$T/sum.st")"; return; }
	diff -u "$T/sum.want" "$T/sum.got" > "$T/diff" || { fail "$name" "$(head -20 "$T/diff")"; return; }
	grep -q '^[0-9]' <(grep -v '^%\|^-\|^process\|^ *[0-9.]* ' "$T/sum.out") && { fail "$name" "-c wrote records"; return; }
	# -C: records and then the table; the table's calls = the records
	$SNOOP -C -e openat,close -o "$T/sumc.out" -- ls / > /dev/null 2>&1
	local recs tab
	recs=$(awk '$1 ~ /^[0-9]+\.[0-9]+$/ && ($4 == "openat" || $4 == "close")' "$T/sumc.out" | wc -l)
	tab=$(awk '$NF == "total" { print $6 }' "$T/sumc.out")
	[ "$recs" -gt 0 ] && [ "$recs" = "$tab" ] || { fail "$name" "-C: $recs records, total $tab"; return; }
	# a capture's summary (-r -c, counted from its records) is the kernel's of the same run
	$SNOOP -C -w "$T/sumr.cap" -o "$T/sumr.out" -- ls -la /etc > /dev/null 2>&1
	$SNOOP -r "$T/sumr.cap" -c > "$T/sumr.replay"
	local live replayed
	live=$(awk '$1 ~ /^[0-9.]+$/ && NF >= 7 && $2 ~ /^[0-9]+\.[0-9][0-9][0-9][0-9][0-9][0-9]$/ { print $NF, $6, (NF == 8 ? $7 : 0) }' "$T/sumr.out" | sort | md5sum)
	replayed=$(awk '$1 ~ /^[0-9.]+$/ && NF >= 7 && $2 ~ /^[0-9]+\.[0-9][0-9][0-9][0-9][0-9][0-9]$/ { print $NF, $6, (NF == 8 ? $7 : 0) }' "$T/sumr.replay" | sort | md5sum)
	[ "$live" = "$replayed" ] && [ "$(grep -c ' openat$\| close$' "$T/sumr.replay")" -eq 2 ] || { fail "$name" "-r -c differs from the live -C table"; return; }
	# a full kernel table: the calls it could not take are said, not passed off as lost records
	$SNOOP -c --per-process -f -o "$T/sumf.out" -- sh -c 'for i in $(seq 500); do /bin/true; done' 2> "$T/sumf.err"
	grep -q '^snoop: -c: [0-9]* calls not counted: the kernel.s table (8192 entries' "$T/sumf.err" &&
		! grep -q 'lost' "$T/sumf.err" "$T/sumf.out" || { fail "$name" "a full table: $(cat "$T/sumf.err")"; return; }
	# JSON: one object per syscall and a total, jq-able; the histogram adds to calls
	$SNOOP -c --format=json -- ls / 2> /dev/null > "$T/sum.json"
	jq -e -s '(map(select(.type == "summary")) | length > 5) and
		all(.[] | select(.type == "summary"); .calls == ([.histogram[].count] | add)) and
		(map(select(.type == "summary") | .calls) | add) == (map(select(.type == "summary_total"))[0].calls)' \
		"$T/sum.json" > /dev/null || { fail "$name" "JSON summary: $(head -3 "$T/sum.json")"; return; }
	$SNOOP -c --per-process --format=json -f -- sh -c 'ls / > /dev/null' 2> /dev/null > "$T/sump.json"
	check_json "$T/sum.json" > "$T/sum.bad" && check_json "$T/sump.json" > "$T/sum.bad" ||
		{ fail "$name" "JSON summary against the schema: $(head -3 "$T/sum.bad")"; return; }
	ok "$name ($(wc -l < "$T/sum.want") syscalls agree)"
}

# -Z, -z and --min-duration choose in the kernel; together they are all calls.
t_result_filters() {
	local name="-Z, -z, --min-duration: failed, successful and slow calls only"
	SYSPROBE_EXPECT=9 $SNOOP -o "$T/all.out" -- $PROBE basic 2> /dev/null 9> /dev/null
	SYSPROBE_EXPECT=9 $SNOOP -Z -o "$T/fail.out" -- $PROBE basic 2> /dev/null 9> /dev/null
	SYSPROBE_EXPECT=9 $SNOOP -z -o "$T/succ.out" -- $PROBE basic 2> /dev/null 9> /dev/null
	local calls='$1 !~ /^#/ && $4 != "+++" && $4 != "---"'
	local nall nf ns badf bads
	nall=$(awk "$calls && \$5 != \"?\"" "$T/all.out" | wc -l)
	nf=$(awk "$calls" "$T/fail.out" | wc -l)
	ns=$(awk "$calls" "$T/succ.out" | wc -l)
	badf=$(awk "$calls && \$6 == \"-\"" "$T/fail.out" | wc -l)
	bads=$(awk "$calls && (\$6 != \"-\" || \$5 == \"?\")" "$T/succ.out" | wc -l)
	[ "$nf" -gt 0 ] && [ "$badf" -eq 0 ] && [ "$bads" -eq 0 ] && [ $((nf + ns)) -eq "$nall" ] ||
		{ fail "$name" "all $nall, -Z $nf ($badf not failed), -z $ns ($bads not successful)"; return; }
	$SNOOP --min-duration=30ms -o "$T/slow.out" -- sh -c 'sleep 0.05; /bin/true' 2> /dev/null
	local slow fast
	slow=$(awk "$calls" "$T/slow.out" | wc -l)
	fast=$(awk "$calls && \$7 < 30000000" "$T/slow.out" | wc -l)
	awk "$calls" "$T/slow.out" | grep -q 'wait4\|nanosleep' && [ "$fast" -eq 0 ] ||
		{ fail "$name" "--min-duration=30ms: $slow records, $fast faster: $(awk "$calls" "$T/slow.out" | head -3)"; return; }
	# with -c the filters choose what is counted: -Z counts failed calls only
	$SNOOP -c -Z -- ls /nonexistent > "$T/cz.out" 2> /dev/null
	awk '$1 ~ /^[0-9.]+$/ && $NF != "total" && (NF != 8 || $6 != $7) { bad++ } $NF == "openat" { seen = 1 }
		END { exit (bad || !seen) }' "$T/cz.out" || { fail "$name" "-c -Z counted successful calls: $(cat "$T/cz.out")"; return; }
	ok "$name ($nf failed + $ns successful = $nall)"
}

t_time_formats() {
	local name="-t, -tt, -ttt, --iso-time, -T: strace's time formats, live"
	local t tt ttt iso dur before after
	before=$(date +%s)
	t=$($SNOOP -t -e getpid -- $PROBE basic 2>/dev/null 9>/dev/null | awk '$1 !~ /^#/ { print $1; exit }')
	tt=$($SNOOP -tt -e getpid -- $PROBE basic 2>/dev/null 9>/dev/null | awk '$1 !~ /^#/ { print $1; exit }')
	ttt=$($SNOOP -ttt -e getpid -- $PROBE basic 2>/dev/null 9>/dev/null | awk '$1 !~ /^#/ { print $1; exit }')
	iso=$($SNOOP --iso-time -e getpid -- $PROBE basic 2>/dev/null 9>/dev/null | awk '$1 !~ /^#/ { print $1; exit }')
	dur=$($SNOOP -T -e getpid -- $PROBE basic 2>/dev/null 9>/dev/null | awk '$1 !~ /^#/ && $4 == "getpid" { print $7; exit }')
	after=$(date +%s)
	[[ $t =~ ^[0-2][0-9]:[0-5][0-9]:[0-5][0-9]$ ]] && [[ $tt =~ ^[0-2][0-9]:[0-5][0-9]:[0-5][0-9]\.[0-9]{6}$ ]] &&
		[[ $ttt =~ ^[0-9]{10}\.[0-9]{6}$ ]] && [[ $dur =~ ^[0-9]+\.[0-9]{6}$ ]] &&
		[[ $iso =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{9}[+-][0-9]{2}:[0-9]{2}$ ]] ||
		{ fail "$name" "-t '$t' -tt '$tt' -ttt '$ttt' --iso-time '$iso' -T '$dur'"; return; }
	# the wall clock is right: each between date(1) before and after, -t in the local zone
	local d1 d2 s; d1=${ttt%.*}; d2=$(date -d "$iso" +%s); s=$(date -d "$(date +%F) $t" +%s)
	[ "$d1" -ge $((before - 1)) ] && [ "$d1" -le $((after + 1)) ] && [ "$d2" -ge $((before - 1)) ] &&
		[ "$d2" -le $((after + 1)) ] && { [ "$s" -ge $((before - 1)) ] && [ "$s" -le $((after + 1)) ] || [ "${t:0:2}" = 23 ]; } ||
		{ fail "$name" "date(1) from $before to $after; -ttt $d1, --iso-time $d2, -t $t ($s)"; return; }
	ok "$name"
}

# Every example of --help and of README.md, run as written: 1234 becomes a
# live PID (a shell loop that reads a file and sleeps), nginx a process of
# that name that makes network calls, make and git run in an empty git
# repository; those that would run on are stopped after 5 s. A loss
# report is not an error here (it depends on the machine's load; loss has
# tests of its own).
has_records() { grep -qE '^([0-9:.T+-]+ +[0-9]+ +[0-9]+ |% time|\{|[0-9]+ +[0-9.]+ [a-z0-9_]+\()' "$@" 2> /dev/null; }
# a --format=trace-event file: valid JSON with a call's complete event
has_trace_events() { python3 -c 'import json, sys; sys.exit(not any(e["ph"] == "X" for e in json.load(open(sys.argv[1]))["traceEvents"]))' "$1" 2> /dev/null; }
# --html's report counts calls (its syscalls table has a row)
has_report() {   # FILE
	grep -q '<td class="calls">[1-9]' "$1" 2> /dev/null
}

run_examples() {   # NAME < lines "snoop ARGS[  comment]"
	local name=$1 d="$T/ex-$RANDOM" bad="" cmd n=0 rc lim
	mkdir -p "$d/repo" && cp /bin/bash "$d/nginx"
	git init -q "$d/repo"
	bash -c 'while :; do read x < /etc/hostname; sleep 0.2; done' & local lp=$!
	"$d/nginx" -c 'while :; do (echo > /dev/tcp/127.0.0.1/9) 2> /dev/null; sleep 0.2; done' & local np=$!
	while IFS= read -r cmd; do
		cmd=$(printf '%s\n' "$cmd" | sed -E -e 's/ {2,}[^ ].*$//' -e "s/1234/$lp/g" -e 's/^snoop /"$SNOOP" /')
		n=$((n + 1))
		# -p, -n and -a run until stopped: 5 s (compiling takes 0.5-2 s); the others end by themselves
		case "$cmd" in *" -p "*|*" -n "*|*" -a "*) lim=5 ;; *) lim=30 ;; esac
		(abs=$(realpath "$SNOOP") && cd "$d/repo" && SNOOP=$abs timeout -s INT $lim bash -c "$cmd" > "$d/$n.out" 2> "$d/$n.err")
		rc=$?
		case "$cmd" in
		*"--html="*"-o trace.txt"*) has_report "$d/repo/report.html" && has_records "$d/repo/trace.txt" ;;
		*"--html="*) has_report "$d/repo/report.html" ;;
		*"-o trace.txt"*) has_records "$d/repo/trace.txt" ;;
		*"-o trace.json"*) has_trace_events "$d/repo/trace.json" ;;
		*"-w cap.snoop"*) "$SNOOP" -r "$d/repo/cap.snoop" 2> /dev/null | has_records ;;
		*) has_records "$d/$n.out" ;;
		esac || bad="$bad; [$cmd] status $rc, no records: $(head -c 300 "$d/$n.err" | tr '\n' ' ')"
		grep -v '^snoop: lost ' "$d/$n.err" | grep -q '^snoop: ' && bad="$bad; [$cmd]: $(grep '^snoop: ' "$d/$n.err" | head -1)"
	done
	kill $lp $np 2> /dev/null
	[ "$n" -ge 7 ] && [ -z "$bad" ] && ok "$name ($n examples)" || fail "$name" "$n examples$bad"
}
t_help_examples() {
	run_examples "every example in snoop --help runs and traces" < <("$SNOOP" --help | sed -n '/^Examples:/,$p' | sed -n 's/^  \(snoop .*\)/\1/p')
}
t_readme_examples() {
	run_examples "every example in README.md runs and traces" < <(sed -n 's/^\(sudo \)\{0,1\}\(snoop .*\)/\2/p' README.md)
}

# -k: each record's user stack, symbolised after the process has ended
# (frames by build id); the walk follows frame pointers, so it is as deep
# as the code keeps them (here: libc's syscall(), which the probe calls).
t_stack_trace() {
	local name="-k: the user stack of each call, symbolised, text and JSON"
	SYSPROBE_EXPECT=9 $SNOOP -k -e getpid -o "$T/k.out" -- $PROBE basic 9> /dev/null 2> "$T/k.err"
	grep -A1 ' getpid ' "$T/k.out" | grep -q '^ > .*libc\.so\.6(syscall+0x[0-9a-f]*) \[0x[0-9a-f]*\]$' ||
		{ fail "$name" "no libc frame under getpid: $(head -5 "$T/k.out")"; return; }
	# the walk's end is not shown as a frame (a word past user space)
	$SNOOP -k -e openat -o "$T/k2.out" -- cat /etc/hostname > /dev/null 2>&1
	grep -q '^ > ' "$T/k2.out" && ! grep -Eq '^ > .*\[0x[0-9a-f]{13,}\]$' "$T/k2.out" ||
		{ fail "$name" "frames past user space: $(grep -E '\[0x[0-9a-f]{13,}\]' "$T/k2.out" | head -2)"; return; }
	SYSPROBE_EXPECT=9 $SNOOP -k --format=json -e getpid -- $PROBE basic 9> /dev/null 2> /dev/null > "$T/k.json"
	jq -e -s 'map(select(.syscall == "getpid"))[0].stack[0] | (.symbol == "syscall") and (.module | test("libc")) and (.file_offset > 0)' \
		"$T/k.json" > /dev/null || { fail "$name" "JSON: $(grep getpid "$T/k.json" | head -1)"; return; }
	check_json "$T/k.json" > "$T/k.bad" || { fail "$name" "JSON against the schema: $(head -3 "$T/k.bad")"; return; }
	$SNOOP -k -w "$T/k.cap" -- /bin/true 2> "$T/k.err"
	grep -q '^snoop: -k symbolises stacks while tracing' "$T/k.err" || { fail "$name" "-k -w accepted"; return; }
	ok "$name"
}

# -P's fds: an open the other filters leave out is still followed, and an
# fd of a process that exec'd is no longer on the path (its files are new).
t_trace_path_fds() {
	local name="-P follows fds through -Z, forgets them at execve; -c -w still captures"
	/usr/bin/python3 -c 'import os
fd = os.open("/etc/hostname", os.O_RDONLY)
try:
    os.write(fd, b"x")
except OSError:
    pass' > /dev/null 2>&1 || { fail "$name" "python3 cannot run the probe"; return; }
	$SNOOP -Z -P /etc/hostname -o "$T/pz.out" -- /usr/bin/python3 -c 'import os
fd = os.open("/etc/hostname", os.O_RDONLY)
try:
    os.write(fd, b"x")
except OSError:
    pass' 2> /dev/null
	grep -q ' write .* EBADF .*(3, "x", 1)' "$T/pz.out" && ! grep -q ' openat ' "$T/pz.out" ||
		{ fail "$name" "-Z -P: the failed write on the opened fd: $(grep -v '^#' "$T/pz.out" | head -3)"; return; }
	$SNOOP -P /etc/hostname -o "$T/px.out" -- /usr/bin/python3 -c 'import os
fd = os.open("/etc/hostname", os.O_RDONLY)
os.execv("/bin/cat", ["cat", "/etc/passwd"])' > /dev/null 2>&1
	local calls; calls=$(awk '$1 !~ /^#/ && $4 != "+++" && $4 != "---"' "$T/px.out" | wc -l)
	[ "$calls" -eq 1 ] && grep -q ' openat .*"/etc/hostname"' "$T/px.out" ||
		{ fail "$name" "after execve, fd 3 is another file: $(awk '$1 !~ /^#/' "$T/px.out" | head -4)"; return; }
	$SNOOP -c -w "$T/cw.cap" -o "$T/cw.out" -- ls / > /dev/null 2>&1
	grep -q ' openat$' "$T/cw.out" && [ "$($SNOOP -r "$T/cw.cap" -e openat | grep -c ' openat ')" -gt 0 ] ||
		{ fail "$name" "-c -w: the table or the capture's records are missing"; return; }
	$SNOOP -c --interval=1 -o "$T/ci.out" -- sleep 2.5 2> /dev/null
	[ "$(grep -c '^\[[0-2][0-9]:[0-5][0-9]:[0-5][0-9]\]$' "$T/ci.out")" -ge 2 ] && [ "$(grep -c '^% time' "$T/ci.out")" -ge 3 ] ||
		{ fail "$name" "--interval=1 over 2.5 s: $(grep -c '^\[' "$T/ci.out") stamps"; return; }
	# every call in exactly one table, however the intervals cut the run
	# (getppid never fails: its errors column is empty, calls the one before the name)
	$SNOOP -c --interval=1 -e getppid -o "$T/cn.out" -- /usr/bin/python3 -c 'import os, time
for i in range(3000):
    os.getppid()
    if i % 100 == 0:
        time.sleep(0.1)' 2> /dev/null
	local tables sum
	tables=$(grep -c '^% time' "$T/cn.out")
	sum=$(awk '$NF == "getppid" { n += $(NF - 1) } END { print n + 0 }' "$T/cn.out")
	[ "$tables" -ge 3 ] && [ "$sum" -eq 3000 ] ||
		{ fail "$name" "--interval: $sum getppid calls in $tables tables, not 3000: $(grep getppid "$T/cn.out" | head -5)"; return; }
	ok "$name"
}
