#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The restrict ruleset on a real kernel with real packets: a server with
# the real rpcbind, a trusted and an untrusted peer, IPv4 and IPv6, TCP
# and UDP. Applying blocks the untrusted peer only; applying again writes
# nothing; other tables that accept port 111 do not defeat the drop;
# removing restores reachability and leaves other tables alone.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/nft.sh"

sandbox_netns server
sandbox_netns trusted
sandbox_netns untrusted
sandbox_link "$server" 10.91.1.1/24 "$trusted" 10.91.1.2/24
sandbox_link "$server" 10.91.2.1/24 "$untrusted" 10.91.2.2/24
sandbox_link "$server" fd91:1::1/64 "$trusted" fd91:1::2/64
sandbox_link "$server" fd91:2::1/64 "$untrusted" fd91:2::2/64
sandbox_rpcbind rpcbind_pid "$server"
helper() { ip netns exec "$server" "$NFT_HELPER" "$@"; }

# check_peers reachable|unreachable: what the untrusted peer should see;
# the trusted peer and loopback always get their answer.
check_peers() {
	local proto
	for proto in tcp udp; do
		expect_reachable "$trusted" "$proto" 10.91.1.1
		expect_reachable "$trusted" "$proto" fd91:1::1
		expect_reachable "$server" "$proto" 127.0.0.1
		expect_reachable "$server" "$proto" ::1
		"expect_$1" "$untrusted" "$proto" 10.91.2.1
		"expect_$1" "$untrusted" "$proto" fd91:2::1
	done
}

# drops PROTO: packets the drop rules for PROTO have counted, in both
# chains (prerouting sees them first).
drops() {
	ip netns exec "$server" nft list table inet portguard |
		sed -nE "s/.*$1 dport @ports .*counter packets ([0-9]+) .*/\\1/p" | awk '{ sum += $1 } END { print sum + 0 }'
}

echo "== before: everyone reaches the portmapper"
check_peers reachable

echo "== apply"
[ "$(helper apply --trusted 10.91.1.0/24,fd91:1::/64)" = changed ] || fail "first apply did not change anything"
check_peers unreachable
[ "$(drops tcp)" -gt 0 ] || fail "the tcp drop rule counted nothing"
[ "$(drops udp)" -gt 0 ] || fail "the udp drop rule counted nothing"

echo "== apply again: no write to the kernel"
generation=$(helper generation)
handle=$(ip netns exec "$server" nft -a list table inet portguard | head -n 1)
[ "$(helper apply --trusted fd91:1::/64 --trusted 10.91.1.0/25,10.91.1.128/25)" = unchanged ] ||
	fail "second apply changed the table"
[ "$(helper generation)" = "$generation" ] || fail "second apply moved the ruleset generation"
[ "$(ip netns exec "$server" nft -a list table inet portguard | head -n 1)" = "$handle" ] ||
	fail "second apply replaced the table"

echo "== replace: IPv6 no longer trusted"
[ "$(helper apply --trusted 10.91.1.0/24)" = changed ] || fail "apply with fewer networks changed nothing"
expect_unreachable "$trusted" udp fd91:1::1
expect_reachable "$trusted" udp 10.91.1.1
[ "$(helper apply --trusted 10.91.1.0/24,fd91:1::/64)" = changed ] || fail "restoring the networks changed nothing"

echo "== foreign tables that accept port 111, earlier and later, iptables-nft style"
ip netns exec "$server" nft -f - <<'NFT' || fail "cannot load the foreign tables"
table inet other {
	chain early {
		type filter hook input priority -400; policy accept;
		tcp dport 111 accept
		udp dport 111 accept
	}
	chain late {
		type filter hook input priority 100; policy accept;
		tcp dport 111 accept
		udp dport 111 accept
	}
}
table ip filter {
	chain INPUT {
		type filter hook input priority 0; policy accept;
		tcp dport 111 counter accept
		udp dport 111 counter accept
	}
}
NFT
foreign() { ip netns exec "$server" nft list table inet other; ip netns exec "$server" nft list table ip filter | sed -E 's/packets [0-9]+ bytes [0-9]+//'; }
foreign_before=$(foreign)
check_peers unreachable
[ "$(helper apply --trusted 10.91.1.0/24,fd91:1::/64)" = unchanged ] || fail "foreign tables made apply rewrite"

echo "== remove"
[ "$(helper remove)" = removed ] || fail "remove did not remove the table"
check_peers reachable
[ "$(helper remove)" = absent ] || fail "second remove found a table"
[ "$(foreign)" = "$foreign_before" ] || fail "apply or remove touched the foreign tables"
expect_error "there is no table inet portguard" helper read
finish
