# strace as the oracle, two ways, compared record by record by
# strace_compare.py (its comment says how, and what each way forgives).
#
# t_strace_compare: real commands traced by both at once,
#   snoop -f -- strace -f -o T CMD
# so that both see one execution (same pids, fds, addresses, data). What it
# cannot see is what strace does to the program: strace's ptrace reads fault
# in pages the program never touched (a forked child's string literals)
# before snoop's BPF reads them, and a BPF read cannot fault; there snoop
# looks better than it is alone.
#
# t_strace_separate: the same kind of deterministic commands run twice, under
# strace alone and under snoop alone, each the tracer's child with the same
# command line, env -i environment, ASLR off (setarch -R), working directory
# and files (strace_separate_one); pids are paired through the forks. It sees
# what snoop alone reads: tests/progs/forkexec's execve of literals after a
# fork (snoop before b6172c7 showed it whole beside strace, an address alone).
# It does not cover programs whose calls depend on timing (threads, ephemeral
# ports: the socket program is only in the first), nor SIGCHLD's count and
# place, which differ between runs (forgiven, and checked by the first); a
# command whose two runs wrote different output fails as not alike.

# A TCP server thread on 127.0.0.1, a client that sends and reads the echo;
# then sendmsg and recvmsg: a datagram in two iovecs, an fd passed
# (SCM_RIGHTS), a UDP datagram to a port and cut (MSG_TRUNC).
write_socket_program() {   # FILE
	cat > "$1" <<-'EOF'
	import array, os, socket, threading
	srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
	srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
	srv.bind(("127.0.0.1", 0))
	srv.listen(1)
	def serve():
	    conn, peer = srv.accept()
	    conn.sendall(b"echo:" + conn.recv(1024))
	    conn.close()
	t = threading.Thread(target=serve)
	t.start()
	c = socket.create_connection(srv.getsockname())
	c.sendall(b"hello snoop")
	assert c.recv(1024) == b"echo:hello snoop"
	c.close()
	t.join()
	srv.close()
	a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
	a.sendmsg([b"hello", b" world"])
	assert b.recvmsg(100)[0] == b"hello world"
	r, w = os.pipe()
	a.sendmsg([b"fd"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [r]))])
	assert b.recvmsg(100, 64)[0] == b"fd"
	u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
	u.bind(("127.0.0.1", 0))
	socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendmsg([b"x" * 10], [], 0, u.getsockname())
	assert u.recvmsg(4)[0] == b"xxxx"
	EOF
}

# A pseudo-terminal's ioctls: termios read, made raw and put back, a
# window size, bytes waiting, a flush.
write_tty_program() {   # FILE
	cat > "$1" <<-'EOF'
	import array, fcntl, os, struct, termios, tty
	m, s = os.openpty()
	saved = termios.tcgetattr(s)
	tty.setraw(s)
	termios.tcsetattr(s, termios.TCSADRAIN, saved)
	fcntl.ioctl(s, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
	fcntl.ioctl(m, termios.TIOCGWINSZ, b"\0" * 8)
	os.write(m, b"hi\n")
	fcntl.ioctl(s, termios.FIONREAD, array.array("i", [0]))
	termios.tcflush(s, termios.TCIOFLUSH)
	EOF
}

# poll and epoll on a pipe and a socket pair: ready fds, a timeout, events.
write_poll_program() {   # FILE
	cat > "$1" <<-'EOF'
	import os, select, socket
	r, w = os.pipe()
	a, b = socket.socketpair()
	os.write(w, b"x")
	b.send(b"y")
	p = select.poll()
	p.register(r, select.POLLIN)
	p.register(a.fileno(), select.POLLIN | select.POLLPRI)
	p.register(w, select.POLLOUT)
	assert len(p.poll(1000)) == 3
	os.read(r, 1)
	a.recv(1)
	q = select.poll()
	q.register(r, select.POLLIN)
	assert q.poll(5) == []
	e = select.epoll()
	e.register(a.fileno(), select.EPOLLIN | select.EPOLLET)
	e.register(w, select.EPOLLOUT)
	b.send(b"z")
	assert len(e.poll(1)) == 2
	e.modify(w, select.EPOLLOUT | select.EPOLLONESHOT)
	e.unregister(a.fileno())
	e.close()
	EOF
}

# A comparison's figures line to DIR/figures, and when it failed what
# misses, most frequent first: enough for a developer to start. STATUS.
add_figures() {   # DIR LABEL STATUS
	head -1 "$1/$2.cmp" >> "$1/figures"
	[ "$3" -eq 0 ] || grep -E '^  (missing|wrong|bare) ' "$1/$2.cmp" | head -8 >> "$1/figures"
	return "$3"
}

# One command under both tracers; its figures are appended to $T/sc/figures.
# strace's -s and snoop's -s are the same, 256 bytes of data. A label
# starting "y-": both with -y, every fd's path compared too.
strace_compare_one() {   # LABEL COMMAND...
	local label=$1 d="$T/sc" y=; shift
	case $label in y-*) y=-y ;; esac
	$SNOOP -f $y -s 256 -o "$d/$label.snoop" -- strace -f $y -q -s 256 -o "$d/$label.strace" "$@" \
		> /dev/null 2> "$d/$label.err" ||
		{ echo "$label: traced command failed (status $?): $(tail -2 "$d/$label.err")" >> "$d/figures"; return 1; }
	python3 tests/integration/strace_compare.py -v --examples 0 --name "$label" ${SC_LIMITS:-} \
		"$d/$label.strace" "$d/$label.snoop" > "$d/$label.cmp" 2>&1
	add_figures "$d" "$label" $?
}

