#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A second fix that changes nothing trusts /etc/portguard/portguard.nft
# without formatting the table's text to compare it only while the file
# is the one portguard recorded (/run/portguard/nft-file: its device,
# inode, size, modification and change time, and the table whose text
# it holds). An edit that keeps the inode, the size and, put back by
# touch -d, the modification time still changes the change time: the
# file is compared and written again. A dry run records nothing.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"

sandbox_netns server
sandbox_netns peer
sandbox_link "$server" 10.9.5.1/24 "$peer" 10.9.5.2/24
sandbox_rpcbind rpcbind_pid "$server"
root=$(mktemp -d)
chmod 755 "$root"
trap 'sandbox_cleanup; rm -rf "$root"' EXIT

pg() { ip netns exec "$server" "$PORTGUARD" "$@" --root "$root"; }
file="$root/etc/portguard/portguard.nft"
record="$root/run/portguard/nft-file"
identity() { stat -c '%d %i %s %Y %Z' "$1"; }

echo "# fix writes the file and records it"
expect_exit 2 pg fix --trusted 10.9.5.0/24 --quiet
[ -s "$record" ] || fail "fix did not record the nft file"
written=$(mktemp -p "$root")
cp "$file" "$written"
before=$(identity "$file")

echo "# a second fix changes nothing and writes nothing"
expect_exit 0 pg fix --trusted 10.9.5.0/24 --quiet
[ "$(identity "$file")" = "$before" ] || fail "the second fix touched the nft file"

echo "# an edit of the same size, its modification time put back: written again"
mtime=$(stat -c '%y' "$file")
offset=$(grep -bo '10\.9\.5\.0/24' "$file" | head -n 1 | cut -d: -f1)
[ -n "$offset" ] || fail "the file does not name 10.9.5.0/24: $(cat "$file")"
printf '10.9.6.0/24' | dd of="$file" bs=1 seek="$offset" conv=notrunc status=none
touch -d "$mtime" "$file"
read -r dev inode size modified _ <<<"$(identity "$file")"
[ "$dev $inode $size $modified" = "$(cut -d' ' -f1-4 <<<"$before")" ] ||
	fail "the edit changed more than the content and change time: $(identity "$file") against $before"
cmp -s "$file" "$written" && fail "the edit did not change the file"
expect_exit 2 pg fix --trusted 10.9.5.0/24 --quiet
cmp "$file" "$written" || fail "fix did not write the file again after the edit"

echo "# without the record a dry run compares and records nothing; fix records it"
rm "$record"
expect_exit 0 pg fix --trusted 10.9.5.0/24 --dry-run --quiet
[ ! -e "$record" ] || fail "a dry run recorded the nft file"
before=$(identity "$file")
expect_exit 0 pg fix --trusted 10.9.5.0/24 --quiet
[ -s "$record" ] || fail "a fix that found the file holding its text did not record it"
[ "$(identity "$file")" = "$before" ] || fail "a fix that changes nothing touched the nft file"

echo "# a damaged record is not trusted: an edit is still found, and the record made anew"
head -c 40 "$record" >"$record.cut" && mv "$record.cut" "$record"
printf '10.9.6.0/24' | dd of="$file" bs=1 seek="$offset" conv=notrunc status=none
expect_exit 2 pg fix --trusted 10.9.5.0/24 --quiet
cmp "$file" "$written" || fail "fix trusted a damaged record and kept an edited file"
[ "$(head -c 8 "$record")" = "PGNFTF1" ] || fail "fix did not record the file again: $(head -c 8 "$record" | od -c)"

echo "# the recorded file replaced by another of the same bytes: compared, still nothing to change"
cp -p "$file" "$file.new" && mv "$file.new" "$file"
expect_exit 0 pg fix --trusted 10.9.5.0/24 --quiet

echo "# another table: the file is written anew, and undo puts back the one before"
expect_exit 2 pg fix --trusted 10.9.0.0/16 --quiet
grep -q '10\.9\.0\.0/16' "$file" || fail "the file lacks the new table: $(cat "$file")"
expect_exit 2 pg undo --quiet
cmp "$file" "$written" || fail "undo did not put back the earlier file"
finish
