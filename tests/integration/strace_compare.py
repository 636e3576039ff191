#!/usr/bin/env python3
"""Compare snoop's records with strace's, the oracle, on ONE execution (or,
with --separate, on two runs: see the end of this comment).

    snoop -f -s 256 -o S -- strace -f -q -s 256 -o T CMD...
    strace_compare.py [-v] [--name LABEL] T S

Both see the same execution, so pids, fds, addresses and data agree. strace
runs with -q, not -qq (which drops its `+++ exited` lines); snoop with -s 256
as strace, so data is shown to the same length.

Records. snoop also traces strace: only the threads (TIDs) strace names are
kept, and on the command's first thread snoop's records before its first
execve (strace's child setting up, its SIGSTOP/SIGCONT). strace's first
record, the command's execve, is compared. `--- SIG ---` lines are records
of their thread. snoop writes `+++ exited/killed +++` once per process (and
on the leader's thread here); strace once per thread: strace's end lines of
non-leader threads (per snoop's pid/tid) are dropped.

Figures, per thread aligning strace's sequence of names (syscall, `--- SIG`,
`+++`) with snoop's, longest common subsequence (order matters):
  present = strace records paired with a snoop record / strace records
  wrong   = paired records whose return, errno or an argument differs / paired
  bare    = paired records where snoop shows a number (a register) where strace
            decodes contents (string, struct, array, flag or constant names),
            or has no signature (six hex registers) / paired
A record may be both wrong and bare. Not figures: `partial` (snoop shows
fewer struct fields than strace, those shown agree: SIGCHLD's si_utime;
`(core dumped)`), `more-args` (snoop shows trailing arguments strace leaves
out for this call) and `extra` (snoop records
strace has not).

Normalisation (nothing else is forgiven):
- strace's /* ... */ comments are removed; whitespace between tokens is free.
- Strings compare as bytes after undoing C escapes (strace \\177, snoop
  \\x7f); if either side is cut (`"..."...`) the common prefix is compared.
  Arrays and structs cut with `...` compare the elements both show.
- Numbers compare by value (hex, decimal, octal; NULL is 0): snoop's decimal
  mmap/brk returns against strace's hex. Flags compare as sets of names;
  strace's FUTEX_X_PRIVATE is FUTEX_X|FUTEX_PRIVATE_FLAG, SIGRT_n is
  SIGRTMIN+n (both count from 32), and AT_STATX_SYNC_AS_STAT (0) is dropped
  from a set of flags.
- strace -ttt's time column, if there is one, is skipped; a call the
  thread died in (`read(0, <unfinished ...>) = ?`) is the call without its
  mark, returning nothing.
- Returns: strace's `-1 ENOENT (text)` against snoop's `-2 ENOENT`: the
  errno names must match (`= ? ERESTARTSYS` against `-512 ERESTARTSYS`);
  `= ?` against `?`; strace's decoration after the
  value (`(flags O_RDWR)`, `(Timeout)`) is ignored.
- Socket addresses: strace's {sa_family=AF_INET, sin_port=htons(P),
  sin_addr=inet_addr("A")} against snoop's {AF_INET, A:P} (INET6 [A]:P,
  UNIX by sun_path); strace-only fields (sin6_flowinfo) are not compared.
- strace's named clone arguments go to their x86_64 registers.
- strace's in/out `A => B`: snoop's value may equal either.
- An ioctl code strace names twice (`SNDCTL_TMR_START or TCSETS`, from two
  headers): the last name, the tty's, which snoop's must be. A termios
  flags field with none set, which strace 6.1 leaves empty (`c_iflag=,`),
  is 0.
- -y (both tracers given it): an fd's path (`3</etc/passwd>`,
  `AT_FDCWD</tmp>`) is compared with strace's; snoop's bare fd where
  strace names one is bare, a path strace does not give (or another) is
  wrong. docs/FORMAT.md's rules: strace's `pipe:[INODE]` is snoop's
  `pipe`, its `socket:[INODE]` snoop's protocol and addresses (`TCP`,
  `UNIX-STREAM:[...]`); snoop's path is the name the program used,
  compared once resolved here (symbolic links, `..`), since strace's is
  the kernel's; `(deleted)` strace alone shows is partial (snoop learns
  no unlink).
- Netlink messages: strace decodes a netlink socket's data
  ([{nlmsg_len=40, nlmsg_type=RTM_GETLINK, ...}, ...]), snoop shows its
  bytes. The bytes' first header (length, sequence, port id) must agree
  with strace's first message: then `partial`, else `wrong`.
- snoop's `A => B` where strace shows A and writes B after the return
  (poll's and ppoll's `= 1 ([{fd=3, revents=POLLIN}], left {...})`): A
  is compared with the argument, B with strace's note (the revents list;
  ppoll's timeout with its `left`).
- Arguments strace shows past snoop's last: decoded memory (rt_sigreturn's
  {mask=...} under --attach=tracepoint) is bare, a number or flag is wrong.

Two runs (--separate). One execution hides what strace does to the program:
its ptrace reads fault in pages the program never touched (a forked child's
string literals), which a BPF program cannot do, so snoop traced beside
strace looks better than snoop alone. With --separate, T and S are two runs
of one deterministic command, under strace alone and under snoop alone, each
the tracer's child with the same command line, `env -i` environment, ASLR off,
working directory and files (tests/integration/strace.sh, strace_separate_one):

    (echo $BASHPID > P; exec env -i PATH=/usr/bin:/bin HOME=/root LANG=C.UTF-8 \
        setarch -R strace -f -q -s 256 -o T CMD...)
    env -i PATH=/usr/bin:/bin HOME=/root LANG=C.UTF-8 setarch -R snoop -f -s 256 -o S -- CMD...
    strace_compare.py --separate --strace-pid $(cat P) [-v] T S

Threads are paired from each run's first record (the command's execve), then
through their paired fork, vfork, clone and clone3 records: the child a
parent's n-th such call returned in one run is the one it returned in the
other. All of snoop's records are kept (nothing traces strace here); snoop
threads no pairing reaches are extra, strace's are missing. The figures are
the same, and `forgiven` counts the strace records the rules below take out
(listed with -v), which are not in `present`'s denominator.

Normalisation of two runs, on top of the above (nothing else is forgiven):
- Pids and tids: each pair of threads gets one label, and pid-valued things
  compare by label: the returns of fork, vfork, clone, clone3, getpid,
  gettid, getppid, set_tid_address, wait4, getpgid and getsid; the pid
  arguments of kill, tkill, tgkill, wait4, waitid (P_PID), setpgid, getpgid,
  getsid, prlimit64, pidfd_open, rt_sigqueueinfo, rt_tgsigqueueinfo and
  sched_[gs]etaffinity (negative: a process group's); si_pid in any
  structure (signal lines, waitid). strace's pid (--strace-pid) and snoop's
  (its header's pid=) are one more label, the command's parent (getppid).
  Other values compare as they are: a pid of no pair is wrong.
- The command's first execve: its envp pointer is not compared, it points
  into the tracer's child before the exec (strace's memory, or snoop's).
- A SIGCHLD's si_utime and si_stime are not compared: the child's CPU
  time, which differs between runs (strace's slows the child down).
- getrandom's bytes are not compared (random by design); its count, flags
  and return are.
- Successful waits for any child (wait4 of a pid <= 0): which child ends
  first is timing, so when a thread's waits reaped the same children in both
  runs they are paired by the child returned (each compared with its
  status), else in their order.
- SIGCHLD: how many a parent gets (standard signals coalesce) and where they
  land among its calls are timing; and strace alone shows SIGCHLDs an untraced
  process never gets (a default action that ignores them: the kernel drops
  them unless the process is traced), with the call each interrupted
  (`wait4(...) = ? ERESTARTSYS`, then restarted). So a `--- SIGCHLD` leaves
  its thread's sequence with the call it interrupted (the record before, if
  it returned ERESTART*) and its handler's rt_sigreturn (the record after);
  these groups are paired by si_pid and their records compared, except
  rt_sigreturn's return and errno (what the interrupted code had); strace's
  records without a partner are forgiven, snoop's are extra.
Not covered by two runs: programs whose calls depend on timing (threads
contending on futexes, fds numbered by whichever thread opened first,
ephemeral ports: t_strace_compare's socket program), and SIGCHLD's delivery
(the one-execution comparison checks it).
"""
import argparse
import collections
import difflib
import os
import re
import struct
import sys