t_strace_compare() {
	local name="strace -f as oracle: records present >= 99%, wrong <= 0.5%, bare <= 3% per command (callsweep: 100%, 0, 20%)"
	command -v strace > /dev/null || { skip "$name" "strace is not installed (src/tools/setup.sh installs it)"; return; }
	command -v git > /dev/null || { skip "$name" "git is not installed"; return; }
	local d="$T/sc" py bad=0
	rm -rf "$d"; mkdir -p "$d/repo"
	git -C "$d/repo" init -q && echo one > "$d/repo/a" && git -C "$d/repo" add a &&
		git -C "$d/repo" -c user.name=t -c user.email=t@t commit -qm one && echo two > "$d/repo/b" ||
		{ fail "$name" "could not make a git repository"; return; }
	write_socket_program "$d/sock.py"
	write_poll_program "$d/poll.py"
	write_tty_program "$d/pty_ioctls.py"
	# the interpreter itself: a pyenv shim is a shell script that runs dozens of commands
	py=$(python3 -c 'import sys; print(sys.executable)')
	strace_compare_one ls ls -la /etc || bad=1
	strace_compare_one cat cat /etc/passwd || bad=1
	strace_compare_one pipeline sh -c 'cat /etc/passwd | grep root | wc -l' || bad=1
	strace_compare_one find find /usr/share/doc -maxdepth 2 -name copyright || bad=1
	strace_compare_one date date || bad=1
	strace_compare_one git git -C "$d/repo" status || bad=1
	strace_compare_one socket "$py" "$d/sock.py" || bad=1
	strace_compare_one poll "$py" "$d/poll.py" || bad=1
	strace_compare_one pty "$py" "$d/pty_ioctls.py" || bad=1
	strace_compare_one ps ps aux || bad=1   # prctl(PR_CAPBSET_READ, ...)
	strace_compare_one ip ip addr || bad=1   # netlink: sendto, recvmsg
	# one of each call that long had no signature (IPC, timers, xattrs, the
	# mount API ...): every argument strace shows, none wrong; the
	# structures still addresses (TODO.md) and the literals on a page the
	# program never touched (BPF cannot fault it in) make up the bare
	SC_LIMITS="--present 100 --wrong 0 --bare 20" strace_compare_one calls build/progs/callsweep || bad=1
	# -y: the paths of fds (AT_FDCWD's too), as strace -y reads them from /proc
	strace_compare_one y-ls ls -la /etc || bad=1
	strace_compare_one y-pipeline sh -c 'cat /etc/passwd | grep root | wc -l; cat /dev/stdin < /etc/hostname; cat /proc/self/stat' || bad=1
	strace_compare_one y-git git -C "$d/repo" status || bad=1
	strace_compare_one y-subprocess "$py" -c 'import subprocess; subprocess.run(["ls", "/"], stdout=subprocess.DEVNULL)' || bad=1
	strace_compare_one y-socket "$py" "$d/sock.py" || bad=1
	strace_compare_one y-pty "$py" "$d/pty_ioctls.py" || bad=1
	sed 's/^/#   /' "$d/figures"
	[ $bad -eq 0 ] && ok "$name" || fail "$name" "a command misses a threshold (above). The record pairs:
  ./snoop -f [-y] -s 256 -o S -- strace -f [-y] -q -s 256 -o T CMD...; python3 tests/integration/strace_compare.py -v T S"
}

