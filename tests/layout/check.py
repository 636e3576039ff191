#!/usr/bin/env python3
"""The architecture, checked: run by `make layout` (part of `make test`).

Folders are the boundaries (README.md's layout table):
- src/record/, the pure record pipeline, includes nothing from src/trace/
  (the kernel side), src/fleet/ (the network), opts.h (the command line),
  BPF.h or libbcc: its modules take their settings as their own structs;
- src/fleet/ includes nothing from src/trace/, opts.h, BPF.h or libbcc;
- src/trace/ includes nothing from src/fleet/: the reader services --to
  through a hook snoop.c wires;
- BPF.c and BPF.h, the generic libbcc wrapper, include nothing of snoop's
  but each other and bpf/;
- OpenSSL is included only in src/fleet/;
- no include cycle among modules (X.c with X.h is one module);
- no two object files call into each other: when a.c uses b.c's functions,
  b.c does not use a.c's (a file split in two whose halves share a header
  is still one job; found from the symbols the objects define and use, so
  the objects must be built: `make layout` builds them first).
A file is as long as its one job needs: there is no line limit.
Prints one line per problem and exits 1 if there is any.

  check.py [ROOT [BUILD_DIR]]   (default: this tree and ROOT/build)
"""
import os
import re
import subprocess
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+([<"])([^">]+)[">]', re.M)

# (folder a file is in, what it must not include, why)
FORBIDDEN = [
    ("src/record/", ("trace/",), "the record pipeline must not need the kernel"),
    ("src/record/", ("fleet/",), "the record pipeline must not know the network (use the sink's tap)"),
    ("src/record/", ("opts.h",), "the record pipeline takes its own settings, not the command line's"),
    ("src/record/", ("BPF.h", "bcc/"), "the record pipeline must not need libbcc"),
    ("src/fleet/", ("trace/",), "--to must not need the kernel side"),
    ("src/fleet/", ("opts.h",), "--to takes its own settings (fleet/config.h), not the command line's"),
    ("src/fleet/", ("BPF.h", "bcc/"), "--to must not need libbcc"),
    ("src/trace/", ("fleet/",), "the kernel side must not know --to (the reader's hook serves it)"),
]


def project_files(root):
    for top in ("snoop.c", "BPF.c", "BPF.h"):
        if os.path.exists(os.path.join(root, top)):
            yield top
    for base in ("src", "bpf"):
        for d, _, names in os.walk(os.path.join(root, base)):
            for n in sorted(names):
                if n.endswith((".c", ".h")):
                    yield os.path.relpath(os.path.join(d, n), root)


def resolve(name, quoted, files):
    """The project file an #include names, or None (system headers)."""
    if not quoted:
        return None
    for cand in (name, os.path.join("src", name)):
        if cand in files:
            return cand
    return None


def names(name, prefixes):
    return any(name.startswith(p) if p.endswith("/") else name == p for p in prefixes)


def include_problems(f, quote, name, target):
    problems = []
    for folder, bad, why in FORBIDDEN:
        if f.startswith(folder) and names(name, bad):
            problems.append("%s includes %s: %s" % (f, name, why))
    if name.startswith("openssl/") and not f.startswith("src/fleet/"):
        problems.append("%s includes %s: OpenSSL belongs to src/fleet/ alone" % (f, name))
    if f in ("BPF.c", "BPF.h") and quote == '"' and target not in (None, "BPF.h") and not target.startswith("bpf/"):
        problems.append("%s includes %s: BPF.c and BPF.h are the generic libbcc wrapper, they use nothing of src/" % (f, name))
    return problems


def include_cycles(includes):
    problems, state = [], {}

    def visit(f, path):
        state[f] = "open"
        for d in sorted(includes.get(f, ())):
            if state.get(d) == "open":
                problems.append("include cycle: " + " -> ".join(path[path.index(d):] + [d]))
            elif d not in state:
                visit(d, path + [d])
        state[f] = "done"

    for m in sorted(includes):
        if m not in state:
            visit(m, [m])
    return problems


def symbols(obj):
    """(defined, used) global symbols of an object file."""
    out = subprocess.run(["nm", "-P", obj], capture_output=True, text=True, check=True).stdout
    defined, used = set(), set()
    for line in out.splitlines():
        p = line.split()
        if len(p) >= 2:
            if p[1] in "TDBRCVW":
                defined.add(p[0])
            elif p[1] == "U":
                used.add(p[0])
    return defined, used


def mutual_calls(root, build, sources):
    """Pairs of snoop's own .c files whose objects each use the other's."""
    objs, missing = {}, []
    for src in sources:
        obj = os.path.join(build, os.path.splitext(src)[0] + ".o")
        (objs.__setitem__(src, obj) if os.path.exists(obj) else missing.append(obj))
    if missing:
        return ["%s is not built: run `make layout` (it builds the objects first)" % os.path.relpath(missing[0], root)]
    owner, uses = {}, {}
    for src, obj in objs.items():
        defined, uses[src] = symbols(obj)
        for s in defined:
            owner[s] = src
    calls = {src: {owner[s] for s in used if owner.get(s, src) != src} for src, used in uses.items()}
    problems = []
    for a in sorted(calls):
        for b in sorted(calls[a]):
            if a < b and a in calls[b]:
                there = sorted(s for s in uses[a] if owner.get(s) == b)
                back = sorted(s for s in uses[b] if owner.get(s) == a)
                problems.append("%s and %s call into each other (%s; back: %s): one job split in two, or a "
                                "helper that belongs in a third file" % (a, b, ", ".join(there[:3]), ", ".join(back[:3])))
    return problems


def main(argv):
    root = os.path.abspath(argv[1]) if len(argv) > 1 else \
        os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    build = os.path.abspath(argv[2]) if len(argv) > 2 else os.path.join(root, "build")
    files = set(project_files(root))
    includes, problems = {}, []
    for f in sorted(files):
        text = open(os.path.join(root, f), encoding="utf-8").read()
        deps = []
        for quote, name in INCLUDE.findall(text):
            target = resolve(name, quote == '"', files)
            problems += include_problems(f, quote, name, target)
            if target:
                deps.append(target)
        mod = os.path.splitext(f)[0]
        includes.setdefault(mod, set()).update(os.path.splitext(d)[0] for d in deps if os.path.splitext(d)[0] != mod)
    problems += include_cycles(includes)
    problems += mutual_calls(root, build, sorted(f for f in files if f.endswith(".c") and not f.startswith("bpf/")))
    for p in problems:
        print("layout: " + p)
    print("layout: %d files, %s" % (len(files), "%d problems" % len(problems) if problems else
                                     "every folder keeps its boundary, no include cycle, no two files call into each other"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
