#!/usr/bin/env python3
"""The architecture, checked: run by `make test` (and `make layout`).

- no include cycle among snoop's own modules (a module is X.c with X.h:
  format.c using decode.h while decode.c uses format.h is a cycle);
- src/record/ (the record pipeline) includes nothing that needs the kernel:
  nothing from src/trace/, no BPF.h, no libbcc header; nor the network
  (src/fleet/, --to): the sink hands --to its records through a tap;
- OpenSSL is included only in src/fleet/ (the transport of --to);
- no C file outside bpf/, tests/ and generated code over 450 lines (one
  file, one job).
Prints one line per problem and exits 1 if there is any.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MAX_LINES = 450
INCLUDE = re.compile(r'^\s*#\s*include\s+([<"])([^">]+)[">]', re.M)


def project_files():
    for top in ("snoop.c", "BPF.c", "BPF.h"):
        yield top
    for base in ("src", "bpf"):
        for d, _, names in os.walk(os.path.join(ROOT, base)):
            for n in sorted(names):
                if n.endswith((".c", ".h")):
                    yield os.path.relpath(os.path.join(d, n), ROOT)


def resolve(name, quoted, files):
    """The project file an #include names, or None (system headers)."""
    if not quoted:
        return None
    for cand in (name, os.path.join("src", name)):
        if cand in files:
            return cand
    return None


def main():
    files = set(project_files())
    includes, problems = {}, []
    for f in sorted(files):
        text = open(os.path.join(ROOT, f), encoding="utf-8").read()
        deps = []
        for quote, name in INCLUDE.findall(text):
            if f.startswith("src/record/") and (name.startswith(("trace/", "bcc/")) or name == "BPF.h"):
                problems.append("%s includes %s: the record pipeline must not need the kernel" % (f, name))
            if f.startswith("src/record/") and name.startswith("fleet/"):
                problems.append("%s includes %s: the record pipeline must not know the network (use the sink's tap)" % (f, name))
            if name.startswith("openssl/") and not f.startswith("src/fleet/"):
                problems.append("%s includes %s: OpenSSL belongs to src/fleet/ alone" % (f, name))
            target = resolve(name, quote == '"', files)
            if target:
                deps.append(target)
        mod = os.path.splitext(f)[0]
        includes.setdefault(mod, set()).update(os.path.splitext(d)[0] for d in deps if os.path.splitext(d)[0] != mod)
        if f.endswith(".c") and not f.startswith("bpf/"):
            n = text.count("\n")
            if n > MAX_LINES:
                problems.append("%s has %d lines (more than %d): is it still one job?" % (f, n, MAX_LINES))
    state = {}

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
    for p in problems:
        print("layout: " + p)
    print("layout: %d files, %s" % (len(files), "%d problems" % len(problems) if problems else "no include cycle, the record pipeline needs no kernel nor network, OpenSSL only in src/fleet/, no file over %d lines" % MAX_LINES))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
