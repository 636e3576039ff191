# Packaging: make install and uninstall, the installed snoop finding its
# own BPF sources, a build with the distribution's hardening flags.
# They run make from the repository root; under `make check-asan` the
# make variables it was given (B, SNOOP_BIN, EXTRA_CFLAGS) come along in
# MAKEFLAGS, so what is installed is the binary under test.

# The files `make install` puts under PREFIX.
INSTALLED_FILES="bin/snoop share/snoop/bpf/snoop.h share/snoop/bpf/snoop.bpf.c share/man/man8/snoop.8
share/bash-completion/completions/snoop share/doc/snoop/README.md share/doc/snoop/FORMAT.md share/doc/snoop/FLEET.md share/doc/snoop/CONTAINERS.md
share/doc/snoop/examples/failed-calls.sh share/doc/snoop/examples/syscall_stats.py"

# Installs into DIR with the make arguments given; the files missing after, if any.
install_into() {   # DIR LOG MAKE-ARGS...
	local dir=$1 log=$2 f
	shift 2
	make -s --no-print-directory install "$@" > "$log" 2>&1 || { echo "make install failed: $(tail -5 "$log")"; return; }
	for f in $INSTALLED_FILES; do
		[ -f "$dir/$f" ] || echo "missing $dir/$f"
	done
}

t_install() {
	local name="make install DESTDIR PREFIX=/usr: files, BPF sources found, man page, completion; uninstall leaves none"
	local d="$R/destdir" p bad
	rm -rf "$d"
	bad=$(install_into "$d/usr" "$T/inst.log" DESTDIR="$d" PREFIX=/usr)
	[ -z "$bad" ] || { fail "$name" "$bad"; return; }
	cmp -s "$SNOOP" "$d/usr/bin/snoop" || { fail "$name" "the installed snoop is not $SNOOP"; return; }
	# a staging tree is not the running system: nothing is prepared
	! grep -q 'prepare' "$T/inst.log" || { fail "$name" "prepared into a DESTDIR: $(cat "$T/inst.log")"; return; }
	# the installed binary reads the sources installed beside it, not the build's /usr/local
	"$d/usr/bin/snoop" -v -e close -o /dev/null -- true 2> "$T/inst.err" &&
		grep -q "^snoop: BPF source: $d/usr/share/snoop/bpf\$" "$T/inst.err" ||
		{ fail "$name" "installed snoop -v: $(cat "$T/inst.err")"; return; }
	p="$d/usr/share/man/man8/snoop.8"
	groff -ww -man -z "$p" > "$T/groff.err" 2>&1 && [ ! -s "$T/groff.err" ] ||
		{ fail "$name" "groff -ww: $(head -5 "$T/groff.err")"; return; }
	MANWIDTH=80 man -l "$p" 2> "$T/man.err" | grep -q 'snoop - trace the system calls' && [ ! -s "$T/man.err" ] ||
		{ fail "$name" "man -l does not render it: $(cat "$T/man.err")"; return; }
	# the page names the version this snoop reports
	grep -q "^\.TH SNOOP 8 [0-9-]* \"$("$d/usr/bin/snoop" -V)\"" "$p" ||
		{ fail "$name" "docs/snoop.8's .TH does not say '$("$d/usr/bin/snoop" -V)'"; return; }
	bash -c '. "$1" && complete -p snoop && COMP_WORDS=(snoop --format =) COMP_CWORD=2 && _snoop && echo "${COMPREPLY[*]}"' \
		_ "$d/usr/share/bash-completion/completions/snoop" > "$T/compl.out" 2>&1 &&
		grep -q '^complete -F _snoop snoop$' "$T/compl.out" && grep -q '^text json trace-event strace$' "$T/compl.out" ||
		{ fail "$name" "the installed completion: $(cat "$T/compl.out")"; return; }
	make -s --no-print-directory uninstall DESTDIR="$d" PREFIX=/usr > "$T/uninst.log" 2>&1 ||
		{ fail "$name" "make uninstall: $(tail -5 "$T/uninst.log")"; return; }
	bad=$(find "$d" ! -type d)
	[ -z "$bad" ] || { fail "$name" "left after make uninstall: $bad"; return; }
	[ ! -e "$d/usr/share/snoop" ] && [ ! -e "$d/usr/share/doc/snoop" ] ||
		{ fail "$name" "snoop's own directories left: $(find "$d" -path '*snoop*')"; return; }
	ok "$name"
}

