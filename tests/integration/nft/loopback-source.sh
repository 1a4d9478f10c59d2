#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Loopback is a local source, and the drop holds for the port the socket
# receives. After portguard fix --mode restrict, a foreign host's probe
# gets nothing through three ways around an "iif lo accept": a tc mirred
# redirect onto lo, an nft dup onto lo in another table, and a table that
# rewrites port 5555 to 111 on the input hook after portguard's first
# chain. The host itself still gets its answer from 127.0.0.1, ::1, its
# own addresses and its link-local one. A table of the shape an earlier
# portguard wrote lets each of the three through: check says exposed
# there, and fix replaces it; undo goes back through both fixes.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/nft.sh"

sandbox_netns host
sandbox_netns internet
sandbox_link "$host" 10.94.1.1/24,fd94:1::1/64 "$internet" 10.94.1.2/24,fd94:1::2/64
sandbox_rpcbind rpcbind_pid "$host"
device=$(ip -n "$host" -o link show type veth | awk -F': ' '{ sub(/@.*/, "", $2); print $2; exit }')
link_local=$(ip -n "$host" -6 -o addr show dev "$device" scope link | awk '{ sub(/\/.*/, "", $4); print $4 }')
peer_device=$(ip -n "$internet" -o link show type veth | awk -F': ' '{ sub(/@.*/, "", $2); print $2; exit }')
[ -n "$device" ] && [ -n "$link_local" ] && [ -n "$peer_device" ] || { echo "no veth or link-local address" >&2; exit 99; }

root=$(mktemp -d)
chmod 755 "$root"
mkdir -p "$root/etc"
trap 'sandbox_cleanup; rm -rf "$root"' EXIT
pg() { ip netns exec "$host" "$PORTGUARD" "$@" --root "$root"; }
in_host() { ip netns exec "$host" "$@"; }
trusted=10.94.9.0/24	# nobody here: only loopback may ask

# dump NS NETID ADDRESS: the portmapper's DUMP (rpcinfo -p, what the
# scanners ask) answers NS. rpcinfo ends only on SIGKILL.
dump() {
	ip netns exec "$1" timeout -s KILL 3 rpcinfo -T "$2" -p "$3" 2>/dev/null | contains portmapper
}
# probe5555 ADDRESS SECONDS: portguard probe from the internet on port
# 5555, SECONDS per question; exit 2 when a portmapper answers there.
probe5555() {
	ip netns exec "$internet" timeout -s KILL 60 "$PORTGUARD" probe "$1" --port 5555 --timeout "$2" --quiet >/dev/null
}
# drops CHAIN: packets the drop rules of CHAIN counted.
drops() {
	in_host nft list chain inet portguard "$1" |
		sed -nE 's/.*dport @ports .*counter packets ([0-9]+) .*/\1/p' | awk '{ sum += $1 } END { print sum + 0 }'
}

# The three ways around "iif lo accept", each on and off.
mirred_on() {
	in_host tc qdisc add dev "$device" ingress &&
		in_host tc filter add dev "$device" ingress protocol ip u32 match ip dport 111 0xffff \
			action mirred ingress redirect dev lo &&
		in_host tc filter add dev "$device" ingress protocol ipv6 u32 match ip6 dport 111 0xffff \
			action mirred ingress redirect dev lo || { echo "cannot redirect onto lo with tc" >&2; exit 99; }
}
mirred_off() { in_host tc qdisc del dev "$device" ingress; }
# Not what comes from lo: that would copy the copies.
dup_on() {
	in_host nft -f - <<'NFT' || { echo "cannot load the dup tables" >&2; exit 99; }
table ip dup_to_lo {
	chain prerouting {
		type filter hook prerouting priority -400; policy accept;
		iif != "lo" udp dport 111 dup to 127.0.0.1 device "lo"
		iif != "lo" tcp dport 111 dup to 127.0.0.1 device "lo"
	}
}
table ip6 dup_to_lo {
	chain prerouting {
		type filter hook prerouting priority -400; policy accept;
		iif != "lo" udp dport 111 dup to ::1 device "lo"
		iif != "lo" tcp dport 111 dup to ::1 device "lo"
	}
}
NFT
}
dup_off() { in_host nft delete table ip dup_to_lo && in_host nft delete table ip6 dup_to_lo; }
# 5555 becomes 111 after portguard's prerouting chain; the answers go
# back from 5555 so that the prober takes them.
rewrite_on() {
	in_host nft -f - <<'NFT' || { echo "cannot load the rewrite table" >&2; exit 99; }
table inet rewrite {
	chain input {
		type filter hook input priority 0; policy accept;
		udp dport 5555 udp dport set 111
		tcp dport 5555 tcp dport set 111
	}
	chain output {
		type filter hook output priority 0; policy accept;
		udp sport 111 udp sport set 5555
		tcp sport 111 tcp sport set 5555
	}
}
NFT
}
rewrite_off() { in_host nft delete table inet rewrite; }

