#!/usr/bin/env python3
"""serve.py DIR TRACE PORTFILE LOG - a throw-away HTTP server on 127.0.0.1
for viewer.html: DIR's files (the page, the trace engine in node_modules)
and TRACE as /trace.json, on a free port it writes to PORTFILE. Chromium
imports ES modules over HTTP only (file:// imports are cross-origin).

It is also the proxy tests/integration/report.sh's chromium_run sends every
request to: requests for this server are served, anything else (Chromium's
own services, a page reaching out) is refused. LOG gets one line per
request, the test's evidence of what the page loaded."""
import functools, http.server, sys, urllib.parse

root, trace, portfile, log = sys.argv[1:5]


class Handler(http.server.SimpleHTTPRequestHandler):
    # modules must come as JavaScript: older Pythons know no .mjs
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".mjs": "text/javascript", ".js": "text/javascript"}

    def do_GET(self):
        with open(log, "a") as f:
            f.write(f"{self.command} {self.path}\n")
        url = urllib.parse.urlsplit(self.path)
        here = f"127.0.0.1:{self.server.server_address[1]}"
        if url.netloc not in ("", here):   # through the proxy, elsewhere
            self.send_error(403, "snoop's viewer test loads nothing from elsewhere")
            return
        self.path = url.path + (f"?{url.query}" if url.query else "")
        if url.path == "/trace.json":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            with open(trace, "rb") as f:
                self.wfile.write(f.read())
            return
        super().do_GET()

    def do_CONNECT(self):   # https through the proxy: never
        with open(log, "a") as f:
            f.write(f"{self.command} {self.path}\n")
        self.send_error(403)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(
    ("127.0.0.1", 0), functools.partial(Handler, directory=root))
with open(portfile, "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
