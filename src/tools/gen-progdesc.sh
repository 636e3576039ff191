#!/bin/sh
# Generate the description of the BPF program from its source: the
# compile-time variant flags it tests, its maps and its programs, each with
# the variants it is in (see the header written below).
#   src/tools/gen-progdesc.sh CC bpf/snoop.bpf.c h > build/progdesc.h
#   src/tools/gen-progdesc.sh CC bpf/snoop.bpf.c c > build/progdesc.c
#
# The C preprocessor decides what is in which variant, as it does when
# libbcc compiles: the source (its #includes left out) is included once per
# set of flags, with bcc's map and probe macros defined as markers. A map
# or program is then described by the flags it needs and those it
# excludes; one whose variants no such pair describes fails the build, as
# do a condition on anything but a SNOOP_* flag, a map or probe macro this
# script does not know, and a program whose hook it cannot tell.
set -eu
CC=$1 SRC=$2 WHAT=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
die() { echo "gen-progdesc: $SRC: $*" >&2; exit 1; }

# The flags: every name an #if tests, in order of first use. SNOOP_H is
# bpf/snoop.h's guard, not a flag (snoop prepends that header).
flags=$(sed -n 's/^[[:space:]]*#[[:space:]]*\(if\|ifdef\|ifndef\|elif\)\b\(.*\)/\2/p' "$SRC" |
	sed 's/\/\*.*//; s/defined//g' | tr -c 'A-Za-z0-9_\n' ' ' | tr ' ' '\n' | grep -v '^$' |
	awk '!seen[$0]++ && $0 != "SNOOP_H"')
# bcc's target macros (bpf_target_x86 ...) choose code for an architecture,
# never a map or a program: that is checked below, and they are no flag.
targets=$(echo "$flags" | grep '^bpf_target_' || true)
# SNOOP_PART1 and SNOOP_PART2 split one variant's compile in two (each
# leaves the other part's programs out; trace/program.c merges them): no
# variant flag either, and the maps must not depend on them.
parts=$(echo "$flags" | grep '^SNOOP_PART[0-9]*$' || true)
flags=$(echo "$flags" | grep -v '^bpf_target_' | grep -v '^SNOOP_PART[0-9]*$' || true)
for f in $flags; do
	case $f in
	SNOOP_[A-Z0-9_]*) ;;
	*) die "#if on $f: the variants are the SNOOP_* flags only (a kernel or header macro is not known here)" ;;
	esac
done
nflags=$(echo "$flags" | grep -c . || true)
[ "$nflags" -gt 0 ] || die "no variant flag"

# bcc's macros (its helpers.h), as markers the output is searched for
cat > "$tmp/markers.h" <<'EOF'
#define BPF_TABLE(type, k, v, name, n) __snoop_map__(name)
#define BPF_F_TABLE(type, k, v, name, n, f) __snoop_map__(name)
#define BPF_TABLE_PINNED(type, k, v, name, n, p) __snoop_map__(name)
#define BPF_HASH(name, ...) __snoop_map__(name)
#define BPF_PERCPU_HASH(name, ...) __snoop_map__(name)
#define BPF_LRU_HASH(name, ...) __snoop_map__(name)
#define BPF_ARRAY(name, ...) __snoop_map__(name)
#define BPF_PERCPU_ARRAY(name, ...) __snoop_map__(name)
#define BPF_TASK_STORAGE(name, v) __snoop_map__(name)
#define BPF_RINGBUF_OUTPUT(name, pages) __snoop_map__(name)
#define BPF_PERF_OUTPUT(name) __snoop_map__(name)
#define BPF_PERF_ARRAY(name, n) __snoop_map__(name)
#define BPF_ARRAY_OF_MAPS(name, inner, n) __snoop_map__(name)
#define BPF_HASH_OF_MAPS(name, ...) __snoop_map__(name)
#define BPF_STACK_TRACE(name, n) __snoop_map__(name)
#define BPF_STACK_TRACE_BUILDID(name, n) __snoop_map__(name)
#define BPF_PROG_ARRAY(name, n) __snoop_map__(name)
#define BPF_CGROUP_ARRAY(name, n) __snoop_map__(name)
#define RAW_TRACEPOINT_PROBE(ev) __snoop_prog__(raw_tp, ev)
#define TRACEPOINT_PROBE(cat, ev) __snoop_prog__(tp, cat, ev)
EOF
sed 's/^[[:space:]]*#[[:space:]]*include.*//' "$SRC" > "$tmp/src.c"
echo "$flags" | awk -v n="$nflags" '
{ flag[NR - 1] = $0 }
END {
	print "#include \"markers.h\""
	for (v = 0; v < 2 ^ n; v++) {
		for (b = 0; b < n; b++)
			print "#undef " flag[b]
		for (b = 0; b < n; b++)
			if (int(v / 2 ^ b) % 2)
				print "#define " flag[b]
		print "__snoop_variant__(" v ")"
		print "#include \"src.c\""
	}
}' > "$tmp/all.c"
(cd "$tmp" && $CC -E -P -undef -nostdinc -w -x c all.c) > "$tmp/all.i" ||
	die "the preprocessor failed on it"