# One command run twice, under strace alone and under snoop alone, each
# the tracer's child with the same command line, environment (env -i),
# personality (ASLR off: the same addresses), working directory and files;
# stdout and stderr fresh files each. Its figures go to $T/ss/figures.
strace_separate_one() {   # LABEL COMMAND...
	local label=$1 d="$T/ss" rc1 rc2; shift
	local run="env -i PATH=/usr/bin:/bin HOME=/root LANG=C.UTF-8 setarch $(uname -m) -R"
	# strace's pid is the subshell's: env and setarch exec, they do not fork
	( echo $BASHPID > "$d/$label.spid"; exec $run strace -f -q -s 256 -o "$d/$label.strace" "$@" ) \
		> "$d/$label.out1" 2> "$d/$label.err1"
	rc1=$?
	( exec $run $SNOOP -f -s 256 -o "$d/$label.snoop" -- "$@" ) > "$d/$label.out2" 2> "$d/$label.err2"
	rc2=$?
	[ $rc1 -eq 0 ] && [ $rc2 -eq 0 ] ||
		{ echo "$label: status $rc1 under strace, $rc2 under snoop: $(tail -2 "$d/$label.err1" "$d/$label.err2")" >> "$d/figures"; return 1; }
	cmp -s "$d/$label.out1" "$d/$label.out2" ||
		{ echo "$label: the two runs wrote different output (not alike: $d/$label.out1 and .out2)" >> "$d/figures"; return 1; }
	python3 tests/integration/strace_compare.py --separate --strace-pid "$(cat "$d/$label.spid")" \
		-v --examples 0 --name "$label" "$d/$label.strace" "$d/$label.snoop" > "$d/$label.cmp" 2>&1
	add_figures "$d" "$label" $?
}

t_strace_separate() {
	local name="strace alone and snoop alone on two runs: records present >= 99%, wrong <= 0.5%, bare <= 3% per command"
	command -v strace > /dev/null || { skip "$name" "strace is not installed (src/tools/setup.sh installs it)"; return; }
	setarch "$(uname -m)" -R true 2> /dev/null || { skip "$name" "setarch cannot turn ASLR off here"; return; }
	command -v git > /dev/null || { skip "$name" "git is not installed"; return; }
	local d="$T/ss" bad=0
	rm -rf "$d"; mkdir -p "$d/repo"
	# files older than the index: a racy entry (same second) would make the
	# first run's git status rewrite the index, and the second run differ
	git -C "$d/repo" init -q && echo one > "$d/repo/a" && echo two > "$d/repo/b" &&
		touch -d @1600000000 "$d/repo/a" "$d/repo/b" && git -C "$d/repo" add a &&
		git -C "$d/repo" -c user.name=t -c user.email=t@t commit -qm one ||
		{ fail "$name" "could not make a git repository"; return; }
	strace_separate_one ls ls -la /etc || bad=1
	strace_separate_one cat cat /etc/passwd || bad=1
	strace_separate_one pipeline sh -c 'cat /etc/passwd | grep root | wc -l' || bad=1
	strace_separate_one find find /usr/share/doc -maxdepth 2 -name copyright || bad=1
	strace_separate_one git git -C "$d/repo" status || bad=1
	# a forked child's execve of string literals, pages it never touched
	strace_separate_one forkexec build/progs/forkexec || bad=1
	sed 's/^/#   /' "$d/figures"
	[ $bad -eq 0 ] && ok "$name" || fail "$name" "a command misses a threshold (above). The record pairs:
  python3 tests/integration/strace_compare.py --separate --strace-pid PID -v T S (strace_separate_one says how T and S are made)"
}
