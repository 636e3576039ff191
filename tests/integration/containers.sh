# --container: real podman containers (crun) started from a local root
# filesystem, a static busybox, so no image is downloaded; and cgroups made
# here with a runtime's naming for what one podman cannot show (two IDs
# that share a prefix). src/tools/setup.sh installs podman, crun and
# busybox-static and makes crun able to run here.

# Why podman cannot be used here, or nothing (status 1).
podman_missing() {
	command -v podman > /dev/null || { echo "podman not installed (sh src/tools/setup.sh installs podman and crun)"; return 0; }
	[ -x /bin/busybox ] || { echo "/bin/busybox not installed (sh src/tools/setup.sh installs busybox-static)"; return 0; }
	ldd /bin/busybox > /dev/null 2>&1 &&
		{ echo "/bin/busybox is linked dynamically: a root filesystem of it alone needs busybox-static"; return 0; }
	return 1
}

# ctr_ready NAME: podman usable (0), or the test skipped (failed in CI) (1).
ctr_ready() {
	local why
	why=$(podman_missing) || return 0
	[ -n "${CI:-}" ] && { fail "$1" "$why"; return 1; }
	skip "$1" "$why"
	return 1
}

# A root filesystem of a static busybox, made once per run.
ctr_rootfs() {
	[ -x "$T/ctr-rootfs/bin/busybox" ] && return 0
	mkdir -p "$T/ctr-rootfs/bin" && cp /bin/busybox "$T/ctr-rootfs/bin/busybox"
}

# ctr_run NAME SCRIPT: a container named NAME running busybox sh -c SCRIPT,
# detached, without network (none is needed). 0, or 1 with $T/ctr.err.
# Its name is kept for ctr_cleanup, which run.sh's exit calls.
ctr_run() {
	echo "$1" >> "$T/ctr.names"
	ctr_rootfs && podman run -d --name "$1" --network=none --rootfs "$T/ctr-rootfs" \
		/bin/busybox sh -c "$2" > "$T/ctr.id" 2> "$T/ctr.err"
}

ctr_rm() { podman rm -f -t 0 "$@" > /dev/null 2>&1; }

# The containers this run started and a test that stopped half-way left.
ctr_cleanup() {
	[ -s "$T/ctr.names" ] && command -v podman > /dev/null && xargs podman rm -f -t 0 < "$T/ctr.names" > /dev/null 2>&1
	return 0
}

# snoop -v --container=REF until it traces, then stopped (it traces a
# container until it is stopped): its -v lines in $T/ctr-v.err.
ctr_verbose() {
	local spid
	rm -f "$T/ctr-v.out"
	$SNOOP -v --container="$1" -o "$T/ctr-v.out" 2> "$T/ctr-v.err" &
	spid=$!
	wait_ready "$T/ctr-v.out"
	kill -INT $spid 2> /dev/null
	wait $spid
}

# The cgroup2 mount, as snoop finds it.
cgroup2_mount() { awk '/ - cgroup2 /{print $5; exit}' /proc/self/mountinfo; }

# The -v line naming a running container: by its name, its full ID and a
# unique prefix of its ID, the same container and the cgroup its first
# process is in.
t_container_resolve() {
	local name="--container: a running podman container by name, full ID and ID prefix -> its cgroup v2 directory"
	ctr_ready "$name" || return
	local ctr="snoop-it-ctr-$$" id pid want ref
	ctr_run "$ctr" 'while :; do /bin/busybox sleep 1; done' || { fail "$name" "podman run: $(cat "$T/ctr.err")"; return; }
	id=$(podman inspect --type container --format '{{.Id}}' "$ctr")
	pid=$(podman inspect --type container --format '{{.State.Pid}}' "$ctr")
	want="$(cgroup2_mount)$(sed -n 's/^0:://p' "/proc/$pid/cgroup")"
	for ref in "$ctr" "$id" "${id:0:12}"; do
		ctr_verbose "$ref"
		grep -qxF "snoop: --container=$ref: podman container $ctr (ID ${id:0:12}), cgroup $want" "$T/ctr-v.err" ||
			{ fail "$name" "--container=$ref, want cgroup $want: $(grep container "$T/ctr-v.err")"; ctr_rm "$ctr"; return; }
	done
	ctr_rm "$ctr"
	case "$want" in
	*/libpod-"$id"*) ok "$name" ;;
	*) fail "$name" "podman put the container in $want, not a libpod-ID cgroup" ;;
	esac
}