# A value is a tuple: ('n', int), ('f', frozenset of names), ('s', bytes,
# cut), ('a', items, cut) array, ('st', items, cut) struct whose items may be
# ('kv', key, value), ('call', name, args), ('=>', in, out), and after
# sockaddr(): ('sa', family, address value or None).
NUM = re.compile(r'-?(0x[0-9a-fA-F]+|0[0-7]+|\d+)$')
ZERO_NAMES = {'AT_STATX_SYNC_AS_STAT'}   # 0-valued names strace adds to flags
ESC = {'n': 10, 't': 9, 'r': 13, 'v': 11, 'f': 12, 'a': 7, 'b': 8, 'e': 27}


def number(text):
    return int(text, 8) if re.match(r'-?0[0-7]+$', text) else int(text, 0)


def atom(text):
    if text == 'NULL':
        return ('n', 0)
    if NUM.match(text):
        return ('n', number(text))
    parts = set()
    for p in text.split('|'):
        p = str(number(p)) if NUM.match(p) else re.sub(r'^SIGRT_(\d+)$', r'SIGRTMIN+\1', p)
        m = re.match(r'(FUTEX_\w+)_PRIVATE$', p)
        if m:
            parts |= {m.group(1), 'FUTEX_PRIVATE_FLAG'}
        elif p not in ZERO_NAMES or text == p:
            parts.add(p)
    return ('f', frozenset(parts))


def unescape(text):
    """Bytes of a C-escaped string: strace's \\177 \\0 \\n, snoop's \\x7f."""
    def one(m):
        e = m.group(1)
        if e[0] == 'x':
            return chr(int(e[1:], 16))
        return chr(int(e, 8) & 255) if e[0] in '01234567' else chr(ESC.get(e, ord(e)))
    return re.sub(r'\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|.)', one, text).encode('latin-1', 'replace')


STRING = re.compile(r'"((?:[^"\\]|\\.)*)("|$)(\.\.\.)?')
FD_END = re.compile(r'>(?=[,)\]} ]|\(deleted\)|$)')


