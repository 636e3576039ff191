# A second, unprivileged user tries to make root's snoop write its trace
# where they can read it, follow their links, or compile and load their BPF
# text. The user is made here (useradd) and removed at the end (run.sh's
# trap). $R is a directory only root can write; "$T/pub" stands for /tmp.

HOSTILE=snoop-hostile
hostile_made=

hostile_user() {
	id -u "$HOSTILE" > /dev/null 2>&1 && return 0
	useradd --no-create-home --shell /usr/sbin/nologin "$HOSTILE" 2> "$T/useradd.err" || return 1
	hostile_made=1
}

hostile_user_remove() {
	[ -n "$hostile_made" ] && userdel "$HOSTILE" 2> /dev/null
	hostile_made=
}

as_hostile() { setpriv --reuid="$HOSTILE" --regid="$HOSTILE" --clear-groups "$@"; }

# A directory anyone can write, sticky, as /tmp is.
public_dir() {
	mkdir -p "$T/pub" && chmod 1777 "$T/pub" && chmod 0755 "$T"
}

t_hostile_outputs() {
	local name="hostile user: -o/-w never reach their FIFO, their link, or a file they can read"
	local pub="$T/pub" secret="$R/secret" rc
	hostile_user || { fail "$name" "cannot add a user: $(cat "$T/useradd.err")"; return; }
	public_dir
	mkdir -p "$secret" && chmod 0700 "$secret"
	# their FIFO: refused at once, no hang, nothing written into it
	as_hostile mkfifo "$pub/fifo"
	expect_error "$name (their FIFO, -o)" 1 "^snoop: refusing to write to $pub/fifo: it is a FIFO of uid $(id -u $HOSTILE)" \
		timeout 10 $SNOOP -o "$pub/fifo" -- true
	expect_error "$name (their FIFO, -w)" 1 "^snoop: refusing to write to $pub/fifo: it is a FIFO of uid" \
		timeout 10 $SNOOP -w "$pub/fifo" -- true
	# root's FIFO that others may open: they would read the trace
	mkfifo -m 0644 "$R/openfifo"
	expect_error "$name (root's FIFO others may open)" 1 "^snoop: refusing to write to $R/openfifo: it is a FIFO that group or others may open (mode 0644)" \
		timeout 10 $SNOOP -o "$R/openfifo" -- true
	# root's file that others may read: refused, untouched
	echo "root's own" > "$R/readable" && chmod 0644 "$R/readable"
	expect_error "$name (a file others may read)" 1 "^snoop: refusing to write to $R/readable: group or others may read or write it (mode 0644)" \
		$SNOOP -o "$R/readable" -- true
	grep -qx "root's own" "$R/readable" || { fail "$name" "the readable file was changed"; return; }
	# root's FIFO that nobody reads: an error, not a hang
	mkfifo -m 0600 "$R/rootfifo"
	expect_error "$name (root's FIFO, no reader)" 1 "^snoop: cannot open output file $R/rootfifo: no process reads this FIFO" \
		timeout 10 $SNOOP -o "$R/rootfifo" -- true
	# root's FIFO with a reader: written
	(cat "$R/rootfifo" > "$T/fifo.got" &)
	sleep 0.2
	timeout 20 $SNOOP -e exit_group -o "$R/rootfifo" -- true 2> "$T/fifo.err"
	rc=$?
	sleep 0.2
	[ $rc -eq 0 ] && grep -q 'exit_group' "$T/fifo.got" || { fail "$name" "root's FIFO with a reader: exit $rc: $(cat "$T/fifo.err")"; return; }
	# a directory component that is their link to a directory of root's
	as_hostile ln -s "$secret" "$pub/d"
	expect_error "$name (their link as a directory)" 1 "^snoop: refusing to write to $pub/d/victim.txt: $pub/d is a symbolic link of uid" \
		$SNOOP -o "$pub/d/victim.txt" -- true
	expect_error "$name (their link, -w)" 1 "^snoop: refusing to write to $pub/d/victim.cap: $pub/d is a symbolic link of uid" \
		$SNOOP -w "$pub/d/victim.cap" -- true
	[ -z "$(ls -A "$secret")" ] || { fail "$name" "written through their link: $(ls "$secret")"; return; }
	# root's own link on the way is followed (as /var/run -> /run)
	ln -s "$secret" "$R/mylink"
	$SNOOP -e exit_group -o "$R/mylink/ok.txt" -- true 2> "$T/ml.err" && grep -q exit_group "$secret/ok.txt" ||
		{ fail "$name" "root's link not followed: $(cat "$T/ml.err")"; return; }
	# a hard link to a file of root's, made where they can write
	touch "$pub/rootfile" && chmod 0600 "$pub/rootfile"
	ln "$pub/rootfile" "$pub/hard" 2> /dev/null && expect_error "$name (a hard link)" 1 \
		"^snoop: refusing to write to $pub/hard: it has 2 hard links" $SNOOP -o "$pub/hard" -- true
	# new files are private whatever the umask, and they cannot read them
	(umask 0; $SNOOP -e exit_group -o "$pub/new.txt" -- true; $SNOOP -e exit_group -w "$pub/new.cap" -- true) 2> "$T/um.err"
	[ "$(stat -c %a "$pub/new.txt") $(stat -c %a "$pub/new.cap")" = "600 600" ] ||
		{ fail "$name" "modes $(stat -c %a "$pub/new.txt" "$pub/new.cap"): $(cat "$T/um.err")"; return; }
	as_hostile cat "$pub/new.txt" > /dev/null 2>&1 && { fail "$name" "they read the new trace"; return; }
	# the streams snoop already has keep working
	[ "$($SNOOP -e exit_group -o - -- true | grep -c '^[0-9].* exit_group ')" = 1 ] &&
		[ "$($SNOOP -e exit_group -o /dev/stdout -- true | grep -c '^[0-9].* exit_group ')" = 1 ] &&
		[ "$($SNOOP -e exit_group -o /dev/fd/3 -- true 3>&1 > /dev/null | grep -c '^[0-9].* exit_group ')" = 1 ] ||
		{ fail "$name" "-, /dev/stdout or /dev/fd/3 no longer written"; return; }
	ok "$name"
}