# A name nobody has, a stopped container, an ambiguous ID prefix: one
# line each, status 1. The prefix is shared by two cgroups made here with
# docker's systemd naming, which the tree walk alone resolves (no docker
# daemon is asked for a cgroup): a unique prefix of one resolves to it.
t_container_errors() {
	local name="--container errors (one line; status 1, 2 for a bad argument)"
	ctr_ready "$name" || return
	local stopped="snoop-it-ctr-stopped-$$" top d1 d2 p=5eedc0de
	expect_error "$name: unknown" 1 "^snoop: --container=snoop-it-nosuch: no running container has this name or ID: asked podman (.*no such container.*), docker (.*) and the cgroup2 tree at $(cgroup2_mount) " \
		$SNOOP --container=snoop-it-nosuch
	echo "$stopped" >> "$T/ctr.names"
	if ctr_rootfs && podman run --name "$stopped" --network=none --rootfs "$T/ctr-rootfs" /bin/busybox true > /dev/null 2> "$T/ctr.err"; then
		expect_error "$name: stopped" 1 "^snoop: --container=$stopped: podman's container $stopped (ID [0-9a-f]\{12\}) is exited, not running: start it (podman start $stopped)" \
			$SNOOP --container="$stopped"
	else
		fail "$name: stopped" "podman run: $(cat "$T/ctr.err")"
	fi
	ctr_rm "$stopped"
	top="$(cgroup2_mount)/snoop-it-ctr-$$"
	d1="$top/docker-${p}$(printf '%056x' 1).scope"
	d2="$top/docker-${p}$(printf '%056x' 2).scope"
	mkdir -p "$d1" "$d2" || { fail "$name: ambiguous" "cannot make cgroups under $top"; return; }
	expect_error "$name: ambiguous" 1 "^snoop: --container=$p: ambiguous ID prefix: 2 running containers' IDs start with it: ${p}0000 (docker, /snoop-it-ctr-$$/docker-${p}0.*), ${p}0000 (docker, .*); give more of the ID" \
		$SNOOP --container=$p
	ctr_verbose "${p}$(printf '%055x' 0)2"
	grep -qxF "snoop: --container=${p}$(printf '%055x' 0)2: docker container ID ${p}0000, cgroup $d2" "$T/ctr-v.err" &&
		ok "$name: a unique prefix found by docker's cgroup naming alone" ||
		fail "$name: a unique prefix found by docker's cgroup naming alone" "$(grep container "$T/ctr-v.err")"
	rmdir "$d1" "$d2" "$top"
	expect_error "$name: bad argument" 2 "^snoop: invalid --container argument: '-x'" $SNOOP --container=-x
	expect_error "$name: beside a command" 2 "^snoop: --container chooses processes by the cgroup they are in: it cannot go with a command (drop one)" \
		$SNOOP --container=web -- true
}

