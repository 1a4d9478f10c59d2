#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A portmapper bound only to a LAN address (rpcbind.socket with
# ListenStream=10.70.0.1:111, as a drop-in would have it) answers
# outsiders with everything, and nothing on loopback. check must ask it
# where it listens and see what is registered there; where it still
# cannot read the registrations, auto mode must not plan stop.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/systemd-sandbox.sh"

systemd_sandbox_boot
inside() { systemd_sandbox_run "$@"; }
pg() { inside "$SYSTEMD_SANDBOX_PORTGUARD" "$@"; }
inside ip link set lo up
inside ip link add pglan type veth peer name pglan-peer || exit 99
inside ip addr add 10.70.0.1/24 dev pglan || exit 99
inside ip link set pglan up && inside ip link set pglan-peer up || exit 99
inside mkdir -p /etc/systemd/system/rpcbind.socket.d
inside sh -c 'cat >/etc/systemd/system/rpcbind.socket.d/lan-only.conf' <<'UNIT'
[Socket]
ListenStream=
ListenDatagram=
ListenStream=/run/rpcbind.sock
ListenStream=10.70.0.1:111
ListenDatagram=10.70.0.1:111
UNIT
# rpcbind opens wildcard sockets itself for the transports systemd did
# not pass it: IPv4 only here, so that it gets none on [::] either.
inside sed -i -E 's/^(udp6|tcp6)/#&/' /etc/netconfig
# -i: take the SET below from 10.70.0.1, as no loopback socket exists
inside sh -c 'echo "OPTIONS=\"-w -i\"" >/etc/default/rpcbind'
inside systemctl daemon-reload
inside systemctl restart rpcbind.socket || fail "rpcbind.socket does not start"
inside systemctl start rpcbind.service || fail "rpcbind.service does not start"
[ "$(inside ss -H -tuln 'sport = :111' | awk '{ print $5 }' | sort -u)" = 10.70.0.1:111 ] ||
	fail "rpcbind listens beyond 10.70.0.1: $(inside ss -H -tuln 'sport = :111')"
inside rpcinfo -p 127.0.0.1 >/dev/null 2>&1 && fail "rpcbind answers on loopback"
inside "$SYSTEMD_SANDBOX_BUILDDIR/tests/helpers/rpc_register" 100005 3 udp 20048 10.70.0.1 ||
	fail "cannot register mountd with the LAN-only rpcbind"

echo "# asked where it listens: the registrations are read, mountd needs rpcbind"
json=$(pg check --json); code=$?
[ "$code" -eq 2 ] || fail "check exited $code, expected 2"
jq -e '.rpc.reachable and (.rpc.programs | any(.program == 100005)) and
	(.consumers | any(.kind == "rpc-program")) and .plan.action == "restrict"' <<<"$json" >/dev/null ||
	fail "LAN-only portmapper: $(jq -c '{rpc: .rpc | del(.programs), consumers, plan: .plan | {action, reason}}' <<<"$json")"

echo "# registrations that cannot be read: no stop on missing evidence"
# what a local firewall refusing portguard's own call looks like
inside nft -f - <<'RULES' || exit 99
table inet block_query {
	chain output { type filter hook output priority 0; policy accept; th dport 111 reject; }
}
RULES
json=$(pg check --json); code=$?
[ "$code" -eq 2 ] || fail "check exited $code, expected 2"
jq -e '.rpc.reachable == false and .plan.action == "restrict" and
	(.plan.reason | test("did not answer at 10.70.0.1") and test("--mode stop"))' <<<"$json" >/dev/null ||
	fail "unknown registrations: $(jq -c '{rpc: .rpc | {reachable, peer}, plan: .plan | {action, reason}}' <<<"$json")"
text=$(pg check); code=$?
grep -q "registrations could not be read" <<<"$text" || fail "check does not say the registrations are unknown: $text"
before=$(systemd_sandbox_units_snapshot rpcbind.socket rpcbind.service)
json=$(pg fix --json); code=$?
[ "$code" -eq 2 ] || fail "fix exited $code, expected 2: $json"
jq -e '.plan.action == "restrict" and .verified' <<<"$json" >/dev/null || fail "fix did not restrict: $json"
[ "$(inside systemctl is-active rpcbind.service)" = active ] || fail "fix stopped rpcbind although its registrations were unknown"
# the report's lines are wrapped: search it as one line
report=$(inside cat "$(jq -r .report <<<"$json")" | tr -s '\n\t ' '   ')
grep -q "did not answer at 10.70.0.1" <<<"$report" || fail "the report does not say why rpcbind was not stopped: $report"
grep -q "nicht geantwortet" <<<"$report" || fail "the report's German half does not say it"
expect_exit 2 pg undo --quiet
[ "$(systemd_sandbox_units_snapshot rpcbind.socket rpcbind.service)" = "$before" ] || fail "undo did not restore the units"
echo "# --mode stop is the admin's choice, and still stops"
json=$(pg check --json --mode stop)
[ "$(jq -r .plan.action <<<"$json")" = stop ] || fail "--mode stop: $(jq -c .plan <<<"$json")"
finish
