#!/usr/bin/env python3
"""snoop's benchmark: overhead per syscall, side by side in one run.

    make bench                      # or: python3 tests/bench/bench.py [options]
    make bench BENCH_ARGS="--reps 9 --peers"

Every configuration runs the same self-timed workload (tests/progs/sysprobe:
a getppid() loop, or openat/read/write/close rounds), alternating between
configurations, --reps times each; the table shows medians. Overhead per
syscall is t - t(baseline); "x floor" divides it by the overhead of empty
BPF programs on the raw tracepoints (tests/bench/floor.c), the cost every
syscall tracer pays. Nothing here asserts: it prints, docs/PERFORMANCE.md
records. Needs root (BPF).
"""
import argparse
import os
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


def workload(mode, calls):
    if mode == "execs":
        return [PROBE, mode, str(EXECS)]
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


def run_floor(mode, calls):
    att = Attached([FLOOR], None)
    att.ready = lambda: floor_ready(att)
    with att:
        return run_plain(workload(mode, calls))


def header_written(path):
    try:
        with open(path) as f:
            return any(l.startswith("# time") for l in f)
    except OSError:
        return False


def written_lost(stderr):
    for line in stderr.splitlines():
        if line.endswith(" lost") and "records written" in line:
            parts = line.split()
            return int(parts[1]), int(parts[4])
    raise RuntimeError("snoop said nothing of its records: " + stderr)


def run_attached_storm(calls):
    """snoop -p on a process already calling getppid() flat out."""
    work = subprocess.Popen(workload("bench", calls), stdout=subprocess.DEVNULL)
    time.sleep(0.3)
    p = subprocess.run([SNOOP, "-v", "-p", str(work.pid), "-o", os.path.join(OUT, "attached.txt")],
                       capture_output=True, text=True)
    work.wait()
    return written_lost(p.stderr)


def run_two_storms(calls):
    """Two processes calling getppid() flat out at once, one per CPU."""
    probe = " ".join(workload("bench", calls))
    p = subprocess.run([SNOOP, "-v", "-f", "-o", os.path.join(OUT, "two.txt"), "--", "sh", "-c",
                        "%s >/dev/null & %s >/dev/null; wait" % (probe, probe)],
                       capture_output=True, text=True)
    return written_lost(p.stderr)


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
        ("bystander", "bench", run_bystander, args.calls),
        ("baseline", "mixed", lambda m, n: run_plain(workload(m, n)), args.calls),
        ("floor (empty BPF)", "mixed", run_floor, args.calls),
        ("snoop -> file", "mixed", lambda m, n: run_snoop(m, n, disk, extra), args.calls),
        # an execve storm: each exec's whole argv is copied and joined
        ("baseline", "execs", lambda m, n: run_plain(workload(m, n)), EXECS),
        ("floor (empty BPF)", "execs", run_floor, EXECS),
        ("snoop -> file", "execs", lambda m, n: run_snoop(m, n, disk, ["-f", *extra]), EXECS),
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
          " of /bin/true with 40 arguments of 100 bytes (ns per exec, snoop -f); %d repetitions, medians"
          % (args.calls, EXECS, args.reps))
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
        print("| %s | %s | %.0f | %s | %s | %s |" % ({"bench": "getppid", "execs": "execve storm"}.get(mode, mode), name, m,
              "-" if name == "baseline" else "%.0f" % over,
              "-" if name in ("baseline",) else "%.2f" % ratio,
              "100% (synchronous)" if name == "strace -f" else "- (counted)" if "-c" in name
              else "-" if mode == "execs" else delivered(results[(name, mode)], calls_of[(name, mode)])))

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

    attached = [run_attached_storm(3 * args.calls) for _ in range(3)]
    print("snoop -p on a running getppid() storm (attached 0.3 s in): (written, lost) %s" % attached)
    two = [run_two_storms(args.calls) for _ in range(3)]
    print("two getppid() storms at once, %d calls each: (written, lost) %s" % (args.calls, two))

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

    b = med[("baseline", "bench")]
    fo = med[("floor (empty BPF)", "bench")] - b
    print()
    print("targets (getppid):")
    print("  traced overhead <= 2.5 x floor: %.2f" % ((med[("snoop -> file", "bench")] - b) / fo))
    print("  bystander overhead <= 1.2 x floor: %.2f" % ((med[("bystander", "bench")] - b) / fo))
    print("  -c overhead <= 1.5 x floor: %.2f" % ((med[("snoop -c (summary)", "bench")] - b) / fo))
    snoop_over = med[("snoop -> file", "bench")] - b
    for peer, factor in (("strace -f", 100), ("bpftrace printf", 20)):
        if (peer, "bench") in med:
            print("  %s overhead / snoop's >= %d: %.0f" % (peer, factor, (med[(peer, "bench")] - b) / snoop_over))
    print("  records lost at 1M calls, default buffer == 0: %s" % lost)
    print("  records lost, -p on a running storm == 0: %s" % [l for _, l in attached])
    print("  records lost, two storms on two CPUs == 0: %s" % [l for _, l in two])
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