class Parser:
    """Recursive descent over the argument syntax both tools share."""
    STOP = ' ,()[]{}="'

    def __init__(self, text):
        self.t, self.i = text, 0

    def peek(self, n=1):
        return self.t[self.i:self.i + n]

    def peek_fd(self, text):
        """At '<' after TEXT: an fd's -y path (3</etc/passwd>, AT_FDCWD</tmp>),
        not a shift (1<<CAP_CHOWN)?"""
        return (NUM.match(text) or text == 'AT_FDCWD') and self.peek(2) != '<<'

    def fd(self, text):
        """('fd', number or name, path bytes, deleted): the path runs to the
        '>' that ends a value (a socket's TCP:[A->B] holds one)."""
        end = FD_END.search(self.t, self.i + 1)
        k = end.start() if end else len(self.t)
        path = unescape(self.t[self.i + 1:k])
        self.i = min(k + 1, len(self.t))
        deleted = self.t.startswith('(deleted)', self.i)
        if deleted:
            self.i += len('(deleted)')
        return ('fd', atom(text), path, deleted)

    def ws(self):
        self.i = len(self.t) - len(self.t[self.i:].lstrip(' \t'))

    def items(self, end):
        """Values up to END (consumed): (items, cut by `...`)."""
        out, cut = [], False
        while True:
            self.ws()
            if self.i >= len(self.t) or self.peek() == end:
                self.i += 1
                return out, cut
            if self.peek(3) == '...' and self.peek(4)[3:] in ('', ',', ' ', end):
                self.i += 3
                cut = True
            else:
                v = self.value()
                self.ws()
                if self.peek(2) == '=>':
                    self.i += 2
                    self.ws()
                    v = ('=>', v, self.value())
                out.append(v)
            self.ws()
            if self.peek() in (',', ')', ']', '}') and self.peek() != end:
                self.i += 1   # a separator, or a stray closing bracket

    def value(self):
        c = self.peek()
        if c == '"' or self.peek(2) == '@"':   # @: abstract unix socket name
            m = STRING.match(self.t, self.i + (c == '@'))
            self.i = m.end()
            return ('s', (b'@' if c == '@' else b'') + unescape(m.group(1)), bool(m.group(3)))
        if c in '{[' or self.peek(2) == '~[':
            self.i += 1 + (c == '~')
            items, cut = self.items('}' if c == '{' else ']')
            return ('st', items, cut) if c == '{' else ('a', items, cut) if c == '[' \
                else ('call', '~', items)
        j = self.i
        if c == '=':   # "==" in strace's wait status: {WIFEXITED(s) && ...}
            while self.peek() in ('=', '!', '<', '>'):
                self.i += 1
        while self.i < len(self.t) and self.t[self.i] not in self.STOP:
            if self.t[self.i] == '<' and self.peek_fd(self.t[j:self.i]):
                return self.fd(self.t[j:self.i])
            self.i += 1
        if self.i == j:   # any other character: an atom of its own
            self.i += 1
        text = self.t[j:self.i]
        if self.peek() == '(':
            self.i += 1
            return ('call', text, self.items(')')[0])
        if self.peek() == '=' and self.peek(2) not in ('==', '=>'):
            self.i += 1
            v = self.value()
            self.ws()
            if self.peek(2) == '=>':   # a field's in => out: {msg_namelen=110 => 0}
                self.i += 2
                self.ws()
                v = ('=>', v, self.value())
            return ('kv', text, v)
        return atom(text)


def sockaddr(v):
    """('sa', family, address) for a socket address of either side, else V."""
    if v[0] != 'st' or not v[1]:
        return v
    f = {x[1]: x[2] for x in v[1] if x[0] == 'kv'}
    fam = f.get('sa_family', ('',))
    if fam[0] == 'f':   # strace's
        fam = min(fam[1])
        port = f.get('sin_port', f.get('sin6_port', ('', '', [('n', '?')])))[2][0][1]
        addr = f.get('sin_addr', ('', '', [('s', b'?')]))[2][0][1].decode() + ':%s' % port
        pton = [x for x in v[1] if x[:2] == ('call', 'inet_pton')]
        if fam == 'AF_INET6' and pton:
            addr = '[%s]:%s' % (pton[0][2][1][1].decode(), port)
        if fam in ('AF_INET', 'AF_INET6'):
            return ('sa', fam, ('s', addr.encode(), False))
        return ('sa', fam, f.get('sun_path', ('strace-only',)))
    first = v[1][0]   # snoop's: {AF_X[, address]}
    if first[0] == 'f' and len(first[1]) == 1 and min(first[1]).startswith('AF_'):
        return ('sa', min(first[1]), v[1][1] if len(v[1]) > 1 else None)
    return v


def netlink_header(v):
    """The fields of strace's first netlink message header in V (a list
    of messages, or of a message's parts), else None."""
    while v[0] == 'a' and v[1]:
        v = v[1][0]
    if v[0] != 'st':
        return None
    f = {x[1]: x[2] for x in v[1] if x[0] == 'kv'}
    return f if 'nlmsg_len' in f else None


def netlink_agrees(h, data):
    """Whether DATA's first struct nlmsghdr has strace's length, sequence
    number and port id (H)."""
    if len(data) < 16:
        return False
    length, _, _, seq, pid = struct.unpack_from('<IHHII', data)
    want = [h.get(k, ('', None)) for k in ('nlmsg_len', 'nlmsg_seq', 'nlmsg_pid')]
    return all(w[0] == 'n' and w[1] == got for w, got in zip(want, (length, seq, pid)))


