#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# undo reads a state file portguard 0.1.0 wrote (tests/fixtures/state/,
# written by 0.1.0's fix: a restrict over an admin's own nft file, then a
# second restrict): the first undo puts the first fix's table and file
# back, the second the admin's file, the third finds nothing to undo.
# Then the same for a state file of 0.2.0, and report from it.
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

# The same for a state file of portguard 0.2.0 (record format 2, written
# by its fix: a restrict with the provider's mail over an admin's own nft
# file, then a second restrict with more networks); report reads it first.
fixture="$TOP_SRCDIR/tests/fixtures/state/restrict-0.2.0.json"
cp "$fixture" "$root/var/lib/portguard/state.json"

echo "# 0.2.0: report from the record, both languages, the found listeners"
out=$(pg report 2>&1); code=$?
[ "$code" -eq 0 ] || fail "report of a 0.2.0 record exited $code: $out"
report=$(sed -n 's/^Report: //p' <<<"$out")
[ -f "$report" ] || fail "report wrote no file: $out"
grep -q "Sehr geehrte Damen und Herren" "$report" || fail "the report lacks its German letter"
grep -q "Dear Sir or Madam" "$report" || fail "the report lacks its English letter"
grep -q "udp \[::\]:111 rpcbind\[" "$report" || fail "the report does not name the listener and its owner"
grep -q "10.9.4.0/24" "$report" || fail "the report does not name the trusted network"
cmp -s "$fixture" "$root/var/lib/portguard/state.json" || fail "report changed the state file"

echo "# 0.2.0: undo of the second fix, the first fix's table and file"
out=$(pg undo 2>&1); code=$?
[ "$code" -eq 2 ] || fail "undo of a 0.2.0 record exited $code, expected 2: $out"
grep -q "run undo again" <<<"$out" || fail "undo does not say that the earlier fix remains: $out"
table=$(ip netns exec "$server" nft list table inet portguard)
grep -q "10.9.4.0/25" <<<"$table" || fail "the first fix's table is not back: $table"
grep -q "fd00:9:4::/64" <<<"$table" && fail "the second fix's IPv6 network is still there: $table"
cmp -s "$file" <(jq -j .changes.nft.file_previous "$fixture") || fail "the first fix's nft file is not back"
[ "$(jq -r .status "$root/var/lib/portguard/state.json")" = applied ] || fail "the earlier fix is not the last one now"
# what the earlier fix saw is kept as 0.2.0 wrote it
[ "$(jq -S .before "$root/var/lib/portguard/state.json")" = "$(jq -S .earlier.before "$fixture")" ] ||
	fail "undo changed the earlier fix's record"

echo "# 0.2.0: undo of the first fix, the admin's own file, no table"
expect_exit 2 pg undo --quiet
grep -q portguard <<<"$(ip netns exec "$server" nft list tables)" && fail "the table is still there"
cmp -s "$file" <(jq -j .earlier.changes.nft.file_previous "$fixture") || fail "the admin's nft file is not back"
grep -q "table inet old" "$file" || fail "the admin's nft file lacks its rules"
expect_exit 0 pg undo --quiet
finish
