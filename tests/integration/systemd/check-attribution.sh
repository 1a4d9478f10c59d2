#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# check under a real systemd names who holds port 111: rpcbind.socket
# (PID 1) while the service has not started, and also rpcbind[pid]
# rpcbind.service once a request activated it. systemd 252 opens a
# socket unit's sockets in the unit's own cgroup, which holds no process.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/systemd-sandbox.sh"

systemd_sandbox_boot
inside() { systemd_sandbox_run "$@"; }
inside systemctl start rpcbind.socket || fail "rpcbind.socket does not start"
inside systemctl stop rpcbind.service 2>/dev/null

# owners_of_111: "pid process unit" of every owner of every listener on
# port 111, sorted and unique.
owners_of_111() {
	inside "$SYSTEMD_SANDBOX_PORTGUARD" check --json |
		jq -r '.listeners[] | select(.port == 111) | .owners[] | "\(.pid) \(.process) \(.unit)"' | LC_ALL=C sort -u
}

[ "$(inside ss -H -tuln 'sport = :111' | wc -l)" -eq 4 ] || fail "rpcbind.socket does not listen on 4 sockets"
owners=$(owners_of_111)
[ "$owners" = "1 systemd rpcbind.socket" ] || fail "socket-activated: owners are '$owners', expected '1 systemd rpcbind.socket'"

inside rpcinfo -p 127.0.0.1 >/dev/null || fail "rpcinfo gets no answer"
systemd_sandbox_wait_active rpcbind.service active || fail "rpcinfo did not activate rpcbind.service"
main_pid=$(inside systemctl show -P MainPID rpcbind.service)
owners=$(owners_of_111)
expected="1 systemd rpcbind.socket
$main_pid rpcbind rpcbind.service"
[ "$owners" = "$expected" ] || fail "activated: owners are '$owners', expected '$expected'"

finish
