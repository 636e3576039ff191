#!/usr/bin/env python3
"""snoop's benchmark: overhead per syscall, side by side in one run.

    make bench                      # or: python3 tests/bench/bench.py [options]
    make bench BENCH_ARGS="--reps 9 --peers"

Every configuration runs the same self-timed workload (tests/progs/sysprobe:
a getppid() loop, openat/read/write/close rounds, or a pipe ping-pong whose
context switches run snoop's sched_switch program), alternating between
configurations, --reps times each; the table shows medians. Overhead per
syscall is t - t(baseline); "x floor" divides it by the overhead of empty
BPF programs on the raw tracepoints (tests/bench/floor.c), the cost every
syscall tracer pays. Nothing here asserts: it prints, docs/PERFORMANCE.md
records. Needs root (BPF).

Issue 20's rows follow, each against every peer that runs here (strace,
perf trace, bpftrace: sh src/tools/setup.sh --bench; one that is missing
or fails on this kernel is named in one line and left out), --peers or not:
`X -- true` end to end with peak RSS (snoop with a warm and an empty
cache), Gregg's `dd if=/dev/zero of=/dev/null bs=1 count=500k` (dd's own
time, slowdown ratios), `make -j2` of a generated C project (the build's
own time, ratios; strace -f -e connect --seccomp-bpf, the published case),
and `snoop -p` attached in the middle of a getppid() storm that runs until
stopped, which must record exactly the calls of a counted window. Alone:

    python3 tests/bench/bench.py --only true,dd,build,storm [--reps N]
    # smoke: --reps 1 --dd-count 5k --build-files 4 --storm-secs 0.3 --all-calls 20000

and issue 21's `all`: snoop -a (records, -e, -c) and perf trace -a on a
bystander's getppid() loop.
"""
import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SNOOP = os.path.join(ROOT, "snoop")
PROBE = os.path.join(ROOT, "build/progs/sysprobe")
FLOOR = os.path.join(ROOT, "build/floor")
OUT = os.path.join(ROOT, "build/bench")


EXECS = 2000   # the execve storm: fork + execve of /bin/true with a long argv
PINGPONGS = 50_000   # round trips of a byte between two processes on one CPU (2 switches each)


