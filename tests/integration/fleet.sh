# --to: records sent to a real collector. Each test starts its own rsyslog
# (Debian's rsyslog and rsyslog-gnutls; src/tools/setup.sh installs them)
# on localhost ports of its own, with its config and work files in $T, never
# the system's rsyslog service; fleet_check.py parses back what it wrote.

# A free TCP/UDP port on 127.0.0.1 (asked of the kernel, then let go).
free_port() {
	python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); u = socket.socket(type=socket.SOCK_DGRAM)
p = s.getsockname()[1]; u.bind(("127.0.0.1", p)); print(p)'
}

# rsyslog_conf DIR PORT tcp|udp|tls|mtls: a config that writes each
# message's fields as one JSON object to DIR/received.json; mtls: TLS that
# takes only clients with a certificate of the test's CA
rsyslog_conf() {
	local dir=$1 port=$2 kind=$3
	{
		printf 'global(workDirectory="%s" maxMessageSize="64k"' "$dir"
		[ "${kind#m}" = tls ] && printf '\n  DefaultNetstreamDriver="gtls" DefaultNetstreamDriverCAFile="%s/ca.pem"\n  DefaultNetstreamDriverCertFile="%s/srv.pem" DefaultNetstreamDriverKeyFile="%s/srv.key"' "$dir" "$dir" "$dir"
		printf ')\n'
		case $kind in
		tcp) printf 'module(load="imtcp")\ninput(type="imtcp" address="127.0.0.1" port="%s")\n' "$port" ;;
		udp) printf 'module(load="imudp")\ninput(type="imudp" address="127.0.0.1" port="%s" rcvbufSize="16m")\n' "$port" ;;
		tls) printf 'module(load="imtcp" StreamDriver.Name="gtls" StreamDriver.Mode="1" StreamDriver.AuthMode="anon")\ninput(type="imtcp" address="127.0.0.1" port="%s")\n' "$port" ;;
		mtls) printf 'module(load="imtcp" StreamDriver.Name="gtls" StreamDriver.Mode="1" StreamDriver.AuthMode="x509/certvalid")\ninput(type="imtcp" address="127.0.0.1" port="%s")\n' "$port" ;;
		esac
		cat <<-'EOF'
		template(name="fields" type="list" option.jsonf="on") {
		  property(outname="hostname" name="hostname" format="jsonf")
		  property(outname="app" name="app-name" format="jsonf")
		  property(outname="procid" name="procid" format="jsonf")
		  property(outname="msgid" name="msgid" format="jsonf")
		  property(outname="timestamp" name="timereported" dateFormat="rfc3339" format="jsonf")
		  property(outname="sd" name="structured-data" format="jsonf")
		  property(outname="msg" name="msg" format="jsonf")
		}
		EOF
		printf 'action(type="omfile" file="%s/received.json" template="fields")\n' "$dir"
	} > "$dir/rsyslog.conf"
}

# A throw-away CA, a server certificate for localhost (CN and SAN) and a
# client certificate (cli.pem, cli.key).
make_certs() {
	local d=$1
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
		-keyout "$d/ca.key" -out "$d/ca.pem" -subj /CN=snoop-test-ca > "$d/openssl.log" 2>&1 &&
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout "$d/srv.key" -out "$d/srv.csr" -subj /CN=localhost >> "$d/openssl.log" 2>&1 &&
	printf 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > "$d/ext" &&
	openssl x509 -req -in "$d/srv.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial -days 1 \
		-extfile "$d/ext" -out "$d/srv.pem" >> "$d/openssl.log" 2>&1 &&
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout "$d/cli.key" -out "$d/cli.csr" -subj /CN=snoop-test-client >> "$d/openssl.log" 2>&1 &&
	printf 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n' > "$d/cliext" &&
	openssl x509 -req -in "$d/cli.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial -days 1 \
		-extfile "$d/cliext" -out "$d/cli.pem" >> "$d/openssl.log" 2>&1
}

# rsyslog_start DIR PORT KIND: rsyslogd in the foreground (-n) with DIR's
# config, until rsyslog_stop; waits until the port is open.
rsyslog_start() {
	local dir=$1 port=$2 kind=$3 i proto=-t
	[ "$kind" = udp ] && proto=-u
	rsyslogd -n -f "$dir/rsyslog.conf" -i "$dir/rsyslogd.pid" >> "$dir/rsyslogd.log" 2>&1 &
	rs_pid=$!
	for i in $(seq 1 100); do
		ss -ln $proto "sport = :$port" | grep -q ":$port" && return 0
		kill -0 $rs_pid 2>/dev/null || break
		sleep 0.05
	done
	echo "rsyslogd did not start: $(cat "$dir/rsyslogd.log")"
	return 1
}

