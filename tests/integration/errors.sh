# Bad inputs: one line on stderr naming the problem, a non-zero exit.

t_errors() {
	printf '#!/bin/sh\n' > "$T/noexec"; chmod 0644 "$T/noexec"
	expect_error "error: PID does not exist" 1 "^snoop: cannot trace PID 4194303: no such process" $SNOOP -p 4194303
	expect_error "error: tracing snoop's own PID" 1 "it is snoop itself" sh -c "exec $SNOOP -p \$\$"
	expect_error "error: unknown syscall" 2 "^snoop: invalid -e argument: unknown syscall 'nosuch'" $SNOOP -e nosuch -- true
	expect_error "error: bad -p value" 2 "^snoop: invalid -p argument: 'abc'" $SNOOP -p abc
	expect_error "error: bad option" 2 "^snoop: invalid option" $SNOOP --nosuch -p 1
	expect_error "error: no target" 2 "^snoop: nothing to trace" $SNOOP
	expect_error "error: command not found (127)" 127 "^snoop: cannot run 'no-such-command-x'" $SNOOP -- no-such-command-x
	expect_error "error: command not executable (126)" 126 "^snoop: cannot run '$T/noexec': Permission denied" $SNOOP -- "$T/noexec"
	expect_error "error: output file cannot be opened" 1 "^snoop: cannot open output file $T/nodir/x" $SNOOP -o "$T/nodir/x" -- true
	ln -s "$T/target" "$T/link"
	expect_error "error: output path is a symlink (not followed)" 1 "^snoop: refusing to write to $T/link: it is a symbolic link" $SNOOP -o "$T/link" -- true
	[ ! -e "$T/target" ] && ok "symlink target not created" || fail "symlink target not created" "it was"
	expect_error "error: -o and -w are one file by two names" 1 "^snoop: -o $T/same and -w $T/./same are the same file" \
		$SNOOP -o "$T/same" -w "$T/./same" -- true
	if command -v setpriv > /dev/null; then
		expect_error "error: not root" 1 "^snoop: permission denied: tracing needs root" \
			setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all $SNOOP -p 1
	else
		skip "error: not root" "setpriv (util-linux) not installed"
	fi
	# the rings' address space refused (a low ulimit -v): what to change
	if ldd "$SNOOP" 2> /dev/null | grep -q libasan; then
		skip "error: no address space for the rings" "a sanitizer build cannot start under ulimit -v"
	else
		expect_error "error: no address space for the rings (ulimit -v)" 1 \
			"^snoop: reserving [0-9]* KiB for the ring of cpu [0-9]*: Cannot allocate memory (a smaller --buffer-pages needs less" \
			sh -c "ulimit -v 60000; exec $SNOOP --buffer-pages=16384 -o /dev/null -- true"
	fi
	$SNOOP --help > "$T/help" 2>&1 && grep -q '^Usage: snoop' "$T/help" && ok "--help on stdout, exit 0" || fail "--help" "$(cat "$T/help")"
}

# No kernel headers: libbcc would say "sh: 1: modprobe: not found" (and a
# line on stdout); snoop says what is missing and how to install it, before
# compiling. BCC_KERNEL_SOURCE points libbcc's lookup at an empty directory
# (TMPDIR too: an extracted kheaders copy there would be used).
t_no_kernel_headers() {
	local name="no kernel headers: one line naming them and the fix, status 1, nothing on stdout"
	if [ -e /sys/kernel/kheaders.tar.xz ]; then
		skip "$name" "this kernel carries its headers (/sys/kernel/kheaders.tar.xz): they cannot be missing"
		return
	fi
	mkdir -p "$T/noheaders/tmp"
	local rel; rel=$(uname -r)
	BCC_KERNEL_SOURCE="$T/noheaders" TMPDIR="$T/noheaders/tmp" $SNOOP -e close -- true > "$T/kh.out" 2> "$T/kh.err"
	local rc=$?
	[ $rc -eq 1 ] && [ "$(wc -l < "$T/kh.err")" -eq 1 ] && [ ! -s "$T/kh.out" ] &&
		grep -qF "snoop: BPF compile failed: kernel headers for $rel not found (BCC_KERNEL_SOURCE=$T/noheaders has no include/linux/kconfig.h): " "$T/kh.err" ||
		{ fail "$name" "exit $rc, stdout: $(cat "$T/kh.out"), stderr: $(cat "$T/kh.err")"; return; }
	ok "$name"
}
