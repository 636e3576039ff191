#!/bin/bash
# The bash completion (src/tools/snoop.bash-completion, as the build fills
# it in): sourced, then _snoop is called as bash would call it, with
# COMP_WORDS split the way bash splits them (at "=" too), and COMPREPLY
# checked. Needs no root and no bash-completion package.
#   bash tests/completion/check.sh build/snoop.bash-completion [./snoop]
set -u
COMPLETION=${1:-build/snoop.bash-completion}
SNOOP=${2:-./snoop}
T=$(mktemp -d /tmp/snoop-completion-XXXXXX)
trap 'rm -rf "$T"' EXIT
passed=0 failed=0

# shellcheck source=/dev/null
. "$COMPLETION" || { echo "FAIL - $COMPLETION does not load"; exit 1; }
[[ $(complete -p snoop) == "complete -F _snoop snoop" ]] || { echo "FAIL - no completion registered for snoop"; exit 1; }

# complete WORD... : the words of the line, the last one being completed
complete_words() {
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_snoop
}

# expect NAME "WORDS..." [+WANTED...] [-UNWANTED...]
expect() {
	local name=$1 words=$2 w bad=
	shift 2
	# shellcheck disable=SC2086
	complete_words $words
	for w in "$@"; do
		case $w in
		+*) printf '%s\n' "${COMPREPLY[@]}" | grep -qxF -- "${w#+}" || bad+=" missing '${w#+}'" ;;
		-*) ! printf '%s\n' "${COMPREPLY[@]}" | grep -qxF -- "${w#-}" || bad+=" unwanted '${w#-}'" ;;
		esac
	done
	if [ -z "$bad" ]; then
		echo "ok - $name"; passed=$((passed + 1))
	else
		echo "FAIL - $name:$bad (got: ${COMPREPLY[*]:0:12})"; failed=$((failed + 1))
	fi
}

expect "long options" "snoop --tr" +--trace= +--trace-path= -- -e
expect "short and long options" "snoop -" +-p +-e +-tt +-Z +--pid= +--summary-only
expect "-e: syscall names" "snoop -e open" +open +openat +open_by_handle_at -read
expect "-e: classes" "snoop -e %fi" +%file
expect "-e: %%stat" "snoop -e %%st" +%%stat +%%statfs
expect "-e: the last of a list" "snoop -e openat,rea" +openat,read +openat,readv -read
expect "-e: a negated set" "snoop -e !clo" +!close +!close_range
expect "-e after a cluster (-fe)" "snoop -fe getpi" +getpid
expect "-e stuck to its value (-eopen)" "snoop -eopena" +-eopenat
expect "--trace=, split at = by bash" "snoop --trace = getpp" +getppid -- --trace=getppid
expect "--trace= with nothing typed yet" "snoop --trace =" +openat +%network
expect "strace's trace= prefix (split at =)" "snoop -e trace = %ne" +%network
expect "--trace=VALUE unsplit (no = in COMP_WORDBREAKS)" "snoop --trace=getpp" +--trace=getppid
expect "-n: process names" "snoop -n $(cut -c1-3 /proc/$$/comm)" "+$(cat /proc/$$/comm)"
expect "-p: PIDs" "snoop -p $$" "+$$"
expect "-p: the last of a list" "snoop -p 1,$$" "+1,$$"
touch "$T/capture.snoop"
expect "-r: files" "snoop -r $T/capt" "+$T/capture.snoop"
expect "-o: files" "snoop -o $T/c" "+$T/capture.snoop"
expect "--write=: files" "snoop --write = $T/c" "+$T/capture.snoop"
expect "--format" "snoop --format j" +json -text
expect "--format=" "snoop --format =" +json +text +trace-event +strace
expect "--format=t" "snoop --format = t" +text +trace-event -strace -json
expect "-S keys" "snoop -S ca" +calls
expect "--attach" "snoop --attach =" +raw_tp +tracepoint +kprobe
expect "--buffer" "snoop --buffer r" +ring
expect "--buffer=m" "snoop --buffer m" +mapped
expect "--inflight" "snoop --inflight =" +cpu +hash
expect "-a, --all, --cgroup=, --user=" "snoop -" +-a +-u +--all +--cgroup= +--user=
expect "-u: user names" "snoop -u roo" +root
expect "--user=: user names (split at =)" "snoop --user = nob" +nobody
cgmnt=$(awk '{ for (i = 7; i <= NF; i++) if ($i == "-") { if ($(i + 1) == "cgroup2") { print $5; exit } break } }' /proc/self/mountinfo)
if [ -n "$cgmnt" ] && mkdir -p "$cgmnt/snoop-completion-$$"; then
	expect "--cgroup=: directories of the cgroup2 mount" "snoop --cgroup = snoop-compl" "+snoop-completion-$$/"
	rmdir "$cgmnt/snoop-completion-$$"