def workload(mode, calls):
    if mode == "execs":
        return [PROBE, mode, str(EXECS)]
    if mode == "pingpong":
        return [PROBE, mode, str(PINGPONGS)]
    return [PROBE, mode, str(calls if mode == "bench" else calls // 4)]


def ns_per_call(text):
    for line in text.splitlines():
        if line.startswith("calls="):
            return float(line.split("ns_per_call=")[1])
    raise RuntimeError("workload printed no timing: %r" % text)


def run_plain(cmd):
    return ns_per_call(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)


def first_record_ns(path):
    with open(path, "rb") as f:
        for line in f:
            if not line.startswith(b"#"):
                sec, ns = line.split()[0].split(b".")
                return int(sec) * 10**9 + int(ns)
    return None


def run_snoop(mode, calls, out_path, extra=()):
    """snoop -- workload. Returns a dict of what was measured."""
    t0 = time.monotonic_ns()
    p = subprocess.Popen([SNOOP, "-v", "-o", out_path, *extra, "--", *workload(mode, calls)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, ru = os.wait4(p.pid, 0)
    stdout, stderr = p.stdout.read(), p.stderr.read()
    p.stdout.close(), p.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError("snoop failed: " + stderr)
    written = lost = None
    own_cpu = None
    for line in stderr.splitlines():
        if line.endswith(" lost") and "records written" in line:
            parts = line.split()
            written, lost = int(parts[1]), int(parts[4])
        # snoop's own (getrusage RUSAGE_SELF): wait4's figure would add the
        # traced command's CPU, which is the workload's, not snoop's
        if line.startswith("snoop: snoop's own CPU: "):
            parts = line.split()
            own_cpu = float(parts[4]) + float(parts[7])
    if own_cpu is None:
        raise RuntimeError("snoop -v did not say its own CPU: " + stderr)
    res = {"ns": ns_per_call(stdout), "written": written, "lost": lost,
           "cpu_s": own_cpu, "rss_kb": ru.ru_maxrss}
    if out_path != "/dev/null":
        first = first_record_ns(out_path)
        res["startup_s"] = (first - t0) / 1e9 if first else None
    return res


def startup_runs(reps, extra):
    """Start-up and peak RSS with the compiled program cached (a hit) and
    not (a miss, forced by an empty temporary --cache-dir), each run a
    short workload to a file. Returns {"hit": [runs], "miss": [runs]}."""
    out = os.path.join(OUT, "startup.txt")
    # snoop uses a cache only through directories no other user can write
    # (not /tmp): /run is root's
    hit_dir = tempfile.mkdtemp(prefix="snoop-bench-cache-", dir="/run")
    runs = {"hit": [], "miss": []}
    try:
        run_snoop("bench", 1000, out, ["--cache-dir=" + hit_dir, *extra])   # fills it
        for _ in range(reps):
            miss_dir = tempfile.mkdtemp(prefix="snoop-bench-cache-", dir="/run")
            try:
                runs["miss"].append(run_snoop("bench", 1000, out, ["--cache-dir=" + miss_dir, *extra]))
            finally:
                shutil.rmtree(miss_dir)
            runs["hit"].append(run_snoop("bench", 1000, out, ["--cache-dir=" + hit_dir, *extra]))
    finally:
        shutil.rmtree(hit_dir)
    return runs


class Attached:
    """A process that attaches, says so, and stays until stopped."""

    def __init__(self, cmd, ready, stdin=subprocess.PIPE):
        self.p = subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True)
        self.ready = ready

    def __enter__(self):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.ready():
                return self
            if self.p.poll() is not None:
                raise RuntimeError("%s exited: %s" % (self.p.args[0], self.p.stdout.read()))
            time.sleep(0.05)
        self.p.kill()   # no __exit__ after a failed __enter__: it would run on beside the next rows
        self.p.wait()
        raise RuntimeError("%s did not attach" % self.p.args[0])

    def __exit__(self, *exc):
        if self.p.stdin:
            self.p.stdin.close()
        self.p.send_signal(2)
        try:
            self.p.wait(10)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()


def floor_ready(att):
    return att.p.stdout.readline().strip() == "ready"


def run_floor(mode, calls, variant=None):
    """The workload beside build/floor: its empty programs, or with a
    variant, --clock (a clock read in each), --stores (a record's numbers
    stored per call) or --record (a record per call written to a ring it
    reads; it must drop none, or it was cheaper than what it stands for)."""
    att = Attached([FLOOR, variant] if variant else [FLOOR], None)
    att.ready = lambda: floor_ready(att)
    with att:
        ns = run_plain(workload(mode, calls))
    if variant == "--record":
        said = att.p.stdout.read()
        m = re.search(r"floor: (\d+) records read, (\d+) dropped", said)
        if not m or int(m.group(2)) or int(m.group(1)) < calls:
            raise RuntimeError("floor --record did not read a record per call (%d calls): %s" % (calls, said))
    return ns


def header_written(path, pid=None):
    """Has snoop written its header (it does once attached)? With pid, the
    header of that snoop (its first line says pid=N): an older file's, or
    another run's, would say tracing has begun while this snoop is still
    starting, and a window opened then is not traced."""
    try:
        with open(path) as f:
            lines = f.read().splitlines()
    except OSError:
        return False
    if pid is not None and not (lines and (" pid=%d " % pid) in lines[0]):
        return False
    return any(l.startswith("# time") for l in lines)


def written_lost(stderr):
    for line in stderr.splitlines():
        if line.endswith(" lost") and "records written" in line:
            parts = line.split()
            return int(parts[1]), int(parts[4])
    raise RuntimeError("snoop said nothing of its records: " + stderr)


def run_two_storms(calls, extra=()):
    """Two processes calling getppid() flat out at once, one per CPU:
    (written, lost, seconds end to end)."""
    probe = " ".join(workload("bench", calls))
    out = os.path.join(OUT, "two.txt")
    if os.path.exists(out):
        os.unlink(out)
    t0 = time.monotonic()
    p = subprocess.run([SNOOP, "-v", *extra, "-f", "-o", out, "--", "sh", "-c",
                        "%s >/dev/null & %s >/dev/null; wait" % (probe, probe)],
                       capture_output=True, text=True)
    return (*written_lost(p.stderr), round(time.monotonic() - t0, 2))


def run_bystander(mode, calls):
    """snoop traces an idle process while an untraced workload runs."""
    idle = subprocess.Popen(["sleep", "600"])
    out = os.path.join(OUT, "bystander.txt")
    if os.path.exists(out):
        os.unlink(out)
    try:
        with Attached([SNOOP, "-p", str(idle.pid), "-o", out], lambda: header_written(out),
                      stdin=subprocess.DEVNULL):
            return run_plain(workload(mode, calls))
    finally:
        idle.kill()
        idle.wait()


def run_strace(mode, calls):
    return run_plain(["strace", "-f", "-o", "/dev/null", *workload(mode, calls)])


def count_lines(path, needle):
    with open(path, "rb") as f:
        return sum(1 for line in f if needle in line)


def run_perf_trace(mode, calls):
    out = os.path.join(OUT, "perf-trace.txt")
    ns = run_plain(["perf", "trace", "-o", out, *workload(mode, calls)])
    return {"ns": ns, "written": count_lines(out, b"getppid")}


def run_bpftrace(mode, calls):
    out = os.path.join(OUT, "bpftrace.txt")
    if os.path.exists(out):
        os.unlink(out)
    prog = ('tracepoint:raw_syscalls:sys_exit /comm == "sysprobe"/ '
            '{ printf("%d %d %d %ld\\n", nsecs, tid, args->id, args->ret); }')
    with Attached(["bpftrace", "-o", out, "-e", prog],
                  lambda: os.path.exists(out) and "Attaching" in open(out).read(),
                  stdin=subprocess.DEVNULL):
        ns = run_plain(workload(mode, calls))
    time.sleep(0.5)   # bpftrace drains its buffers after SIGINT
    # records of getppid (110 on x86_64): "nsecs tid id ret"
    return {"ns": ns, "written": sum(1 for l in open(out, "rb") if l.split()[2:3] == [b"110"])}


def replay_rate(records_path, fmt_args):
    """Reader throughput: format a captured stream, no kernel involved."""
    p = subprocess.Popen([SNOOP, "-r", records_path, "-o", "/dev/null", *fmt_args])
    _, status, ru = os.wait4(p.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError("replay failed")
    return ru.ru_utime + ru.ru_stime


def free_port():
    import socket
    with socket.socket() as sk:
        sk.bind(("127.0.0.1", 0))
        return sk.getsockname()[1]


def make_certs(d):
    """A throw-away CA and a certificate for localhost, as the tests make them."""
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    run = lambda *a: subprocess.run(["openssl", *a], check=True, capture_output=True)
    run("req", "-x509", *ec, "-days", "1", "-keyout", d + "/ca.key", "-out", d + "/ca.pem", "-subj", "/CN=bench-ca")
    run("req", *ec, "-keyout", d + "/srv.key", "-out", d + "/srv.csr", "-subj", "/CN=localhost")
    with open(d + "/ext", "w") as f:
        f.write("subjectAltName=DNS:localhost\n")
    run("x509", "-req", "-in", d + "/srv.csr", "-CA", d + "/ca.pem", "-CAkey", d + "/ca.key", "-CAcreateserial",
        "-days", "1", "-extfile", d + "/ext", "-out", d + "/srv.pem")


def start_rsyslog(d, kind, port):
    """rsyslogd on 127.0.0.1:port (tcp or tls), one line per message into d/out."""
    tls = ""
    if kind == "tls":
        make_certs(d)
        tls = ('DefaultNetstreamDriver="gtls" DefaultNetstreamDriverCAFile="%s/ca.pem" '
               'DefaultNetstreamDriverCertFile="%s/srv.pem" DefaultNetstreamDriverKeyFile="%s/srv.key"' % (d, d, d))
        mod = 'module(load="imtcp" StreamDriver.Name="gtls" StreamDriver.Mode="1" StreamDriver.AuthMode="anon")'
    else:
        mod = 'module(load="imtcp")'
    with open(d + "/rsyslog.conf", "w") as f:
        f.write('global(workDirectory="%s" maxMessageSize="64k" %s)\n%s\n' % (d, tls, mod))
        f.write('input(type="imtcp" address="127.0.0.1" port="%d")\n' % port)
        f.write('template(name="id" type="string" string="%msgid%\\n")\n')
        f.write('action(type="omfile" file="%s/out" template="id")\n' % d)
    p = subprocess.Popen(["rsyslogd", "-n", "-f", d + "/rsyslog.conf", "-i", d + "/pid"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if (":%d " % port) in subprocess.run(["ss", "-ltn"], capture_output=True, text=True).stdout:
            return p
        time.sleep(0.05)
    p.kill()
    raise RuntimeError("rsyslogd did not start")


def run_to_collector(records=200_000):
    """--to: records per second delivered to a local rsyslog over TCP and
    TLS without loss. A capture of a getppid storm is sent with -r (which
    waits for the collector instead of dropping) and timed from snoop's
    start until rsyslog's file holds every record. Returns {kind: (rate,
    delivered, made)}."""
    import shutil as sh
    import tempfile
    if not sh.which("rsyslogd"):
        print("bench: rsyslogd not installed, --to row skipped (sh src/tools/setup.sh)")
        return {}
    os.makedirs(OUT, exist_ok=True)
    cap = os.path.join(OUT, "to.snoop")
    subprocess.run([SNOOP, "-w", cap, "--", *workload("bench", records)], check=True, capture_output=True)
    made = sum(1 for l in subprocess.run([SNOOP, "-r", cap], check=True, capture_output=True).stdout.splitlines()
               if not l.startswith(b"#"))
    res = {}
    for kind in ("tcp", "tls"):
        d = tempfile.mkdtemp(prefix="snoop-bench-to-")
        port = free_port()
        rs = start_rsyslog(d, kind, port)
        try:
            url = "%s://%s:%d" % (kind, "localhost" if kind == "tls" else "127.0.0.1", port)
            extra = ["--to-ca=" + d + "/ca.pem"] if kind == "tls" else []
            t0 = time.monotonic()
            subprocess.run([SNOOP, "-r", cap, "-o", "/dev/null", "--to=" + url, *extra], check=True)
            got, last = 0, -1
            while time.monotonic() - t0 < 120:
                got = count_lines(d + "/out", b"") - 1 if os.path.exists(d + "/out") else 0   # less the header
                if got >= made:
                    break
                time.sleep(0.01)
            elapsed = time.monotonic() - t0
            res[kind] = (got / elapsed, got, made)
        finally:
            rs.terminate()
            rs.wait()
            sh.rmtree(d, ignore_errors=True)
    return res


def run_to_live(records=200_000, reps=3):
    """--to while tracing: a storm of getppid calls traced with -o /dev/null
    and --to a local rsyslog (TCP, TLS), beside the same without --to. The
    local output must lose nothing that it loses nothing without --to; the
    destination says what it sent and dropped (sent + dropped = written).
    Returns {kind: [(written, lost, sent, dropped, cpu_s)]}."""
    import shutil as sh
    import tempfile
    if not sh.which("rsyslogd"):
        return {}
    res = {}
    for kind in ("none", "tcp", "tls"):
        for _ in range(reps):
            d = tempfile.mkdtemp(prefix="snoop-bench-to-")
            extra, rs = [], None
            try:
                if kind != "none":
                    port = free_port()
                    rs = start_rsyslog(d, kind, port)
                    host = "localhost" if kind == "tls" else "127.0.0.1"
                    extra = ["--to=%s://%s:%d" % (kind, host, port)] + (["--to-ca=" + d + "/ca.pem"] if kind == "tls" else [])
                err = subprocess.run([SNOOP, "-v", "-e", "getppid", "-o", "/dev/null", *extra, "--",
                                      PROBE, "storm", str(records)], capture_output=True, text=True).stderr
            finally:
                if rs:
                    rs.terminate()
                    rs.wait()
                sh.rmtree(d, ignore_errors=True)
            written = lost = sent = dropped = cpu = 0
            for line in err.splitlines():
                w = line.split()
                if "records written" in line:
                    written, lost = int(w[1]), int(w[4])
                elif "records sent" in line:
                    sent, dropped = int(w[-7]), int(w[-4])   # "... N records sent, M dropped, K connections"
                elif line.startswith("snoop: snoop's own CPU: "):
                    cpu = float(w[4]) + float(w[7])
            res.setdefault(kind, []).append((written, lost, sent, dropped, cpu))
    return res


def print_to_live(res):
    for kind, runs in res.items():
        print("live %s: local output %s; %s; snoop's CPU per record %s ns"
              % ("without --to" if kind == "none" else "--to " + kind,
                 ", ".join("%d written %d lost" % (r[0], r[1]) for r in runs),
                 "-" if kind == "none" else ", ".join("%d sent %d dropped" % (r[2], r[3]) for r in runs),
                 "/".join("%.0f" % (r[4] * 1e9 / max(r[0], 1)) for r in runs)))


def print_to_collector(res):
    for kind, (rate, got, made) in res.items():
        print("--to %s, a local rsyslog: %.0f records/s delivered (%d of %d records, %d lost)"
              % (kind, rate, got, made, made - got))


# ---- issue 20's rows: end to end, Gregg's dd, a build, -p on a storm ----
#
# Each row runs every tool that works here on the same command, the tools
# alternating, --reps times each; medians. A peer that is missing or cannot
# run on this kernel is said so in one line and left out.

ROWS = ("true", "dd", "build", "storm", "all")

# bpftrace as a user would count a command's syscalls: by syscall number,
# the command alone (-c's process; dd and true do not fork) ...
BT_COUNT = "tracepoint:raw_syscalls:sys_enter /pid == cpid/ { @[args->id] = count(); }"
# ... and with its children, for a build: the processes forked from -c's,
# followed through sched_process_fork (bpftrace has no -f)
BT_FOLLOW = ("BEGIN { @pids[cpid] = 1; } "
             "tracepoint:sched:sched_process_fork /@pids[args->parent_pid]/ { @pids[args->child_pid] = 1; } "
             "tracepoint:raw_syscalls:sys_enter /@pids[pid]/ { @[args->id] = count(); } "
             "END { clear(@pids); }")


def run_measured(cmd, cwd=None, env=None):
    """Run cmd to its end: (wall s, exit code, output)."""
    with tempfile.TemporaryFile() as out:
        t0 = time.monotonic()
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, cwd=cwd, env=env)
        wall = time.monotonic() - t0
        out.seek(0)
        text = out.read().decode(errors="replace")
    return wall, p.returncode, text


TIMED = re.compile(r"elapsed_ns=(\d+) maxrss_kb=(\d+)")


def timed_of(text):
    """sysprobe timed's last line: (s, peak RSS KiB) of the command it ran.
    Its wait4 rusage: the largest of the command and the children it reaped
    (for a tracer, the tracer or its traced command); forked from a small
    process, so no pages of this Python count in it, as they would in a
    child of ours (the high-water mark survives exec)."""
    m = TIMED.findall(text)
    if not m:
        raise RuntimeError("sysprobe timed said nothing: %r" % text[-2000:])
    return int(m[-1][0]) / 1e9, int(m[-1][1])


_peer_state = {}


def peer_works(name, cmd):
    """Whether a peer runs here (checked once on `true`); says why not once."""
    if name not in _peer_state:
        why = None
        if not shutil.which(cmd[0]):
            why = "not installed (sh src/tools/setup.sh --bench)"
        else:
            try:
                _, rc, text = run_measured(cmd)
                if rc != 0:
                    lines = [l for l in text.splitlines() if l.strip()]
                    why = "cannot run here (exit %d): %s" % (rc, lines[-1] if lines else "no message")
            except OSError as e:
                why = "cannot run here: %s" % e
        _peer_state[name] = why
        if why:
            print("bench: %s: %s; its rows are left out" % (name, why))
    return _peer_state[name] is None


def peer_prefixes():
    """The peers' command prefixes, each checked on `true`: [(name, prefix,
    follow-prefix)]; bpftrace's take the command as one -c string."""
    peers = []
    for name, pre, pre_f in (("strace -f", ["strace", "-f", "-o", "/dev/null"], None),
                             ("perf trace", ["perf", "trace", "-o", "/dev/null", "--"], None),
                             ("bpftrace", ["bpftrace", "-e", BT_COUNT, "-c"], ["bpftrace", "-e", BT_FOLLOW, "-c"])):
        if peer_works(name, with_cmd(pre, ["true"])):
            peers.append((name, pre, pre_f or pre))
    return peers


def with_cmd(prefix, cmd):
    """prefix + cmd, bpftrace's -c taking the command as one string (split
    at spaces by bpftrace: no quoting in cmd)."""
    if prefix and prefix[0] == "bpftrace":   # which wants a path that names one binary
        return prefix + [" ".join([shutil.which(cmd[0]) or cmd[0], *cmd[1:]])]
    return prefix + cmd


class WarmCache:
    """A --cache-dir filled once, for the rows that time the traced work and
    not snoop's start; and fresh empty ones for cold starts. Under /run:
    snoop uses only directories no other user can write."""

    def __init__(self, extra):
        self.dir = tempfile.mkdtemp(prefix="snoop-bench-cache-", dir="/run")
        _, rc, text = run_measured([SNOOP, "--cache-dir=" + self.dir, *extra, "-o", "/dev/null", "--", "true"])
        if rc != 0:
            raise RuntimeError("snoop -- true failed: " + text)

    def opt(self):
        return "--cache-dir=" + self.dir

    def warm(self, configs):
        """Fill the cache for every snoop configuration's options (-c, -f
        and -e build other programs) on `true`, so no timed run compiles."""
        for _, argv in configs:
            if argv[0] == SNOOP:
                opts = argv[1:argv.index("--")]
                if "-o" in opts:
                    i = opts.index("-o")
                    opts = opts[:i] + opts[i + 2:]
                _, rc, text = run_measured([SNOOP, *opts, "-o", "/dev/null", "--", "true"])
                if rc != 0:
                    raise RuntimeError("snoop %s -- true failed: %s" % (" ".join(opts), text))

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def med_range(xs, fmt="%.3f"):
    xs = sorted(xs)
    return (fmt % statistics.median(xs)) + " (" + (fmt % xs[0]) + "-" + (fmt % xs[-1]) + ")"


def own_peak_rss_kb(argv):
    """The process's own peak RSS (VmHWM, of its memory since its exec), read
    from /proc every 2 ms until it exits: what wait4's figure cannot tell,
    whether snoop itself or a child it reaped (a compiler) held the memory.
    An untimed run of its own: the polling costs CPU."""
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    hwm = None
    while p.poll() is None:
        try:
            with open("/proc/%d/status" % p.pid) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        hwm = int(line.split()[1])
        except OSError:
            pass
        time.sleep(0.002)
    return hwm


def row_true(reps, extra, cache):
    """`X -- true` end to end: what a user waits for, and the peak RSS."""
    configs = [("true (untraced)", lambda: ["true"])]
    for name, pre, _ in peer_prefixes():
        configs.append((name, lambda pre=pre: with_cmd(pre, ["true"])))
    configs.append(("snoop, cache warm", lambda: [SNOOP, cache.opt(), *extra, "-o", "/dev/null", "--", "true"]))
    configs.append(("snoop, cache empty (a fresh --cache-dir each run)", None))
    runs = {c[0]: [] for c in configs}
    compiles = []
    for _ in range(reps):
        for name, cmd in configs:
            cold = None
            if cmd is None:
                cold = tempfile.mkdtemp(prefix="snoop-bench-cold-", dir="/run")
                # -v: how the compile went (split or not, each child's CPU)
                argv = [SNOOP, "-v", "--cache-dir=" + cold, *extra, "-o", "/dev/null", "--", "true"]
            else:
                argv = cmd()
            try:
                _, rc, text = run_measured([PROBE, "timed", *argv])
            finally:
                if cold:
                    shutil.rmtree(cold, ignore_errors=True)
            if rc != 0:
                raise RuntimeError("%s failed: %s" % (name, text))
            runs[name].append(timed_of(text))
            if cmd is None:
                compiles.extend(l[len("snoop: "):] for l in text.splitlines() if l.startswith("snoop: compiled in"))
    own = {}
    for name, cmd in configs:
        if cmd is None:
            cold = tempfile.mkdtemp(prefix="snoop-bench-cold-", dir="/run")
            try:
                own[name] = own_peak_rss_kb([SNOOP, "--cache-dir=" + cold, *extra, "-o", "/dev/null", "--", "true"])
            finally:
                shutil.rmtree(cold, ignore_errors=True)
        elif cmd()[0] == SNOOP:
            own[name] = own_peak_rss_kb(cmd())
    print()
    print("`X -- true` end to end: fork to wait of the tool (by tests/progs/sysprobe timed), %d runs each,"
          " tools alternating; medians (min-max). Peak RSS: wait4's, the tool or a child it reaped"
          " (the traced command), whichever is larger; snoop's own: its VmHWM, polled in one more run." % reps)
    print("Commands: `strace -f -o /dev/null true`, `perf trace -o /dev/null -- true`,"
          " `bpftrace -e '%s' -c /usr/bin/true` (counting the command's syscalls by number),"
          " `snoop -o /dev/null -- true`." % BT_COUNT)
    print()
    print("| tool | wall s | peak RSS MiB | snoop's own peak RSS MiB |")
    print("| --- | ---: | ---: | ---: |")
    for name, _ in configs:
        r = runs[name]
        print("| %s | %s | %s | %s |" % (name, med_range([w for w, _ in r]),
                                         med_range([k / 1024 for _, k in r], "%.1f"),
                                         "%.1f" % (own[name] / 1024) if own.get(name) else "-"))
    print()
    print("the empty-cache runs' compiles (snoop -v):")
    for line in compiles:
        print("  " + line)
    runs["own"] = own
    return runs


DD_TIME = re.compile(r"copied, ([0-9.e+-]+) s")


def dd_seconds(text):
    m = DD_TIME.search(text)
    if not m:
        raise RuntimeError("dd said no time: %r" % text[-500:])
    return float(m.group(1))


def row_dd(reps, extra, cache, count):
    """Brendan Gregg's dd (strace 442x slower in "strace Wow Much Syscall"):
    dd's own time, as in his post, over the untraced one."""
    dd = ["dd", "if=/dev/zero", "of=/dev/null", "bs=1", "count=" + count]
    out = os.path.join(OUT, "dd.txt")
    configs = [("baseline", dd)]
    for name, pre, _ in peer_prefixes():
        configs.append((name if name != "bpftrace" else "bpftrace (count by syscall)", with_cmd(pre, dd)))
    configs.append(("snoop -> file", [SNOOP, cache.opt(), *extra, "-o", out, "--", *dd]))
    configs.append(("snoop -c", [SNOOP, cache.opt(), *extra, "-c", "-o", "/dev/null", "--", *dd]))
    env = dict(os.environ, LC_ALL="C")
    cache.warm(configs)
    runs = {c[0]: [] for c in configs}
    for _ in range(reps):
        for name, argv in configs:
            wall, rc, text = run_measured(argv, env=env)
            if rc != 0:
                raise RuntimeError("%s failed: %s" % (name, text[-2000:]))
            runs[name].append((dd_seconds(text), wall))
    base = statistics.median(t for t, _ in runs["baseline"])
    print()
    print("Gregg's `%s` (strace -f made it 442x slower in \"strace Wow Much Syscall\"): dd's own time"
          " (its \"copied, T s\"), %d runs each, alternating; medians (min-max)." % (" ".join(dd), reps))
    print()
    print_slowdowns(configs, runs, base, "dd's time s", "%.1fx")
    return runs


def print_slowdowns(configs, runs, base, column, ratio):
    """The table of a workload's own time per tool (runs[name]: (time,
    wall) pairs), each against the baseline's median base."""
    print("| tool | %s | slowdown | wall s (tool's start and exit included) |" % column)
    print("| --- | ---: | ---: | ---: |")
    for name, _ in configs:
        t = [x for x, _ in runs[name]]
        print("| %s | %s | %s | %s |" % (name, med_range(t), "-" if name == "baseline" else
                                         ratio % (statistics.median(t) / base),
                                         med_range([w for _, w in runs[name]])))


def make_project(d, files):
    """A small deterministic C project: `files` units of a few functions
    each, and a main that calls them all."""
    for i in range(files):
        with open(os.path.join(d, "u%02d.c" % i), "w") as f:
            f.write("#include <string.h>\n")
            for k in range(6):
                f.write("static int t%d_%d(const char *s, int n) {\n"
                        "    int h = %d;\n"
                        "    for (int j = 0; j < n; j++) {\n"
                        "        switch (s[j] %% 7) {\n"
                        "        case 0: h = h * 31 + s[j]; break;\n"
                        "        case 1: h ^= h << %d; break;\n"
                        "        case 2: h += (int)strlen(s + j); break;\n"
                        "        case 3: h -= j * %d; break;\n"
                        "        default: h = (h >> 3) | (h << 29);\n"
                        "        }\n"
                        "    }\n"
                        "    return h;\n"
                        "}\n" % (i, k, i * 7 + k, k + 1, i + k))
            f.write("int u%02d(const char *s) {\n    int n = (int)strlen(s), h = 0;\n" % i)
            for k in range(6):
                f.write("    h += t%d_%d(s, n);\n" % (i, k))
            f.write("    return h;\n}\n")
    with open(os.path.join(d, "main.c"), "w") as f:
        f.write("#include <stdio.h>\n")
        for i in range(files):
            f.write("int u%02d(const char *s);\n" % i)
        f.write("int main(int argc, char **argv) {\n    int h = 0;\n    (void)argc;\n")
        for i in range(files):
            f.write("    h += u%02d(argv[0]);\n" % i)
        f.write("    printf(\"%d\\n\", h);\n    return 0;\n}\n")
    objs = " ".join(["u%02d.o" % i for i in range(files)] + ["main.o"])
    with open(os.path.join(d, "Makefile"), "w") as f:
        f.write("CC = gcc\nCFLAGS = -O2\nOBJS = %s\n"
                "prog: $(OBJS)\n\t$(CC) -o $@ $(OBJS)\n"
                "%%.o: %%.c\n\t$(CC) $(CFLAGS) -c -o $@ $<\n"
                "clean:\n\trm -f prog $(OBJS)\n" % objs)


def row_build(reps, extra, cache, files):
    """`make -j2` of a small generated C project, from clean each run,
    timed by the build's own wrapper (sysprobe timed) so the tracer's start
    and exit are left out; strace --seccomp-bpf's published case (Paul
    Chaignon's, `strace -f -e connect --seccomp-bpf make -j`) beside it."""
    d = tempfile.mkdtemp(prefix="snoop-bench-build-")
    try:
        make_project(d, files)
        build = [PROBE, "timed", "make", "-s", "-j2", "-C", d]
        out = os.path.join(OUT, "build.txt")
        configs = [("baseline", build)]
        peers = peer_prefixes()
        for name, pre, pre_f in peers:
            if name == "strace -f":
                configs.append((name, with_cmd(pre, build)))
                configs.append(("strace -f -e trace=connect", with_cmd(pre + ["-e", "trace=connect"], build)))
                seccomp = pre + ["-e", "trace=connect", "--seccomp-bpf"]
                if peer_works("strace --seccomp-bpf", with_cmd(seccomp, ["true"])):
                    configs.append(("strace -f -e trace=connect --seccomp-bpf", with_cmd(seccomp, build)))
            elif name == "bpftrace":
                configs.append(("bpftrace (count by syscall, children followed)", with_cmd(pre_f, build)))
            else:
                configs.append((name, with_cmd(pre, build)))
        configs.append(("snoop -f -> file", [SNOOP, cache.opt(), *extra, "-f", "-o", out, "--", *build]))
        configs.append(("snoop -f -c", [SNOOP, cache.opt(), *extra, "-f", "-c", "-o", "/dev/null", "--", *build]))
        configs.append(("snoop -f -e connect", [SNOOP, cache.opt(), *extra, "-f", "-e", "connect",
                                                "-o", "/dev/null", "--", *build]))
        cache.warm(configs)
        runs = {c[0]: [] for c in configs}
        for _ in range(reps):
            for name, argv in configs:
                subprocess.run(["make", "-s", "-C", d, "clean"], check=True, capture_output=True)
                wall, rc, text = run_measured(argv)
                if rc != 0 or not os.path.exists(os.path.join(d, "prog")):
                    raise RuntimeError("%s: the build failed: %s" % (name, text[-2000:]))
                runs[name].append((timed_of(text)[0], wall))
    finally:
        shutil.rmtree(d, ignore_errors=True)
    base = statistics.median(t for t, _ in runs["baseline"])
    print()
    print("A build: `make -j2` of %d generated C files and a main (gcc -O2, linked), from clean each run;"
          " the build's own time (fork to wait of make), %d runs each, alternating; medians (min-max)."
          % (files, reps))
    print("bpftrace: `bpftrace -e '%s' -c 'make ...'`." % BT_FOLLOW)
    print()
    print_slowdowns(configs, runs, base, "build s", "%.2fx")
    return runs


MARK_OPEN, MARK_CLOSE = b"(%d)" % 0x5eed01, b"(%d)" % 0x5eed02


def window_records(path, tid):
    """getppid records of tid between the two marker close() records (by
    time: the markers' own timestamps); None for a marker not recorded."""
    t_open = t_close = None
    tid = b"%d" % tid
    with open(path, "rb") as f:
        for line in f:
            if line.startswith(b"#") or b" close " not in line:
                continue
            w = line.split()
            if w[2] == tid and w[3] == b"close":
                if w[-1] == MARK_OPEN:
                    t_open = w[0]
                elif w[-1] == MARK_CLOSE:
                    t_close = w[0]
    if t_open is None or t_close is None:
        return None, t_open is not None, t_close is not None
    n = 0
    with open(path, "rb") as f:
        for line in f:
            if line.startswith(b"#"):
                continue
            w = line.split(None, 5)
            # fixed-width zero-padded times compare as bytes
            if len(w) > 4 and w[3] == b"getppid" and w[2] == tid and t_open < w[0] < t_close and w[4] != b"?":
                n += 1
    return n, True, True


def run_window_storm(extra, secs):
    """snoop -p on a process calling getppid() flat out, attached in its
    middle: the storm runs until stopped; once snoop has written its header
    (attached), the storm opens a counted window (a marker call), storms on
    `secs` seconds, closes it (another marker) and says how many getppid()
    it made in between; snoop runs 0.2 s more, is stopped, then the storm.
    Returns (calls in the window, recorded in it or None, written, lost)."""
    out = os.path.join(OUT, "attached.txt")
    if os.path.exists(out):
        os.unlink(out)
    storm = subprocess.Popen([PROBE, "window"], stdout=subprocess.PIPE, text=True)
    snoop = None
    try:
        pid = int(storm.stdout.readline())
        time.sleep(0.2)
        snoop = subprocess.Popen([SNOOP, "-v", *extra, "-p", str(pid), "-o", out], stdin=subprocess.DEVNULL,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while not header_written(out, snoop.pid):
            if snoop.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("snoop -p did not attach: " + (snoop.stderr.read() if snoop.poll() is not None
                                                                   else "no header in 60 s"))
            time.sleep(0.02)
        os.kill(pid, 10)          # SIGUSR1: the window opens
        time.sleep(secs)
        os.kill(pid, 10)          # ... and closes
        calls = int(storm.stdout.readline().split("=")[1])
        time.sleep(0.2)
        snoop.send_signal(2)
        err = snoop.communicate(timeout=120)[1]
        snoop = None
    finally:
        if snoop:
            snoop.kill()
            snoop.wait()
        storm.terminate()
        storm.wait()
    written, lost = written_lost(err)
    seen, _, _ = window_records(out, pid)
    return calls, seen, written, lost


def row_storm(reps, extra, secs, how=""):
    runs = [run_window_storm(extra, secs) for _ in range(reps)]
    print()
    print("snoop%s -p on a running getppid() storm, attached in its middle: a counted window of %.1f s opened"
          " after snoop's header (attached), marked by two close() calls; snoop stopped 0.2 s after it."
          " Recorded = getppid records between the markers; exact when it equals the storm's count." % (how, secs))
    print()
    print("| run | storm's calls in the window | recorded | seen | records written | lost |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for i, (calls, seen, written, lost) in enumerate(runs, 1):
        print("| %d | %d | %s | %s | %d | %d |" % (i, calls, "markers missing" if seen is None else seen,
                                                  "-" if seen is None else "%.4f%%" % (100.0 * seen / calls),
                                                  written, lost))
    return runs


# ---- issue 21's row: -a, the whole machine, on a bystander ----

class SystemWide(Attached):
    """A tracer of the whole machine, ready once it says so (snoop -v's
    "tracing") or once its output file has a line (perf trace -a, which
    says nothing; a syscall of ours makes one)."""

    def __init__(self, cmd, out=None):
        self.out = out
        self.said = []
        super().__init__(cmd, self.is_ready, stdin=subprocess.DEVNULL)
        os.set_blocking(self.p.stdout.fileno(), False)

    def is_ready(self):
        if self.out:
            # calls for the tracer to write about (its -e included), so a
            # tracer that writes only what it traces shows it is there
            os.getppid()
            os.close(os.open("/dev/null", os.O_RDONLY))
            return os.path.exists(self.out) and os.path.getsize(self.out) > 0
        line = self.p.stdout.readline()
        self.said.append(line)
        return line.startswith("snoop: tracing")

    def __exit__(self, *exc):
        super().__exit__(*exc)
        os.set_blocking(self.p.stdout.fileno(), True)
        self.said.append(self.p.stdout.read())


def run_all_config(cmd, calls, out=None):
    """The bystander's getppid() loop (started after the tracer, not by
    it) while cmd traces the machine: ns per call, and snoop's written and
    lost records."""
    if out and os.path.exists(out):
        os.unlink(out)
    with SystemWide(cmd, out) as att:
        ns = run_plain(workload("bench", calls))
    written = lost = None
    if cmd[0] == SNOOP:
        written, lost = written_lost("".join(att.said))
    return {"ns": ns, "written": written, "lost": lost}


def row_all(reps, extra, calls):
    perf_out = os.path.join(OUT, "perf-all.txt")
    configs = [("baseline (untraced)", lambda: {"ns": run_plain(workload("bench", calls))})]
    for name, opts in (("snoop -a -o /dev/null", []), ("snoop -a -e openat", ["-e", "openat"]),
                       ("snoop -a -c", ["-c"])):
        configs.append((name, lambda o=opts: run_all_config([SNOOP, "-v", "-a", "-o", "/dev/null", *o, *extra],
                                                           calls)))
    if peer_works("perf trace", ["perf", "trace", "-o", "/dev/null", "--", "true"]):
        for name, opts in (("perf trace -a -o FILE", []), ("perf trace -a -e openat", ["-e", "openat"])):
            configs.append((name, lambda o=opts: run_all_config(["perf", "trace", "-a", "-o", perf_out, *o],
                                                               calls, perf_out)))
    runs = {name: [] for name, _ in configs}
    failed = {}
    for _ in range(reps):
        for name, fn in configs:
            if name in failed:
                continue
            try:
                runs[name].append(fn())
            except RuntimeError as e:   # a peer that does not attach here is named and left out
                if not name.startswith("perf"):
                    raise
                failed[name] = str(e)
                print("bench: %s left out of the -a row: %s" % (name, e), file=sys.stderr)
    runs = {name: rs for name, rs in runs.items() if name not in failed}
    base = statistics.median(r["ns"] for r in runs["baseline (untraced)"])
    print()
    print("-a, the whole machine traced: a getppid() loop of %d calls started beside the tracer (a bystander"
          " as -a sees every process), its own ns per call; medians of %d. perf trace -a writes to"
          " build/bench/perf-all.txt, snoop to /dev/null." % (calls, reps))
    print()
    for name, why in failed.items():
        print("%s: left out (%s)" % (name, why))
    print("| configuration | ns/call | overhead ns/call | records written | lost |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, rs in runs.items():
        ns = statistics.median(r["ns"] for r in rs)
        w = [r.get("written") for r in rs if r.get("written") is not None]
        l = [r.get("lost") for r in rs if r.get("lost") is not None]
        print("| %s | %.0f | %s | %s | %s |" % (name, ns, "-" if name.startswith("baseline") else "%.0f" % (ns - base),
                                               statistics.median(w) if w else "-", max(l) if l else "-"))
    return runs


def run_rows(rows, args, extra):
    """The rows asked for, in ROWS' order: {row: its runs}."""
    res = {}
    cache = WarmCache(extra)
    try:
        if "true" in rows:
            res["true"] = row_true(args.reps, extra, cache)
        if "dd" in rows:
            res["dd"] = row_dd(args.reps, extra, cache, args.dd_count)
        if "build" in rows:
            res["build"] = row_build(args.reps, extra, cache, args.build_files)
        if "storm" in rows:
            res["storm"] = row_storm(args.reps, [cache.opt(), *extra], args.storm_secs)
            # the opt-in that trades the storm's pace for no loss
            res["storm --lossless"] = row_storm(args.reps, [cache.opt(), "--lossless", *extra], args.storm_secs,
                                                " --lossless")
        if "all" in rows:
            res["all"] = row_all(args.reps, [cache.opt(), *extra], args.all_calls)
    finally:
        cache.close()
    return res


def print_row_targets(res):
    """Issue 20's targets for these rows, one line each."""
    if "true" in res:
        t = res["true"]
        warm = statistics.median(s for s, _ in t["snoop, cache warm"])
        cold = t["snoop, cache empty (a fresh --cache-dir each run)"]
        print("  snoop -- true, cache warm <= 0.12 s (goal 0.10): %.3f s" % warm)
        for peer in ("perf trace", "bpftrace"):
            if peer in t:
                print("  ... ahead of %s: %.3f s" % (peer, statistics.median(s for s, _ in t[peer])))
        own = t["own"].get("snoop, cache empty (a fresh --cache-dir each run)")
        print("  snoop -- true, cache empty <= 1.0 s and <= 40 MiB: %.3f s, %.1f MiB (snoop's own: %s MiB)"
              % (statistics.median(s for s, _ in cold), statistics.median(k for _, k in cold) / 1024,
                 "%.1f" % (own / 1024) if own else "-"))
    for row, label in (("dd", "dd bs=1 (strace 442x in Gregg's post)"), ("build", "make -j2")):
        if row in res:
            base = statistics.median(t for t, _ in res[row]["baseline"])
            print("  %s, slowdown: %s" % (label, ", ".join(
                "%s %.2fx" % (name, statistics.median(t for t, _ in r) / base)
                for name, r in res[row].items() if name != "baseline")))
    if "all" in res:
        a = res["all"]
        base = statistics.median(r["ns"] for r in a["baseline (untraced)"])
        print("  -a on a bystander, overhead ns/call: %s" % ", ".join(
            "%s %.0f" % (name, statistics.median(r["ns"] for r in rs) - base)
            for name, rs in a.items() if not name.startswith("baseline")))
    for row in ("storm", "storm --lossless"):
        if row in res:
            print("  -p%s on a running storm, attached in its middle: window seen %s, lost %s (== 100%%, 0);"
                  " the storm's calls in the window %s"
                  % (row[5:], ["-" if r[1] is None else "%.4f%%" % (100.0 * r[1] / r[0]) for r in res[row]],
                     [r[3] for r in res[row]], [r[0] for r in res[row]]))

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--calls", type=int, default=1_000_000, help="syscalls per run (default 1000000)")
    ap.add_argument("--reps", type=int, default=5, help="repetitions of each configuration (default 5)")
    ap.add_argument("--peers", action="store_true",
                    help="also strace, perf trace, bpftrace (installed by: sh src/tools/setup.sh --bench)")
    ap.add_argument("--peer-calls", type=int, default=50_000,
                    help="syscalls per peer run: strace is ~1000x slower (default 50000)")
    ap.add_argument("--snoop-args", default="", help="extra snoop options for the snoop rows")
    ap.add_argument("--snoop", default=None,
                    help="the snoop binary to measure (default: the one built here), e.g. an older build to compare")
    ap.add_argument("--only-to", action="store_true",
                    help="run only the --to row (records/s to a local rsyslog over TCP and TLS)")
    ap.add_argument("--to-records", type=int, default=200_000, help="records sent for the --to row (default 200000)")
    ap.add_argument("--only", default=None, metavar="ROWS",
                    help="run only these of issue 20's rows, comma-separated: %s (with every peer that runs here)"
                    % ",".join(ROWS))
    ap.add_argument("--dd-count", default="500k", help="dd's count= for the dd row (default 500k, Gregg's)")
    ap.add_argument("--build-files", type=int, default=30, help="C files of the build row's project (default 30)")
    ap.add_argument("--storm-secs", type=float, default=1.0,
                    help="the attached storm's counted window in seconds (default 1.0)")
    ap.add_argument("--all-calls", type=int, default=1_000_000,
                    help="the bystander's getppid() calls in the -a row (default 1000000)")
    ap.add_argument("--install-peers", action="store_true",
                    help="install strace, perf and bpftrace first (src/tools/setup.sh --bench), implies --peers")
    args = ap.parse_args()
    if args.snoop:
        global SNOOP
        SNOOP = os.path.abspath(args.snoop)
    if os.geteuid() != 0:
        sys.exit("bench: needs root (BPF); run: sudo make bench")
    if args.install_peers:
        subprocess.run(["sh", os.path.join(ROOT, "src/tools/setup.sh"), "--bench"], check=True)
        args.peers = True
    os.makedirs(OUT, exist_ok=True)
    if args.only:
        rows = args.only.split(",")
        bad = [r for r in rows if r not in ROWS]
        if bad:
            ap.error("--only: unknown row %s (rows: %s)" % (",".join(bad), ",".join(ROWS)))
        res = run_rows(rows, args, args.snoop_args.split())
        print()
        print("targets:")
        print_row_targets(res)
        return
    if args.only_to:
        print_to_collector(run_to_collector(args.to_records))
        print_to_live(run_to_live(args.to_records))
        return
    extra = args.snoop_args.split()
    disk = os.path.join(OUT, "snoop.txt")

    configs = [
        ("baseline", "bench", lambda m, n: run_plain(workload(m, n)), args.calls),
        ("floor (empty BPF)", "bench", run_floor, args.calls),
        ("snoop -> file", "bench", lambda m, n: run_snoop(m, n, disk, extra), args.calls),
        ("snoop -> /dev/null", "bench", lambda m, n: run_snoop(m, n, "/dev/null", extra), args.calls),
        # -c: counted in the kernel, no record crosses to user space
        ("snoop -c (summary)", "bench", lambda m, n: run_snoop(m, n, "/dev/null", ["-c", *extra]), args.calls),
        # the floor's programs with a clock read each: what a duration
        # alone costs, the bound under -c's figure
        ("floor + clock reads", "bench", lambda m, n: run_floor(m, n, "--clock"), args.calls),
        # ... and a record per call's numbers stored in a per-CPU array (no
        # reader): the least the kernel side of any timed-record tracer pays
        ("floor + record stores", "bench", lambda m, n: run_floor(m, n, "--stores"), args.calls),
        # ... or a 128-byte record through a BPF ring buffer, read
        ("floor + ring buffer", "bench", lambda m, n: run_floor(m, n, "--record"), args.calls),
        ("bystander", "bench", run_bystander, args.calls),
        ("baseline", "mixed", lambda m, n: run_plain(workload(m, n)), args.calls),
        ("floor (empty BPF)", "mixed", run_floor, args.calls),
        ("snoop -> file", "mixed", lambda m, n: run_snoop(m, n, disk, extra), args.calls),
        # an execve storm: each exec's whole argv is copied and joined
        ("baseline", "execs", lambda m, n: run_plain(workload(m, n)), EXECS),
        ("floor (empty BPF)", "execs", run_floor, EXECS),
        ("snoop -> file", "execs", lambda m, n: run_snoop(m, n, disk, ["-f", *extra]), EXECS),
        # context switches: snoop's sched_switch program runs at every one on
        # the machine (the per-CPU in-flight slots), traced process or not
        ("baseline", "pingpong", lambda m, n: run_plain(workload(m, n)), 4 * PINGPONGS),
        ("floor (empty BPF)", "pingpong", run_floor, 4 * PINGPONGS),
        ("bystander", "pingpong", run_bystander, 4 * PINGPONGS),
    ]
    if args.peers:
        for name, tool, fn in (("strace -f", "strace", run_strace),
                               ("perf trace", "perf", run_perf_trace),
                               ("bpftrace printf", "bpftrace", run_bpftrace)):
            if shutil.which(tool):
                configs.append((name, "bench", fn, args.peer_calls))
            else:
                print("bench: %s not installed, skipped (sh src/tools/setup.sh --bench)" % tool)

    results = {(c[0], c[1]): [] for c in configs}
    for rep in range(args.reps):          # alternate: drift hits every row alike
        for name, mode, fn, calls in configs:
            results[(name, mode)].append(fn(mode, calls))
        print("bench: repetition %d/%d done" % (rep + 1, args.reps), file=sys.stderr)

    def ns(r):
        return r["ns"] if isinstance(r, dict) else r

    med = {k: statistics.median(ns(r) for r in v) for k, v in results.items()}
    print()
    print("machine: %s, %d CPUs, kernel %s" % (os.uname().nodename, os.cpu_count(), os.uname().release))
    print("workloads: getppid loop of %d calls; mixed = openat/read/write/close; execve storm = %d fork+execve"
          " of /bin/true with 40 arguments of 100 bytes (ns per exec, snoop -f); pipe ping-pong = %d round trips"
          " of a byte between two processes on CPU 0 (2 context switches and 4 syscalls each; ns per syscall);"
          " %d repetitions, medians" % (args.calls, EXECS, PINGPONGS, args.reps))
    print()
    def delivered(runs, calls):
        got = [r.get("written") for r in runs if isinstance(r, dict) and r.get("written") is not None]
        return "%.1f%%" % (100.0 * statistics.median(got) / calls) if got else "-"

    print("| workload | configuration | ns/call | overhead ns/call | x floor overhead | records delivered |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    calls_of = {(c[0], c[1]): c[3] for c in configs}
    for (name, mode), m in med.items():
        base, floor = med[("baseline", mode)], med[("floor (empty BPF)", mode)]
        over = m - base
        ratio = over / (floor - base) if floor > base else float("nan")
        print("| %s | %s | %.0f | %s | %s | %s |" % ({"bench": "getppid", "execs": "execve storm",
                                                      "pingpong": "pipe ping-pong"}.get(mode, mode), name, m,
              "-" if name == "baseline" else "%.0f" % over,
              "-" if name in ("baseline",) else "%.2f" % ratio,
              "100% (synchronous)" if name == "strace -f" else "- (counted)" if "-c" in name
              else "-" if mode in ("execs", "pingpong") else delivered(results[(name, mode)], calls_of[(name, mode)])))

    print()
    snoop_runs = results[("snoop -> file", "bench")]
    written = [r["written"] for r in snoop_runs]
    lost = [r["lost"] for r in snoop_runs]
    # the reader's cost per record: CPU of the big run minus that of a run of
    # 1000 calls (start-up), over the records in between
    small = [run_snoop("bench", 1000, disk, extra) for _ in range(3)]
    fixed_cpu = statistics.median(r["cpu_s"] for r in small)
    cpu_per_rec = statistics.median((r["cpu_s"] - fixed_cpu) / max(r["written"] - 1000, 1) * 1e9
                                    for r in snoop_runs)
    startup = statistics.median(r["startup_s"] for r in snoop_runs)
    print("snoop -> file, getppid, %d calls: records written %s, lost %s" % (args.calls, written, lost))
    print("snoop's own CPU per record (user+sys, start-up of %.2f s CPU subtracted): %.0f ns"
          % (fixed_cpu, cpu_per_rec))
    print("snoop's peak RSS: %d KiB" % max(r["rss_kb"] for r in snoop_runs))
    print("start-up, launch to first captured record: %.2f s (median)" % startup)

    two = [run_two_storms(args.calls) for _ in range(3)]
    print("two getppid() storms at once, %d calls each: (written, lost, s) %s" % (args.calls, two))
    two_ll = [run_two_storms(args.calls, ["--lossless"]) for _ in range(3)]
    print("the same with --lossless: (written, lost, s) %s" % two_ll)

    # start-up with and without the compiled program in the cache
    starts = startup_runs(args.reps, extra)
    print()
    print("| start-up (%d runs, medians) | launch to first record | peak RSS |" % args.reps)
    print("| --- | ---: | ---: |")
    for kind in ("hit", "miss"):
        print("| cache %s | %.3f s | %.1f MiB |" % (kind, statistics.median(r["startup_s"] for r in starts[kind]),
                                                   statistics.median(r["rss_kb"] for r in starts[kind]) / 1024))
    print()

    # the reader alone, on a captured stream
    cap = os.path.join(OUT, "replay.snoop")
    subprocess.run([SNOOP, "-w", cap, "--", *workload("bench", args.calls)], check=True,
                   capture_output=True)
    replay = {}
    for label, fmt in (("text", []), ("json", ["--format=json"])):
        cpu = statistics.median(replay_rate(cap, fmt) for _ in range(3))
        replay[label] = args.calls / cpu / 1e6
        print("reader, %s: %.1f M records/s per core (%d records in %.3f s CPU, file read included)"
              % (label, replay[label], args.calls, cpu))

    print_to_collector(run_to_collector(args.to_records))
    print_to_live(run_to_live(args.to_records))

    # issue 20's rows: end to end, dd, a build (against every peer that
    # runs here, --peers or not), and -p attached in a storm's middle
    rows = run_rows(ROWS, args, extra)

    b = med[("baseline", "bench")]
    fo = med[("floor (empty BPF)", "bench")] - b
    print()
    print("targets (getppid):")
    print("  traced overhead <= 2.5 x floor: %.2f (programs storing a timed record, no more: %.2f;"
          " through a BPF ring buffer, read: %.2f)"
          % ((med[("snoop -> file", "bench")] - b) / fo, (med[("floor + record stores", "bench")] - b) / fo,
             (med[("floor + ring buffer", "bench")] - b) / fo))
    print("  bystander overhead <= 1.2 x floor: %.2f" % ((med[("bystander", "bench")] - b) / fo))
    print("  -c overhead <= 1.5 x floor: %.2f (empty programs reading the clock, no more: %.2f)"
          % ((med[("snoop -c (summary)", "bench")] - b) / fo, (med[("floor + clock reads", "bench")] - b) / fo))
    snoop_over = med[("snoop -> file", "bench")] - b
    for peer, factor in (("strace -f", 100), ("bpftrace printf", 20)):
        if (peer, "bench") in med:
            print("  %s overhead / snoop's >= %d: %.0f" % (peer, factor, (med[(peer, "bench")] - b) / snoop_over))
    print("  records lost at 1M calls, default buffer == 0: %s" % lost)
    print_row_targets(rows)
    print("  records lost, two storms on two CPUs == 0: %s (in %s s); with --lossless %s (in %s s)"
          % ([l for _, l, _ in two], [t for _, _, t in two], [l for _, l, _ in two_ll], [t for _, _, t in two_ll]))
    print("  snoop's own CPU per record <= 200 ns: %.0f" % cpu_per_rec)
    print("  replay >= 10 M records/s text, >= 8 M JSON: %.1f, %.1f" % (replay["text"], replay["json"]))
    print("  start-up <= 1.0 s: %.2f s" % startup)
    for kind, limit in (("hit", 0.15), ("miss", 1.0)):
        print("  start-up, cache %s <= %.2f s: %.3f s" % (kind, limit,
              statistics.median(r["startup_s"] for r in starts[kind])))
    print("  peak RSS, cache hit <= 32 MiB: %.1f MiB (miss: %.1f MiB)"
          % (max(r["rss_kb"] for r in starts["hit"]) / 1024, max(r["rss_kb"] for r in starts["miss"]) / 1024))


if __name__ == "__main__":
    main()
