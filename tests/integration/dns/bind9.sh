#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# BIND's named as the open resolver (tests/lib/bind9.sh), on the
# address Shadowserver's scan_dns file reports with a BIND version:
# with "recursion yes; allow-recursion { any; };" check and probe from
# a foreign namespace see it open as dig +recurse does, and fix restricts
# it (recursive-only: no zone of its own); undo opens it again. With a
# primary zone "example.test" fix explains: exit 1 with named.conf's
# line, nothing changes, the world still gets the zone, and the report
# written holds the explanation in German and English.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/dns.sh"
. "$TOP_SRCDIR/tests/lib/bind9.sh"

sandbox_netns server
sandbox_netns scanner
sandbox_link "$server" 192.0.2.54/24 "$scanner" 192.0.2.99/24
sandbox_empty_root dir
sandbox_empty_root root
mkdir -p "$root/etc/bind"
mail=$TOP_SRCDIR/tests/fixtures/abuse/2026-11-24-scan_dns-asn64496-de.csv

echo "# named with recursion for any: an open resolver, seen from the scanner, restricted, undone"
sandbox_named pid "$server" "$dir" $'\trecursion yes;\n\tallow-recursion { any; };'
cp "$dir/named.conf" "$root/etc/bind/named.conf"
resolver_restricted "$server" "$scanner" "$root" 192.0.2.54 named --abuse-report "$mail"

echo "# a primary zone: explained, nothing changes, the report says why and what to change"
kill "$pid"; wait "$pid" 2>/dev/null
printf '$ORIGIN example.test.\n$TTL 3600\n@ SOA ns1 hostmaster 1 3600 600 86400 3600\n@ NS ns1\nns1 A 192.0.2.54\nwww A 192.0.2.80\n' \
	>"$dir/example.test.zone"
sandbox_named pid "$server" "$dir" $'\trecursion yes;\n\tallow-recursion { any; };' \
	"zone \"example.test\" { type primary; file \"$dir/example.test.zone\"; };"
cp "$dir/named.conf" "$root/etc/bind/named.conf"
zone_line=$(grep -n '^zone "example.test"' "$dir/named.conf" | cut -d: -f1)
open_line=$(grep -n 'allow-recursion' "$dir/named.conf" | cut -d: -f1)
said=$(ip netns exec "$scanner" dig +norecurse +tries=1 +time=2 @192.0.2.54 www.example.test A +short 2>&1)
[ "$said" = 192.0.2.80 ] || fail "the zone does not answer the world: $said"
fix_explained "$server" "$root" "$dir" --abuse-report "$mail"
contains -F "portguard: dns is still exposed: /etc/bind/named.conf:$zone_line serves" <<<"$explained_line" ||
	fail "the line: $explained_line"
contains -F "change /etc/bind/named.conf:$open_line" <<<"$explained_line" || fail "the line lacks the line to change: $explained_line"
dig_recurse "$scanner" 192.0.2.54 >/dev/null || fail "explain changed what the scanner gets"
for phrase in "Offener DNS-Resolver / Open DNS resolver – Konfiguration zu ändern / configuration to change" \
	"Keine durch portguard, und auch keine Firewall-Regel: /etc/bind/named.conf:$zone_line dient" \
	"darum sperrt portguard Port 53 nicht: ändern Sie /etc/bind/named.conf:$open_line" \
	"None by portguard, and no firewall rule either: /etc/bind/named.conf:$zone_line serves" \
	"so portguard does not firewall port 53: change /etc/bind/named.conf:$open_line" \
	"allow-recursion { localhost; <your networks>; };" "Port 53 war von außen erreichbar" \
	"Port 53 was reachable from outside" "192.0.2.54"; do
	contains -F "$phrase" <<<"$explained_text" || fail "the report lacks '$phrase': $(cat "$explained_report")"
done
finish
