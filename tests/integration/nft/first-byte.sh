#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A ruleset of another service's shape on a real kernel with real
# packets: NTP's sets (ntp_trusted4, ntp_ports, ...), UDP only, dropping
# from untrusted peers only the datagrams whose first byte & 0x06 is 0x06
# (modes 6 and 7). A UDP responder on port 123 echoes what it gets; a
# TCP listener on 123 shows that a UDP-only ruleset leaves TCP alone.
# The file nft loads and the batch apply sends are the same table.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
require_tools python3
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/nft.sh"

sandbox_netns server
sandbox_netns trusted
sandbox_netns untrusted
sandbox_link "$server" 10.93.1.1/24 "$trusted" 10.93.1.2/24
sandbox_link "$server" 10.93.2.1/24 "$untrusted" 10.93.2.2/24
sandbox_link "$server" fd93:2::1/64 "$untrusted" fd93:2::2/64
shape=(--prefix ntp_ --transports udp --first-byte 06/06 --port 123)
helper() { ip netns exec "$server" "$NFT_HELPER" "$@"; }

# An echo on udp/123 (both families) and a listener on tcp/123.
udp_echo_123 echo_pid "$server" tcp

# ask NS ADDRESS FIRST_BYTE: "answered" or "silent" (one datagram of 48
# bytes, one second to answer).
ask() {
	sandbox_udp_ask "$1" "$2" 123 "$3"
}
tcp_open() {
	ip netns exec "$1" python3 -c '
import socket, sys
socket.create_connection((sys.argv[1], 123), timeout=2).close()
' "$2" 2>/dev/null
}

# Modes by their first byte: e3 client (LI 3, VN 4, mode 3), 24 server
# (mode 4), 16 and d6 control (mode 6), 17 private (mode 7).
expect_modes() {
	local ns=$1 address=$2 control=$3 byte
	for byte in e3 24; do
		[ "$(ask "$ns" "$address" "$byte")" = answered ] || fail "$ns got no answer to $byte from $address"
	done
	for byte in 16 d6 17; do
		[ "$(ask "$ns" "$address" "$byte")" = "$control" ] ||
			fail "$ns to $address, first byte $byte: wanted $control"
	done
}

echo "== before: everyone gets every mode"
expect_modes "$untrusted" 10.93.2.1 answered

echo "== apply: untrusted peers lose modes 6 and 7 only"
[ "$(helper apply "${shape[@]}" --trusted 10.93.1.0/24)" = changed ] || fail "apply changed nothing"
expect_modes "$untrusted" 10.93.2.1 silent
expect_modes "$untrusted" fd93:2::1 silent
expect_modes "$trusted" 10.93.1.1 answered
expect_modes "$server" 127.0.0.1 answered
tcp_open "$untrusted" 10.93.2.1 || fail "a UDP-only ruleset closed tcp/123"
drops=$(ip netns exec "$server" nft list table inet portguard |
	sed -nE 's/.*@ntp_ports @th,64,8 & 0x6 == 0x6 .*counter packets ([0-9]+) .*/\1/p' | awk '{ s += $1 } END { print s + 0 }')
[ "$drops" -ge 6 ] || fail "the drop rules counted $drops datagrams, not the 6 sent"
ip netns exec "$server" nft list table inet portguard | contains 'set ntp_trusted4' || fail "no set ntp_trusted4"
ip netns exec "$server" nft list table inet portguard | contains 'dport @ports' &&
	fail "the portmapper's sets in NTP's table"

echo "== the read-back knows the shape"
[ "$(helper check "${shape[@]}" --trusted 10.93.1.0/24)" = equal ] || fail "read back differs"
other=$(helper check --trusted 10.93.1.0/24 2>&1) && fail "the portmapper's shape read NTP's table as equal"
contains "holds rules portguard did not write" <<<"$other" || fail "the portmapper's shape read NTP's table: $other"

echo "== the file nft loads is the same table"
file=$(mktemp)
trap 'rm -f "$file"; sandbox_cleanup' EXIT
helper write "$file" "${shape[@]}" --trusted 10.93.1.0/24
helper remove >/dev/null
ip netns exec "$server" nft -f "$file" || fail "nft did not load the file"
[ "$(helper apply "${shape[@]}" --trusted 10.93.1.0/24)" = unchanged ] ||
	fail "apply found the table nft loaded from the file different"
expect_modes "$untrusted" 10.93.2.1 silent

echo "== remove: every mode again"
[ "$(helper remove)" = removed ] || fail "remove found no table"
expect_modes "$untrusted" 10.93.2.1 answered
finish
