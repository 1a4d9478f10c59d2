#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The open resolver fixed without systemd: the real unbound in a
# namespace whose address Shadowserver's scan_dns file reports. A
# recursive-only unbound that lets every address recurse and names its
# LAN (access-control: 10.80.53.0/24 allow) is restricted to that LAN by
# fix --abuse-report: the scanner's dig gets nothing, the LAN's still
# gets recursion; the agent puts dns's part of the table back after
# `nft flush ruleset`; undo opens it again. The same unbound with an
# auth-zone is explained, never firewalled: fix and its dry run exit 1
# with the line to change, the ruleset stays as it was, the scanner's
# dig still gets recursion. CERT-Bund's mail is answered with dns's
# report.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/dns.sh"
. "$TOP_SRCDIR/tests/lib/watch.sh"

sandbox_netns server
sandbox_netns lan
sandbox_netns scanner
sandbox_link "$server" 10.80.53.1/24 "$lan" 10.80.53.2/24
sandbox_link "$server" 192.0.2.53/24 "$scanner" 192.0.2.99/24
sandbox_empty_root dir
sandbox_empty_root root
sandbox_unbound pid "$server" "$dir" $'\taccess-control: 0.0.0.0/0 allow\n\taccess-control: 10.80.53.0/24 allow'
mkdir -p "$root/etc/unbound"
cp "$dir/unbound.conf" "$root/etc/unbound/unbound.conf"
pg() { ip netns exec "$server" "$PORTGUARD" "$@" --root "$root"; }
verdict() { ip netns exec "$1" "$PORTGUARD" probe --service dns "$2" --json --timeout 1 | jq -r .verdict; }
guard_is() { [ "$(guard_field "$root" "$1")" = "$2" ]; }
part_back() { ip netns exec "$server" nft list table inet portguard 2>/dev/null | contains "dport @dns_ports"; }
dig_recurse "$scanner" 192.0.2.53 >/dev/null || fail "the scanner's dig gets no recursion before the fix"
[ "$(verdict "$scanner" 192.0.2.53)" = open ] || fail "probe from the scanner is not open before the fix"

echo "# Shadowserver's scan_dns file: fix restricts 53 to the LAN the configuration names"
out=$(pg fix --abuse-report "$TOP_SRCDIR/tests/fixtures/abuse/2026-11-24-scan_dns-asn64496-de.csv" 2>&1); code=$?
[ "$code" -eq 2 ] || fail "fix with the scan_dns file exited $code, expected 2: $out"
record=$(cat "$root/var/lib/portguard/state.json")
jq -e '.service == "dns" and .action == "restrict" and .plan_facts.trusted == ["10.80.53.0/24"] and
	(.abuse_report.rows | length) == 2' <<<"$record" >/dev/null ||
	fail "the record: $(jq -c '{service, action, plan_facts, rows: .abuse_report.rows}' <<<"$record")"
table=$(ip netns exec "$server" nft list table inet portguard)
contains "dport @dns_ports" <<<"$table" || fail "53 is not restricted: $table"
said=$(dig_recurse "$scanner" 192.0.2.53) && fail "the scanner's dig still gets recursion: $said"
contains -e 'timed out' -e 'no servers could be reached' <<<"$said" || fail "the scanner's dig said: $said"
said=$(dig_recurse "$lan" 10.80.53.1) || fail "the LAN lost its resolver: $said"
[ "$(verdict "$scanner" 192.0.2.53)" = closed ] || fail "probe from the scanner after the fix is not closed"
report=$(sed -n 's/^Report: //p' <<<"$out")
[ -f "$report" ] || fail "no report: $out"
words=$(tr -s ' \n' '  ' <"$report")
for phrase in "Offener DNS-Resolver" "Open DNS resolver" "DNS-Open-Resolvers" "192.0.2.53" \
	"dig +recurse @192.0.2.53 portguard-probe.example.com A" "portguard probe --service dns 192.0.2.53" \
	"trusted network 10.80.53.0/24" "it works as an open resolver for whoever reaches it" \
	"access-control: 0.0.0.0/0 refuse"; do
	contains -F "$phrase" <<<"$words" || fail "the report lacks '$phrase'"