t_hostile_bpf_sources() {
	local name="hostile user: BPF sources only from directories no one else can write"
	local pub="$T/pub" d rc
	hostile_user || { fail "$name" "cannot add a user: $(cat "$T/useradd.err")"; return; }
	public_dir
	# root's files in a sticky public directory: once accepted, now refused
	d="$pub/bpf"
	mkdir -p "$d" && cp bpf/snoop.h bpf/snoop.bpf.c "$d/" && chmod 0755 "$d" && chmod 0644 "$d"/*
	expect_error "$name (--bpf-dir under a public directory)" 1 \
		"^snoop: refusing BPF sources in $d: directory [^ ]* is writable by group or others (mode 1777)" \
		$SNOOP --bpf-dir="$d" -- true
	# their directory of root-owned files in root's tree: refused
	d="$R/theirs"
	mkdir -p "$d" && cp bpf/snoop.h bpf/snoop.bpf.c "$d/" && chmod 0644 "$d"/* && chown "$HOSTILE" "$d"
	expect_error "$name (their directory)" 1 "^snoop: refusing BPF sources in $d: directory $d belongs to uid" \
		$SNOOP --bpf-dir="$d" -- true
	# a source that is a link, even to root's own file: refused
	d="$R/linked"
	mkdir -p "$d" && cp bpf/snoop.h "$d/" && ln -s "$PWD/bpf/snoop.bpf.c" "$d/snoop.bpf.c"
	expect_error "$name (a linked source)" 1 "^snoop: refusing BPF source $d/snoop.bpf.c: a symbolic link" \
		$SNOOP --bpf-dir="$d" -- true
	# a binary run from a public directory does not compile ../share/snoop/bpf
	# beside itself, which anyone could make: the embedded copy, said with -v
	mkdir -p "$pub/run/bin" "$pub/run/share/snoop/bpf"
	cp "$SNOOP" "$pub/run/bin/snoop"
	printf '#error planted by another user\n' > "$pub/run/share/snoop/bpf/snoop.bpf.c"
	cp bpf/snoop.h "$pub/run/share/snoop/bpf/"
	chmod 0644 "$pub/run/share/snoop/bpf"/*
	"$pub/run/bin/snoop" -v -e close -o /dev/null -- true 2> "$T/beside.err"
	rc=$?
	[ $rc -eq 0 ] && grep -q "^snoop: BPF source: embedded (copy built into snoop; refusing BPF sources in $pub/run/share/snoop/bpf: directory [^ ]* is writable" "$T/beside.err" ||
		{ fail "$name" "beside a public binary: exit $rc: $(cat "$T/beside.err")"; return; }
	# libbcc (< 0.30) would take their $TMPDIR/kheaders-RELEASE for the
	# kernel's headers: it compiles with a TMPDIR of root's, and the
	# command still gets its own
	[ "$(TMPDIR=/tmp/their-tmp $SNOOP --no-cache -e close -o /dev/null -- sh -c 'echo $TMPDIR' 2> /dev/null)" = /tmp/their-tmp ] ||
		{ fail "$name" "the command's TMPDIR was changed"; return; }
	ok "$name"
}

t_hostile_cache() {
	local name="hostile user: the cache only in directories no one else can write, trailing slash and .. included"
	local pub="$T/pub"
	hostile_user || { fail "$name" "cannot add a user: $(cat "$T/useradd.err")"; return; }
	public_dir
	expect_error "$name (under a public directory)" 1 \
		"^snoop: BPF cache $pub/cache: directory [^ ]* is writable by group or others (mode 1777)" \
		$SNOOP --cache-dir="$pub/cache" -o /dev/null -- true
	mkdir -p "$R/cache-real" && chmod 0700 "$R/cache-real"
	ln -s "$R/cache-real" "$R/cache-ln"
	expect_error "$name (LINK/)" 1 "^snoop: BPF cache $R/cache-ln/: a symbolic link" \
		$SNOOP --cache-dir="$R/cache-ln/" -o /dev/null -- true
	as_hostile ln -s "$R/cache-real" "$pub/theirs"
	expect_error "$name (their link on the way, with ..)" 1 \
		"^snoop: BPF cache $pub/theirs/../x: " $SNOOP --cache-dir="$pub/theirs/../x" -o /dev/null -- true
	mkdir -p "$R/sub"
	$SNOOP -v --cache-dir="$R/sub/../cache-dots/" -e close -o /dev/null -- true 2> "$T/dots.err" &&
		[ -d "$R/cache-dots" ] || { fail "$name" "a plain path with .. and a trailing slash: $(cat "$T/dots.err")"; return; }
	ok "$name"
}
