#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Programs registered with a real rpcbind are consumers: those of an
# NFS server the exports explain, an unknown one is not derivable.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
hosts="$TOP_SRCDIR/tests/fixtures/hosts"
helpers="$TOP_BUILDDIR/tests/helpers"

sandbox_netns host
sandbox_rpcbind rpcbind_pid "$host"
in_host() { ip netns exec "$host" "$@"; }

for entry in "100005 3 tcp 20048" "100005 3 udp 20048" "100024 1 udp 662" "400123 1 udp 4711"; do
	# shellcheck disable=SC2086
	in_host "$helpers/rpc_register" $entry || fail "rpcbind refused to register $entry"
done

json=$(in_host "$PORTGUARD" check --json --root "$hosts/nfs3-server" --trusted 192.0.2.0/24); code=$?
[ "$code" -eq 2 ] || fail "check exited $code, expected 2"
jq -e '[.consumers[] | select(.kind == "rpc-program") | .evidence] == [
	"mountd (100005) v3 tcp/20048 udp/20048, registered with rpcbind for the consumer above",
	"status (100024) v1 udp/662, registered with rpcbind for the consumer above",
	"program 400123 v1 udp/4711"]' <<<"$json" >/dev/null ||
	fail "rpc-program consumers: $(jq -c '[.consumers[] | select(.kind == "rpc-program")]' <<<"$json")"
jq -e '[.consumers[] | select(.kind == "rpc-program") | .callers_unknown] == [false, false, true]' <<<"$json" >/dev/null ||
	fail "only the unknown program has unknown callers"
jq -e '.plan.action == "restrict" and (.plan.trusted | index("192.0.2.0/24")) != null' <<<"$json" >/dev/null ||
	fail "plan: $(jq -c .plan <<<"$json")"

echo "# programs nothing explains, without trusted networks: restricted to loopback, with a warning each"
json=$(in_host "$PORTGUARD" check --json --root "$hosts/plain"); code=$?
[ "$code" -eq 2 ] || fail "check exited $code, expected 2"
jq -e '.plan.action == "restrict" and .plan.trusted == [] and (.plan.warnings | length) == 3 and
	.plan.warnings[2] == "nothing on this host says who calls program 400123 v1 udp/4711, registered with rpcbind, so only loopback will reach port 111 for it; pass --trusted with its clients'"'"' networks if other hosts use it"' \
	<<<"$json" >/dev/null || fail "plan: $(jq -c .plan <<<"$json")"
expect_error "--mode stop would break what still needs rpcbind: The RPC program (mountd (100005) v3 tcp/20048 udp/20048)" \
	in_host "$PORTGUARD" check --root "$hosts/plain" --mode stop

echo "# --all-rpc restricts the programs' ports too"
json=$(in_host "$PORTGUARD" check --json --root "$hosts/plain" --trusted 192.0.2.0/24 --all-rpc)
jq -e '.plan.ports == [111, 662, 4711, 20048]' <<<"$json" >/dev/null || fail "ports: $(jq -c .plan <<<"$json")"
text=$(in_host "$PORTGUARD" check --root "$hosts/plain" --trusted 192.0.2.0/24)
grep -qF "rpc-program  program 400123 v1 udp/4711" <<<"$text" || fail "text lacks the program: $text"
grep -qF "callers unknown: nothing on this host says who calls program 400123" <<<"$text" ||
	fail "text lacks why: $text"
finish
