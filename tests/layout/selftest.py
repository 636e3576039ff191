#!/usr/bin/env python3
"""check.py checked: a small tree that keeps every rule passes, and the
same tree with one violation of each rule added fails, naming it.
Run by `make layout` before check.py runs on the real tree."""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

# A tree that keeps the rules: the record pipeline, --to, the kernel side
# and the wrapper, each using only what it may.
CLEAN = {
    "snoop.c": '#include "BPF.h"\n#include "opts.h"\n#include "trace/reader.h"\n#include "fleet/link.h"\n'
               'int main(void) { return reader_run() + link_send() + sbpf_new() + opts_parse(); }\n',
    "BPF.h": "int sbpf_new(void);\n",
    "BPF.c": '#include "BPF.h"\n#include "bpf/snoop.h"\nint sbpf_new(void) { return 0; }\n',
    "bpf/snoop.h": "struct snoop_record { int nr; };\n",
    "src/opts.h": '#include "record/sink.h"\nint opts_parse(void);\n',
    "src/opts.c": '#include "opts.h"\nint opts_parse(void) { return 0; }\n',
    "src/record/sink.h": "int sink_write(void);\n",
    "src/record/sink.c": '#include "record/sink.h"\n#include "record/text.h"\nint sink_write(void) { return text_fmt(); }\n',
    "src/record/text.h": "int text_fmt(void);\n",
    "src/record/text.c": '#include "record/text.h"\nint text_fmt(void) { return 1; }\n',
    "src/trace/reader.h": "int reader_run(void);\n",
    "src/trace/reader.c": '#include "BPF.h"\n#include "record/sink.h"\n#include "trace/reader.h"\n'
                          "int reader_run(void) { return sink_write() + sbpf_new(); }\n",
    "src/fleet/link.h": "int link_send(void);\n",
    "src/fleet/link.c": '#include <openssl/ssl.h>\n#include "fleet/link.h"\n#include "record/text.h"\n'
                        "int link_send(void) { return text_fmt(); }\n",
}

# rule: (file to change, text appended to it, what the message must say)
VIOLATIONS = {
    "record includes trace": ("src/record/sink.c", '#include "trace/reader.h"\n', "must not need the kernel"),
    "record includes fleet": ("src/record/sink.c", '#include "fleet/link.h"\n', "must not know the network"),
    "record includes opts": ("src/record/text.c", '#include "opts.h"\n', "not the command line's"),
    "record includes BPF.h": ("src/record/text.c", '#include "BPF.h"\n', "must not need libbcc"),
    "record includes libbcc": ("src/record/text.c", "#include <bcc/libbpf.h>\n", "must not need libbcc"),
    "fleet includes trace": ("src/fleet/link.c", '#include "trace/reader.h"\n', "--to must not need the kernel side"),
    "fleet includes opts": ("src/fleet/link.c", '#include "opts.h"\n', "fleet/config.h"),
    "trace includes fleet": ("src/trace/reader.c", '#include "fleet/link.h"\n', "must not know --to"),
    "BPF.c includes src": ("BPF.c", '#include "record/text.h"\n', "generic libbcc wrapper"),
    "BPF.h includes src": ("BPF.h", '#include "trace/reader.h"\n', "generic libbcc wrapper"),
    "OpenSSL outside fleet": ("src/trace/reader.c", "#include <openssl/ssl.h>\n", "OpenSSL belongs to src/fleet/"),
    "include cycle": ("src/record/text.h", '#include "record/sink.h"\n', "include cycle"),
    "mutual calls": ("src/record/text.c", '#include "record/sink.h"\nint text_more(void) { return sink_write(); }\n',
                     "call into each other"),
}


def make_tree(top, extra=None):
    for path, text in CLEAN.items():
        full = os.path.join(top, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(text + (extra[1] if extra and extra[0] == path else ""))
    for path in CLEAN:
        if path.endswith(".c"):
            obj = os.path.join(top, "build", path[:-2] + ".o")
            os.makedirs(os.path.dirname(obj), exist_ok=True)
            # -fsyntax-free compile of the tree's own C (no system headers needed but OpenSSL's)
            src = os.path.join(top, path)
            text = open(src).read().replace("#include <openssl/ssl.h>\n", "").replace("#include <bcc/libbpf.h>\n", "")
            tmp = src + ".plain.c"
            with open(tmp, "w") as f:
                f.write(text)
            subprocess.run(["cc", "-c", "-I", top, "-I", os.path.join(top, "src"), "-o", obj, tmp], check=True)
            os.unlink(tmp)


def run_check(top):
    r = subprocess.run([sys.executable, os.path.join(HERE, "check.py"), top, os.path.join(top, "build")],
                       capture_output=True, text=True)
    return r.returncode, r.stdout


def main():
    failures = []
    work = tempfile.mkdtemp(prefix="snoop-layout-")
    try:
        clean = os.path.join(work, "clean")
        make_tree(clean)
        rc, out = run_check(clean)
        if rc != 0:
            failures.append("the clean tree fails:\n" + out)
        for i, (rule, extra) in enumerate(sorted(VIOLATIONS.items())):
            top = os.path.join(work, "v%d" % i)
            make_tree(top, extra)
            rc, out = run_check(top)
            if rc == 0 or extra[2] not in out:
                failures.append("%s: check.py exit %d, expected a failure saying '%s':\n%s" % (rule, rc, extra[2], out))
    finally:
        shutil.rmtree(work)
    for f in failures:
        print("layout selftest: " + f)
    print("layout selftest: %s" % ("%d rules not enforced" % len(failures) if failures else
                                   "the clean tree passes, each of %d violations fails" % len(VIOLATIONS)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
