# --html: the report, rendered by a real browser (headless Chromium, the
# Debian package src/tools/setup.sh installs) and checked by
# report_check.py against `snoop -r CAP -c` of the same capture.

# Chromium as root: no sandbox (it refuses to start as root with one), no
# GPU, nothing in the background that would itself go to the network;
# every request it makes goes to the proxy on port $2, which counts them.
chromium_run() {   # PORT ARGS...
	local port=$1
	shift
	timeout 60 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync --disable-default-apps \
		--disable-extensions --no-pings --disable-domain-reliability --disable-breakpad \
		--disable-features=NetworkTimeServiceQuerying,OptimizationHints,Translate,MediaRouter \
		--user-data-dir="$T/chromium-profile" --proxy-server="http://127.0.0.1:$port" \
		--proxy-bypass-list='<-loopback>' --host-resolver-rules='MAP * ~NOTFOUND, EXCLUDE 127.0.0.1' "$@"
}

# A listener that writes one line to $T/requests.log per connection made
# to it: chromium_run's proxy. Its port in proxy_port, its pid in proxy_pid.
start_request_counter() {
	rm -f "$T/requests.log" "$T/proxy.port"
	python3 - "$T/requests.log" "$T/proxy.port" <<'EOF' &
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
open(sys.argv[2], "w").write(str(s.getsockname()[1]))
while True:
    c, _ = s.accept()
    c.settimeout(2)
    try:
        first = c.recv(4096).split(b"\r\n")[0]
    except OSError:
        first = b"?"
    with open(sys.argv[1], "a") as log:
        log.write(first.decode("latin-1") + "\n")
    c.close()
EOF
	proxy_pid=$!
	local i; for i in $(seq 1 50); do [ -s "$T/proxy.port" ] && break; sleep 0.1; done
	proxy_port=$(cat "$T/proxy.port")
}

# The requests the counter saw but Chromium's own services' (time,
# updates, accounts), which its flags do not all stop.
page_requests() {
	grep -Ev '(google|googleapis|gstatic|gvt1)\.com[:/]' "$T/requests.log" 2> /dev/null
}

# The traced workload: threads, a failed open of a hostile path by a
# shell renamed to a hostile name (a comm is at most 15 bytes).
HOSTILE_COMM='<i id=pwn>x</i>'
HOSTILE_PATH="/nonexistent/</code><script>document.title='PWNED'</script>"
write_report_workload() {
	cat > "$T/workload.sh" <<'EOF'
printf %s "$1" > /proc/$$/comm
: < "$2"
"$3" threads 4
"$3" basic
exit 0
EOF
}