# unchanged MACRO MARKERS WHY: the markers matching MARKERS (a grep
# pattern) are the same with -DMACRO as without, or the build fails
unchanged() {
	(cd "$tmp" && $CC -E -P -undef -nostdinc -w -x c -D"$1" all.c) > "$tmp/with.i" ||
		die "the preprocessor failed on it with $1"
	grep -o "$2" "$tmp/all.i" > "$tmp/without"
	grep -o "$2" "$tmp/with.i" > "$tmp/with"
	cmp -s "$tmp/without" "$tmp/with" || die "#if on $1 $3"
}
for t in $targets; do
	unchanged "$t" '__snoop_[a-z]*__([^)]*)' "decides a map or a program: only SNOOP_* flags may"
done
for p in $parts; do
	unchanged "$p" '__snoop_\(map\|variant\)__([^)]*)' "decides a map: the parts of a split compile share every map"
done

echo "$flags" | awk -v what="$WHAT" -v n="$nflags" -v src="$SRC" '
function fail(msg) { print "gen-progdesc: " src ": " msg > "/dev/stderr"; failed = 1; exit 1 }
function bit(v, b) { return int(v / 2 ^ b) % 2 }
function flag_const(b) { return "SNOOP_V_" substr(flag[b], 7) }
function seen_in(kind, name) {
	if (!((kind, name) in order)) { order[kind, name] = count[kind]++; names[kind, count[kind] - 1] = name }
	present[kind, name, v] = 1
}
# need: the flags every variant with it has; forbid: those none has
function describe(kind, name,    b, w, ok, want, any) {
	for (b = 0; b < n; b++) { need[b] = 1; forbid[b] = 1 }
	for (w = 0; w < 2 ^ n; w++)
		if ((kind, name, w) in present)
			for (b = 0; b < n; b++)
				if (bit(w, b)) forbid[b] = 0; else need[b] = 0
	for (w = 0; w < 2 ^ n; w++) {
		want = 1
		for (b = 0; b < n; b++)
			if ((need[b] && !bit(w, b)) || (forbid[b] && bit(w, b))) want = 0
		if (want != ((kind, name, w) in present))
			fail(kind " " name ": its variants are not the ones with some flags and without others; describe it in gen-progdesc.sh")
	}
}
function mask(which,    b, s) {
	s = ""
	for (b = 0; b < n; b++)
		if ((which == "need" && need[b]) || (which == "forbid" && forbid[b]))
			s = s (s == "" ? "" : " | ") flag_const(b)
	return s == "" ? "0" : s
}
function args_of(s) { sub(/^[^(]*\(/, "", s); sub(/\).*$/, "", s); gsub(/[ \t]/, "", s); return s }
NR == FNR { flag[NR - 1] = $0; next }
/^__snoop_variant__\(/ { v = args_of($0) + 0; next }
{
	line = $0
	while (match(line, /__snoop_map__\([A-Za-z0-9_]+\)/)) {
		seen_in("map", args_of(substr(line, RSTART, RLENGTH)))
		line = substr(line, RSTART + RLENGTH)
	}
}
/^[ \t]*__snoop_prog__\(/ {
	split(args_of($0), a, ",")
	if (a[1] == "raw_tp") { p = "raw_tracepoint__" a[2]; hook[p] = "SBPF_RAW_TP"; target[p] = a[2]; con[p] = "RAW_" a[2] }
	else { p = "tracepoint__" a[2] "__" a[3]; hook[p] = "SBPF_TP"; target[p] = a[2] ":" a[3]; con[p] = "TP_" a[2] "_" a[3] }
	seen_in("prog", p)
	next
}
/^BPF_[A-Z0-9_]*\(/ { fail("map macro " substr($0, 1, index($0, "(") - 1) " unknown to gen-progdesc.sh") }
/^[A-Z0-9_]*PROBE\(/ { fail("probe macro " substr($0, 1, index($0, "(") - 1) " unknown to gen-progdesc.sh") }
# a function bcc loads: defined at the top level, not static
/^[a-z_]/ && !/^(static|struct|union|enum|typedef|__snoop_)/ && /\)[ \t]*$/ {
	p = substr($0, 1, index($0, "(") - 1)
	sub(/^.*[ *]/, "", p)
	# kprobe programs take the registers; kretprobe ones say so in
	# their name, as bcc s kretprobe__ prefix does. A function of a raw
	# tracepoint s arguments is a tail: attached nowhere, called by its
	# raw tracepoint program through a program array.
	if ($0 ~ /\(struct bpf_raw_tracepoint_args \*[a-z_]*\)/)
		hook[p] = "SBPF_RAW_TP"
	else if ($0 ~ /\(struct pt_regs \*[a-z_]*\)/)
		hook[p] = p ~ /^kretprobe/ ? "SBPF_KRETPROBE" : "SBPF_KPROBE"
	else
		fail("program " p ": its hook is not known (gen-progdesc.sh knows RAW_TRACEPOINT_PROBE, TRACEPOINT_PROBE, functions of struct pt_regs * and tails of struct bpf_raw_tracepoint_args *)")
	target[p] = ""
	con[p] = p
	seen_in("prog", p)
}
END {
	if (failed) exit 1
	if (!count["map"] || !count["prog"]) fail("no map or no program found")
	print "/* Generated by src/tools/gen-progdesc.sh from " src ". Do not edit. */"
	if (what == "h") header(); else table()
}
function header(    b, i, p) {
	print "/* progdesc.h - the BPF program as snoop uses it: the variant flags its"
	print " * source tests (one bit each; a variant is a set of them), its maps and"
	print " * programs. A map or program is in variant v when v has every flag of"
	print " * its need and none of its forbid (snoop_in_variant). A name the source"
	print " * no longer has is no constant here: code that uses it does not compile. */"
	print "#ifndef SNOOP_PROGDESC_H"
	print "#define SNOOP_PROGDESC_H"
	print ""
	print "#include \"BPF.h\""
	print ""
	print "enum snoop_variant_bit {"
	for (b = 0; b < n; b++)
		printf "\t%s = 1u << %d,\n", flag_const(b), b
	print "};"
	printf "#define SNOOP_VARIANT_BITS %d\n", n
	printf "#define SNOOP_V_ALL ((1u << SNOOP_VARIANT_BITS) - 1)\n"
	print "/* The -D flag of each bit, by bit number: \"-DSNOOP_PATHS\" */"
	print "extern const char *const snoop_variant_flags[SNOOP_VARIANT_BITS];"
	print ""
	print "struct snoop_map_desc {"
	print "\tconst char *name;"
	print "\tunsigned need, forbid;"
	print "};"
	print "enum snoop_map {"
	for (i = 0; i < count["map"]; i++)
		printf "\tSNOOP_MAP_%s,\n", toupper(names["map", i])
	print "\tSNOOP_MAP_COUNT"
	print "};"
	print "extern const struct snoop_map_desc snoop_maps[SNOOP_MAP_COUNT];"
	print ""
	print "/* target: the tracepoint; NULL for kprobes (the attach chooses the function)"
	print " * and for tails (put in a program array, attached nowhere) */"
	print "struct snoop_prog_desc {"
	print "\tconst char *name;"
	print "\tenum sbpf_hook hook;"
	print "\tconst char *target;"
	print "\tunsigned need, forbid;"
	print "};"
	print "enum snoop_prog {"
	for (i = 0; i < count["prog"]; i++)
		printf "\tSNOOP_PROG_%s,\n", toupper(con[names["prog", i]])
	print "\tSNOOP_PROG_COUNT"
	print "};"
	print "extern const struct snoop_prog_desc snoop_progs[SNOOP_PROG_COUNT];"
	print ""
	print "static inline int snoop_in_variant(unsigned need, unsigned forbid, unsigned v)"
	print "{"
	print "\treturn (v & need) == need && !(v & forbid);"
	print "}"
	print ""
	print "#endif"
}
function table(    b, i, p) {
	print "#include \"progdesc.h\""
	print ""
	print "const char *const snoop_variant_flags[SNOOP_VARIANT_BITS] = {"
	for (b = 0; b < n; b++)
		printf "\t\"-D%s\",\n", flag[b]
	print "};"
	print ""
	print "const struct snoop_map_desc snoop_maps[SNOOP_MAP_COUNT] = {"
	for (i = 0; i < count["map"]; i++) {
		p = names["map", i]
		describe("map", p)
		printf "\t[SNOOP_MAP_%s] = { \"%s\", %s, %s },\n", toupper(p), p, mask("need"), mask("forbid")
	}
	print "};"
	print ""
	print "const struct snoop_prog_desc snoop_progs[SNOOP_PROG_COUNT] = {"
	for (i = 0; i < count["prog"]; i++) {
		p = names["prog", i]
		describe("prog", p)
		printf "\t[SNOOP_PROG_%s] = { \"%s\", %s, %s, %s, %s },\n", toupper(con[p]), p, hook[p],
		       target[p] == "" ? "NULL" : "\"" target[p] "\"", mask("need"), mask("forbid")
	}
	print "};"
}' - "$tmp/all.i"
