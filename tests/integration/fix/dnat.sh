#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Port 111 published by destination NAT: the host forwards it with a real
# dnat rule to a second namespace (a container) running rpcbind, so
# those packets never pass the input hook. After fix, the untrusted peer
# reaches neither the host's own rpcbind nor the forwarded one, the
# trusted peer reaches both, and traffic the host merely routes to the
# container's own address passes. A table from an earlier portguard,
# with only the input chain, is not taken for the fix: check says
# exposed, and fix replaces it.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/nft.sh"

sandbox_netns host
sandbox_netns container
sandbox_netns trusted
sandbox_netns untrusted
sandbox_link "$host" 10.93.1.1/24 "$trusted" 10.93.1.2/24
sandbox_link "$host" 10.93.2.1/24 "$untrusted" 10.93.2.2/24
sandbox_link "$host" 10.93.3.1/24 "$container" 10.93.3.2/24
ip -n "$trusted" route add default via 10.93.1.1
ip -n "$untrusted" route add default via 10.93.2.1
ip -n "$container" route add default via 10.93.3.1
ip netns exec "$host" sysctl -q -w net.ipv4.ip_forward=1
# The host's own rpcbind, which it needs itself, and the container's,
# told apart by a program only the container registers.
sandbox_rpcbind host_rpcbind "$host"
sandbox_rpcbind container_rpcbind "$container"
ip netns exec "$container" "$TOP_BUILDDIR/tests/helpers/rpc_register" 100099 1 tcp 999 ||
	{ echo "cannot register the container's program" >&2; exit 99; }
ip netns exec "$host" nft -f - <<'NFT' || { echo "cannot load the dnat rules" >&2; exit 99; }
table ip nat {
	chain prerouting {
		type nat hook prerouting priority dstnat; policy accept;
		ip daddr 10.93.2.1 tcp dport 111 dnat to 10.93.3.2
		ip daddr 10.93.2.1 udp dport 111 dnat to 10.93.3.2
		ip daddr 10.93.1.1 tcp dport 111 dnat to 10.93.3.2:111
		ip daddr 10.93.1.1 udp dport 111 dnat to 10.93.3.2:111
	}
}
NFT

root=$(mktemp -d)
chmod 755 "$root"
mkdir -p "$root/etc"
trap 'sandbox_cleanup; rm -rf "$root"' EXIT
pg() { ip netns exec "$host" "$PORTGUARD" "$@" --root "$root"; }
# forwarded NS PROTO ADDRESS: NS's answer from ADDRESS comes from the
# container's rpcbind, through the dnat rule.
forwarded() {
	ip netns exec "$1" timeout -s KILL 2 rpcinfo -T "$2" -s "$3" 2>/dev/null | grep -w 100099 >/dev/null
}

echo "# before: both peers reach the container through the host's address"
for proto in tcp udp; do
	forwarded "$untrusted" "$proto" 10.93.2.1 || fail "the untrusted peer's $proto does not reach the container"
	forwarded "$trusted" "$proto" 10.93.1.1 || fail "the trusted peer's $proto does not reach the container"
done
[ "$(ip netns exec "$host" nft list table ip nat | grep -c dnat)" -eq 4 ] || fail "the dnat rules are not loaded"

echo "# a table from an earlier portguard, input hook only: the forwarded port stays open and check says so"
earlier_table 10.93.1.0/24 | ip netns exec "$host" nft -f - || fail "cannot load the earlier table"
forwarded "$untrusted" udp 10.93.2.1 || fail "the earlier table closed the forwarded port: the test proves nothing"
expect_error "holds rules portguard did not write" ip netns exec "$host" "$NFT_HELPER" read
expect_exit 2 pg check --quiet --trusted 10.93.1.0/24

echo "# fix: the untrusted peer reaches nothing, the trusted peer both"
json=$(pg fix --json --mode restrict --trusted 10.93.1.0/24); code=$?
[ "$code" -eq 2 ] || fail "fix exited $code, expected 2: $json"
jq -e '.verified and (.after.exposed | not)' <<<"$json" >/dev/null || fail "fix did not verify: $json"
for proto in tcp udp; do
	expect_unreachable "$untrusted" "$proto" 10.93.2.1
	forwarded "$trusted" "$proto" 10.93.1.1 || fail "the trusted peer's $proto no longer reaches the container"
	expect_reachable "$host" "$proto" 127.0.0.1
done
drops=$(ip netns exec "$host" nft list chain inet portguard prerouting | sed -nE 's/.*fib daddr type local counter packets ([0-9]+) .*/\1/p' | awk '{ s += $1 } END { print s + 0 }')
[ "$drops" -gt 0 ] || fail "the prerouting drop rules counted nothing"
expect_exit 0 pg check --quiet --trusted 10.93.1.0/24

echo "# routed traffic for the container's own address passes"
for proto in tcp udp; do
	forwarded "$untrusted" "$proto" 10.93.3.2 || fail "routed $proto to the container's own address is blocked"
done

echo "# undo: the earlier table is back, the forwarded port answers again, the dnat rules are untouched"
expect_exit 2 pg undo --quiet
table=$(ip netns exec "$host" nft list table inet portguard)
contains prerouting <<<"$table" && fail "undo left portguard's table"
contains "chain input" <<<"$table" || fail "undo did not put the earlier table back: $table"
forwarded "$untrusted" udp 10.93.2.1 || fail "after undo the forwarded port does not answer"
[ "$(ip netns exec "$host" nft list table ip nat | grep -c dnat)" -eq 4 ] || fail "undo changed the dnat rules"
finish
