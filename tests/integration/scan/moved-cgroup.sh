#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Owners when the sockets' cgroup is empty: rpcbind opened its sockets in
# one cgroup and was then moved to another (a container runtime or a
# script did it). The sockets' cgroup id then names no process, and every
# process is a candidate: portguard must still name the right owner (pid,
# process, and the unit it runs in now), read the likely holders first
# and stop there, never the fds of the ten busy processes beside it.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
holder="$TOP_BUILDDIR/tests/helpers/socket_holder"
command -v strace >/dev/null || { echo "strace is not installed" >&2; exit 99; }

cgroup_root=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
[ -n "$cgroup_root" ] || { echo "SKIP: no cgroup2 mount"; exit 77; }
first="$cgroup_root/portguard-test-$$-rpcbind.service"
moved_unit="portguard-test-$$-moved.scope"
moved="$cgroup_root/$moved_unit"
busy="$cgroup_root/portguard-test-$$-busy.service"
mkdir "$first" "$moved" "$busy" || exit 99
remove_cgroups() {
	sandbox_cleanup
	for _ in $(seq 20); do
		rmdir "$first" "$moved" "$busy" 2>/dev/null
		[ -d "$first" ] || [ -d "$moved" ] || [ -d "$busy" ] || break
		sleep 0.2
	done
}
trap remove_cgroups EXIT
sandbox_netns box
in_box() { nsenter --net="/run/netns/$box" "$@"; }
# in_cgroup DIR COMMAND...: in the box's network and cgroup DIR, in the
# background; its pid goes into $started.
in_cgroup() {
	local cgroup=$1; shift
	sh -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$cgroup" nsenter --net="/run/netns/$box" "$@" &
	started=$!
	sandbox_pids+=("$started")
}
# move_out: every process of the first cgroup into the other one, which
# leaves the sockets' cgroup empty.
move_out() {
	local pid
	while read -r pid; do echo "$pid" >"$moved/cgroup.procs" || exit 99; done <"$first/cgroup.procs"
	[ -z "$(cat "$first/cgroup.procs")" ] || { echo "the first cgroup is not empty" >&2; exit 99; }
}

# Ten processes with 600 sockets each, in a cgroup of their own.
busy_pids=()
for i in $(seq 0 9); do
	in_cgroup "$busy" "$holder" tcp 127.0.0.1 $((20000 + i * 600)) 600 >/dev/null
	busy_pids+=("$started")
done
in_cgroup "$first" unshare --mount --propagation private sh -c 'mount -t tmpfs tmpfs /run && exec rpcbind -f -w'
rpcbind_pid=$started
sandbox_wait_port "$box" tcp 111 || exit 99
sandbox_wait_port "$box" udp 111 || exit 99
sandbox_wait_port "$box" tcp 25999 || exit 99
move_out
[ "$(cat "/proc/$rpcbind_pid/comm")" = rpcbind ] || { echo "pid $rpcbind_pid is not rpcbind" >&2; exit 99; }

# owners: "pid process unit" of every owner of every listener, sorted.
owners() {
	in_box "$PORTGUARD" check --json | jq -r '.listeners[].owners[] | "\(.pid) \(.process) \(.unit)"' | sort -u
}
# fd_dirs_read COMMAND...: the pids whose /proc/PID/fd COMMAND opened.
trace=$(mktemp)
trap 'remove_cgroups; rm -f "$trace"' EXIT
fd_dirs_read() {
	in_box strace -f -e trace=openat -o "$trace" "$@" >/dev/null 2>&1
	grep -oE '"/proc/[0-9]+/fd"' "$trace" | grep -oE '[0-9]+' | sort -un
}
# the processes with open fds: what reading everything would cost.
processes=$(for d in /proc/[0-9]*/fd; do [ -n "$(ls -A "$d" 2>/dev/null)" ] && echo x; done | wc -l)

echo "# rpcbind moved out of the sockets' cgroup: found, with the unit it runs in now"
[ "$(owners)" = "$rpcbind_pid rpcbind $moved_unit" ] ||
	fail "owners: '$(owners)', expected '$rpcbind_pid rpcbind $moved_unit'"
json=$(in_box "$PORTGUARD" check --json)
jq -e --argjson pid "$rpcbind_pid" '(.listeners | length) == 4 and all(.listeners[]; .pid == $pid and .process == "rpcbind")
	and .owners_complete == false' <<<"$json" >/dev/null ||
	fail "listeners: $(jq -c '{owners_complete, listeners: [.listeners[] | {proto, family, pid, process, unit}]}' <<<"$json")"
text=$(in_box "$PORTGUARD" check)
contains "^Note: .* or that cgroup names no process" <<<"$text" || fail "check does not say owners may be partial: $text"

echo "# the likely holders first: the search stops at rpcbind"
read_pids=$(fd_dirs_read "$PORTGUARD" check)
read_count=$(grep -c . <<<"$read_pids")
[ "$read_count" -gt 0 ] || fail "strace saw no fd directory opened: the count below proves nothing"
grep -qx "$rpcbind_pid" <<<"$read_pids" || fail "rpcbind's fds were not read: $(tr '\n' ' ' <<<"$read_pids")"
for pid in "${busy_pids[@]}"; do
	grep -qx "$pid" <<<"$read_pids" && fail "read the fds of busy process $pid: the search did not stop at rpcbind"
done
[ "$read_count" -lt "$processes" ] || fail "read the fds of $read_count processes, of $processes with fds: no early stop"
echo "read the fds of $read_count of $processes processes"

echo "# a holder that is neither rpcbind nor systemd, moved out too, is still found"
kill "$rpcbind_pid"
for _ in $(seq 50); do [ -z "$(in_box ss -H -tuln 'sport = :111')" ] && break; sleep 0.1; done
in_cgroup "$first" "$holder" udp 0.0.0.0 111 >/dev/null
sandbox_wait_port "$box" udp 111 || exit 99
move_out
[ "$(owners)" = "$started socket_holder $moved_unit" ] ||
	fail "the plain holder of port 111: '$(owners)', expected '$started socket_holder $moved_unit'"
# Ordered by fd count where the kernel gives it (6.2 and later): the
# holder's few fds come before the busy processes' 600.
if [ "$(stat -c %s /proc/self/fd)" -gt 0 ]; then
	read_pids=$(fd_dirs_read "$PORTGUARD" check)
	grep -qx "$started" <<<"$read_pids" || fail "the holder's fds were not read: $(tr '\n' ' ' <<<"$read_pids")"
	for pid in "${busy_pids[@]}"; do
		grep -qx "$pid" <<<"$read_pids" && fail "read the fds of busy process $pid before the holder's few"
	done
else
	echo "# this kernel does not count fds in stat: the order by fd count is not checked"
fi
finish
