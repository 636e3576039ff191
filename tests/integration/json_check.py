#!/usr/bin/env python3
"""snoop's JSON Lines output held to docs/snoop.schema.json.

    json_check.py SCHEMA JSONL [TEXT]

Every line must be one strict JSON object valid against the schema, the
header first and only there. Given TEXT, the same records as text (a replay
of the same capture), the records must pair one to one (type, time, pid,
tid, syscall), and the bytes of every C string literal in a text record's
arguments must stand, in order, among the strings of the JSON record's
arguments, as Python's surrogateescape gives them back (docs/FORMAT.md).
Prints "ok: N lines" or the first problem, and exits 1 on a problem.
"""
import json
import re
import sys

import jsonschema

LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"')
ESCAPES = {'"': b'"', "\\": b"\\", "n": b"\n", "t": b"\t", "r": b"\r"}


def reject_constant(name):
    raise ValueError("not JSON: " + name)


def c_bytes(text):
    """The bytes of a C string literal's contents as fmt_escape writes them."""
    out, i = bytearray(), 0
    while i < len(text):
        if text[i] != "\\":
            out += text[i].encode()
            i += 1
        elif text[i + 1] == "x":
            out.append(int(text[i + 2:i + 4], 16))
            i += 4
        else:
            out += ESCAPES[text[i + 1]]
            i += 2
    return bytes(out)


def strings(value):
    """Every string in a JSON value, in order."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)


def load(path, validator):
    lines = []
    with open(path, "rb") as f:
        for n, raw in enumerate(f, 1):
            try:
                rec = json.loads(raw.decode("utf-8"), parse_constant=reject_constant)
            except (UnicodeDecodeError, ValueError) as e:
                sys.exit("%s:%d: %s: %r" % (path, n, e, raw[:200]))
            err = jsonschema.exceptions.best_match(validator.iter_errors(rec))
            if err:
                sys.exit("%s:%d: %s at %s: %s" % (path, n, err.message, list(err.absolute_path), raw[:300]))
            if (rec["type"] == "header") != (n == 1):
                sys.exit("%s:%d: the header must be the first line, and only it" % (path, n))
            lines.append(rec)
    if not lines:
        sys.exit("%s: no header" % path)
    return lines


def text_records(path):
    """(type, time, pid, tid, syscall, args text) of each record line of a text output."""
    out = []
    for line in open(path, encoding="utf-8", errors="surrogateescape"):
        if line.startswith("# lost"):
            out.append(("lost", None, None, None, None, ""))
        elif line.startswith("# dropped"):
            out.append(("dropped", None, None, None, None, ""))
        elif line.startswith("# untraced ") or line.startswith("# unkept "):
            out.append((line.split()[1], None, None, None, None, line.split()[2]))
        elif not line.startswith("#"):
            f = line.rstrip("\n").split(None, 7)
            kind = {"---": "signal", "+++": "exit"}.get(f[3], "syscall")
            args = f[7] if kind == "syscall" and len(f) > 7 else ""
            out.append((kind, f[0], int(f[1]), int(f[2]), f[3].replace("ia32:", ""), args))
    return out


def same_records(recs, text, path):
    if len(recs) != len(text):
        sys.exit("%s: %d JSON records, %d text records" % (path, len(recs), len(text)))
    for n, (rec, (kind, time, pid, tid, name, args)) in enumerate(zip(recs, text), 2):
        if rec["type"] != kind:
            sys.exit("%s:%d: a %s record where the text has a %s" % (path, n, rec["type"], kind))
        if kind in ("untraced", "unkept") and str(rec["count"]) != args:
            sys.exit("%s:%d: %r is not the text's count %s" % (path, n, rec, args))
        if kind in ("lost", "dropped", "untraced", "unkept"):
            continue
        want_time = "%010d.%09d" % divmod(rec["time_ns"], 10**9)
        if (time, pid, tid) != (want_time, rec["pid"], rec["tid"]) or (kind == "syscall" and name != rec["syscall"]):
            sys.exit("%s:%d: %r is not the text's %s" % (path, n, rec, (time, pid, tid, name)))
        have = [s.encode("utf-8", "surrogateescape") for s in strings(rec.get("args", []))]
        for lit in LITERAL.findall(args):
            want = c_bytes(lit)
            while have and have[0] != want:
                have.pop(0)
            if not have:
                sys.exit("%s:%d: the text's string %r is not in the JSON args %r" % (path, n, lit, rec["args"]))
            have.pop(0)


def main():
    schema = json.load(open(sys.argv[1]))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    lines = load(sys.argv[2], validator)
    if len(sys.argv) > 3:
        same_records(lines[1:], text_records(sys.argv[3]), sys.argv[2])
    print("ok: %d lines" % len(lines))


if __name__ == "__main__":
    main()
