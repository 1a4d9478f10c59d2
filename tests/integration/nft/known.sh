#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The no-op path without a dump: while the ruleset generation has not
# moved since portguard read its table, the record of what it read
# stands for the table. A stale record must never make a changed table
# look unchanged: any change (to any table), another network namespace
# and a generation number that a new namespace reaches again all send
# portguard back to the dump, which then decides.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/nft.sh"
require_tools strace
work=$(mktemp -d)
trap 'sandbox_cleanup; rm -rf "$work"' EXIT
known="$work/run/portguard/nft-verified"	# NFT_VERIFIED_FILE below the tree $work
sandbox_netns first
sandbox_netns second
helper_in() { local ns=$1; shift; ip netns exec "$ns" "$NFT_HELPER" "$@"; }
# dumps NS ARGS...: how many set element dumps the helper asks for
dumps() {
	local ns=$1; shift
	ip netns exec "$ns" strace -f -e trace=sendto,sendmsg -o "$work/strace" "$NFT_HELPER" "$@" >/dev/null
	grep -c 'NFT_MSG_GETSETELEM' "$work/strace"
}
apply_says() { # apply_says NS EXPECTED ARGS...
	local ns=$1 expected=$2; shift 2
	local said; said=$(helper_in "$ns" apply --known "$work" "$@")
	[ "$said" = "$expected" ] || fail "apply in $ns said '$said', expected '$expected'"
}

echo "# installed, then compared by a dump, which is recorded"
apply_says "$first" changed --trusted 10.1.0.0/16
[ ! -e "$known" ] || fail "a write was recorded without the dump that proves it"
[ "$(dumps "$first" apply --known "$work" --trusted 10.1.0.0/16)" -gt 0 ] || fail "the first no-op did not dump"
[ -s "$known" ] || fail "the matching dump was not recorded"
echo "# nothing changed since: no dump, and still right"
[ "$(dumps "$first" apply --known "$work" --trusted 10.1.0.0/16)" -eq 0 ] || fail "the no-op dumped although nothing changed"
apply_says "$first" unchanged --trusted 10.1.0.0/16
[ "$(dumps "$first" read-known --known "$work")" -eq 0 ] || fail "read-known dumped although nothing changed"
[ "$(helper_in "$first" read-known --known "$work")" = "trusted 10.1.0.0/16
port 111" ] || fail "read-known: $(helper_in "$first" read-known --known "$work")"

echo "# a different wanted table is written without a dump, and checked by one afterwards"
apply_says "$first" changed --trusted 10.2.0.0/16
apply_says "$first" unchanged --trusted 10.2.0.0/16
[ "$(helper_in "$first" check --trusted 10.2.0.0/16)" = equal ] || fail "the kernel does not hold 10.2.0.0/16"

echo "# changed behind portguard's back: the dump sees it"
ip netns exec "$first" nft add element inet portguard trusted4 '{ 192.0.2.0/24 }'
apply_says "$first" changed --trusted 10.2.0.0/16
apply_says "$first" unchanged --trusted 10.2.0.0/16
echo "# a change to another table moves the generation too"
ip netns exec "$first" nft add table inet other
ip netns exec "$first" nft delete element inet portguard trusted4 '{ 10.2.0.0/16 }'
ip netns exec "$first" nft delete table inet other
apply_says "$first" changed --trusted 10.2.0.0/16

echo "# the record of another namespace, at the same generation there, is not this table"
helper_in "$first" apply --known "$work" --trusted 10.2.0.0/16 >/dev/null
recorded=$(helper_in "$first" generation)
[ "$(dumps "$first" apply --known "$work" --trusted 10.2.0.0/16)" -eq 0 ] || fail "the record was not current"
# the second namespace: a table of its own, then the recorded generation
ip netns exec "$second" nft add table inet portguard
filler=add
while [ "$(helper_in "$second" generation)" -lt "$recorded" ]; do	# one commit a step
	ip netns exec "$second" nft "$filler" table inet filler
	[ "$filler" = add ] && filler=delete || filler=add
done
[ "$(helper_in "$second" generation)" = "$recorded" ] || exit 99
apply_says "$second" changed --trusted 10.2.0.0/16
[ "$(helper_in "$second" check --trusted 10.2.0.0/16)" = equal ] || fail "the second namespace does not hold the table"

echo "# a damaged record is no record"
printf 'PGNFTV2\ngarbage' >"$known"
apply_says "$first" unchanged --trusted 10.2.0.0/16
[ "$(dumps "$first" apply --known "$work" --trusted 10.2.0.0/16)" -eq 0 ] || fail "the dump did not replace the damaged record"
finish
