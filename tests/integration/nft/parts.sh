#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# One table inet portguard with two services' parts, real packets: the
# portmapper's (the real rpcbind, tcp and udp 111, trusted peer A) and
# NTP's (a UDP echo on 123, modes 6 and 7 dropped, trusted peer B). Each
# part lets in only its own trusted peers, on its own ports; applying
# again writes nothing; the file nft loads is the same table; taking one
# part out leaves the other working; a read that knows only one part's
# shape, a part with only some of its sets, rules out of order and two
# parts of one prefix are refused, and nothing changes.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
require_tools python3
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/nft.sh"

work=$(mktemp -d)
trap 'sandbox_cleanup; rm -rf "$work"' EXIT
sandbox_netns server
sandbox_netns peer_a
sandbox_netns peer_b
sandbox_netns stranger
sandbox_link "$server" 10.94.1.1/24 "$peer_a" 10.94.1.2/24
sandbox_link "$server" fd94:1::1/64 "$peer_a" fd94:1::2/64
sandbox_link "$server" 10.94.2.1/24 "$peer_b" 10.94.2.2/24
sandbox_link "$server" 10.94.3.1/24 "$stranger" 10.94.3.2/24
sandbox_link "$server" fd94:3::1/64 "$stranger" fd94:3::2/64
sandbox_rpcbind rpcbind_pid "$server"
udp_echo_123 echo_pid "$server"

portmapper=(--part ::-:111:10.94.1.0/24,fd94:1::/64)
ntp=(--part ntp_:udp:06/06:123:10.94.2.0/24)
# the shapes alone, for reading: no ports, no trusted networks
shapes=(--part ::-:: --part ntp_:udp:06/06::)
helper() { ip netns exec "$server" "$NFT_HELPER" "$@"; }
apply_says() { # apply_says EXPECTED ARGS...
	local expected=$1 said; shift
	said=$(helper apply "$@") || fail "apply $* failed"
	[ "$said" = "$expected" ] || fail "apply $* said '$said', expected '$expected'"
}

# ntp NS ADDRESS BYTE EXPECTED: one datagram to 123, answered or silent.
ntp() {
	local said; said=$(sandbox_udp_ask "$1" "$2" 123 "$3")
	[ "$said" = "$4" ] || fail "$1 to $2:123, first byte $3: $said, expected $4"
	echo "ok: $1 to $2:123, first byte $3: $4"
}
# portmapper_for NS reachable|unreachable ADDRESS...: over tcp and udp.
portmapper_for() {
	local ns=$1 expected=$2 address proto; shift 2
	for address in "$@"; do
		for proto in tcp udp; do
			"expect_$expected" "$ns" "$proto" "$address"
		done
	done
}

# both_parts_hold: each part lets in its own peers only, loopback both.
both_parts_hold() {
	portmapper_for "$stranger" unreachable 10.94.3.1 fd94:3::1
	ntp "$stranger" 10.94.3.1 e3 answered	# mode 3, client: time for everyone
	ntp "$stranger" 10.94.3.1 16 silent	# mode 6, control
	ntp "$stranger" fd94:3::1 17 silent	# mode 7
	portmapper_for "$peer_a" reachable 10.94.1.1 fd94:1::1
	ntp "$peer_a" 10.94.1.1 e3 answered
	ntp "$peer_a" 10.94.1.1 16 silent	# A is trusted by the portmapper's part only
	ntp "$peer_b" 10.94.2.1 16 answered
	ntp "$peer_b" 10.94.2.1 17 answered
	portmapper_for "$peer_b" unreachable 10.94.2.1	# B by NTP's only
	portmapper_for "$server" reachable 127.0.0.1 ::1
	ntp "$server" 127.0.0.1 16 answered
}

echo "== before: everyone gets everything"
portmapper_for "$stranger" reachable 10.94.3.1
ntp "$stranger" 10.94.3.1 16 answered