done

echo "# the agent puts dns's part of the table back after a flush"
ip netns exec "$server" "$PORTGUARD" watch --root "$root" 2>"$root/watch.log" &
agent=$!
sandbox_pids+=("$agent")
wait_until 30 guard_is pid "$agent" || fail "the agent did not start: $(cat "$root/watch.log")"
ip netns exec "$server" nft flush ruleset
wait_until 30 part_back || fail "the agent did not put dns's table back: $(cat "$root/watch.log")"
[ "$(verdict "$scanner" 192.0.2.53)" = closed ] || fail "the scanner gets an answer after the repair"
dig_recurse "$lan" 10.80.53.1 >/dev/null || fail "the LAN gets no recursion after the repair"
kill "$agent"; wait "$agent" 2>/dev/null

echo "# undo opens the port again"
expect_exit 2 pg undo --quiet
ip netns exec "$server" nft list tables | contains portguard && fail "undo left the table"
[ "$(verdict "$scanner" 192.0.2.53)" = open ] || fail "the scanner gets no answer after undo"

echo "# an auth-zone: fix explains and changes nothing, exit 1 with the line"
kill "$pid"; wait "$pid" 2>/dev/null
printf '$ORIGIN example.org.\n$TTL 3600\n@ SOA ns1 hostmaster 1 3600 600 86400 3600\n@ NS ns1\nns1 A 192.0.2.53\nwww A 192.0.2.80\n' \
	>"$dir/example.org.zone"
sandbox_unbound pid "$server" "$dir" \
	$'\taccess-control: 0.0.0.0/0 allow\n-- top\nauth-zone:\n\tname: "example.org"\n\tzonefile: "'"$dir"$'/example.org.zone"\n\tfor-upstream: no'
said=$(ip netns exec "$scanner" dig +norecurse +tries=1 +time=2 @192.0.2.53 www.example.org A +short 2>&1)
[ "$said" = 192.0.2.80 ] || fail "the auth-zone does not answer the world: $said"
cp "$dir/unbound.conf" "$root/etc/unbound/unbound.conf"
ruleset_before=$(ip netns exec "$server" nft list ruleset)
state_before=$(cat "$root/var/lib/portguard/state.json" 2>/dev/null)
for dry in --dry-run ""; do
	out=$(pg fix --abuse-report "$TOP_SRCDIR/tests/fixtures/abuse/certbund-dns.txt" $dry 2>&1); code=$?
	[ "$code" -eq 1 ] || fail "fix $dry with an auth-zone exited $code, expected 1: $out"
	line=$(grep '^portguard: dns is still exposed' <<<"$out")
	[ "$(wc -l <<<"$line")" -eq 1 ] || fail "fix $dry: not one line: $out"
	contains -F "/etc/unbound/unbound.conf:14 serves auth-zone: example.org to the world, so portguard does not firewall port 53: change /etc/unbound/unbound.conf:13: access-control: 0.0.0.0/0 allow to \"access-control: 0.0.0.0/0 refuse\"" <<<"$line" ||
		fail "fix $dry: the line: $out"
	[ "$(ip netns exec "$server" nft list ruleset)" = "$ruleset_before" ] || fail "fix $dry changed the ruleset"
done
json=$(pg fix --abuse-report "$TOP_SRCDIR/tests/fixtures/abuse/certbund-dns.txt" --json 2>/dev/null); code=$?
[ "$code" -eq 1 ] || fail "fix --json with an auth-zone exited $code, expected 1"
jq -e '.plan.action == "explain" and .plan.steps == [] and .changed == false' <<<"$json" >/dev/null ||
	fail "fix --json: $(jq -c '{plan, changed}' <<<"$json")"
[ "$(cat "$root/var/lib/portguard/state.json" 2>/dev/null)" = "$state_before" ] || fail "an explained fix wrote a record"
dig_recurse "$scanner" 192.0.2.53 >/dev/null || fail "explain changed what the scanner gets"
finish
