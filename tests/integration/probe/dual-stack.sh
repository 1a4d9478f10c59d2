#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# probe of a name with an IPv6 and an IPv4 address asks both, as
# scanners do: the IPv6 host has no portmapper, the IPv4 one has, so
# the name is open (2), with a verdict for each address. The name comes
# from a hosts file bound over /etc/hosts in the client's own mount
# namespace.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"

sandbox_netns server4
sandbox_netns bare6
sandbox_netns client
# 2001:db8: (not a ULA) so that getaddrinfo sorts the IPv6 address first
sandbox_link "$server4" 10.68.0.1/24 "$client" 10.68.0.2/24
sandbox_link "$bare6" 2001:db8:68::1/64 "$client" 2001:db8:68::2/64
sandbox_rpcbind rpcbind_pid "$server4"
hosts=$(mktemp)
trap 'sandbox_cleanup; rm -f "$hosts"' EXIT
chmod 644 "$hosts"
printf '127.0.0.1 localhost\n2001:db8:68::1 dual.test closed.test\n10.68.0.1 dual.test\n2001:db8:69::1 dual.test\n' >"$hosts"
# probe_name ARGS...: probe in the client, with the hosts file above
probe_name() {
	ip netns exec "$client" unshare --mount --propagation private \
		sh -c 'mount --bind "$1" /etc/hosts && shift && exec "$@"' sh "$hosts" "$PORTGUARD" probe "$@"
}

echo "# the name resolves IPv6 first"
first=$(ip netns exec "$client" unshare --mount --propagation private \
	sh -c 'mount --bind "$1" /etc/hosts && getent ahosts dual.test' sh "$hosts" | awk 'NR == 1 { print $1 }')
[ "$first" = 2001:db8:68::1 ] || exit 99

echo "# open: the IPv4 address answers, the IPv6 one is closed, the third unreachable"
text=$(probe_name dual.test --timeout 1); code=$?
[ "$code" -eq 2 ] || fail "probe of the dual-stack name exited $code, expected 2: $text"
[ "$(grep -c '^Verdict: ' <<<"$text")" -eq 3 ] || fail "not one verdict per address: $text"
grep -q '^Verdict: OPEN - 10.68.0.1 answers' <<<"$text" || fail "no OPEN verdict for 10.68.0.1: $text"
grep -q '^Verdict: closed (port unreachable) - .* of 2001:db8:68::1 ' <<<"$text" || fail "no closed verdict for the IPv6 address: $text"
grep -q '^Verdict: unreachable - 2001:db8:69::1 ' <<<"$text" || fail "no unreachable verdict for the third address: $text"

echo "# JSON: the contract keys of doc/json.md describe the open address, addresses lists all three"
json=$(probe_name dual.test --json --timeout 1); code=$?
[ "$code" -eq 2 ] || fail "probe --json exited $code, expected 2"
jq -e '.host == "dual.test" and .port == 111 and .address == "10.68.0.1" and .udp.open and .tcp.open and
	([.addresses[] | "\(.address) \(.verdict)"] == ["2001:db8:68::1 closed", "10.68.0.1 open", "2001:db8:69::1 unreachable"])' \
	<<<"$json" >/dev/null || fail "dual-stack JSON: $(jq -c 'del(.udp.programs, .addresses[].udp.programs)' <<<"$json")"

echo "# a name whose only address is closed is closed, exit 0"
text=$(probe_name closed.test --timeout 1); code=$?
[ "$code" -eq 0 ] || fail "probe of the closed name exited $code, expected 0: $text"
finish
