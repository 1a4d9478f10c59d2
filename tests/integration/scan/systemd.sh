#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Socket activation under a real systemd: the listeners on 111 belong to
# rpcbind.socket (held by PID 1), and once a call has started
# rpcbind.service, to both - found without reading all of /proc.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/systemd-sandbox.sh"

systemd_sandbox_boot
systemd_sandbox_run ip link set lo up
systemd_sandbox_run systemctl start rpcbind.socket || fail "rpcbind.socket does not start"
systemd_sandbox_wait_active rpcbind.socket active

owners() { jq -c '[.listeners[] | [.proto, .family, .unit, ([.owners[] | "\(.process)[\(.pid)] \(.unit)"] | join(", "))]] | sort' <<<"$1"; }

echo "# socket unit listening, service not started"
json=$(systemd_sandbox_run "$SYSTEMD_SANDBOX_PORTGUARD" check --json); code=$?
[ "$code" -eq 2 ] || fail "check exited $code, expected 2"
[ "$(jq '.listeners | length' <<<"$json")" -eq 4 ] || fail "expected 4 listeners: $json"
jq -e 'all(.listeners[]; .pid == 1 and .process == "systemd" and .unit == "rpcbind.socket" and (.owners | length) == 1)' <<<"$json" >/dev/null ||
	fail "socket-activated listeners not attributed to rpcbind.socket held by PID 1: $(owners "$json")"

[ "$(systemd_sandbox_run systemctl is-active rpcbind.service)" = inactive ] ||
	fail "check started rpcbind.service through the socket: check must not change the host"
jq -e '.rpc.asked == false and (.rpc.not_asked_because | test("would start it"))' <<<"$json" >/dev/null ||
	fail "check does not say why it did not ask the portmapper: $(jq -c .rpc <<<"$json")"

echo "# after a call, rpcbind.service holds the same sockets"
systemd_sandbox_run rpcinfo -p 127.0.0.1 >/dev/null || fail "rpcinfo did not activate rpcbind"
systemd_sandbox_wait_active rpcbind.service active
rpcbind_pid=$(systemd_sandbox_run systemctl show -P MainPID rpcbind.service)
json=$(systemd_sandbox_run "$SYSTEMD_SANDBOX_PORTGUARD" check --json)
jq -e --argjson pid "$rpcbind_pid" 'all(.listeners[]; .pid == $pid and .process == "rpcbind" and .unit == "rpcbind.socket"
	and ([.owners[] | "\(.pid) \(.unit)"] | sort) == (["1 rpcbind.socket", "\($pid) rpcbind.service"] | sort))' <<<"$json" >/dev/null ||
	fail "activated listeners not attributed to both: $(owners "$json")"
text=$(systemd_sandbox_run "$SYSTEMD_SANDBOX_PORTGUARD" check)
grep -q "systemd\[1\] rpcbind.socket, rpcbind\[$rpcbind_pid\] rpcbind.service" <<<"$text" || fail "text names not both owners: $text"

echo "# owners found from the socket's cgroup, not by reading every process"
require_tools strace
processes=$(systemd_sandbox_run sh -c 'ls -d /proc/[0-9]* | wc -l')
# LeakSanitizer cannot run under ptrace: a sanitizer build would exit 1.
trace=$(systemd_sandbox_run env ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	strace -f -e trace=openat "$SYSTEMD_SANDBOX_PORTGUARD" check 2>&1 >/dev/null); code=$?
# A count of 0 would also come from a strace that traced nothing: check
# must have run under it (strace exits with its code) and the trace must
# show it reading the fds of rpcbind, one of the two owners it names.
[ "$code" -eq 2 ] || fail "check under strace exited $code, expected 2: $(tail -n 3 <<<"$trace")"
contains -E "openat\(AT_FDCWD, \"/proc/$rpcbind_pid/fd\"" <<<"$trace" ||
	fail "the trace does not show check reading rpcbind's fds, so it proves nothing: $(head -n 3 <<<"$trace")"
opened=$(grep -cE 'openat\(AT_FDCWD, "/proc/[0-9]+/fd"' <<<"$trace")
[ "$opened" -le 3 ] || fail "check read the fds of $opened processes, expected PID 1 and rpcbind only"
[ "$processes" -gt 5 ] || fail "only $processes processes inside: the check above proves nothing"
echo "ok: check read the fds of $opened of $processes processes"
finish
