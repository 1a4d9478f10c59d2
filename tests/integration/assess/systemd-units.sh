#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A real systemd as PID 1: rpcbind.socket held by PID 1 means stop; a
# unit that requires rpcbind.socket is a consumer found over the bus.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/systemd-sandbox.sh"

systemd_sandbox_boot
inside() { systemd_sandbox_run "$@"; }
portguard="$SYSTEMD_SANDBOX_BUILDDIR/${PORTGUARD##*/}"
inside ip link set lo up
inside systemctl start rpcbind.socket || fail "rpcbind.socket does not start"

json=$(inside "$portguard" check --json); code=$?
[ "$code" -eq 2 ] || fail "check exited $code, expected 2"
jq -e '.plan.action == "stop" and .plan.under_systemd and .plan.socket_activated and
	.plan.units == ["rpcbind.socket", "rpcbind.service"] and (.consumers | length) == 0' <<<"$json" >/dev/null ||
	fail "socket-activated rpcbind without consumers: $(jq -c '{consumers, consumer_notes, plan}' <<<"$json")"

echo "# a unit that requires rpcbind.socket"
inside sh -c 'printf "[Unit]\nRequires=rpcbind.socket\nAfter=rpcbind.socket\n[Service]\nExecStart=/bin/sleep infinity\n[Install]\nWantedBy=multi-user.target\n" >/etc/systemd/system/legacy-rpc.service &&
	systemctl daemon-reload && systemctl enable --now legacy-rpc.service' >/dev/null 2>&1 ||
	fail "legacy-rpc.service does not start"
json=$(inside "$portguard" check --json --trusted 192.0.2.0/24); code=$?
[ "$code" -eq 2 ] || fail "check exited $code, expected 2"
jq -e '[.consumers[] | select(.kind == "unit") | .evidence] ==
	["legacy-rpc.service (active, enabled) requires rpcbind.socket"] and .plan.action == "restrict"' <<<"$json" >/dev/null ||
	fail "unit consumer: $(jq -c '{consumers, consumer_notes, plan}' <<<"$json")"
expect_error "portguard: --mode stop would break what still needs rpcbind: The unit (legacy-rpc.service (active, enabled) requires rpcbind.socket)" \
	inside "$portguard" check --mode stop
json=$(inside "$portguard" check --json)
jq -e '.plan.warnings == ["nothing on this host says who connects to legacy-rpc.service, so only loopback will reach port 111 for it; pass --trusted with its clients'"'"' networks if other hosts use it"]' \
	<<<"$json" >/dev/null || fail "no warning for the unit: $(jq -c .plan <<<"$json")"
finish
