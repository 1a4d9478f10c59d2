#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# mDNS restricted without systemd, the real avahi-daemon in a namespace
# with a LAN link and a public one, a service published in
# /etc/avahi/services: fix restricts 5353/udp to the LAN it derives (the
# host on the public link gets nothing, the LAN peer its answer), the
# agent puts mDNS's table back after a flush, undo opens it again, and
# CERT-Bund's mDNS mail is answered with mDNS's report.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/avahi.sh"
. "$TOP_SRCDIR/tests/lib/watch.sh"

sandbox_netns server
sandbox_netns lan
sandbox_netns wan
sandbox_link "$server" 10.75.18.1/24 "$lan" 10.75.18.2/24
sandbox_link "$server" 203.0.113.10/24 "$wan" 203.0.113.66/24
sandbox_empty_root root
avahi_config "$root/etc/avahi"
cp /usr/share/doc/avahi-daemon/examples/ssh.service "$root/etc/avahi/services/"
sandbox_avahi avahi_pid "$server" "$root/etc/avahi"
pg() { ip netns exec "$server" "$PORTGUARD" "$@" --root "$root"; }
lan_answered() { [ "$(mdns_ask "$lan" 10.75.18.1)" != none ]; }
wan_answered() { [ "$(mdns_ask "$wan" 203.0.113.10)" != none ]; }
wan_answered || fail "the public link gets no answer before the fix"

echo "# an avahi-daemon.conf that cannot be trusted stops fix with one line, nothing changed"
cp "$root/etc/avahi/avahi-daemon.conf" "$root/avahi-daemon.conf.good"
sed -i 's/^\[server\]$/[server]\ndeny-interfaces=averyveryverylongname0/' "$root/etc/avahi/avahi-daemon.conf"
expect_error "avahi-daemon.conf:2: an interface name is longer than 15 bytes" pg fix --service mdns
ip netns exec "$server" nft list tables | contains portguard && fail "a refused fix installed a table"
[ -e "$root/var/lib/portguard/state.json" ] && fail "a refused fix left a record"
wan_answered || fail "a refused fix closed the port"
cp "$root/avahi-daemon.conf.good" "$root/etc/avahi/avahi-daemon.conf"

echo "# fix restricts to the LAN the published service needs"
json=$(pg fix --service mdns --json); code=$?
[ "$code" -eq 2 ] || fail "fix exited $code, expected 2: $json"
jq -e '.plan.action == "restrict" and .verified and .plan.trusted == ["10.75.18.0/24"]' <<<"$json" >/dev/null ||
	fail "fix did not restrict to the LAN: $json"
lan_answered || fail "the LAN peer is no longer answered"
wan_answered && fail "the public link is still answered"
json=$(pg check --service mdns --json); code=$?
[ "$code" -eq 0 ] || fail "check after the fix exited $code: $json"

echo "# the agent puts mDNS's part of the table back after a flush"
ip netns exec "$server" "$PORTGUARD" watch --root "$root" 2>"$root/watch.log" &
agent=$!
sandbox_pids+=("$agent")
guard_is() { [ "$(guard_field "$root" "$1")" = "$2" ]; }
wait_until 30 guard_is pid "$agent" || fail "the agent did not start: $(cat "$root/watch.log")"
ip netns exec "$server" nft flush ruleset
mdns_table_back() { ip netns exec "$server" nft list table inet portguard 2>/dev/null | contains "@mdns_ports"; }
wait_until 30 mdns_table_back || fail "the agent did not put mDNS's table back: $(cat "$root/watch.log")"
wan_answered && fail "the public link is answered after the repair"
lan_answered || fail "the LAN peer is not answered after the repair"
kill "$agent"; wait "$agent" 2>/dev/null

echo "# undo opens the port again"
expect_exit 2 pg undo --quiet
ip netns exec "$server" nft list tables | contains portguard && fail "undo left the table"
wan_answered || fail "the public link is not answered after undo"

echo "# the mail path: CERT-Bund's mDNS mail names the service, the report answers it"
out=$(pg fix --abuse-report "$TOP_SRCDIR/tests/fixtures/abuse/certbund-mdns.txt" 2>&1); code=$?
[ "$code" -eq 2 ] || fail "fix with the mDNS mail exited $code, expected 2: $out"
[ "$(jq -r .service "$root/var/lib/portguard/state.json")" = mdns ] || fail "the mail's fix is not mDNS's"
report=$(sed -n 's/^Report: //p' <<<"$out")
[ -f "$report" ] || fail "no report: $out"
words=$(tr -s ' \n' '  ' <"$report")
for phrase in "Offener mDNS-Dienst" "Open mDNS service" "avahi-daemon nannte 2 Diensttypen" \
	"avahi-daemon named 2 service types" "_workstation._tcp.local" "DNS-SD query (the service types, then one question per type) of 120 bytes over UDP was answered with" "trusted network 10.75.18.0/24" \
	"dig +short -p 5353 -t PTR _services._dns-sd._udp.local @"; do
	contains -F "$phrase" <<<"$words" || fail "the report lacks '$phrase'"
done
contains -F "(UDP und TCP" "$report" && fail "the report names TCP for mDNS"
expect_exit 2 pg undo --quiet
finish
