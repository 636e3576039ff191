#!/usr/bin/env python3
"""--html's report as headless Chromium rendered it, checked against the
capture it came from (tests/integration/report.sh).

  report_check.py HTML DOM PNG SUMMARY [HOSTILE_TEXT...]

HTML: the file snoop wrote; DOM: chromium --dump-dom of it (after its
script ran); PNG: chromium --screenshot of it; SUMMARY: `snoop -r CAP -c`
of the same capture. HOSTILE_TEXT: strings from the traced programs that
must show as text, never as markup.

Checks: every syscall row of -c is in the report's table with the same
calls and errors, and nothing more; each syscall's histogram adds up to
its calls; the script ran (the canvas replaced the SVG); the page loads
nothing (no src or href but a fragment or data:, no <link>, no external
script); no element came from the traced programs (only the report's two
scripts, no id="pwn"), and each hostile text is in the page's text; the
screenshot is not blank (many distinct colours). Prints the problems,
exits 1 if there is any.
"""
import html.parser
import re
import struct
import sys
import zlib


class Page(html.parser.HTMLParser):
    """Tables by id (rows of cell texts), the elements seen, links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self.elements, self.links, self.text = {}, [], [], []
        self.hists = {}
        self._table = self._row = self._cell = None
        self._hist = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a))
        for k in ("src", "href", "action", "data", "poster", "srcset"):
            if k in a:
                self.links.append((tag, k, a[k]))
        if tag == "table" and a.get("id"):
            self._table = self.tables.setdefault(a["id"], [])
        elif tag == "details" and a.get("id", "").startswith("h-"):
            self._hist = self.hists.setdefault(a["id"][2:], [])
        elif tag == "tr" and (self._table is not None or self._hist is not None):
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            (self._table if self._table is not None else self._hist).append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None
        elif tag == "details":
            self._hist = None

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def parse(text):
    p = Page()
    p.feed(text)
    return p


def summary_rows(path):
    """-c's table: {syscall: (calls, errors)}."""
    rows = {}
    for line in open(path):
        f = line.split()
        if len(f) >= 6 and re.match(r"^\d+\.\d+$", f[0]) and f[-1] != "total":
            errors = int(f[6]) if len(f) == 8 else 0
            rows[f[-1]] = (int(f[5]), errors)
    return rows


def png_colours(path):
    """Distinct pixel values of an 8-bit RGB/RGBA PNG (filters undone)."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, w = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            if depth != 8 or ctype not in (2, 6):
                raise ValueError("PNG of depth %d type %d" % (depth, ctype))
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw, stride, prev, seen, i = zlib.decompress(idat), w * bpp, bytearray(w * bpp), set(), 0
    for _ in range(h):
        ftype, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            if ftype == 1:
                line[x] = (line[x] + a) & 255
            elif ftype == 2:
                line[x] = (line[x] + b) & 255
            elif ftype == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        seen.update(bytes(line[k:k + bpp]) for k in range(0, stride, bpp * 7))
        prev = line
    return len(seen)


def main():
    html_path, dom_path, png_path, summary_path = sys.argv[1:5]
    hostile = sys.argv[5:]
    problems = []
    src = open(html_path, encoding="utf-8", errors="replace").read()
    page, dom = parse(src), parse(open(dom_path, encoding="utf-8", errors="replace").read())

    want = summary_rows(summary_path)
    got = {r[0]: (int(r[3]), int(r[4])) for r in dom.tables.get("by-time", [])[1:]}
    if not want:
        problems.append("the -c summary has no rows")
    if got != want:
        problems.append("syscalls table %s, -c says %s" % (sorted(got.items()), sorted(want.items())))
    for name, (calls, _) in want.items():
        rows = dom.hists.get(name)
        total = sum(int(r[2]) for r in rows[1:]) if rows else -1
        if total != calls:
            problems.append("histogram of %s adds up to %d, not %d calls" % (name, total, calls))

    kinds = [t for t, _ in dom.elements]
    if "canvas" not in kinds:
        problems.append("no canvas: the report's script did not run")
    if not page.tables.get("by-time"):
        problems.append("the file itself has no syscalls table: it needs the script")
    scripts = [a for t, a in page.elements if t == "script"]
    if len(scripts) != 2 or any("src" in a for a in scripts):
        problems.append("scripts in the file: %s (the report has its data and its code)" % scripts)
    for tag, attr, value in page.links + dom.links:
        if not (value.startswith("#") or value.startswith("data:")):
            problems.append("<%s %s=%r> would load something" % (tag, attr, value))
    if re.search(r"(src|href)\s*=\s*[\"']?\s*(https?:|//)", src, re.I):
        problems.append("an http(s) src or href in the file")
    if "link" in kinds or "iframe" in kinds or "img" in kinds:
        problems.append("a <link>, <iframe> or <img> in the page")

    for tag, a in page.elements + dom.elements:
        if a.get("id") == "pwn" or any(k.startswith("on") for k in a):
            problems.append("markup from the traced program: <%s %s>" % (tag, a))
    text = "".join(dom.text)
    for h in hostile:
        if h not in text:
            problems.append("hostile text %r not shown as text" % h)
    if "<title>PWNED" in open(dom_path, errors="replace").read():
        problems.append("a traced program's script ran (the title changed)")

    try:
        colours = png_colours(png_path)
        if colours < 16:
            problems.append("screenshot has %d colours: blank?" % colours)
    except (ValueError, OSError, zlib.error) as e:
        problems.append("screenshot: %s" % e)

    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