# The prefix is not baked in: `make install PREFIX=X` after a plain `make`
# installs the same binary (no rebuild), and it reads X's sources.
t_install_prefix() {
	local name="make install PREFIX=X without a rebuild: the installed snoop reads X/share/snoop/bpf"
	local x="$R/x" before bad
	rm -rf "$x"
	before=$(stat -c %Y "$SNOOP")
	# a cache that cannot be made: said, and the install still succeeds
	bad=$(install_into "$x" "$T/instx.log" PREFIX="$x" PREPARE_FLAGS=--cache-dir=/proc/snoop-no-cache)
	[ -z "$bad" ] || { fail "$name" "$bad"; return; }
	grep -q '^snoop --prepare failed (the line above): the first run will compile its BPF program instead$' "$T/instx.log" ||
		{ fail "$name" "an unusable cache not said: $(cat "$T/instx.log")"; return; }
	[ "$(stat -c %Y "$SNOOP")" = "$before" ] && cmp -s "$SNOOP" "$x/bin/snoop" ||
		{ fail "$name" "make install rebuilt snoop: $(cat "$T/instx.log")"; return; }
	grep -qF "$x" "$x/bin/snoop" && { fail "$name" "the binary has $x in it: it was rebuilt for it"; return; }
	"$x/bin/snoop" -v -e close -o /dev/null -- true 2> "$T/instx.err" &&
		grep -q "^snoop: BPF source: $x/share/snoop/bpf\$" "$T/instx.err" ||
		{ fail "$name" "$(cat "$T/instx.err")"; return; }
	make -s --no-print-directory uninstall PREFIX="$x" > "$T/uninstx.log" 2>&1
	bad=$(find "$x" ! -type d)
	[ -z "$bad" ] && ok "$name" || fail "$name" "left after make uninstall: $bad"
}

# make install to the running system fills the cache (snoop --prepare),
# and an install at another prefix of the same sources finds it filled:
# the cache's key is what is compiled, not where snoop is.
t_install_prepare() {
	local name="make install runs snoop --prepare; another prefix shares its entries (already cached, and a hit)"
	local a="$R/prefix-a" b="$R/prefix-b" d="$R/cache-install" bad
	rm -rf "$a" "$b" "$d"
	bad=$(install_into "$a" "$T/insta.log" PREFIX="$a" PREPARE_FLAGS=--cache-dir="$d")
	[ -z "$bad" ] || { fail "$name" "$bad"; return; }
	[ "$(grep -c "^snoop --prepare: .*: compiled in [0-9.]* s, cached in $d/" "$T/insta.log")" -eq 3 ] ||
		{ fail "$name" "first install: $(cat "$T/insta.log")"; return; }
	bad=$(install_into "$b" "$T/instb.log" PREFIX="$b" PREPARE_FLAGS=--cache-dir="$d")
	[ -z "$bad" ] || { fail "$name" "$bad"; return; }
	[ "$(grep -c "^snoop --prepare: .*: already cached in $d/" "$T/instb.log")" -eq 3 ] ||
		{ fail "$name" "another prefix: $(cat "$T/instb.log")"; return; }
	"$b/bin/snoop" -v --cache-dir="$d" -o /dev/null -- true 2> "$T/instb.err" &&
		grep -q "^snoop: BPF source: $b/share/snoop/bpf\$" "$T/instb.err" && grep -q 'BPF cache: hit' "$T/instb.err" ||
		{ fail "$name" "another prefix's run: $(cat "$T/instb.err")"; return; }
	make -s --no-print-directory uninstall PREFIX="$a" > /dev/null 2>&1
	make -s --no-print-directory uninstall PREFIX="$b" > /dev/null 2>&1
	ok "$name"
}

# The distribution's flags (dpkg-buildflags, all hardening) build with
# -Werror and reach the binary: full RELRO, BIND_NOW, PIE, fortified calls,
# stack protector.
t_hardened_build() {
	local name="dpkg-buildflags (hardening=+all): builds with -Werror, binary has relro, now, PIE, _chk calls"
	local hb="$T/hardened" bin
	command -v dpkg-buildflags > /dev/null || { skip "$name" "dpkg-buildflags not installed (dpkg-dev; sh src/tools/setup.sh)"; return; }
	bin="$hb/snoop"
	export DEB_BUILD_MAINT_OPTIONS=hardening=+all
	env -u MAKEFLAGS -u MAKELEVEL make -s --no-print-directory B="$hb" SNOOP_BIN="$bin" \
		CFLAGS="$(dpkg-buildflags --get CFLAGS)" CPPFLAGS="$(dpkg-buildflags --get CPPFLAGS)" \
		LDFLAGS="$(dpkg-buildflags --get LDFLAGS)" "$bin" > "$T/hb.log" 2>&1
	local rc=$?
	unset DEB_BUILD_MAINT_OPTIONS
	[ $rc -eq 0 ] || { fail "$name" "the build failed: $(grep -m5 -E 'error|warning' "$T/hb.log")"; return; }
	readelf -lW "$bin" | grep -q GNU_RELRO || { fail "$name" "no GNU_RELRO segment"; return; }
	readelf -dW "$bin" | grep -q 'FLAGS.*BIND_NOW' || { fail "$name" "no BIND_NOW"; return; }
	readelf -hW "$bin" | grep -q 'Type: *DYN' || { fail "$name" "not PIE"; return; }
	readelf --dyn-syms -W "$bin" | grep -q '__[a-z]*printf_chk' || { fail "$name" "no fortified calls (_FORTIFY_SOURCE)"; return; }
	readelf --dyn-syms -W "$bin" | grep -q '__stack_chk_fail' || { fail "$name" "no stack protector"; return; }
	"$bin" -V > /dev/null || { fail "$name" "the hardened snoop does not run"; return; }
	ok "$name"
}
