#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# undo reads a state file portguard 0.1.0 wrote (tests/fixtures/state/,
# written by 0.1.0's fix: a restrict over an admin's own nft file, then a
# second restrict): the first undo puts the first fix's table and file
# back, the second the admin's file, the third finds nothing to undo.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"

sandbox_netns server
root=$(mktemp -d)
chmod 755 "$root"
trap 'sandbox_cleanup; rm -rf "$root"' EXIT
fixture="$TOP_SRCDIR/tests/fixtures/state/restrict-0.1.0.json"
mkdir -p "$root/var/lib/portguard" "$root/etc/portguard"
cp "$fixture" "$root/var/lib/portguard/state.json"
pg() { ip netns exec "$server" "$PORTGUARD" "$@" --root "$root"; }
file="$root/etc/portguard/portguard.nft"

echo "# undo of the second fix: the first fix's table and file"
out=$(pg undo 2>&1); code=$?
[ "$code" -eq 2 ] || fail "undo exited $code, expected 2: $out"
grep -q "run undo again" <<<"$out" || fail "undo does not say that the earlier fix remains: $out"
# Read whole, then searched: grep -q would end the pipe early (pipefail).
table=$(ip netns exec "$server" nft list table inet portguard)
grep -q "10.9.4.0/24" <<<"$table" || fail "the previous table is not back: $table"
grep -q "fd00:9:4::/64" <<<"$table" || fail "the previous IPv6 network is not back: $table"
cmp -s "$file" <(jq -j .changes.nft.file_previous "$fixture") || fail "the first fix's nft file is not back"
report=$(sed -n 's/^Report: //p' <<<"$out")
[ -f "$report" ] && grep -q "rückgängig" "$report" || fail "no undo report: $out"
[ "$(jq -r .status "$root/var/lib/portguard/state.json")" = applied ] || fail "the earlier fix is not the last one now"

echo "# undo of the first fix: the admin's own file, no table"
expect_exit 2 pg undo --quiet
grep -q portguard <<<"$(ip netns exec "$server" nft list tables)" && fail "the table is still there"
cmp -s "$file" <(jq -j .earlier.changes.nft.file_previous "$fixture") || fail "the admin's nft file is not back"
grep -q "table inet old" "$file" || fail "the admin's nft file lacks its rules"

echo "# nothing left"
out=$(pg undo 2>&1); code=$?
[ "$code" -eq 0 ] || fail "a third undo exited $code, expected 0: $out"
finish
