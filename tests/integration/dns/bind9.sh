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
pg() { ip netns exec "$server" "$PORTGUARD" "$@" --root "$root"; }
verdict() { ip netns exec "$scanner" "$PORTGUARD" probe --service dns 192.0.2.54 --json --timeout 1 | jq -r .verdict; }
mail=$TOP_SRCDIR/tests/fixtures/abuse/2026-11-24-scan_dns-asn64496-de.csv
words() { tr -s ' \n' '  ' <"$1"; }

echo "# named with recursion for any: an open resolver, seen from the scanner"
sandbox_named pid "$server" "$dir" $'\trecursion yes;\n\tallow-recursion { any; };'
cp "$dir/named.conf" "$root/etc/bind/named.conf"
said=$(dig_recurse "$scanner" 192.0.2.54) || fail "the scanner's dig gets no recursion: $said"
[ "$(verdict)" = open ] || fail "probe from the scanner is not open"
out=$(pg check --service dns 2>&1); code=$?
[ "$code" -eq 2 ] || fail "check exited $code, expected 2: $out"
contains "named" <<<"$out" || fail "check does not name named: $out"
contains "Plan: restrict" <<<"$out" || fail "check's plan: $out"

echo "# fix with the scan_dns file restricts it; undo opens it"
out=$(pg fix --abuse-report "$mail" 2>&1); code=$?
[ "$code" -eq 2 ] || fail "fix exited $code, expected 2: $out"
ip netns exec "$server" nft list table inet portguard | contains "dport @dns_ports" || fail "53 not restricted: $out"
said=$(dig_recurse "$scanner" 192.0.2.54) && fail "the scanner's dig still gets recursion: $said"
[ "$(verdict)" = closed ] || fail "probe from the scanner after the fix is not closed"
expect_exit 2 pg undo --quiet
[ "$(verdict)" = open ] || fail "probe from the scanner after undo is not open"

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
ruleset_before=$(ip netns exec "$server" nft list ruleset)
state_before=$(cat "$root/var/lib/portguard/state.json" 2>/dev/null)
out=$(pg fix --abuse-report "$mail" 2>"$dir/stderr"); code=$?
[ "$code" -eq 1 ] || fail "fix with a zone exited $code, expected 1: $out $(cat "$dir/stderr")"
line=$(grep -v '^portguard: warning: ' "$dir/stderr")
[ "$(wc -l <<<"$line")" -eq 1 ] || fail "not one line: $(cat "$dir/stderr")"
contains -F "portguard: dns is still exposed: /etc/bind/named.conf:$zone_line serves" <<<"$line" || fail "the line: $line"
contains -F "change /etc/bind/named.conf:$open_line" <<<"$line" || fail "the line lacks the line to change: $line"
[ "$(ip netns exec "$server" nft list ruleset)" = "$ruleset_before" ] || fail "fix changed the ruleset"
dig_recurse "$scanner" 192.0.2.54 >/dev/null || fail "explain changed what the scanner gets"
report=$(sed -n 's/^Report: //p' <<<"$out")
[ -f "$report" ] || fail "no report for the explained dns: $out"
text=$(words "$report")
for phrase in "Offener DNS-Resolver / Open DNS resolver – Konfiguration zu ändern / configuration to change" \
	"Keine durch portguard, und auch keine Firewall-Regel: /etc/bind/named.conf:$zone_line dient" \
	"darum sperrt portguard Port 53 nicht: ändern Sie /etc/bind/named.conf:$open_line" \
	"None by portguard, and no firewall rule either: /etc/bind/named.conf:$zone_line serves" \
	"so portguard does not firewall port 53: change /etc/bind/named.conf:$open_line" \
	"allow-recursion { localhost; <your networks>; };" "Port 53 war von außen erreichbar" \
	"Port 53 was reachable from outside" "192.0.2.54"; do
	contains -F "$phrase" <<<"$text" || fail "the report lacks '$phrase': $(cat "$report")"
done
[ "$(cat "$root/var/lib/portguard/state.json" 2>/dev/null)" = "$state_before" ] || fail "the explained fix wrote a record"
finish
