# The cache of compiled BPF programs (--cache-dir, --no-cache): a second
# start loads the entry the first one wrote, a damaged entry is rebuilt, an
# unsafe cache is refused. Each test has its own directory under $T.

# snoop -v with the cache in DIR tracing the probe; its records in
# $T/c.out, expectations in $T/c.want, -v lines in $T/c.err. The status.
cache_run() {   # DIR [OPTION...]
	local dir=$1; shift
	SYSPROBE_EXPECT=9 $SNOOP -v --cache-dir="$dir" "$@" --raw -o "$T/c.out" -- $PROBE basic 2> "$T/c.err" 9> "$T/c.want"
}

# The records the probe expected, as the last run wrote them.
cache_records() { probe_records "$T/c.want" "$T/c.out"; }

t_cache_hit() {
	local name="cache: a miss compiles and stores, the next start hits (no compile, no LLVM) with the same records"
	local d="$R/cache-hit"
	cache_run "$d"
	[ $? -eq 7 ] && grep -q 'BPF cache: miss' "$T/c.err" && grep -q 'compiled in' "$T/c.err" &&
		grep -q "BPF cache: stored $d/[0-9a-f]*\.bpfobj" "$T/c.err" ||
		{ fail "$name" "first run: $(cat "$T/c.err")"; return; }
	[ "$(stat -c '%a %U' "$d")" = "700 root" ] || { fail "$name" "directory $(stat -c '%a %U' "$d")"; return; }
	[ "$(stat -c '%a %U' "$d"/*.bpfobj)" = "600 root" ] || { fail "$name" "entry $(stat -c '%a %U' "$d"/*.bpfobj)"; return; }
	cache_records > "$T/c.miss"
	[ -s "$T/c.miss" ] && cmp -s "$T/c.want" "$T/c.miss" || { fail "$name" "miss's records: $(diff "$T/c.want" "$T/c.miss" | head -5)"; return; }
	cache_run "$d"
	[ $? -eq 7 ] && grep -q 'BPF cache: hit' "$T/c.err" && ! grep -q 'compiled in' "$T/c.err" ||
		{ fail "$name" "second run: $(cat "$T/c.err")"; return; }
	cache_records > "$T/c.hit"
	[ -s "$T/c.hit" ] && cmp -s "$T/c.want" "$T/c.hit" || { fail "$name" "hit's records: $(diff "$T/c.want" "$T/c.hit" | head -5)"; return; }
	# ... the calls the miss recorded (PIDs and addresses differ between runs)
	[ "$(awk '{print $3, $5, NF}' "$T/c.miss")" = "$(awk '{print $3, $5, NF}' "$T/c.hit")" ] ||
		{ fail "$name" "miss and hit differ"; return; }
	# a hit never loads libbcc.so.0's LLVM
	$SNOOP --cache-dir="$d" -n nosuchprocessname -o "$T/c.idle" 2> /dev/null &
	local spid=$!
	wait_ready "$T/c.idle" || { kill $spid; fail "$name" "idle snoop not ready"; return; }
	local llvm; llvm=$(grep -cE 'libLLVM|libclang|libbcc\.so' /proc/$spid/maps)
	kill -INT $spid; wait $spid
	[ "$llvm" -eq 0 ] || { fail "$name" "a hit mapped LLVM or libbcc.so ($llvm mappings)"; return; }
	ok "$name"
}