# The report of a capture, rendered: DOM and screenshot match the capture's
# -c, nothing is loaded, the hostile names are text. REPORT_PNG=FILE keeps
# the screenshot (docs/report.png is made so: see README's Pictures).
t_html_report() {
	local name="--html: the report renders in Chromium with the capture's syscalls, counts and histograms, loads nothing, escapes the traced"
	command -v chromium > /dev/null || { skip "$name" "no chromium (src/tools/setup.sh installs it)"; return; }
	write_report_workload
	$SNOOP -f -w "$T/rep.cap" -- bash "$T/workload.sh" "$HOSTILE_COMM" "$HOSTILE_PATH" "$PROBE" \
		> /dev/null 2> "$T/rep.err" || { fail "$name" "snoop -w: $(cat "$T/rep.err")"; return; }
	$SNOOP -r "$T/rep.cap" -c -o "$T/rep.sum" &&
		$SNOOP -r "$T/rep.cap" --html="$T/rep.html" -o "$T/rep.txt" 2> "$T/rep.err" ||
		{ fail "$name" "snoop -r --html: $(cat "$T/rep.err")"; return; }
	grep -q "$HOSTILE_COMM" "$T/rep.txt" || { fail "$name" "the workload's renamed shell is not in the trace"; return; }
	# the page as a browser without JavaScript shows it: its own policy
	# forbids its scripts (Chromium's flags to disable them stop --dump-dom too)
	sed "s/script-src 'unsafe-inline'/script-src 'none'/" "$T/rep.html" > "$T/nojs.html"
	start_request_counter
	chromium_run "$proxy_port" --dump-dom "file://$T/rep.html" > "$T/rep.dom" 2> "$T/chromium.err" &&
		chromium_run "$proxy_port" --dump-dom "file://$T/rep.html#us=100-300" > "$T/zoom.dom" 2>> "$T/chromium.err" &&
		chromium_run "$proxy_port" --dump-dom "file://$T/nojs.html" > "$T/nojs.dom" 2>> "$T/chromium.err" &&
		chromium_run "$proxy_port" --window-size=1200,1400 --screenshot="$T/rep.png" "file://$T/rep.html" \
			> /dev/null 2>> "$T/chromium.err" ||
		{ kill "$proxy_pid"; fail "$name" "chromium: $(tail -3 "$T/chromium.err")"; return; }
	local requests
	requests=$(page_requests)
	# the counter itself, shown it would see a request: a page that loads one
	printf '<img src="http://snoop-test.invalid/x.png">' > "$T/loads.html"
	chromium_run "$proxy_port" --dump-dom "file://$T/loads.html" > /dev/null 2>&1
	sleep 0.5
	local control
	control=$(page_requests)
	kill "$proxy_pid"
	wait "$proxy_pid" 2> /dev/null
	[ -z "$requests" ] || { fail "$name" "the report made requests: $requests"; return; }
	[ -n "$control" ] || { fail "$name" "the request counter saw no request from a page that makes one"; return; }
	# without JavaScript: the SVG timeline and the tables, no canvas
	grep -q '<svg id="tl-svg"' "$T/nojs.dom" && grep -q '<table id="by-time">' "$T/nojs.dom" &&
		! grep -q '<canvas' "$T/nojs.dom" || { fail "$name" "without JavaScript the page is not its SVG and tables"; return; }
	# the zoom: the canvas drawn from 100 us to 300 us
	grep -q '<canvas [^>]*data-view-us="100-300"' "$T/zoom.dom" ||
		{ fail "$name" "#us=100-300 drew $(grep -o 'data-view-us="[^"]*"' "$T/zoom.dom")"; return; }
	python3 tests/integration/report_check.py "$T/rep.html" "$T/rep.dom" "$T/rep.png" "$T/rep.sum" \
		"$HOSTILE_COMM" "$HOSTILE_PATH" > "$T/check.out" || { fail "$name" "$(cat "$T/check.out")"; return; }
	[ -n "${REPORT_PNG:-}" ] && cp "$T/rep.png" "$REPORT_PNG"
	ok "$name"
}

# Live: the report is written at the end of a run that SIGINT stops, beside
# the text output, and holds what the text holds.
t_html_live_sigint() {
	local name="--html: a live run stopped by SIGINT writes its report beside -o's text"
	$PROBE storm 100000000 > /dev/null &
	local pid=$!
	$SNOOP -p "$pid" -e getppid --html="$T/live.html" -o "$T/live.txt" 2> "$T/live.err" &
	local sp=$!
	wait_ready "$T/live.txt" || { kill "$sp" "$pid"; fail "$name" "snoop did not start: $(cat "$T/live.err")"; return; }
	sleep 0.3
	kill -INT "$sp"
	wait "$sp"
	local rc=$?
	kill "$pid"
	wait "$pid" 2> /dev/null
	[ "$rc" = 0 ] || { fail "$name" "snoop exited $rc: $(cat "$T/live.err")"; return; }
	local text html
	text=$(grep -v '^#' "$T/live.txt" | grep ' getppid ' | grep -vc 'unfinished')   # -c counts finished calls
	html=$(grep -o '<td class="calls">[0-9]*</td>' "$T/live.html" | head -1 | tr -dc 0-9)
	[ "$text" -gt 0 ] && [ "$text" = "$html" ] && grep -q '>getppid</a>' "$T/live.html" &&
		ok "$name" || fail "$name" "getppid lines $text, the report's first row counts ${html:-nothing}"
}

# -c with --html: the records cross for the report while -c's table is
# the text; --html's file must not be -o's; --prepare has no records.
t_html_combinations() {
	local name="--html: with -c the records still reach the report; refused where it cannot work"
	$SNOOP -c --html="$T/c.html" -o "$T/c.txt" -- $PROBE basic > /dev/null 2> "$T/c.err"
	[ $? = 7 ] || { fail "$name" "snoop -c --html: not the probe's status 7: $(cat "$T/c.err")"; return; }
	local calls
	calls=$(awk '$NF == "close" { print $6 }' "$T/c.txt")
	grep -q "<a href=\"#h-close\">close</a></td><td>[0-9.]*</td><td>[0-9.]*</td><td class=\"calls\">$calls</td>" "$T/c.html" ||
		{ fail "$name" "-c says close $calls, the report: $(grep -o 'h-close">close.\{0,80\}' "$T/c.html")"; return; }
	$SNOOP --html="$T/same" -o "$T/same" -- true > /dev/null 2> "$T/same.err" &&
		{ fail "$name" "--html and -o on one file were accepted"; return; }
	grep -q "^snoop: --html $T/same is the file of -o" "$T/same.err" ||
		{ fail "$name" "message: $(cat "$T/same.err")"; return; }
	$SNOOP --prepare --html="$T/p.html" > /dev/null 2> "$T/p.err" &&
		{ fail "$name" "--prepare --html was accepted"; return; }
	ok "$name"
}

# A 1M-record capture's report: written and rendered with every call
# counted (the timings are docs/PERFORMANCE.md's, not asserted here).
# Captured with --lossless: a busy machine's slow disk made the storm
# lose records, and the test skip, in CI.
t_html_million() {
	local name="--html: a 1M-record capture's report renders with its 1,000,000 getppid"
	command -v chromium > /dev/null || { skip "$name" "no chromium (src/tools/setup.sh installs it)"; return; }
	$SNOOP --lossless -f -w "$T/m.cap" -- $PROBE storm 1000000 > /dev/null 2> "$T/m.err" &&
		$SNOOP -r "$T/m.cap" -c -o "$T/m.sum" && $SNOOP -r "$T/m.cap" --html="$T/m.html" -o /dev/null 2>> "$T/m.err" ||
		{ fail "$name" "snoop: $(cat "$T/m.err")"; rm -f "$T/m.cap"; return; }
	rm -f "$T/m.cap"
	grep -q '^# lost' "$T/m.sum" && { fail "$name" "--lossless lost records: $(grep '^# lost' "$T/m.sum" | head -3)"; return; }
	start_request_counter
	chromium_run "$proxy_port" --dump-dom "file://$T/m.html" > "$T/m.dom" 2> "$T/chromium.err" &&
		chromium_run "$proxy_port" --window-size=1200,1400 --screenshot="$T/m.png" "file://$T/m.html" \
			> /dev/null 2>> "$T/chromium.err"
	local rc=$? requests
	requests=$(page_requests)
	kill "$proxy_pid"
	wait "$proxy_pid" 2> /dev/null
	[ $rc = 0 ] || { fail "$name" "chromium: $(tail -3 "$T/chromium.err")"; return; }
	[ -z "$requests" ] || { fail "$name" "the report made requests: $requests"; return; }
	awk '$NF == "getppid" && $6 == 1000000 { found = 1 } END { exit !found }' "$T/m.sum" ||
		{ fail "$name" "-c does not count 1000000 getppid: $(grep getppid "$T/m.sum")"; return; }
	python3 tests/integration/report_check.py "$T/m.html" "$T/m.dom" "$T/m.png" "$T/m.sum" > "$T/check.out" &&
		ok "$name" || fail "$name" "$(cat "$T/check.out")"
}
