#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# An /etc/portguard/portguard.nft that is not text (a NUL byte, bytes
# that are not UTF-8) is replaced by fix and put back byte for byte by
# undo; the record stays readable for report and undo. A journal that
# 0.1.0 wrote with such a byte ("\u0000") no longer blocks the next run:
# it is rolled back.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"

sandbox_netns server
sandbox_netns peer
sandbox_link "$server" 10.9.3.1/24 "$peer" 10.9.3.2/24
sandbox_rpcbind rpcbind_pid "$server"
root=$(mktemp -d)
chmod 755 "$root"
mkdir -p "$root/etc/portguard"
trap 'sandbox_cleanup; rm -rf "$root"' EXIT

pg() { ip netns exec "$server" "$PORTGUARD" "$@" --root "$root"; }
file="$root/etc/portguard/portguard.nft"
state="$root/var/lib/portguard/state.json"
original=$(mktemp -p "$root")
printf 'table inet old {}\n\0after the NUL \377\376\n' >"$original"
cp "$original" "$file"

echo "# fix over a file with a NUL byte: recorded, replaced"
out=$(pg fix --trusted 10.9.3.0/24 2>&1); code=$?
[ "$code" -eq 2 ] || fail "fix exited $code, expected 2: $out"
cmp -s "$file" "$original" && fail "fix did not replace the nft file"
jq -e '.changes.nft.file_previous == null and (.changes.nft.file_previous_base64 | type) == "string"' \
	"$state" >/dev/null || fail "the previous content is not recorded in base64: $(jq -c .changes.nft "$state")"
expect_exit 0 pg report --quiet

echo "# the report's German half is German: the plan's reason and the warning, worded from facts"
report=$(ls "$root"/var/lib/portguard/reports/*.txt | head -n 1)
german=$(sed -n '/^Sehr geehrte/,/^Dear Sir or Madam/p' "$report")
grep -q "Grund der Einschränkung laut Plan: rpcbind läuft nicht unter systemd" <<<"$german" ||
	fail "the German half lacks the German reason: $german"
grep -q "systemd läuft hier nicht" <<<"$german" || fail "the German half lacks the German warning: $german"
grep -q "englisch\|fix will\|is not running" <<<"$german" && fail "English in the German half: $german"

echo "# undo puts every byte back"
out=$(pg undo 2>&1); code=$?
[ "$code" -eq 2 ] || fail "undo exited $code, expected 2: $out"
cmp "$file" "$original" || fail "undo did not restore the file byte for byte"
grep -q portguard <<<"$(ip netns exec "$server" nft list tables)" && fail "undo left the table"

echo "# a 0.1.0 journal with \\u0000, interrupted: rolled back, then the fix runs"
expect_exit 2 pg fix --trusted 10.9.3.0/24 --quiet
jq '.status = "applying" | .changes.nft.file_previous = "old\u0000rules\n" | del(.changes.nft.file_previous_base64)' \
	"$state" >"$root/var/lib/portguard/journal.json"
grep -qF 'old\u0000rules' "$root/var/lib/portguard/journal.json" || fail "the journal lacks the escaped NUL"
out=$(pg fix --trusted 10.9.3.0/24 2>&1); code=$?
grep -q "previous run was interrupted" <<<"$out" || fail "the interrupted run was not rolled back: $out"
[ "$code" -eq 2 ] || fail "fix after the interrupted run exited $code, expected 2: $out"
[ ! -e "$root/var/lib/portguard/journal.json" ] || fail "the journal was left behind"
expect_exit 2 pg undo --quiet
cmp -s "$file" <(printf 'old\0rules\n') || fail "undo did not restore the rolled-back content: $(od -c "$file" | head -3)"
finish