fi
expect "--no-cache, --cache-dir" "snoop --no-c" +--no-cache -- --cache-dir=
mkdir -p "$T/cachedir"
expect "--cache-dir=: directories" "snoop --cache-dir = $T/" "+$T/cachedir" -- "$T/capture.snoop"
expect "--to: the schemes" "snoop --to = t" +tcp:// +tls:// -udp://
expect "--to-format" "snoop --to-format =" +rfc5424 +json
expect "--to-ca: files" "snoop --to-ca = $T/c" "+$T/capture.snoop"
expect "--to- options" "snoop --to-" +--to-format= +--to-ca= +--to-cert= +--to-key= +--to-buffer= -- --to=
# --container asks podman and docker (the first found on PATH) for running
# containers' names: fakes here, one that answers and one without a daemon
mkdir -p "$T/bin"
printf '#!/bin/sh\n[ "$*" = "ps --format {{.Names}}" ] && printf "web1\\nweb2\\ndb\\n"\n' > "$T/bin/podman"
printf '#!/bin/sh\necho "Cannot connect to the Docker daemon" >&2; exit 1\n' > "$T/bin/docker"
chmod +x "$T/bin/podman" "$T/bin/docker"
PATH="$T/bin:$PATH" expect "--container: running containers' names" "snoop --container = we" +web1 +web2 -db
PATH="$T/bin:$PATH" expect "--container NAME (a word of its own)" "snoop --container d" +db -web1
expect "the command after --" "snoop -f -- ls" +ls -- --pid=
expect "the command without --" "snoop -p 1 l" +ls
expect "the command's own options are not snoop's" "snoop -e openat ls --tr" -- --trace=
expect "an option's value is not the command" "snoop -o out -n" +-n

# The names it offers are those -e accepts (one list: unknown names would
# be refused with status 2, before anything else is looked at).
names=$(sed -n 's/^_snoop_syscalls="\(.*\)"$/\1/p' "$COMPLETION")
n=$(wc -w <<< "$names")
"$SNOOP" -e "${names// /,}" -r /dev/null > /dev/null 2> "$T/e.err"
if [ $? -ne 2 ] && [ "$n" -gt 100 ]; then
	echo "ok - snoop -e accepts the $n syscall names offered"; passed=$((passed + 1))
else
	echo "FAIL - snoop -e and the $n names offered: $(cat "$T/e.err")"; failed=$((failed + 1))
fi

# One set of options everywhere: each long option of src/opts.c is in
# --help, in the man page and in the completion.
src=$(dirname "$0")/../..
missing=""
for opt in $(sed -n 's/^	{ "\([a-z0-9-]*\)", .*/\1/p' "$src/src/opts.c"); do
	"$SNOOP" --help | grep -q -- "--$opt\b" || missing+=" --$opt (--help)"
	sed 's/\\-/-/g' "$src/docs/snoop.8" | grep -q -- "--$opt\b" || missing+=" --$opt (snoop.8)"
	grep -q -- "--$opt\b" "$COMPLETION" || missing+=" --$opt (completion)"
done
if [ -z "$missing" ]; then
	echo "ok - every long option is in --help, the man page and the completion"; passed=$((passed + 1))
else
	echo "FAIL - options not documented everywhere:$missing"; failed=$((failed + 1))
fi

echo "completion: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
