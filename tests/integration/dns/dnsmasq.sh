#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# dnsmasq as the open resolver (tests/lib/dnsmasq.sh: forwarding to an
# unbound of its own without upstream): without local-service check and
# probe from a foreign namespace see it open as dig +recurse does, and
# fix restricts it (recursive-only); undo opens it again. With an
# auth-zone fix explains: exit 1 with dnsmasq.conf's line and
# "local-service", nothing changes, and the report written holds the
# explanation in German and English.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/dns.sh"
. "$TOP_SRCDIR/tests/lib/dnsmasq.sh"

sandbox_netns server
sandbox_netns scanner
sandbox_link "$server" 192.0.2.55/24 "$scanner" 192.0.2.99/24
sandbox_empty_root dir
sandbox_empty_root root
mkdir -p "$root/etc"

echo "# dnsmasq forwarding for everyone: an open resolver, seen from the scanner, restricted, undone"
sandbox_dnsmasq pid "$server" "$dir" ""
cp "$dir/dnsmasq.conf" "$root/etc/dnsmasq.conf"
resolver_restricted "$server" "$scanner" "$root" 192.0.2.55 dnsmasq --service dns

echo "# an auth-zone: explained, nothing changes, the report says why and what to change"
kill "$pid"; wait "$pid" 2>/dev/null
sandbox_dnsmasq pid "$server" "$dir" $'auth-server=ns1.example.test,eth0\nauth-zone=example.test,192.0.2.0/24'
cp "$dir/dnsmasq.conf" "$root/etc/dnsmasq.conf"
zone_line=$(grep -n '^auth-zone=' "$dir/dnsmasq.conf" | cut -d: -f1)
fix_explained "$server" "$root" "$dir" --service dns
contains -F "portguard: dns is still exposed: /etc/dnsmasq.conf:$zone_line serves auth-zone=example.test,192.0.2.0/24 to the world" <<<"$explained_line" ||
	fail "the line: $explained_line"
contains -F "set \"local-service\" in dnsmasq.conf" <<<"$explained_line" || fail "the line lacks local-service: $explained_line"
dig_recurse "$scanner" 192.0.2.55 >/dev/null || fail "explain changed what the scanner gets"
for phrase in "Keine durch portguard, und auch keine Firewall-Regel: /etc/dnsmasq.conf:$zone_line dient" \
	"setzen Sie „local-service“ in dnsmasq.conf" \
	"None by portguard, and no firewall rule either: /etc/dnsmasq.conf:$zone_line serves" \
	"set \"local-service\" in dnsmasq.conf" "192.0.2.55"; do
	contains -F "$phrase" <<<"$explained_text" || fail "the report lacks '$phrase': $(cat "$explained_report")"
done
finish