rsyslog_stop() {
	kill "$rs_pid" 2>/dev/null
	wait "$rs_pid" 2>/dev/null
}

# Is rsyslog usable here? Prints why not.
rsyslog_missing() {
	local k=${1:-}
	command -v rsyslogd > /dev/null || { echo "rsyslogd not installed (sh src/tools/setup.sh installs rsyslog)"; return 0; }
	[ "${k#m}" = tls ] && ! ls /usr/lib/x86_64-linux-gnu/rsyslog/lmnsd_gtls.so > /dev/null 2>&1 &&
		{ echo "rsyslog-gnutls not installed (sh src/tools/setup.sh installs it)"; return 0; }
	[ "${k#m}" = tls ] && ! command -v openssl > /dev/null && { echo "openssl not installed"; return 0; }
	return 1
}

# Lines rsyslog wrote (it writes at the end of each batch it took).
received_lines() { [ -f "$1/received.json" ] && wc -l < "$1/received.json" || echo 0; }

# fleet_setup NAME KIND: a directory, a port and a running rsyslog (0), or
# the test skipped or failed (1). Sets fdir, fport.
fleet_setup() {
	local name=$1 kind=$2 why
	if why=$(rsyslog_missing "$kind"); then
		[ -n "${CI:-}" ] && { fail "$name" "$why"; return 1; }
		skip "$name" "$why"
		return 1
	fi
	fdir=$(mktemp -d "$T/fleet-XXXXXX")
	fport=$(free_port)
	if [ "${kind#m}" = tls ] && ! make_certs "$fdir"; then
		fail "$name" "openssl: $(cat "$fdir/openssl.log")"
		return 1
	fi
	rsyslog_conf "$fdir" "$fport" "$kind"
	rsyslog_start "$fdir" "$fport" "$kind" > "$fdir/start.err" || { fail "$name" "$(cat "$fdir/start.err")"; return 1; }
}

# The probe's decoded calls (quotes, brackets, cut strings, sockaddrs),
# children, their signals and ends: every kind of record.
fleet_workload() { echo "$PROBE decode 'a\"b]c\\\\d' x; $PROBE fork; $PROBE storm 3000"; }

# fleet_deliver NAME KIND URL [snoop options]: trace the workload with -o
# and --to=URL, then compare what rsyslog wrote.
fleet_deliver() {
	local name=$1 kind=$2 url=$3 mode=exact
	shift 3
	fleet_setup "$name" "$kind" || return
	set -- "${@//@DIR@/$fdir}"
	[ "$kind" = udp ] && mode=udp
	$SNOOP -f -s 256 -o "$fdir/local.txt" --to="$url$fport" "$@" -- sh -c "$(fleet_workload)" 2> "$fdir/snoop.err"
	local rc=$? want
	want=$(grep -vc '^#' "$fdir/local.txt")
	# rsyslog writes in batches: until the last record is there (5 s at most)
	for _ in $(seq 1 50); do [ "$(received_lines "$fdir")" -gt "$want" ] && break; sleep 0.1; done
	rsyslog_stop
	[ $rc -eq 0 ] && [ ! -s "$fdir/snoop.err" ] || { fail "$name" "exit $rc: $(cat "$fdir/snoop.err")"; return; }
	python3 tests/integration/fleet_check.py $mode "$fdir/local.txt" "$fdir/received.json" "$url$fport" > "$fdir/check" &&
		ok "$name ($(cat "$fdir/check"))" || fail "$name" "$(cat "$fdir/check")"
}

t_fleet_tcp() {
	fleet_deliver "--to=tcp://: every record reaches rsyslog exactly once, its structured data says what its line says" \
		tcp tcp://127.0.0.1:
}

t_fleet_tls() {
	fleet_deliver "--to=tls:// (RFC 5425, --to-ca): every record reaches rsyslog's gtls input exactly once" \
		tls tls://localhost: --to-ca=@DIR@/ca.pem
	# a collector that takes only clients with a certificate of its CA
	fleet_deliver "--to=tls:// with --to-cert and --to-key: rsyslog's x509/certvalid input takes them" \
		mtls tls://localhost: --to-ca=@DIR@/ca.pem --to-cert=@DIR@/cli.pem --to-key=@DIR@/cli.key
}