# closed_to_internet WAY [all|some]: the internet's probe through WAY
# gets nothing, refused by portguard's drop rules (their counters moved),
# and check agrees. "some" probes one address and protocol a family.
closed_to_internet() {
	local way=$1 probes=${2:-all} failed=$failures before after input_before netid address
	before=$(( $(drops input) + $(drops prerouting) ))
	input_before=$(drops input)
	"${way}_on"
	if [ "$way" = rewrite ]; then
		for address in 10.94.1.1 fd94:1::1; do
			# Where the drop counters prove the refusal, a short wait is enough.
			probe5555 "$address" 1
			[ $? -eq 0 ] || fail "$way: the internet's probe of $address port 5555 got an answer"
			[ "$probes" = all ] || break
		done
		[ "$(drops input)" -gt "$input_before" ] || fail "$way: the input chain dropped nothing"
	elif [ "$probes" = all ]; then
		for netid in udp tcp; do
			dump "$internet" "$netid" 10.94.1.1 && fail "$way: the internet gets a $netid DUMP from 10.94.1.1"
			dump "$internet" "${netid}6" fd94:1::1 && fail "$way: the internet gets a ${netid}6 DUMP from fd94:1::1"
		done
	else
		dump "$internet" udp 10.94.1.1 && fail "$way: the internet gets a udp DUMP from 10.94.1.1"
		dump "$internet" tcp6 fd94:1::1 && fail "$way: the internet gets a tcp6 DUMP from fd94:1::1"
	fi
	after=$(( $(drops input) + $(drops prerouting) ))
	[ "$after" -gt "$before" ] || fail "$way: portguard's drop rules counted nothing"
	expect_exit 0 pg check --quiet --trusted "$trusted"
	"${way}_off"
	[ "$failures" -eq "$failed" ] && echo "ok: $way: the internet gets nothing"
}

# open_to_internet WAY: with WAY in place the internet's probe is
# answered (the way is real), and check says exposed.
open_to_internet() {
	local way=$1 failed=$failures
	"${way}_on"
	if [ "$way" = rewrite ]; then
		probe5555 10.94.1.1 3
		[ $? -eq 2 ] || fail "$way: the internet gets no answer on port 5555: the test proves nothing"
	else
		dump "$internet" udp 10.94.1.1 || fail "$way: the internet gets no udp DUMP: the test proves nothing"
		dump "$internet" tcp6 fd94:1::1 || fail "$way: the internet gets no tcp6 DUMP: the test proves nothing"
	fi
	expect_exit 2 pg check --quiet --trusted "$trusted"
	"${way}_off"
	[ "$failures" -eq "$failed" ] && echo "ok: $way: open through the earlier table, and check says so"
}

echo "# before: the internet gets the DUMP"
dump "$internet" udp 10.94.1.1 || fail "the internet gets no DUMP before the fix"
expect_exit 2 pg check --quiet --trusted "$trusted"

echo "# fix"
json=$(pg fix --json --mode restrict --trusted "$trusted"); code=$?
[ "$code" -eq 2 ] || fail "fix exited $code, expected 2: $json"
jq -e '.verified and (.after.exposed | not)' <<<"$json" >/dev/null || fail "fix did not verify: $json"
dump "$internet" udp 10.94.1.1 && fail "the internet still gets the DUMP"

echo "# the three ways around loopback and the first chain"
for way in mirred dup rewrite; do
	closed_to_internet "$way"
done

echo "# the host asks itself"
for address in 127.0.0.1 10.94.1.1; do
	for netid in udp tcp; do
		dump "$host" "$netid" "$address" || fail "the host gets no $netid DUMP from its own $address"
	done
done
for address in ::1 fd94:1::1 "$link_local%$device"; do
	for netid in udp6 tcp6; do
		dump "$host" "$netid" "$address" || fail "the host gets no $netid DUMP from its own $address"
	done
done
# A link-local source is accepted on lo: the answer goes back out by lo.
mirred_on
dump "$internet" udp6 "$link_local%$peer_device" && fail "a link-local probe redirected onto lo got an answer"
mirred_off

echo "# a second fix changes nothing"
expect_exit 0 pg fix --quiet --mode restrict --trusted "$trusted"

echo "# the table an earlier portguard wrote: open three ways, check says so, fix replaces it"
{
	printf 'table inet portguard\ndelete table inet portguard\n'
	earlier_table --prerouting "$trusted"
} | in_host nft -f - || fail "cannot load the earlier table"
dump "$internet" udp 10.94.1.1 && fail "the earlier table lets the internet in directly"
for way in mirred dup rewrite; do
	open_to_internet "$way"
done
expect_error "holds rules portguard did not write" in_host "$NFT_HELPER" read
expect_exit 2 pg fix --quiet --mode restrict --trusted "$trusted"
for way in mirred dup rewrite; do
	closed_to_internet "$way" some
done

echo "# undo takes back the last fix: the first fix's table is back, closed"
undo_out=$(pg undo 2>&1); undo_rc=$?
[ "$undo_rc" -eq 2 ] || fail "undo exited $undo_rc, not 2: $undo_out"
grep -q "run undo again" <<<"$undo_out" || fail "undo does not say the first fix is still there: $undo_out"
in_host "$NFT_HELPER" read >/dev/null || fail "undo did not put back the first fix's own table"
for way in mirred dup rewrite; do
	closed_to_internet "$way" some
done

echo "# undo again: the table goes, the host is as it was"
expect_exit 2 pg undo --quiet
in_host nft list table inet portguard >/dev/null 2>&1 && fail "undo left the table"
dump "$internet" udp 10.94.1.1 || fail "after undo the internet gets no DUMP"
finish
