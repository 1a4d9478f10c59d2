#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The host's own addresses come from netlink exactly as ip addr shows
# them, per namespace; a reported IP is "on this host" only when it is.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
helper="$TOP_BUILDDIR/tests/helpers/local_addresses"
sample="$TOP_SRCDIR/tests/fixtures/abuse/certbund-portmapper.txt"

# addresses NS: each address with its device and prefix, without the
# flags: IPv6 duplicate address detection changes those on its own.
addresses() {
	ip -n "$1" -o addr show | awk '{ print $2, $4 }' | sort
}

# settle NS: until every veth with carrier has its link-local address and
# no address is tentative any more (30 s at most), so that what the test
# compares has stopped moving.
settle() {
	local veths link_locals
	for _ in $(seq 300); do
		veths=$(ip -n "$1" -o link show type veth up | grep -c LOWER_UP)
		link_locals=$(ip -n "$1" -o -6 addr show scope link | wc -l)
		[ "$link_locals" -ge "$veths" ] && [ -z "$(ip -n "$1" -6 addr show tentative)" ] && return 0
		sleep 0.1
	done
	echo "addresses in $1 did not settle within 30 s: $(ip -n "$1" -o addr show)" >&2
	return 1
}

echo "# server with public, private and point-to-point addresses"
sandbox_netns server
sandbox_add_address "$server" 192.0.2.10/24
sandbox_add_address "$server" 2001:db8:10::5/64
sandbox_add_address "$server" 10.0.0.5/24
# On a point-to-point address the kernel's IFA_ADDRESS is the peer.
ip -n "$server" link add pgptp type veth peer name pgptq && ip -n "$server" link set pgptp up || exit 99
ip -n "$server" addr add 192.0.2.50 peer 192.0.2.51/32 dev pgptp || exit 99
settle "$server" || exit 99
before=$(addresses "$server")

lines=$(ip netns exec "$server" "$helper") || fail "local_addresses failed in $server"
for expected in "127.0.0.1/8 loopback" "::1/128 loopback" "192.0.2.10/24 public" \
	"2001:db8:10::5/64 public" "10.0.0.5/24 private" "192.0.2.50/32 public"; do
	grep -qxF "$expected" <<<"$lines" || fail "missing '$expected' in: $lines"
done
grep -q '^192\.0\.2\.51/' <<<"$lines" && fail "the peer address 192.0.2.51 was listed as our own"
ours=$(awk '{ sub("/.*", "", $1); print $1 }' <<<"$lines" | sort)
theirs=$(ip -n "$server" -o addr show | awk '{ sub("/.*", "", $4); print $4 }' | sort)
[ "$ours" = "$theirs" ] || fail "addresses differ from ip addr: ours '$ours', ip '$theirs'"
grep -q 'link-local' <<<"$lines" || fail "the veth's fe80:: address is missing"

json=$(ip netns exec "$server" "$helper" --json) || fail "local_addresses --json failed"
[ "$(jq -r 'sort | join(" ")' <<<"$json")" = "10.0.0.5 192.0.2.10 192.0.2.50 2001:db8:10::5" ] ||
	fail "local_addresses json without loopback and link-local: $json"

echo "# the sample mail's two addresses are this server's"
json=$(ip netns exec "$server" "$helper" --abuse "$sample") || fail "--abuse failed on the sample"
[ "$(jq -r '[.rows[] | "\(.ip)=\(.on_this_host)"] | join(" ")' <<<"$json")" = \
	"192.0.2.10=true 2001:db8:10::5=true" ] || fail "on_this_host in $server: $json"
[ "$(jq -r '.rows[1].programs | length' <<<"$json")" = 8 ] || fail "programs of the second row: $json"
[ "$before" = "$(addresses "$server")" ] || fail "reading the addresses changed them: before '$before', after '$(addresses "$server")'"

echo "# another machine: neither address is here"
sandbox_netns other
sandbox_add_address "$other" 198.51.100.7/24
json=$(ip netns exec "$other" "$helper" --abuse "$sample") || fail "--abuse failed in $other"
[ "$(jq -r '[.rows[].on_this_host] | join(" ")' <<<"$json")" = "false false" ] ||
	fail "on_this_host in $other: $json"

echo "# a mail without rows"
mail=$(mktemp)
trap 'rm -f "$mail"; sandbox_cleanup' EXIT
printf 'Sehr geehrte Damen und Herren,\r\n\r\nbitte pruefen Sie Ihren Server.\r\n' >"$mail"
expect_error "$mail has no CSV rows under a header with an \"ip\" column (CERT-Bund's \"asn\",\"ip\",\"timestamp\",... or Shadowserver's scan_* CSVs); pass the provider's mail or its CSV part" \
	ip netns exec "$server" "$helper" --abuse "$mail"
expect_error "cannot read the abuse report $mail.missing: No such file or directory" \
	ip netns exec "$server" "$helper" --abuse "$mail.missing"
finish
