#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark of `portguard check` on a busy host: ~95,000 open sockets
# (TCP listeners and UDP sockets on other ports, held by five processes
# in a service cgroup of their own) plus the real rpcbind in its own
# cgroup, in a throwaway network namespace. Compares, in one run, with
# `ss -tulnp 'sport = :111'` (what a user runs, with owners) and
# `ss -tuln 'sport = :111'` (the kernel dump alone).
#   bench/scan.sh [BUILD_DIR] [services|shared|moved]   (root; prints a Markdown table)
#   OLD=OLD_BUILD_DIR [OLD_NAME=0.2.0] bench/scan.sh ...: also times the
#   portguard of another build (a release) in the same run, on the same
#   sockets, for "today against the release".
# services: holders and rpcbind in cgroups of their own, as systemd runs
# them (the default). shared: all of them in one cgroup, as in a
# container, on a host without systemd, or in the root cgroup. moved: as
# services, but rpcbind is moved to another cgroup once its sockets are
# open (a container runtime or a script did it), so the sockets' cgroup
# is empty and names no process.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
layout=${2:-services}
case $layout in services|shared|moved) ;; *) echo "layout is services, shared or moved, not '$layout'" >&2; exit 1 ;; esac
portguard=$build/portguard
holder=$build/tests/helpers/socket_holder
[ -x "$portguard" ] && [ -x "$holder" ] || { echo "build first: make -C $build all check TESTS=" >&2; exit 1; }
old=${OLD:+$OLD/portguard}
old_name=${OLD_NAME:-old}
[ -z "$old" ] || [ -x "$old" ] || { echo "OLD=$OLD has no portguard" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "apt-get install hyperfine" >&2; exit 1; }

TOP_SRCDIR=$top
. "$top/tests/lib/assert.sh"
. "$top/tests/lib/sandbox.sh"

cgroup_root=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
[ -n "$cgroup_root" ] || { echo "no cgroup2 mount" >&2; exit 1; }
holders_cgroup="$cgroup_root/portguard-bench-$$-holders.service"
rpcbind_cgroup="$cgroup_root/portguard-bench-$$-rpcbind.service"
moved_cgroup="$cgroup_root/portguard-bench-$$-moved.scope"
[ "$layout" = shared ] && { holders_cgroup="$cgroup_root/portguard-bench-$$-container"; rpcbind_cgroup=$holders_cgroup; }
cgroups=("$holders_cgroup" "$rpcbind_cgroup")
[ "$layout" = moved ] && cgroups+=("$moved_cgroup")
mkdir -p "${cgroups[@]}"
remove_cgroups() {
	local left cgroup
	sandbox_cleanup
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		left=0
		for cgroup in "${cgroups[@]}"; do
			rmdir "$cgroup" 2>/dev/null || [ ! -d "$cgroup" ] || left=1
		done
		[ "$left" = 0 ] && break
		sleep 0.2
	done
}
trap remove_cgroups EXIT

sandbox_netns bench
# Each process enters its cgroup before it opens a socket, so its sockets
# carry that cgroup's id (ip netns exec remounts /sys: join it first).

start_holder() {
	local fifo; fifo=$(mktemp -u); mkfifo "$fifo"
	sh -c 'ulimit -n 20000; echo $$ >"$0/cgroup.procs" && exec "$@"' \
		"$holders_cgroup" ip netns exec "$bench" "$holder" "$@" >"$fifo" &
	sandbox_pids+=("$!")
	read -r -t 60 line <"$fifo"; rm -f "$fifo"
	[ "${line:-}" = ready ] || { echo "holder $* failed" >&2; exit 1; }
}
start_holder tcp 0.0.0.0 10000 19000
start_holder udp 0.0.0.0 10000 19000
start_holder tcp :: 10000 v6only 19000
start_holder udp :: 10000 v6only 19000
start_holder tcp 127.0.0.1 30000 19000

sh -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$rpcbind_cgroup" \
	ip netns exec "$bench" unshare --mount --propagation private \
	sh -c 'mount -t tmpfs tmpfs /run && exec rpcbind -f -w' &
sandbox_pids+=("$!")
sandbox_wait_port "$bench" tcp 111
sandbox_wait_port "$bench" udp 111
if [ "$layout" = moved ]; then
	while read -r pid; do echo "$pid" >"$moved_cgroup/cgroup.procs"; done <"$rpcbind_cgroup/cgroup.procs"
	[ -z "$(cat "$rpcbind_cgroup/cgroup.procs")" ] || { echo "rpcbind's first cgroup is not empty" >&2; exit 1; }
fi

# Measured commands enter only the network namespace: `ip netns exec`
# would also remount /sys and hide the cgroup hierarchy, which a real
# host has.
in_bench() { nsenter --net="/run/netns/$bench" "$@"; }

sockets=$(ip netns exec "$bench" ss -H -tuan | wc -l)
owners=$({ in_bench "$portguard" check --json || true; } | jq -r '[.listeners[].process] | unique | join(",")')
ss_owners=$(in_bench ss -H -tulnp 'sport = :111' | grep -o '"[^"]*",pid=[0-9]*' | sed 's/^"//; s/",pid=/ /' | sort -u | tr '\n' ' ')
owners_of() {
	{ in_bench "$1" check --json || true; } | jq -r '.listeners[].owners[] | "\(.process) \(.pid)"' | sort -u | tr '\n' ' '
}
pg_owners=$(owners_of "$portguard")
echo "layout: $layout; sockets in the namespace: $sockets; portguard attributes port 111 to: $owners"
[ "$owners" = rpcbind ] || { echo "owners not attributed" >&2; exit 1; }
[ "$pg_owners" = "$ss_owners" ] || { echo "owners differ: portguard '$pg_owners', ss -p '$ss_owners'" >&2; exit 1; }
if [ -n "$old" ]; then
	old_owners=$(owners_of "$old")
	[ "$old_owners" = "$ss_owners" ] || { echo "owners differ: $old_name '$old_owners', ss -p '$ss_owners'" >&2; exit 1; }
fi

# BENCH_DEBUG='strace -c $PORTGUARD check': look inside instead of timing.
if [ -n "${BENCH_DEBUG:-}" ]; then
	PORTGUARD=$portguard in_bench bash -c "$BENCH_DEBUG" || true
	exit 0
fi

results=$(mktemp)
# -i: check exits 2 (exposed), which hyperfine would count as a failure.
old_command=()
[ -z "$old" ] || old_command=(-n "portguard check --json ($old_name)" "$old check --json")
in_bench hyperfine -N -i --warmup 3 --runs 20 --export-markdown "$results" \
	-n "portguard check --json" "$portguard check --json" \
	"${old_command[@]}" \
	-n "ss -tulnp 'sport = :111'" "ss -tulnp 'sport = :111'" \
	-n "ss -tuln 'sport = :111'" "ss -tuln 'sport = :111'" >/dev/null
cat "$results"
echo
echo "| Command | Peak RSS (KiB) |"
echo "|:---|---:|"
peak_rss() {
	local name=$1; shift
	echo "| \`$name\` | $({ in_bench /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null || true; } | tail -n 1) |"
}
peak_rss "portguard check --json" "$portguard" check --json
[ -z "$old" ] || peak_rss "portguard check --json ($old_name)" "$old" check --json
peak_rss "ss -tulnp 'sport = :111'" ss -tulnp 'sport = :111'
peak_rss "ss -tuln 'sport = :111'" ss -tuln 'sport = :111'
rm -f "$results"
