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
# service), and its throw-away certificates
PKGS="make gcc clang llvm pkg-config libbpfcc-dev libelf-dev libcriterion-dev bpftool python3 util-linux libclang-rt-dev strace git gcc-multilib jq python3-jsonschema dpkg-dev groff-base man-db libssl-dev rsyslog rsyslog-gnutls openssl"
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