# snoop --container=NAME traces what the container runs and nothing of the
# host's: a busybox loop in the container opens one missing path, the same
# loop on the host another. Needs --cgroup's kernel filter (issue 21's other
# half), which --container's cgroups are given to (asked whether it is
# there by parsing --cgroup before --help). Its records name it: JSON
# "container" {id, name, runtime} and "cgroup_id", the inode of the cgroup
# directory its process is in (/proc/PID/cgroup's), live and through a -w
# capture's -r, which --container=NAME and --cgroup=DIR then filter.
t_container_trace() {
	local name="--container=NAME traces a real podman container's calls and none of the host's"
	ctr_ready "$name" || return
	if ! $SNOOP --cgroup="$(cgroup2_mount)" --help > /dev/null 2>&1; then
		skip "$name" "this snoop has no --cgroup filter (issue 21's other branch) to trace the container's cgroup with"
		return
	fi
	local ctr="snoop-it-ctr-trace-$$" spid hpid i ticks id cpid cdir ino named
	ctr_run "$ctr" "while :; do /bin/busybox cat /snoop-ctr-mark-$$ 2>/dev/null; /bin/busybox sleep 0.1; done" ||
		{ fail "$name" "podman run: $(cat "$T/ctr.err")"; return; }
	id=$(podman inspect --type container --format '{{.Id}}' "$ctr")
	cpid=$(podman inspect --type container --format '{{.State.Pid}}' "$ctr")
	cdir="$(cgroup2_mount)$(sed -n 's/^0:://p' "/proc/$cpid/cgroup")"
	ino=$(stat -c %i "$cdir")
	(while :; do cat "/snoop-host-mark-$$" 2> /dev/null; echo >> "$T/host.ticks"; sleep 0.1; done) &
	hpid=$!
	$SNOOP --container="$ctr" -e openat --format=json -w "$T/ctr.cap" -o "$T/ctr.out" 2> "$T/ctr-trace.err" &
	spid=$!
	for i in $(seq 1 100); do grep -q '^{"type":"header"' "$T/ctr.out" 2> /dev/null && break; sleep 0.1; done
	grep -q '^{"type":"header"' "$T/ctr.out" ||
		{ fail "$name" "snoop not ready: $(cat "$T/ctr-trace.err")"; kill $hpid $spid; ctr_rm "$ctr"; return; }
	# until the container's call is seen and the host's loop has gone round twice since
	ticks=$(wc -l < "$T/host.ticks")
	for i in $(seq 1 100); do
		grep -qF "\"/snoop-ctr-mark-$$\"" "$T/ctr.out" && [ "$(wc -l < "$T/host.ticks")" -ge $((ticks + 2)) ] && break
		sleep 0.1
	done
	kill -INT $spid
	wait $spid
	kill $hpid
	wait $hpid 2> /dev/null
	# -a names the containers running when it starts by ID and runtime
	$SNOOP -a -e openat --format=json -o "$T/ctr-all.json" 2> "$T/ctr-all.err" &
	spid=$!
	for i in $(seq 1 100); do grep -qF "\"/snoop-ctr-mark-$$\"" "$T/ctr-all.json" 2> /dev/null && break; sleep 0.1; done
	kill -INT $spid
	wait $spid
	ctr_rm "$ctr"
	grep -qF "\"/snoop-ctr-mark-$$\"" "$T/ctr.out" || { fail "$name" "no openat of the container's path: $(cat "$T/ctr-trace.err")"; return; }
	grep -qF "/snoop-host-mark-$$" "$T/ctr.out" && { fail "$name" "the host's openat was traced too"; return; }
	ok "$name"
	name="--container=NAME: its records name it (JSON container, cgroup_id = its cgroup's inode), live and from -w's capture"
	named="\"cgroup_id\":$ino,\"container\":{\"id\":\"$id\",\"name\":\"$ctr\",\"runtime\":\"podman\"},\"syscall\":\"openat\""
	grep -F "\"/snoop-ctr-mark-$$\"" "$T/ctr.out" | grep -qvF "$named" &&
		{ fail "$name" "want $named on each: $(grep -F "/snoop-ctr-mark-$$" "$T/ctr.out" | head -1)"; return; }
	check_json "$T/ctr.out" > "$T/ctr-schema.err" || { fail "$name" "not valid against the schema: $(head -3 "$T/ctr-schema.err")"; return; }
	$SNOOP -r "$T/ctr.cap" --format=json > "$T/ctr-r.json" 2> "$T/ctr-r.err"
	[ "$(grep -F "\"/snoop-ctr-mark-$$\"" "$T/ctr-r.json" | grep -cF "$named")" -eq "$(grep -cF "\"/snoop-ctr-mark-$$\"" "$T/ctr.out")" ] ||
		{ fail "$name" "-r: the capture's records differ: $(head -c 300 "$T/ctr-r.json") $(cat "$T/ctr-r.err")"; return; }
	ok "$name"
	name="-a: the records of a container running at its start name it by ID and runtime (no name: no runtime is asked)"
	grep -F "\"/snoop-ctr-mark-$$\"" "$T/ctr-all.json" | head -1 |
		grep -qF "\"cgroup_id\":$ino,\"container\":{\"id\":\"$id\",\"name\":null,\"runtime\":\"podman\"}" &&
		ok "$name" || fail "$name" "$(grep -F "/snoop-ctr-mark-$$" "$T/ctr-all.json" | head -1) $(cat "$T/ctr-all.err")"
	name="-r --container=NAME, --cgroup=DIR and --show-cgroup on a container's capture"
	$SNOOP -r "$T/ctr.cap" --container="$ctr" --show-cgroup > "$T/ctr-rc.out" 2>&1
	grep -F "\"/snoop-ctr-mark-$$\"" "$T/ctr-rc.out" | head -1 | grep -q " \[cgroup=$ino,container=$ctr\]$" ||
		{ fail "$name" "--container=$ctr --show-cgroup: $(tail -1 "$T/ctr-rc.out")"; return; }
	$SNOOP -r "$T/ctr.cap" --container="${id:0:12}" > "$T/ctr-rp.out" 2>&1 &&
		grep -qF "\"/snoop-ctr-mark-$$\"" "$T/ctr-rp.out" || { fail "$name" "--container=ID-PREFIX: $(tail -1 "$T/ctr-rp.out")"; return; }
	# the container is gone: its cgroup is known from the capture's header alone
	$SNOOP -r "$T/ctr.cap" --cgroup="${cdir#$(cgroup2_mount)}" > "$T/ctr-rg.out" 2>&1 &&
		grep -qF "\"/snoop-ctr-mark-$$\"" "$T/ctr-rg.out" || { fail "$name" "--cgroup=DIR: $(tail -1 "$T/ctr-rg.out")"; return; }
	ok "$name"
	expect_error "$name: another container" 1 "^snoop: $T/ctr.cap: --container=snoop-it-other: the capture names no such container" \
		$SNOOP -r "$T/ctr.cap" --container=snoop-it-other
}
