#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The nft file is exactly the table the binary installs: `nft -f` of it
# in one namespace and apply in another give the same table, read back
# through netlink and listed by nft, down to the set elements; apply over
# the file's table writes nothing. The file is written atomically, 0644.
# A table edited by hand is reported and replaced.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/nft.sh"

workdir=$(mktemp -d)
trap 'rm -rf "$workdir"; sandbox_cleanup' EXIT
sandbox_netns by_file
sandbox_netns by_binary
helper_in() { local ns=$1; shift; ip netns exec "$ns" "$NFT_HELPER" "$@"; }

# round_trip NAME HELPER-OPTIONS...: file and binary give one table.
round_trip() {
	local name=$1; shift
	local file="$workdir/$name/etc/portguard/portguard.nft"
	helper_in "$by_binary" remove >/dev/null
	mkdir -p "$workdir/$name/etc"	# the writer makes portguard/ itself
	"$NFT_HELPER" write "$file" "$@" || { fail "$name: write failed"; return; }
	[ "$(stat -c %a "$file")" = 644 ] || fail "$name: file mode is $(stat -c %a "$file"), not 644"
	[ -z "$(find "$(dirname "$file")" -name 'portguard.nft.*')" ] || fail "$name: temporary file left behind"
	cmp -s "$file" <("$NFT_HELPER" format "$@") || fail "$name: file differs from format"
	ip netns exec "$by_file" nft -f "$file" || { fail "$name: nft -f refused the file"; return; }
	[ "$(helper_in "$by_binary" apply "$@")" = changed ] || fail "$name: apply changed nothing"
	[ "$(ruleset "$by_file")" = "$(ruleset "$by_binary")" ] || fail "$name: nft lists the two tables differently"
	local table
	for ns in "$by_file" "$by_binary"; do
		ip netns exec "$ns" nft --debug=netlink list table inet portguard >"$workdir/$name.$ns" 2>&1
	done
	cmp -s "$workdir/$name.$by_file" "$workdir/$name.$by_binary" || fail "$name: the kernel holds other elements or expressions"
	[ "$(helper_in "$by_file" check "$@")" = equal ] || fail "$name: the file's table does not read back as the ruleset"
	[ "$(helper_in "$by_file" apply "$@")" = unchanged ] || fail "$name: apply rewrote the file's table"
	ip netns exec "$by_file" nft -f "$file" || fail "$name: loading the file a second time failed"
	[ "$(helper_in "$by_file" check "$@")" = equal ] || fail "$name: reloading the file changed the table"
	echo "ok: $name: file and binary install one table"
}

round_trip small --trusted 10.0.0.0/8,192.168.1.0/24,192.168.2.0/24 --trusted 2001:db8::/32
round_trip edges --trusted 0.0.0.0/8,255.255.255.0/24,::/8,ffff::/16,192.0.2.7 --port 111 --port 2049 --port 20048
round_trip ipv4-only --trusted 10.0.0.0/24,10.0.0.0/24,10.0.0.128/25
round_trip ipv6-only --trusted fd00::/8
random_prefixes 3000 7 >"$workdir/prefixes"
round_trip large --trusted-file "$workdir/prefixes" --port 111 --port 2049

echo "== a table edited by hand"
helper_in "$by_binary" apply --trusted 10.0.0.0/8 >/dev/null
ip netns exec "$by_binary" nft insert rule inet portguard input tcp dport 111 accept
expect_error "holds rules portguard did not write" helper_in "$by_binary" read
[ "$(helper_in "$by_binary" apply --trusted 10.0.0.0/8)" = changed ] || fail "apply kept the edited table"
[ "$(helper_in "$by_binary" check --trusted 10.0.0.0/8)" = equal ] || fail "the replaced table is not portguard's"
ip netns exec "$by_binary" nft add set inet portguard extra '{ type ipv4_addr; }'
[ "$(helper_in "$by_binary" apply --trusted 10.0.0.0/8)" = changed ] || fail "apply kept a table with an extra set"
ip netns exec "$by_binary" nft add table inet portguard '{ flags dormant; }'
[ "$(helper_in "$by_binary" apply --trusted 10.0.0.0/8)" = changed ] || fail "apply kept a dormant table"

require_tools systemd-analyze
unit="$TOP_SRCDIR/units/portguard-restore.service"
systemd-analyze verify --man=no "$unit" 2>"$workdir/verify" || fail "systemd-analyze: $(cat "$workdir/verify")"
finish