# links that name the process's own fds: resolved here they would name
# this script's, so snoop's path is compared as it is
OWN_LINKS = re.compile(rb'/proc/(self|thread-self)(/|$)|/dev/(fd/|std(in|out|err)$)')
SOCKET_TEXT = re.compile(rb'(TCP|UDP|TCPv6|UDPv6|INET6?|UNIX(-STREAM|-DGRAM)?|NETLINK|socket)(:\[.*\])?$')


def same_path(t, s):
    """Does snoop's -y text S name what strace's T names? Rules of -y
    (docs/FORMAT.md): a pipe made while traced is `pipe` without its inode;
    a socket is its protocol and the addresses snoop saw (strace -y: its
    inode); a path is the name the program used, compared once resolved
    (symbolic links, `..`), as strace shows the kernel's."""
    if t == s:
        return True
    if t.startswith(b'pipe:['):
        return s == b'pipe'
    if t.startswith(b'socket:['):
        return bool(SOCKET_TEXT.match(s))
    if t.startswith(b'/') and s.startswith(b'/') and not OWN_LINKS.match(s):
        real = lambda p: os.path.realpath(p.decode('utf-8', 'surrogateescape'))
        return real(s) == real(t)
    return False


def compare_fd(a, b, out):
    """-y: strace's fd A against snoop's B, either ('fd', n, path, deleted) or a bare n."""
    an, bn = (a[1] if a[0] == 'fd' else a), (b[1] if b[0] == 'fd' else b)
    if an != bn:
        return out.add('wrong')
    if a[0] != 'fd':   # snoop names an fd strace knows nothing of
        return out.add('wrong')
    if b[0] != 'fd':
        return out.add('bare')
    if not same_path(a[2], b[2]) or b[3] and not a[3]:
        return out.add('wrong')
    if a[3] and not b[3]:   # unlinked while open: snoop learns no unlink
        out.add('partial')


def compare(a, b, out):
    """strace value A against snoop value B: adds 'wrong', 'bare', 'partial'."""
    a, b = sockaddr(a), sockaddr(b)
    if a == b:
        return
    if a[0] == 'fd' or b[0] == 'fd':
        return compare_fd(a, b, out)
    if b[0] == 's' and a[0] == 'a' and netlink_header(a) is not None:
        return out.add('partial' if netlink_agrees(netlink_header(a), b[1]) else 'wrong')
    if b[0] == 'n' and a[0] not in ('n', '=>'):
        return out.add('bare')
    if b[0] == '=>' and a[0] != '=>':   # snoop's in => out, strace's in (compare_rec pairs the out)
        return compare(a, b[1], out)
    if a[0] == '=>':   # either the value in or the value out
        sub = [set(), set()]
        compare(a[1], b, sub[0]), compare(a[2], b, sub[1])
        return out.update(min(sub, key=len))
    if a[0] != b[0] or a[0] in ('n', 'f') or a[0] in ('kv', 'call') and a[1] != b[1]:
        return out.add('wrong')
    if a[0] == 'kv':
        return compare(a[2], b[2], out)
    if a[0] == 's':
        n = min(len(a[1]), len(b[1]))
        if a[1][:n] != b[1][:n] or len(a[1]) != len(b[1]) and not (a[2] or b[2]):
            out.add('wrong')
        return
    if a[0] == 'sa':
        if a[1] != b[1] or a[2] == ('strace-only',) and b[2] is not None:
            return out.add('wrong')
        return out.add('partial') if b[2] is None else compare(a[2], b[2], out)
    acut, bcut = (a[2], b[2]) if a[0] != 'call' else (False, False)
    ai, bi = (a[2], b[2]) if a[0] == 'call' else (a[1], b[1])
    akv = {x[1]: x[2] for x in ai if x[0] == 'kv'}
    bkv = {x[1]: x[2] for x in bi if x[0] == 'kv'}
    if a[0] == 'st' and akv and bkv:   # fields by name
        for k, v in bkv.items():
            if k in akv:
                compare(akv[k], v, out)
            elif not acut:
                out.add('wrong')
        if set(akv) - set(bkv):
            out.add('partial')
        return
    for x, y in zip(ai, bi):
        compare(x, y, out)
    if len(ai) > len(bi) and not bcut or len(bi) > len(ai) and not acut:
        out.add('wrong')
    elif len(ai) > len(bi):   # snoop cut a list strace shows longer (32 pollfds, 21 epoll events)
        out.add('partial')


# ---------------------------------------------------------------- records
Rec = collections.namedtuple('Rec', 'tid name args ret errno line')
SIGNAL = re.compile(r'--- (\S+) ?(.*?) ?---$')