echo "== both parts in one batch"
apply_says changed "${ntp[@]}" "${portmapper[@]}"
both_parts_hold
listing=$(ip netns exec "$server" nft list table inet portguard)
for set in trusted4 trusted6 ports ntp_trusted4 ntp_trusted6 ntp_ports; do
	contains "set $set {" <<<"$listing" || fail "no set $set"
done
echo "== again, the parts given in the other order: nothing written"
before=$(helper generation)
apply_says unchanged "${portmapper[@]}" "${ntp[@]}"
[ "$(helper generation)" = "$before" ] || fail "the no-op apply committed a change"
echo "== the no-op by the record of the last dump (PGNFTV4, both parts)"
apply_says unchanged --known "$work" "${portmapper[@]}" "${ntp[@]}"
[ -s "$work/run/portguard/nft-verified" ] || fail "the dump that matched was not recorded"
head -c 8 "$work/run/portguard/nft-verified" | contains PGNFTV4 || fail "the record is not PGNFTV4"
apply_says unchanged --known "$work" "${portmapper[@]}" "${ntp[@]}"
apply_says changed --known "$work" "${portmapper[@]}" --part ntp_:udp:06/06:123:10.94.2.0/25
apply_says changed --known "$work" "${portmapper[@]}" "${ntp[@]}"

echo "== read back with every shape: both parts, the portmapper's first"
read=$(helper read "${shapes[@]}")
expected="part ''
trusted 10.94.1.0/24
trusted fd94:1::/64
port 111
part 'ntp_'
trusted 10.94.2.0/24
port 123"
[ "$read" = "$expected" ] || fail "read: $read"
[ "$(helper read-known --known "$work" "${shapes[@]}")" = "$expected" ] || fail "read-known differs"
[ "$(helper check "${portmapper[@]}" "${ntp[@]}")" = equal ] || fail "check: not equal"
[ "$(helper check "${portmapper[@]}" --part ntp_:udp:06/06:123:10.94.2.0/25)" = different ] ||
	fail "check: another NTP part read as equal"
echo "== a read that knows only one part's shape cannot vouch for the other part"
ruleset_before=$(ruleset "$server")
for one in "" "--prefix ntp_ --transports udp --first-byte 06/06 --port 123"; do
	# shellcheck disable=SC2086 # the words of one shape
	said=$(helper read $one 2>&1) && fail "read of one shape took a table of two parts: $said"
	contains "holds rules portguard did not write" <<<"$said" || fail "read of one shape: $said"
done
said=$(helper read --part ::-:: 2>&1) && fail "read of one part's shape took a table of two parts: $said"
contains "holds rules portguard did not write" <<<"$said" || fail "read --part: $said"
[ "$(ruleset "$server")" = "$ruleset_before" ] || fail "a read changed the table"

echo "== the file nft loads is the table apply writes"
helper write "$work/portguard.nft" "${ntp[@]}" "${portmapper[@]}"
[ "$(helper remove)" = removed ] || fail "no table to remove"
ip netns exec "$server" nft -f "$work/portguard.nft" || fail "nft did not load the file"
apply_says unchanged "${portmapper[@]}" "${ntp[@]}"
both_parts_hold
# loading it again replaces the table in one transaction, as the boot unit does
ip netns exec "$server" nft -f "$work/portguard.nft" || fail "nft did not load the file again"
apply_says unchanged "${portmapper[@]}" "${ntp[@]}"

echo "== refused, and nothing changes"
ruleset_before=$(ruleset "$server")
expect_refused() { # expect_refused TEXT ARGS...
	local text=$1 said; shift
	said=$(helper apply "$@" 2>&1) && fail "apply $* was not refused: $said"
	contains "$text" <<<"$said" || fail "apply $*: $said"
	[ "$(ruleset "$server")" = "$ruleset_before" ] || fail "the refused apply $* changed the table"
}
expect_refused "not one per service" "${portmapper[@]}" --part ::-:2049:10.94.2.0/24
expect_refused "no port to restrict" "${portmapper[@]}" --part ntp_:udp:06/06::10.94.2.0/24
expect_refused "trusting 0.0.0.0/0 lets every IPv4 address in" "${portmapper[@]}" --part ntp_:udp:06/06:123:0.0.0.0/0
expect_refused "not one per service" --part Ntp_:udp:06/06:123:10.94.2.0/24