t_fleet_udp() {
	fleet_deliver "--to=udp://: one record per datagram, those past 1452 bytes cut and marked, none twice" \
		udp udp://127.0.0.1:
}

# rsyslog stopped while records are made, then started again: delivery
# resumes on a new connection (with the header again), nothing arrives
# twice, and what did not arrive is what snoop says it dropped.
t_fleet_restart() {
	local name="--to with the collector stopped and started again: delivery resumes, delivered + dropped = records made"
	fleet_setup "$name" tcp || return
	cp "$PROBE" "$fdir/fleetprobe"
	$SNOOP -n fleetprobe -o "$fdir/local.txt" --to=tcp://127.0.0.1:$fport --to-buffer=64K 2> "$fdir/snoop.err" &
	local sp=$! n
	wait_ready "$fdir/local.txt" || { kill $sp; fail "$name" "snoop did not start: $(cat "$fdir/snoop.err")"; return; }
	"$fdir/fleetprobe" storm 2000
	# all of it at the collector before it stops: nothing in flight
	for _ in $(seq 1 100); do [ "$(received_lines "$fdir")" -gt 2000 ] && break; sleep 0.1; done
	rsyslog_stop
	sleep 0.3   # snoop sees the connection closed
	"$fdir/fleetprobe" storm 3000   # a 64 KiB buffer keeps ~250 of these
	sleep 0.5
	rsyslog_start "$fdir" "$fport" tcp > "$fdir/restart.err" || { kill $sp; fail "$name" "$(cat "$fdir/restart.err")"; return; }
	# the backoff is at most 10 s; the header comes first on a new connection
	for _ in $(seq 1 150); do
		n=$(grep -c '"msgid":"header"' "$fdir/received.json")
		[ "$n" -ge 2 ] && break
		sleep 0.1
	done
	"$fdir/fleetprobe" storm 2000
	kill -INT $sp
	wait $sp
	n=$(grep -vc '^#' "$fdir/local.txt")
	for _ in $(seq 1 50); do
		python3 tests/integration/fleet_check.py restart "$fdir/local.txt" "$fdir/received.json" tcp://127.0.0.1:$fport > "$fdir/check" && break
		sleep 0.1
	done
	rsyslog_stop
	grep -q "dropped [0-9]* records" "$fdir/snoop.err" || { fail "$name" "no drop count on stderr: $(cat "$fdir/snoop.err")"; return; }
	grep -q '^ok' "$fdir/check" && ok "$name ($(cat "$fdir/check"))" || fail "$name" "$(cat "$fdir/check")"
}

# A capture sent later: snoop -r FILE --to (a full queue waits there).
# Its not-stored counts (a run whose kernel tables were full) go too, as
# notes after the records.
t_fleet_replay() {
	local name="-r FILE --to: a saved capture reaches rsyslog, every record once, its not-stored counts too"
	fleet_setup "$name" tcp || return
	$SNOOP -f -w "$fdir/cap" -- sh -c "$(fleet_workload)" > /dev/null 2>&1
	python3 tests/integration/cap_unstored.py "$fdir/cap" 0:3 1:1 || { rsyslog_stop; fail "$name" "cap_unstored.py"; return; }
	$SNOOP -r "$fdir/cap" -o "$fdir/local.txt" --to=tcp://127.0.0.1:$fport 2> "$fdir/snoop.err" ||
		{ rsyslog_stop; fail "$name" "$(cat "$fdir/snoop.err")"; return; }
	# the header, the records and the two notes
	for _ in $(seq 1 50); do [ "$(received_lines "$fdir")" -gt "$(grep -vc '^# [st]' "$fdir/local.txt")" ] && break; sleep 0.1; done
	rsyslog_stop
	python3 tests/integration/fleet_check.py exact "$fdir/local.txt" "$fdir/received.json" tcp://127.0.0.1:$fport > "$fdir/check" &&
		grep -q ' not-stored notes=2$' "$fdir/check" && ok "$name ($(cat "$fdir/check"))" || fail "$name" "$(cat "$fdir/check")"
}

