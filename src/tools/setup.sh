#!/bin/sh
# Make this machine able to build, run and test snoop. Idempotent: it only
# installs or changes what is missing, and says what it did.
#
#   src/tools/setup.sh          build + run dependencies
#   src/tools/setup.sh --bench  also the peers the benchmark compares against
#
# Needs root (apt-get, mount, /lib/modules). Debian/Ubuntu only.
set -eu

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (try: sudo $0)"
command -v apt-get >/dev/null || die "apt-get not found: only Debian/Ubuntu are supported"

# Packages by name; dpkg-query tells which are already there.
# libssl-dev: --to=tls://; rsyslog, rsyslog-gnutls, openssl: the tests of --to:
# a collector each test starts on a port of its own (never the system's
# service), and its throw-away certificates; podman, crun, busybox-static:
# --container's tests run a real container from a local root filesystem of
# a static busybox (no image is downloaded); chromium: the tests render
# --html's report in it, headless
PKGS="make gcc clang llvm pkg-config libbpfcc-dev libelf-dev libcriterion-dev bpftool python3 util-linux libclang-rt-dev strace git gcc-multilib jq python3-jsonschema dpkg-dev groff-base man-db libssl-dev rsyslog rsyslog-gnutls openssl podman crun busybox-static chromium procps iproute2"
# nodejs, npm: --format=trace-event's test opens the file in a real trace
# viewer, Chrome DevTools' trace engine from npm (tests/viewer, below).
# Debian's nodejs comes without npm (its package npm), NodeSource's with it.
PKGS="$PKGS nodejs"
command -v npm >/dev/null 2>&1 || PKGS="$PKGS npm"
[ "${1:-}" = "--bench" ] && PKGS="$PKGS bpftrace linux-perf"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done

headers_dir="/lib/modules/$(uname -r)/build"
if [ ! -e "$headers_dir/include" ]; then
	# libbcc compiles the BPF C at run time against a kernel header tree.
	# Prefer the exact headers; fall back to the distribution's generic ones.
	exact="linux-headers-$(uname -r)"
	if [ -z "$(apt-cache policy "$exact" 2>/dev/null | grep Candidate | grep -v none)" ]; then
		apt_updated=1
		apt-get update -qq
	fi
	if apt-cache policy "$exact" 2>/dev/null | grep Candidate | grep -qv none; then
		missing="$missing $exact"
	else
		missing="$missing linux-headers-amd64"
		generic_headers=1
	fi
fi

if [ -n "$missing" ]; then
	say "installing:$missing"
	[ -n "${apt_updated:-}" ] || apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
else
	say "packages: all present"
fi

if [ -n "${generic_headers:-}" ] && [ ! -e "$headers_dir/include" ]; then
	# No headers package matches this kernel: point /lib/modules at the newest
	# Debian split (-amd64 holds the config, -common holds include/).
	arch_dir=$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1)
	[ -n "$arch_dir" ] || die "no /usr/src/linux-headers-*-amd64 after install"
	common_dir="${arch_dir%-amd64}-common"
	[ -d "$common_dir" ] || die "missing $common_dir"
	mkdir -p "/lib/modules/$(uname -r)"
	ln -sfn "$arch_dir" "/lib/modules/$(uname -r)/build"
	ln -sfn "$common_dir" "/lib/modules/$(uname -r)/source"
	say "kernel headers: linked /lib/modules/$(uname -r)/build -> $arch_dir (no exact package for this kernel)"
else
	say "kernel headers: $headers_dir present"
fi

# libbcc reads tracepoint formats from /sys/kernel/debug/tracing.
if [ ! -d /sys/kernel/debug/tracing/events ]; then
	mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
	[ -d /sys/kernel/debug/tracing/events ] || mount -t tracefs none /sys/kernel/debug/tracing 2>/dev/null || true
	[ -d /sys/kernel/debug/tracing/events ] || die "could not make /sys/kernel/debug/tracing available"
	say "mounted debugfs at /sys/kernel/debug"
else
	say "tracefs: present"
fi

# podman as root with crun (the --container tests run a real container).
# On a hybrid cgroup v1/v2 machine crun refuses to start a container while
# the unified (v2) hierarchy holds a controller ("cgroups in hybrid mode not
# supported, drop all controllers from cgroupv2"): each controller left
# there (hugetlb, which no v1 hierarchy here mounts) gets a v1 hierarchy of
# its own, which takes it off the unified one. Not kept across a reboot:
# run this again.
unified=$(awk '/ - cgroup2 /{print $5; exit}' /proc/self/mountinfo)
if [ -n "$unified" ] && grep -q ' - cgroup ' /proc/self/mountinfo &&
   [ -n "$(cat "$unified/cgroup.controllers")" ]; then
	for c in $(cat "$unified/cgroup.controllers"); do
		mkdir -p "/sys/fs/cgroup/$c"
		mount -t cgroup -o "$c" cgroup "/sys/fs/cgroup/$c" || die "could not mount the $c controller as cgroup v1 (crun needs the unified hierarchy empty of controllers)"
		say "cgroups: mounted the $c controller as v1 at /sys/fs/cgroup/$c (crun on a hybrid machine)"
	done
else
	say "cgroups: ${unified:-no cgroup2 mount}, nothing for crun to refuse"
fi
# Without CAP_SYS_RESOURCE (root inside a container or a confined VM) crun
# cannot raise a container's RLIMIT_NOFILE and RLIMIT_NPROC to podman's
# defaults for root (1048576) above the hard limits it inherits: a
# containers.conf drop-in gives containers root's hard limit of open files,
# and of processes at most 32768 (what podman lowers its own to, so crun,
# its child, has no more).
capeff=$(awk '/^CapEff:/{print $2}' /proc/self/status)
conf=/etc/containers/containers.conf.d/50-snoop-setup.conf
if [ $(( 0x$capeff >> 24 & 1 )) -eq 0 ]; then
	nofile=$(awk '/^Max open files/{print $5}' /proc/self/limits)
	nproc=$(awk '/^Max processes/{print $4 < 32768 ? $4 : 32768}' /proc/self/limits)
	want="[containers]
default_ulimits = [ \"nofile=$nofile:$nofile\", \"nproc=$nproc:$nproc\" ]"
	if [ "$(cat "$conf" 2>/dev/null)" != "$want" ]; then
		mkdir -p "${conf%/*}"
		printf '%s\n' "$want" > "$conf"
		say "podman: wrote $conf: containers get root's hard limits of open files and processes (no CAP_SYS_RESOURCE to raise them)"
	else
		say "podman: $conf present"
	fi
else
	say "podman: CAP_SYS_RESOURCE present, no drop-in needed"
fi

# The trace viewer --format=trace-event's test runs (t_trace_event_viewer):
# the versions tests/viewer/package-lock.json pins, into tests/viewer/node_modules
# (npm ci: exactly the lock, nothing global). Again when the lock changes.
viewer="$(cd "$(dirname "$0")/../.." && pwd)/tests/viewer"
if [ -f "$viewer/package-lock.json" ]; then
	if [ ! -f "$viewer/node_modules/.package-lock.json" ] ||
	   [ "$viewer/package-lock.json" -nt "$viewer/node_modules/.package-lock.json" ]; then
		(cd "$viewer" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) ||
			die "npm ci in $viewer failed (the npm registry must be reachable)"
		say "trace viewer: installed $viewer/node_modules (npm ci)"
	else
		say "trace viewer: $viewer/node_modules present"
	fi
fi