echo "== a part with only some of its sets is not portguard's"
helper write "$work/portmapper.nft" "${portmapper[@]}"
ip netns exec "$server" nft -f "$work/portmapper.nft"
ip netns exec "$server" nft add set inet portguard ntp_ports '{ type inet_service; }'
said=$(helper read "${shapes[@]}" 2>&1) && fail "a part with one of its sets was read: $said"
contains "holds rules portguard did not write" <<<"$said" || fail "read: $said"
apply_says changed "${portmapper[@]}" "${ntp[@]}"
both_parts_hold

echo "== rules of both parts, out of order, are not portguard's"
# NTP's rules moved ahead of the portmapper's in chain input
python3 - "$work/portguard.nft" >"$work/reordered.nft" <<'EOF'
import sys
lines = open(sys.argv[1]).read().split("\n")
start = next(i for i, l in enumerate(lines) if l.startswith("\tchain input"))
end = next(i for i in range(start, len(lines)) if lines[i] == "\t}")
ntp = [l for l in lines[start:end] if "@ntp_" in l]
rest = [l for l in lines[start:end] if "@ntp_" not in l]
first = next(i for i, l in enumerate(rest) if "@trusted4" in l)
print("\n".join(lines[:start] + rest[:first] + ntp + rest[first:] + lines[end:]))
EOF
grep -q "@ntp_" "$work/reordered.nft" && ! cmp -s "$work/reordered.nft" "$work/portguard.nft" || exit 99
ip netns exec "$server" nft -f "$work/reordered.nft" || fail "nft did not load the reordered file"
said=$(helper read "${shapes[@]}" 2>&1) && fail "rules out of order were read: $said"
contains "holds rules portguard did not write" <<<"$said" || fail "read: $said"
apply_says changed "${portmapper[@]}" "${ntp[@]}"

echo "== NTP's part taken out: the portmapper's still holds"
apply_says changed "${portmapper[@]}"
ntp "$stranger" 10.94.3.1 16 answered
ntp "$peer_a" 10.94.1.1 16 answered
portmapper_for "$stranger" unreachable 10.94.3.1 fd94:3::1
portmapper_for "$peer_a" reachable 10.94.1.1 fd94:1::1
portmapper_for "$peer_b" unreachable 10.94.2.1
ip netns exec "$server" nft list table inet portguard | contains ntp_ && fail "NTP's sets are still there"
[ "$(helper read "${shapes[@]}")" = "part ''
trusted 10.94.1.0/24
trusted fd94:1::/64
port 111" ] || fail "read after NTP's part went: $(helper read "${shapes[@]}")"
# a table of the portmapper's part alone is the table of 0.2
[ "$(helper check --trusted 10.94.1.0/24,fd94:1::/64)" = equal ] || fail "the portmapper's part alone reads differently"

echo "== the portmapper's part taken out: NTP's still holds"
apply_says changed "${portmapper[@]}" "${ntp[@]}"
apply_says changed "${ntp[@]}"
portmapper_for "$stranger" reachable 10.94.3.1
portmapper_for "$peer_b" reachable 10.94.2.1
ntp "$stranger" 10.94.3.1 e3 answered
ntp "$stranger" 10.94.3.1 16 silent
ntp "$peer_a" 10.94.1.1 16 silent
ntp "$peer_b" 10.94.2.1 16 answered
[ "$(helper check --prefix ntp_ --transports udp --first-byte 06/06 --port 123 --trusted 10.94.2.0/24)" = equal ] ||
	fail "NTP's part alone reads differently"

echo "== remove: everything open again"
[ "$(helper remove)" = removed ] || fail "remove found no table"
portmapper_for "$stranger" reachable 10.94.3.1
ntp "$stranger" 10.94.3.1 16 answered
finish
