#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Bad input to the restrict ruleset: one line naming the cause, exit 1,
# and the kernel's ruleset as it was, with and without a portguard table.
# Duplicate and overlapping networks are not an error: they are merged.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/nft.sh"

require_tools capsh
sandbox_netns server
helper() { ip netns exec "$server" "$NFT_HELPER" "$@"; }
# Without CAP_NET_ADMIN, as root otherwise.
helper_without_admin() {
	ip netns exec "$server" capsh --drop=cap_net_admin -- -c 'exec "$0" "$@"' "$NFT_HELPER" "$@"
}

bad_inputs() {
	local before
	before=$(ruleset "$server")
	expect_error "'10.0.0.0/33' is not a network" helper apply --trusted 10.0.0.0/33
	expect_error "'300.1.1.1/8' is not a network" helper apply --trusted 10.0.0.0/8,300.1.1.1/8
	expect_error "trusting 0.0.0.0/0 lets every IPv4 address in, that is no restriction" \
		helper apply --trusted 10.0.0.0/8,0.0.0.0/0
	expect_error "trusting ::/0 lets every IPv6 address in, that is no restriction" \
		helper apply --trusted ::/0,10.0.0.0/8
	expect_error "changing nftables needs CAP_NET_ADMIN; run portguard as root" \
		helper_without_admin apply --trusted 10.1.0.0/16
	expect_error "changing nftables needs CAP_NET_ADMIN; run portguard as root" helper_without_admin remove
	expect_error "changing nftables needs CAP_NET_ADMIN; run portguard as root" helper_without_admin read
	expect_error "changing nftables needs CAP_NET_ADMIN; run portguard as root" helper_without_admin available
	[ "$(ruleset "$server")" = "$before" ] || fail "bad input changed the ruleset"
}

echo "== no portguard table yet"
bad_inputs
echo "== over an installed table"
[ "$(helper apply --trusted 192.0.2.0/24)" = changed ] || fail "apply failed"
bad_inputs

echo "== the kernel refuses one message: a table of that name owned by another process"
helper remove >/dev/null
fifo=$(mktemp -u)
mkfifo "$fifo"
ip netns exec "$server" nft -i <"$fifo" >/dev/null 2>&1 &
sandbox_pids+=("$!")
exec 7>"$fifo"
rm -f "$fifo"
echo 'add table inet portguard { flags owner; }' >&7
for _ in $(seq 300); do ip netns exec "$server" nft list tables | contains portguard && break; sleep 0.1; done
before=$(ruleset "$server")
expect_error "nftables refused to delete the old table inet portguard: Operation not permitted; nothing was changed" \
	helper apply --trusted 10.0.0.0/8
expect_error "nftables refused to delete table inet portguard: Operation not permitted" helper remove
[ "$(ruleset "$server")" = "$before" ] || fail "a refused batch changed the ruleset"
exec 7>&-	# nft exits, and its owned table goes with it
for _ in $(seq 300); do ip netns exec "$server" nft list tables | contains portguard || break; sleep 0.1; done

echo "== duplicates and overlaps are merged, not refused"
[ "$(helper apply --trusted 10.0.0.0/24,10.0.0.0/24 --trusted 10.0.0.128/25,10.0.0.7)" = changed ] ||
	fail "apply with duplicates failed"
[ "$(helper read)" = "$(printf 'trusted 10.0.0.0/24\nport 111')" ] || fail "duplicates were not merged: $(helper read)"
helper available || fail "nf_tables reported unavailable in a namespace"
finish