def align(a, b, limit=3000):
    """Pairs (i, j) of a longest common subsequence of A and B: Myers' diff,
    O((N+M)D), fast when they nearly agree; None past LIMIT differences."""
    n, m = len(a), len(b)
    v, trace = {1: 0}, []
    for d in range(min(n + m, limit) + 1):
        trace.append(v.copy())
        for k in range(-d, d + 1, 2):
            x = v[k + 1] if k == -d or (k != d and v[k - 1] < v[k + 1]) else v[k - 1] + 1
            y = x - k
            while x < n and y < m and a[x] == b[y]:
                x, y = x + 1, y + 1
            v[k] = x
            if x >= n and y >= m:   # walk back through the saved frontiers
                pairs = []
                for d2 in range(d, -1, -1):
                    vv, k2 = trace[d2], x - y
                    pk = k2 + 1 if k2 == -d2 or (k2 != d2 and vv[k2 - 1] < vv[k2 + 1]) else k2 - 1
                    px = vv[pk]
                    while x > px and y > px - pk:
                        x, y = x - 1, y - 1
                        pairs.append((x, y))
                    x, y = px, px - pk
                return pairs[::-1]
    return None


def split_call(text):
    """'name(args) = ret ...' -> (name, args, the text after the arguments)."""
    m = re.match(r'([\w?]+)\(', text)
    if not m:
        return None
    p = Parser(text[m.end():])
    return m.group(1), p.items(')')[0], p.t[p.i:]


def strace_ret(text):
    m = re.match(r'\s*=\s*(\?|0x[0-9a-f]+|-?\d+)(?:\s+(E[A-Z0-9_]+))?', text)
    if not m:
        return 'unparsed', None
    return None if m.group(1) == '?' else number(m.group(1)), m.group(2)   # umask's = 022: octal


def read_strace(path):
    recs, pending = [], {}
    for line in open(path, errors='replace'):
        line = line.rstrip('\n')
        m = re.match(r'(\d+)\s+(?:\d+\.\d+\s+)?(.*)', line)   # -ttt's time, if any
        if not m:
            continue
        tid = int(m.group(1))
        # strace's /* ... */ comments, outside strings
        body = re.sub(r'("(?:[^"\\]|\\.)*")|\s*/\*.*?\*/', lambda m: m.group(1) or '', m.group(2))
        # `read(0,  <unfinished ...>) = ?`: the thread died in the call
        body = re.sub(r'\s*<unfinished \.\.\.>\)(\s*=\s*\?)$', r')\1', body)
        # an ioctl code two headers name: `SNDCTL_TMR_START or TCSETS`, the tty's
        body = re.sub(r'^(ioctl\(\d+(?:<[^>]*>)?, )\w+ or (\w+),', r'\1\2,', body)
        # a termios flags field with no flag set: strace 6.1 writes nothing
        body = re.sub(r'\b(c_[iocl]flag)=([,}])', r'\1=0\2', body) if body.startswith('ioctl(') else body
        if body.startswith('---'):
            sm = SIGNAL.match(body)
            recs.append(Rec(tid, '--- ' + sm.group(1), Parser(sm.group(2)).items('')[0], 0, None, line))
        elif body.startswith('+++'):
            recs.append(Rec(tid, '+++', body.strip('+ '), 0, None, line))
        elif body.endswith('<unfinished ...>'):
            pending[tid] = (body[:-len('<unfinished ...>')].rstrip(' '), line)
        elif not body.startswith('<detached'):
            rm = re.match(r'<\.\.\. (\w+) resumed>(.*)', body)
            if rm:   # `read(3, ` + `"data", 4096) = 5`
                head, first = pending.pop(tid, (rm.group(1) + '(', ''))
                body = head + (' ' if head.endswith(',') else '') + rm.group(2)
                line = first + ' | ' + line
            sc = split_call(body)
            if sc:
                recs.append(Rec(tid, sc[0], sc[1], *strace_ret(sc[2]), line))
    for tid, (head, line) in pending.items():   # never resumed: died in it
        sc = split_call(head + ')')
        recs.append(Rec(tid, sc[0], sc[1], None, None, line))
    return recs


def read_snoop(path, keep):
    recs, leader = [], {}
    for line in open(path, errors='replace'):
        f = line.rstrip('\n').split(None, 7)
        if line.startswith('#') or len(f) < 5:
            continue
        pid, tid = int(f[1]), int(f[2])
        leader[tid] = pid
        if keep is not None and tid not in keep and pid not in keep:
            continue
        rest = line.rstrip('\n').split(None, 3)[3]
        if f[3] == '---':   # strace's comments, as in its own lines (si_utime=18 /* 0.18 s */)
            rest = re.sub(r'\s*/\*.*?\*/', '', rest)
            sm = SIGNAL.match(rest)
            recs.append(Rec(tid, '--- ' + sm.group(1), Parser(sm.group(2)).items('')[0], 0, None, line))
        elif f[3] == '+++':   # the process's end: on its leader's thread
            recs.append(Rec(pid, '+++', rest.strip('+ '), 0, None, line))
        elif len(f) == 8:
            # {AF_INET, 1.2.3.4:80}, {AF_INET6, [::1]:443}: the address as a string
            args = re.sub(r'\{(AF_INET6?), (\[[0-9a-fA-F:.]*\]:\d+|[0-9.]+:\d+)\}', r'{\1, "\2"}', f[7])
            recs.append(Rec(tid, f[3], Parser(args[1:]).items(')')[0], None if f[4] == '?' else int(f[4]),
                            None if f[5] == '-' else f[5], line))
    return recs, leader


CLONE_ARGS = ['flags', 'child_stack', 'parent_tid', 'child_tidptr', 'tls']   # x86_64 order