t_cache_damaged() {
	local name="cache: a flipped byte or a truncated entry is ignored with a -v line, rebuilt, and traces right"
	local d="$R/cache-damaged" f how
	cache_run "$d" || [ $? -eq 7 ] || { fail "$name" "first run: $(cat "$T/c.err")"; return; }
	f=$(ls "$d"/*.bpfobj)
	for how in flip truncate; do
		if [ $how = flip ]; then
			printf '\377' | dd of="$f" bs=1 seek=5000 conv=notrunc status=none
		else
			truncate -s 3000 "$f"
		fi
		cache_run "$d"
		[ $? -eq 7 ] && grep -q "BPF cache: ignoring damaged entry $f: " "$T/c.err" && grep -q 'compiled in' "$T/c.err" &&
			grep -q "BPF cache: stored $f" "$T/c.err" || { fail "$name" "$how: $(cat "$T/c.err")"; return; }
		cache_records > "$T/c.got"
		cmp -s "$T/c.want" "$T/c.got" || { fail "$name" "$how: records $(diff "$T/c.want" "$T/c.got" | head -5)"; return; }
		cache_run "$d"
		grep -q 'BPF cache: hit' "$T/c.err" || { fail "$name" "$how: not rebuilt: $(cat "$T/c.err")"; return; }
	done
	ok "$name"
}

t_cache_unsafe() {
	local d="$R/cache-unsafe" f
	cache_run "$d" || [ $? -eq 7 ] || { fail "cache: unsafe" "first run: $(cat "$T/c.err")"; return; }
	f=$(ls "$d"/*.bpfobj)
	chmod 0770 "$d"
	expect_error "cache: a group-writable directory is refused" 1 \
		"^snoop: BPF cache $d: writable by group or others (mode 0770): .* (fix: chmod go-w $d)\$" \
		$SNOOP --cache-dir="$d" -o /dev/null -- true
	chmod 0700 "$d"
	chown 65534 "$d"
	expect_error "cache: a directory of another user is refused" 1 \
		"^snoop: BPF cache $d: owned by uid 65534, not root: .* (fix: rm -rf $d, or --no-cache)\$" \
		$SNOOP --cache-dir="$d" -o /dev/null -- true
	chown 0 "$d"
	chmod 0620 "$f"
	expect_error "cache: a group-writable entry is refused" 1 "^snoop: BPF cache $f: writable by group or others" \
		$SNOOP --cache-dir="$d" -o /dev/null -- true
	chmod 0600 "$f"
	chown 65534 "$f"
	expect_error "cache: an entry of another user is refused" 1 "^snoop: BPF cache $f: owned by uid 65534, not root" \
		$SNOOP --cache-dir="$d" -o /dev/null -- true
	chown 0 "$f"
	ln -s "$d" "$R/cache-link"
	expect_error "cache: a symbolic link is refused" 1 "^snoop: BPF cache $R/cache-link: a symbolic link" \
		$SNOOP --cache-dir="$R/cache-link" -o /dev/null -- true
	cache_run "$d"
	[ $? -eq 7 ] && grep -q 'BPF cache: hit' "$T/c.err" && ok "cache: usable again once fixed" ||
		fail "cache: usable again once fixed" "$(cat "$T/c.err")"
}

t_no_cache() {
	local name="--no-cache: compiles, reads and writes no cache"
	SYSPROBE_EXPECT=9 $SNOOP -v --no-cache --raw -o "$T/c.out" -- $PROBE basic 2> "$T/c.err" 9> "$T/c.want"
	[ $? -eq 7 ] && grep -q 'BPF cache: off (--no-cache)' "$T/c.err" && grep -q 'compiled in' "$T/c.err" &&
		! grep -q 'BPF cache: [hms]' "$T/c.err" || { fail "$name" "$(cat "$T/c.err")"; return; }
	check_probe "$name" "$T/c.want" "$T/c.out"
}

# The peak resident set of the snoop tracing it ($PPID of the command),
# as the command sees it once tracing has begun, in KiB; and its name.
tracer_peak_rss() {   # DIR [OPTION...]; output in $T/rss.out, -v lines in $T/rss.err
	local dir=$1; shift
	$SNOOP -v --cache-dir="$dir" "$@" -o /dev/null -- sh -c 'cat /proc/$PPID/comm; grep VmHWM /proc/$PPID/status' \
		> "$T/rss.out" 2> "$T/rss.err"
}

t_cache_miss_rss() {
	local name="cache: a miss compiles in a child process: the tracer's own peak RSS (VmHWM) stays that of a hit"
	local d="$R/cache-rss" miss hit
	rm -rf "$d"
	tracer_peak_rss "$d" && grep -Eq 'compiled in .* \(in (a child process, its peak RSS [0-9]+ MiB, CPU [0-9.]+ s|two child processes at once, their peak RSS [0-9]+ and [0-9]+ MiB, CPU [0-9.]+ and [0-9.]+ s)\)' "$T/rss.err" &&
		grep -q "BPF cache: stored $d/" "$T/rss.err" && [ "$(head -1 "$T/rss.out")" = snoop ] ||
		{ fail "$name" "miss: $(cat "$T/rss.out" "$T/rss.err")"; return; }
	miss=$(awk '/^VmHWM:/ {print $2}' "$T/rss.out")
	tracer_peak_rss "$d" && grep -q 'BPF cache: hit' "$T/rss.err" ||
		{ fail "$name" "hit: $(cat "$T/rss.out" "$T/rss.err")"; return; }
	hit=$(awk '/^VmHWM:/ {print $2}' "$T/rss.out")
	# clang and LLVM in the tracer took ~130 MiB more; a sanitizer build's
	# own overhead is in both figures
	[ -n "$miss" ] && [ -n "$hit" ] && [ "$miss" -lt $((hit + 16384)) ] ||
		{ fail "$name" "VmHWM after a miss ${miss:-?} KiB, after a hit ${hit:-?} KiB"; return; }
	ok "$name"
}

t_cache_child_error() {
	local name="cache: the compiler process's error reaches the user in one line, status 1, and nothing is stored"
	local d="$R/cache-err" src="$R/cache-err-src"
	rm -rf "$d" "$src"
	mkdir -p "$src"
	cp bpf/snoop.h bpf/snoop.bpf.c "$src/"
	echo 'int broken( { }' >> "$src/snoop.bpf.c"
	$SNOOP --bpf-dir="$src" --cache-dir="$d" -o /dev/null -- true > "$T/ce.out" 2> "$T/ce.err"
	[ $? -eq 1 ] && [ "$(wc -l < "$T/ce.err")" -eq 1 ] && [ ! -s "$T/ce.out" ] &&
		grep -q '^snoop: BPF compile failed: /virtual/main.c:[0-9]*:[0-9]*: error: ' "$T/ce.err" ||
		{ fail "$name" "run: $(cat "$T/ce.out" "$T/ce.err")"; return; }
	[ -z "$(ls -A "$d")" ] || { fail "$name" "stored: $(ls -A "$d")"; return; }
	$SNOOP --prepare --bpf-dir="$src" --cache-dir="$d" > "$T/ce.out" 2> "$T/ce.err"
	[ $? -eq 1 ] && [ "$(wc -l < "$T/ce.err")" -eq 1 ] && [ ! -s "$T/ce.out" ] &&
		grep -q '^snoop: BPF compile failed: /virtual/main.c:[0-9]*:[0-9]*: error: ' "$T/ce.err" ||
		{ fail "$name" "--prepare: $(cat "$T/ce.out" "$T/ce.err")"; return; }
	ok "$name"
}

# libbcc reads /proc/kallsyms for two symbols (trace/kallsyms.h): the
# compile child gives it their lines only, in a mount namespace of its
# own. The program is the same as one compiled from the whole file (a
# child that cannot make the namespace, tests/progs/no_unshare), and the
# traced command, in the tracer's namespace, sees the whole file.
t_cache_kallsyms() {
	local name="cache: the compile child's narrowed /proc/kallsyms: the same entry as from the whole file; the command's namespace untouched"
	local d1="$R/cache-ksyms" d2="$R/cache-ksyms-whole" ns
	rm -rf "$d1" "$d2"
	ns=$(readlink /proc/self/ns/mnt)
	$SNOOP -v --cache-dir="$d1" -o /dev/null -- sh -c 'readlink /proc/self/ns/mnt; wc -l < /proc/kallsyms' \
		> "$T/ks.out" 2> "$T/ks.err" || { fail "$name" "narrowed: $(cat "$T/ks.err")"; return; }
	if grep -q '^snoop: BPF compile: libbcc reads all of /proc/kallsyms: the symbols libbcc [0-9.]* looks up are not known' "$T/ks.err"; then
		skip "$name" "this libbcc's lookups are not known to snoop"
		return
	fi
	grep -q '^snoop: BPF compile: /proc/kallsyms narrowed to what libbcc [0-9.]* looks up: bpf_probe_read_kernel bpf_probe_read_user$' "$T/ks.err" ||
		{ fail "$name" "no narrowed line: $(cat "$T/ks.err")"; return; }
	[ "$(head -1 "$T/ks.out")" = "$ns" ] && [ "$(sed -n 2p "$T/ks.out")" -gt 1000 ] ||
		{ fail "$name" "the command's namespace ($ns here) or kallsyms: $(cat "$T/ks.out")"; return; }
	build/progs/no_unshare $SNOOP -v --cache-dir="$d2" -o /dev/null -- true 2> "$T/ks.err" &&
		grep -q '^snoop: BPF compile: libbcc reads all of /proc/kallsyms: cannot make a mount namespace: Operation not permitted$' "$T/ks.err" &&
		grep -q 'compiled in' "$T/ks.err" || { fail "$name" "whole: $(cat "$T/ks.err")"; return; }
	[ "$(ls "$d1")" = "$(ls "$d2")" ] && cmp -s "$d1"/*.bpfobj "$d2"/*.bpfobj ||
		{ fail "$name" "the entries differ: $(ls -l "$d1" "$d2")"; return; }
	ok "$name"
}

# Where snoop may run on two CPUs and nothing else runs on them, a compile
# is split in two children at once (bpf/snoop.bpf.c's SNOOP_PART1 and
# SNOOP_PART2) and merged (on a busy machine -v says why not: skipped): the
# entry is the one a single child makes (pinned to one CPU by taskset),
# byte for byte. A source whose programs are not split (every program in
# both parts) merges into the same entry too.
t_cache_split() {
	local name="cache: a compile split in two children at once stores the entry one child makes"
	local d1="$R/cache-split" d2="$R/cache-whole" d3="$R/cache-unsplit" d4="$R/cache-unsplit-whole" src="$R/unsplit-src"
	if [ "$(nproc)" -lt 2 ]; then
		skip "$name" "one CPU"
		return
	fi
	rm -rf "$d1" "$d2" "$d3" "$d4" "$src"
	# forced: left to itself snoop does not split on a busy machine
	SNOOP_COMPILE_SPLIT=always $SNOOP -v --cache-dir="$d1" -o /dev/null -- true 2> "$T/sp.err" ||
		{ fail "$name" "split: $(cat "$T/sp.err")"; return; }
	grep -q '^snoop: compiled in [0-9.]* s (in two child processes at once, their peak RSS [0-9]* and [0-9]* MiB, CPU [0-9.]* and [0-9.]* s)$' "$T/sp.err" ||
		{ fail "$name" "split: $(cat "$T/sp.err")"; return; }
	taskset -c 0 $SNOOP -v --cache-dir="$d2" -o /dev/null -- true 2> "$T/sp.err" &&
		grep -q '^snoop: compiled in [0-9.]* s (in a child process, its peak RSS [0-9]* MiB, CPU [0-9.]* s)$' "$T/sp.err" ||
		{ fail "$name" "one CPU: $(cat "$T/sp.err")"; return; }
	[ "$(ls "$d1")" = "$(ls "$d2")" ] && cmp -s "$d1"/*.bpfobj "$d2"/*.bpfobj ||
		{ fail "$name" "the entries differ: $(ls -l "$d1" "$d2")"; return; }
	mkdir -p "$src" && cp bpf/snoop.h bpf/snoop.bpf.c "$src/" && chmod 0755 "$src" && chmod 0644 "$src"/*
	# each part's #ifndef and its own #endif out (a program has #ifs inside)
	awk '/^#[ \t]*if/ { part[++n] = /^#ifndef SNOOP_PART[12] / } part[n] && /^#ifndef SNOOP_PART/ { next }
	     /^#[ \t]*endif/ { if (part[n--]) next } { print }' bpf/snoop.bpf.c > "$src/snoop.bpf.c"
	! grep -q SNOOP_PART "$src/snoop.bpf.c" || { fail "$name" "the unsplit copy still has parts"; return; }
	SNOOP_COMPILE_SPLIT=always $SNOOP -v --bpf-dir="$src" --cache-dir="$d3" -o /dev/null -- true 2> "$T/sp.err" &&
		grep -q 'in two child processes at once' "$T/sp.err" ||
		{ fail "$name" "unsplit: $(cat "$T/sp.err")"; return; }
	SNOOP_COMPILE_SPLIT=never $SNOOP -v --bpf-dir="$src" --cache-dir="$d4" -o /dev/null -- true 2> "$T/sp.err" &&
		grep -q '^snoop: BPF compile: in one child, not split in two: SNOOP_COMPILE_SPLIT=never$' "$T/sp.err" &&
		[ "$(ls "$d3")" = "$(ls "$d4")" ] && cmp -s "$d3"/*.bpfobj "$d4"/*.bpfobj ||
		{ fail "$name" "an unsplit source's entry differs from one child's: $(cat "$T/sp.err")"; return; }
	expect_error "SNOOP_COMPILE_SPLIT with an unknown value is an error" 1 \
		"^snoop: SNOOP_COMPILE_SPLIT=twice: use always, never or auto (or unset it)\$" \
		env SNOOP_COMPILE_SPLIT=twice $SNOOP --no-cache -o /dev/null -- true
	ok "$name"
}

t_prepare() {
	local name="--prepare: one line per variant (plain, -c, -C), compiled then already cached; those runs then hit"
	local d="$R/cache-prepare" opt
	rm -rf "$d"
	$SNOOP --prepare --cache-dir="$d" > "$T/p.out" 2> "$T/p.err"
	[ $? -eq 0 ] && [ ! -s "$T/p.err" ] && [ "$(wc -l < "$T/p.out")" -eq 3 ] &&
		[ "$(grep -c "^snoop --prepare: [A-Z_ ]* (snoop .*): compiled in [0-9.]* s, cached in $d/[0-9a-f]*\.bpfobj\$" "$T/p.out")" -eq 3 ] ||
		{ fail "$name" "first: $(cat "$T/p.out" "$T/p.err")"; return; }
	[ "$(ls "$d" | wc -l)" -eq 3 ] || { fail "$name" "entries: $(ls "$d")"; return; }
	$SNOOP --prepare --cache-dir="$d" > "$T/p.out" 2> "$T/p.err"
	[ $? -eq 0 ] && [ "$(grep -c "^snoop --prepare: [A-Z_ ]* (snoop .*): already cached in $d/" "$T/p.out")" -eq 3 ] ||
		{ fail "$name" "second: $(cat "$T/p.out" "$T/p.err")"; return; }
	for opt in -f -c -C; do
		$SNOOP -v $opt --cache-dir="$d" -o /dev/null -- true 2> "$T/p.err" && grep -q 'BPF cache: hit' "$T/p.err" ||
			{ fail "$name" "snoop $opt: $(cat "$T/p.err")"; return; }
	done
	expect_error "--prepare with a target is an error" 2 "^snoop: --prepare fills the cache and traces nothing: drop -p\$" \
		$SNOOP --prepare -p 1
	ok "$name"
}