# --to-format=json: JSON Lines on a TCP stream (what Vector's and Fluent
# Bit's socket sources read), to a plain listener: the lines are the local
# JSON output's, valid against the schema.
t_fleet_json() {
	local name="--to-format=json: the JSON Lines of the local output, over TCP"
	local d; d=$(mktemp -d "$T/fleet-XXXXXX")
	tcp_sink "$d/received.jsonl" "$d/port"
	local lp=$tcp_sink_pid
	$SNOOP --format=json -o "$d/local.jsonl" --to=tcp://127.0.0.1:$(cat "$d/port") --to-format=json -- $PROBE basic 2> "$d/err"
	[ $? -eq 7 ] || { kill $lp; fail "$name" "$(cat "$d/err")"; return; }
	wait $lp
	cmp -s "$d/local.jsonl" "$d/received.jsonl" || { fail "$name" "$(diff "$d/local.jsonl" "$d/received.jsonl" | head -5)"; return; }
	check_json "$d/received.jsonl" && ok "$name" || fail "$name" "$(cat "$T/json_check.out")"
}

# What is refused before tracing starts: one line, the reason and the fix.
t_fleet_errors() {
	expect_error "--to: a URL of another scheme" 2 "invalid --to argument: 'http://x:1': give tcp://HOST:PORT" \
		$SNOOP --to=http://x:1 -- true
	expect_error "--to: a port out of range" 2 "the port is not a number from 1 to 65535" $SNOOP --to=tcp://h:70000 -- true
	expect_error "--to: an IPv6 address without its ]" 2 "needs its closing" $SNOOP --to=udp://[::1:514 -- true
	expect_error "--to: no host" 2 "no host" $SNOOP --to=tls://:6514 -- true
	expect_error "--to-ca without a tls:// destination" 2 "apply to TLS" $SNOOP --to=tcp://h:1 --to-ca=/x -- true
	expect_error "--to-buffer out of range" 2 "invalid --to-buffer argument" $SNOOP --to=tcp://h:1 --to-buffer=1K -- true
	expect_error "--to with -c" 2 "use -C" $SNOOP -c --to=tcp://h:1 -- true
	expect_error "--to: a name that does not resolve" 1 "cannot resolve no-such-host.invalid" \
		$SNOOP --to=tcp://no-such-host.invalid:514 -- true
	local name="--to=tls://: an untrusted certificate and a name mismatch are errors before tracing"
	fleet_setup "$name" tls || return
	expect_error "$name: untrusted" 1 "certificate is not trusted: .*(fix: give the CA that signed it with --to-ca=FILE" \
		$SNOOP --to=tls://localhost:$fport -- true
	expect_error "$name: mismatch" 1 "certificate is not for 127.0.0.1: IP address mismatch (fix: " \
		$SNOOP --to=tls://127.0.0.1:$fport --to-ca="$fdir/ca.pem" -- true
	expect_error "$name: a client key that is not the certificate's" 1 "cannot use the client key" \
		$SNOOP --to=tls://localhost:$fport --to-ca="$fdir/ca.pem" --to-cert="$fdir/srv.pem" --to-key="$fdir/ca.key" -- true
	expect_error "$name: not a PEM CA file" 1 "cannot load CA certificates" \
		$SNOOP --to=tls://localhost:$fport --to-ca="$fdir/ext" -- true
	rsyslog_stop
	grep -q '"app":"snoop"' "$fdir/received.json" 2>/dev/null && fail "$name" "rsyslog received records: $(head -2 "$fdir/received.json")"
	# TLS 1.3: a collector says what it thinks of the client certificate
	# after the client's handshake is over; snoop waits for that verdict
	name="--to=tls://: a collector that refuses the client certificate, or its absence, is an error before tracing"
	fleet_setup "$name" mtls || return
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=stranger \
		-keyout "$fdir/stranger.key" -out "$fdir/stranger.pem" >> "$fdir/openssl.log" 2>&1
	expect_error "$name: none given" 1 "asked for a client certificate and closed the connection without one (fix: give --to-cert=FILE" \
		$SNOOP --to=tls://localhost:$fport --to-ca="$fdir/ca.pem" -- true
	expect_error "$name: another CA's" 1 "refused the client certificate.*(fix: give --to-cert a certificate signed by a CA the collector trusts)" \
		$SNOOP --to=tls://localhost:$fport --to-ca="$fdir/ca.pem" --to-cert="$fdir/stranger.pem" --to-key="$fdir/stranger.key" -- true
	rsyslog_stop
	grep -q '"app":"snoop"' "$fdir/received.json" 2>/dev/null && fail "$name" "rsyslog received records: $(head -2 "$fdir/received.json")"
}