def compare_rec(t, s):
    """Outcomes of strace record T against snoop record S."""
    if t.name == '+++':   # snoop does not say whether a core was dumped
        return set() if t.args == s.args else \
            {'partial'} if t.args == s.args + ' (core dumped)' else {'wrong'}
    out = set()
    if t.ret == 'unparsed' or t.errno != s.errno or (t.errno is None and t.ret != s.ret) \
            or (t.ret is None and s.ret is not None and not (s.errno or '').startswith('ERESTART')):
        out.add('wrong')
    targs, sargs = list(t.args), s.args
    if len(sargs) == 6 and re.search(r'\(0x\S*(, 0x\S*){5}\)$', s.line.rstrip()) and len(targs) != 6:
        return out | {'bare'}   # no signature in snoop: six registers
    if t.name == 'clone' and targs and all(x[0] == 'kv' and x[1] in CLONE_ARGS for x in targs):
        pos = {CLONE_ARGS.index(x[1]): x[2] for x in targs}
        targs = [pos.get(k) for k in range(max(pos) + 1)]
    for x, y in zip(targs, sargs):
        if x is not None:
            compare(x, y, out)
    if t.name in ('poll', 'ppoll') and t.errno is None:
        compare_poll_note(t, sargs, out)
    if len(sargs) > len(targs):
        out.add('more-args')
    for x in targs[len(sargs):]:
        if x is not None:
            out.add('bare' if x[0] in ('s', 'a', 'st') else 'wrong')
    return out


POLL_NOTE = re.compile(r'\)\s+=\s+\d+\s+\((\[.*?\])?(?:, )?(?:left (\{[^}]*\}))?\)')


def compare_poll_note(t, sargs, out):
    """strace's note after poll's return (its ready fds, ppoll's time left)
    against the outs of snoop's `in => out` arguments."""
    m = POLL_NOTE.search(t.line)
    ready, left = (m.group(1), m.group(2)) if m else (None, None)
    for note, k in ((ready, 0), (left, 2 if t.name == 'ppoll' else None)):
        if k is None or k >= len(sargs):
            continue
        got = sargs[k][2] if sargs[k][0] == '=>' else None
        if note is None and got is not None or note is not None and got is None:
            out.add('wrong')
        elif note is not None:
            compare(Parser(note).value(), got, out)


def pair(ss, ns):
    """Pairs (i, j) of one thread's strace records SS and snoop records NS,
    aligned by name."""
    a, b = [r.name for r in ss], [r.name for r in ns]
    pairs = align(a, b)
    if pairs is None:   # too different for Myers: difflib's approximation
        sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
        pairs = [(x.a + k, x.b + k) for x in sm.get_matching_blocks() for k in range(x.size)]
    return pairs


def one_run_threads(srecs, snoop_path):
    """[(strace records, snoop records, pairs)] per thread strace names, snoop
    having traced strace: one execution, the same tids."""
    nrecs, leader = read_snoop(snoop_path, {r.tid for r in srecs})
    srecs = [r for r in srecs if not (r.name == '+++' and leader.get(r.tid, r.tid) != r.tid)]
    strace_by, snoop_by = collections.defaultdict(list), collections.defaultdict(list)
    for r in srecs:
        strace_by[r.tid].append(r)
    for r in nrecs:
        if r.tid in strace_by:
            snoop_by[r.tid].append(r)
    root = snoop_by[srecs[0].tid]   # from the command's execve
    del root[:next((i for i, r in enumerate(root) if r.name == 'execve'), 0)]
    return [(ss, snoop_by[tid], pair(ss, snoop_by[tid])) for tid, ss in strace_by.items()]


# ------------------------------------------------------ two separate runs
FORKS = {'fork', 'vfork', 'clone', 'clone3'}   # the parent's return is the child's tid
PID_RETS = FORKS | {'getpid', 'gettid', 'getppid', 'set_tid_address', 'wait4', 'getpgid', 'getsid'}
PID_ARGS = {'kill': (0,), 'tkill': (0,), 'tgkill': (0, 1), 'wait4': (0,), 'setpgid': (0, 1),
            'getpgid': (0,), 'getsid': (0,), 'prlimit64': (0,), 'pidfd_open': (0,),
            'rt_sigqueueinfo': (0,), 'rt_tgsigqueueinfo': (0, 1), 'sched_getaffinity': (0,),
            'sched_setaffinity': (0,)}
PID_BASE = 1 << 62   # a mapped pid N of the run's k-th thread becomes +-(PID_BASE + k)


def snoop_pid(path):
    """snoop's own pid, from its header (pid=N): the command's parent."""
    for line in open(path, errors='replace'):
        m = re.match(r'# snoop .* pid=(\d+)', line)
        if m:
            return int(m.group(1))
    return None


def by_tid(recs):
    out = collections.OrderedDict()
    for r in recs:
        out.setdefault(r.tid, []).append(r)
    return out


def map_pids(rec, labels):
    """REC with its pid-valued return, arguments and si_pid fields replaced by
    their thread's label, when LABELS (this run's pid -> label) knows them."""
    def pid(x):
        if isinstance(x, int) and x and abs(x) in labels:
            return (PID_BASE + labels[abs(x)]) * (1 if x > 0 else -1)
        return x

    def walk(v):
        if not isinstance(v, tuple):
            return v
        if v[0] == 'kv':
            return ('kv', v[1], ('n', pid(v[2][1])) if v[1] == 'si_pid' and v[2][0] == 'n' else walk(v[2]))
        if v[0] in ('st', 'a'):
            return (v[0], [walk(x) for x in v[1]], v[2])
        if v[0] == 'call':
            return ('call', v[1], [walk(x) for x in v[2]])
        if v[0] == '=>':
            return ('=>', walk(v[1]), walk(v[2]))
        return v

    if rec.name == '+++':
        return rec
    args = [walk(a) for a in rec.args]
    at = PID_ARGS.get(rec.name, ())
    if rec.name == 'waitid' and args and args[0] == ('f', frozenset({'P_PID'})):
        at = (1,)
    for k in at:
        if k < len(args) and args[k][0] == 'n':
            args[k] = ('n', pid(args[k][1]))
    ret = pid(rec.ret) if rec.name in PID_RETS and isinstance(rec.ret, int) and rec.ret > 0 else rec.ret
    return rec._replace(args=args, ret=ret)


def sigchld_out(recs):
    """RECS without their `--- SIGCHLD` records, and those as groups [call,
    signal, end]: the call it interrupted (the record before, when it
    returned ERESTART*), the signal, the rt_sigreturn that ends its handler
    (the record after); call and end may be None."""
    keep, out, i = [], [], 0
    while i < len(recs):
        if recs[i].name == '--- SIGCHLD':
            before = keep.pop() if keep and (keep[-1].errno or '').startswith('ERESTART') else None
            after = recs[i + 1] if i + 1 < len(recs) and recs[i + 1].name == 'rt_sigreturn' else None
            out.append([before, recs[i], after])
            i += 2 if after else 1
        else:
            keep.append(recs[i])
            i += 1
    return keep, out


def without_child_times(rec):
    """REC (a signal record) without si_utime and si_stime: a child's CPU
    time, which two runs do not share."""
    if not rec or not rec.args or rec.args[0][0] != 'st':
        return rec
    st = rec.args[0]
    fields = [x for x in st[1] if not (x[0] == 'kv' and x[1] in ('si_utime', 'si_stime'))]
    return rec._replace(args=[('st', fields, st[2])] + rec.args[1:])


def si_pid(rec):
    f = [x for x in rec.args[0][1] if x[0] == 'kv' and x[1] == 'si_pid'] \
        if rec.args and rec.args[0][0] == 'st' else []
    return f[0][2] if f else None


def separate_threads(srecs, snoop_path, strace_pid):
    """[(strace records, snoop records, pairs)] per thread of two runs, and the
    strace records forgiven: threads are paired from the command's first
    (each run's first record) through the children their paired forks
    returned; pids are mapped to those pairs (see the module's comment)."""
    nrecs, leader = read_snoop(snoop_path, None)
    if not nrecs:
        sys.exit('strace_compare: no records in %s' % snoop_path)
    strace_by, snoop_by = by_tid(srecs), by_tid(nrecs)
    tmap, order, work = {srecs[0].tid: nrecs[0].tid}, [srecs[0].tid], {}
    k = 0
    while k < len(order):   # breadth first from the command's first thread
        st = order[k]
        nt = tmap[st]
        k += 1
        ss, ns = strace_by.get(st, []), snoop_by.get(nt, [])
        if leader.get(nt, nt) != nt:   # strace ends every thread, snoop processes
            ss = [r for r in ss if r.name != '+++']
        (ss, sg), (ns, ng) = sigchld_out(ss), sigchld_out(ns)
        pairs = pair(ss, ns)
        for i, j in pairs:
            a, b = ss[i], ns[j]
            if a.name in FORKS and isinstance(a.ret, int) and a.ret > 0 and isinstance(b.ret, int) \
                    and b.ret > 0 and a.ret not in tmap and b.ret not in tmap.values():
                tmap[a.ret] = b.ret
                order.append(a.ret)
        work[st] = (ss, ns, pairs, sg, ng)
    slabel = {st: n for n, st in enumerate(order)}
    nlabel = {tmap[st]: n for n, st in enumerate(order)}
    if strace_pid:   # the tracers, the command's parent (getppid)
        slabel[strace_pid] = nlabel[snoop_pid(snoop_path)] = len(order)

    threads, forgiven = [], []
    for st in order:
        ss, ns, pairs, sg, ng = work[st]
        ss = [map_pids(r, slabel) for r in ss]
        ns = [map_pids(r, nlabel) for r in ns]
        if st == order[0] and ss and ss[0].name == 'execve' and len(ss[0].args) == 3:
            ss[0] = ss[0]._replace(args=ss[0].args[:2] + [None])   # envp: the tracer's memory
        ss = [r._replace(args=[None] + r.args[1:]) if r.name == 'getrandom' and r.args else r for r in ss]
        pairs = any_child_waits(ss, ns, pairs)
        sg = [[r and map_pids(r, slabel) for r in g] for g in sg]
        ng = [[r and map_pids(r, nlabel) for r in g] for g in ng]
        sg = [[g[0], without_child_times(g[1]), g[2]] for g in sg]
        ng = [[g[0], without_child_times(g[1]), g[2]] for g in ng]
        for g in sg:   # a SIGCHLD paired by the child it tells of
            h = next((h for h in ng if si_pid(h[1]) == si_pid(g[1])), [None, None, None])
            if h[1]:
                ng.remove(h)
            if g[2] and h[2]:   # rt_sigreturn returns what the interrupted call had
                h = h[:2] + [h[2]._replace(ret=g[2].ret, errno=g[2].errno)]
            for t, n in zip(g, h):
                if t and n and t.name == n.name:
                    pairs.append((len(ss), len(ns)))
                    ss, ns = ss + [t], ns + [n]
                elif t:
                    forgiven.append(t)
                if n and not (t and t.name == n.name):
                    ns = ns + [n]
        ns += [r for h in ng for r in h if r]
        threads.append((ss, ns, pairs))
    seen = set(tmap.values())
    threads += [([], ns, []) for nt, ns in snoop_by.items() if nt not in seen]
    threads += [(ss, [], []) for st, ss in strace_by.items() if st not in tmap]
    return threads, forgiven


def any_child_waits(ss, ns, pairs):
    """PAIRS with the thread's successful waits for any child (wait4 of a pid
    <= 0) paired by the child they returned, when both runs reaped the same
    children: which ended first is timing."""
    w = [(i, j) for i, j in pairs if ss[i].name == 'wait4' and ss[i].args and ss[i].args[0][0] == 'n'
         and ss[i].args[0][1] <= 0 and isinstance(ss[i].ret, int) and ss[i].ret > 0
         and isinstance(ns[j].ret, int) and ns[j].ret > 0]
    if sorted(ss[i].ret for i, _ in w) != sorted(ns[j].ret for _, j in w):
        return pairs
    by_ret = {ns[j].ret: j for _, j in w}
    again = {i: by_ret[ss[i].ret] for i, _ in w}
    return [(i, again.get(i, j)) for i, j in pairs]


def main():
    ap = argparse.ArgumentParser(description='snoop against strace, on one execution or (--separate) two runs')
    ap.add_argument('strace_out')
    ap.add_argument('snoop_out')
    ap.add_argument('--name', help='label of the command on the figures line')
    ap.add_argument('--present', type=float, default=99.0, help='minimum %% present (99)')
    ap.add_argument('--wrong', type=float, default=0.5, help='maximum %% wrong (0.5)')
    ap.add_argument('--bare', type=float, default=3.0, help='maximum %% bare (3)')
    ap.add_argument('-v', action='store_true', help='list the record pairs by outcome and syscall')
    ap.add_argument('--examples', type=int, default=2, help='record pairs shown per group with -v')
    ap.add_argument('--separate', action='store_true',
                    help='T and S are two runs of the command, under strace alone and under snoop alone')
    ap.add_argument('--strace-pid', type=int, help="with --separate: strace's pid (the command's parent)")
    o = ap.parse_args()

    srecs = read_strace(o.strace_out)
    if not srecs:
        sys.exit('strace_compare: no records in %s' % o.strace_out)
    forgiven = None
    if o.separate:
        threads, forgiven = separate_threads(srecs, o.snoop_out, o.strace_pid)
    else:
        threads = one_run_threads(srecs, o.snoop_out)

    paired, total, count = 0, 0, collections.Counter()
    groups = collections.defaultdict(list)   # (outcome, name) -> [(strace line, snoop line)]
    for ss, ns, pairs in threads:
        for i, j in pairs:
            for kind in compare_rec(ss[i], ns[j]):
                count[kind] += 1
                groups[(kind, ss[i].name)].append((ss[i].line, ns[j].line))
        paired += len(pairs)
        total += len(ss)
        for i in set(range(len(ss))) - {i for i, _ in pairs}:
            groups[('missing', ss[i].name)].append((ss[i].line, None))
        for j in set(range(len(ns))) - {j for _, j in pairs}:
            groups[('extra', ns[j].name)].append((None, ns[j].line))

    pct = lambda n, d: 100.0 * n / d if d else 0.0
    present, wrong, bare = pct(paired, total), pct(count['wrong'], paired), pct(count['bare'], paired)
    bad = [w for w, miss in (('present', present < o.present), ('wrong', wrong > o.wrong),
                             ('bare', bare > o.bare)) if miss]
    extra = sum(len(v) for k, v in groups.items() if k[0] == 'extra')
    for r in forgiven or ():
        groups[('forgiven', r.name)].append((r.line, None))
    print('%s: present %.2f%% (%d/%d) wrong %.2f%% (%d) bare %.2f%% (%d) partial %d extra %d%s%s' % (
        o.name or o.strace_out, present, paired, total, wrong, count['wrong'], bare, count['bare'],
        count['partial'], extra, '' if forgiven is None else ' forgiven %d' % len(forgiven),
        '  MISSES: ' + ','.join(bad) if bad else ''))
    if o.v:
        clip = lambda s: s.rstrip('\n') if len(s) <= 300 else s[:300] + '[...]'
        for kind in ('missing', 'wrong', 'bare', 'partial', 'more-args', 'extra', 'forgiven'):
            for k in sorted((k for k in groups if k[0] == kind), key=lambda k: (-len(groups[k]), k[1])):
                print('  %-9s %-16s %6d' % (kind, k[1], len(groups[k])))
                for tl, sl in groups[k][:o.examples]:
                    if tl:
                        print('      strace: ' + clip(tl))
                    if sl:
                        print('      snoop:  ' + clip(sl))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
