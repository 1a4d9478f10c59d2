#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The real samba AD DC in a namespace, a throwaway domain PG.TEST: its
# CLDAP answers the root DSE search of a foreign namespace (probe) and
# the DC locator's ping (samba-tool domain info) alike. check reads
# smb.conf below --root: interfaces names the members' LAN, so fix
# --abuse-report with Shadowserver's scan_ldap_udp file restricts 389/udp
# to it: the scanner's samba-tool gets nothing, the LAN's still finds its
# DC; the agent puts cldap's part of the table back after `nft flush
# ruleset`; undo opens it again. Without a network in smb.conf the DC is
# explained, never firewalled (fix exits 1 with the change to make and
# the ruleset stays), unless --trusted names the members' networks, or
# the directory's sites name their subnet (samba-tool sites subnet
# create): read over samba's privileged ldapi socket below --root (the
# DC's private dir bound there in a mount namespace of portguard's own),
# fix restricts 389/udp to it: the member in that subnet still finds
# its DC, the scanner does not. A DC is never stopped.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/cldap.sh"
. "$TOP_SRCDIR/tests/lib/watch.sh"

sandbox_netns server
sandbox_netns lan
sandbox_netns scanner
sandbox_netns member
sandbox_link "$server" 10.81.0.1/24 "$lan" 10.81.0.2/24
sandbox_link "$server" 10.77.0.1/24 "$member" 10.77.0.2/24
sandbox_link "$server" 192.0.2.70/24 "$scanner" 192.0.2.99/24
sandbox_empty_root dir
sandbox_empty_root root
echo "# provisioning the domain PG.TEST (samba-tool domain provision, about 25 s)"
cldap_provision "$dir/dc" 10.81.0.1 "interfaces = lo 10.81.0.1/24"
sandbox_samba_dc pid "$server" "$dir/dc"
mkdir -p "$root/etc/samba"
cp "$dir/dc/etc/smb.conf" "$root/etc/samba/smb.conf"
pg() { ip netns exec "$server" "$PORTGUARD" "$@" --root "$root"; }
verdict() { ip netns exec "$1" "$PORTGUARD" probe --service cldap "$2" --json --timeout 1 | jq -r .verdict; }
guard_is() { [ "$(guard_field "$root" "$1")" = "$2" ]; }
part_back() { ip netns exec "$server" nft list table inet portguard 2>/dev/null | contains "dport @cldap_ports"; }

echo "# before: the scanner and the LAN both find the DC"
said=$(cldap_domain_info "$scanner" 192.0.2.70) || fail "samba-tool from the scanner: $said"
cldap_domain_info "$lan" 10.81.0.1 >/dev/null || fail "samba-tool from the LAN found no DC"

echo "# probe from the scanner: the root DSE as scan_ldap_udp asks it"
json=$(ip netns exec "$scanner" "$PORTGUARD" probe --service cldap 192.0.2.70 --json --timeout 2); code=$?
[ "$code" -eq 2 ] || fail "probe of the DC exited $code, expected 2: $json"
jq -e '.verdict == "open" and .port == 389 and .udp.open and .udp.dns_host_name == "dc1.pg.test" and
	.udp.domain == "pg.test" and .udp.site == "Default-First-Site-Name" and .udp.request_bytes == 39 and
	.udp.reply_bytes > 1000 and .udp.amplification > 25' <<<"$json" >/dev/null || fail "probe: $json"
echo "amplification measured from a foreign namespace: $(jq .udp.amplification <<<"$json") ($(jq .udp.reply_bytes <<<"$json") bytes to $(jq .udp.request_bytes <<<"$json"))"
text=$(ip netns exec "$scanner" "$PORTGUARD" probe --service cldap 192.0.2.70 --timeout 2)
contains '^Verdict: OPEN - 192.0.2.70 answers a CLDAP root DSE search on port 389/udp from here and leaks the DC.s name dc1.pg.test' <<<"$text" ||
	fail "no OPEN verdict: $text"

echo "# check: the listeners as ss sees them, the answer, the members' LAN from interfaces"
json=$(pg check --service cldap --json); code=$?
[ "$code" -eq 2 ] || fail "check of the DC exited $code, expected 2"
actual=$(jq -r '.listeners[] | "\(.proto) \(.address) \(.port)"' <<<"$json" | sort)
expected=$(ip netns exec "$server" ss -Hlnu 'sport = :389' | awk '{ print "udp", $4 }' | sed -e 's/:389$/ 389/' -e 's/^\(udp \)\[\(.*\)\]/\1\2/' | sort)
[ -n "$expected" ] && [ "$actual" = "$expected" ] || fail "listeners differ from ss: ss '$expected', check '$actual'"
jq -e '[.listeners[] | .owners[0].process] | all(. == "samba")' <<<"$json" >/dev/null ||
	fail "owners: $(jq -c .listeners <<<"$json")"
jq -e '.cldap.reachable and .cldap.dns_host_name == "dc1.pg.test" and .cldap.request_bytes == 39' <<<"$json" >/dev/null ||
	fail "check's cldap object: $(jq -c .cldap <<<"$json")"
jq -e '.plan.action == "restrict" and .plan.trusted == ["10.81.0.0/24"] and
	.consumers[0].kind == "ad-domain-members" and
	(.consumers[0].evidence | test("smb.conf:[0-9]+ makes this host the domain controller of PG.TEST; interfaces = lo 10.81.0.1/24"))' <<<"$json" >/dev/null ||
	fail "plan: $(jq -c '{plan, consumers}' <<<"$json")"

echo "# --mode stop: refused (outside systemd here; under it, for the members: unit-tested)"
out=$(pg fix --service cldap --mode stop --dry-run 2>&1); code=$?
[ "$code" -eq 1 ] || fail "fix --mode stop exited $code, expected 1: $out"
contains -F -- "--mode stop needs samba" <<<"$out" || fail "fix --mode stop: $out"

echo "# Shadowserver's scan_ldap_udp file: fix restricts 389/udp to the LAN"
out=$(pg fix --abuse-report "$TOP_SRCDIR/tests/fixtures/abuse/2026-11-24-scan_ldap_udp-asn64496-de.csv" 2>&1); code=$?
[ "$code" -eq 2 ] || fail "fix with the scan_ldap_udp file exited $code, expected 2: $out"
record=$(cat "$root/var/lib/portguard/state.json")
jq -e '.service == "cldap" and .action == "restrict" and .plan_facts.trusted == ["10.81.0.0/24"] and
	(.abuse_report.rows | length) == 2' <<<"$record" >/dev/null ||
	fail "the record: $(jq -c '{service, action, plan_facts, rows: .abuse_report.rows}' <<<"$record")"
said=$(cldap_domain_info "$scanner" 192.0.2.70) && fail "the scanner still finds the DC: $said"
contains -F 'Invalid IP address' <<<"$said" || fail "the scanner's samba-tool said: $said"
said=$(cldap_domain_info "$lan" 10.81.0.1) || fail "the LAN lost its DC: $said"
[ "$(verdict "$scanner" 192.0.2.70)" = closed ] || fail "probe from the scanner after the fix is not closed"
report=$(sed -n 's/^Report: //p' <<<"$out")
[ -f "$report" ] || fail "no report: $out"
words=$(tr -s ' \n' '  ' <"$report")
for phrase in "Offener CLDAP-Dienst" "Open CLDAP service" "Open-LDAP" "192.0.2.70" "samba-tool domain info 192.0.2.70" \
	"portguard probe --service cldap 192.0.2.70" "10.81.0.0/24" "dc1.pg.test" "Default-First-Site-Name" \
	"bind interfaces only = yes" "The reported domain controller \"dc1.pg.test\" is this server" \
	"Der gemeldete Domänencontroller „dc1.pg.test“ ist dieser Server"; do
	contains -F "$phrase" <<<"$words" || fail "the report lacks '$phrase'"
done

echo "# the agent puts cldap's part of the table back after a flush"
ip netns exec "$server" "$PORTGUARD" watch --root "$root" 2>"$root/watch.log" &
agent=$!
sandbox_pids+=("$agent")
wait_until 30 guard_is pid "$agent" || fail "the agent did not start: $(cat "$root/watch.log")"
ip netns exec "$server" nft flush ruleset
wait_until 30 part_back || fail "the agent did not put cldap's table back: $(cat "$root/watch.log")"
[ "$(verdict "$scanner" 192.0.2.70)" = closed ] || fail "the scanner gets an answer after the repair"
cldap_domain_info "$lan" 10.81.0.1 >/dev/null || fail "the LAN finds no DC after the repair"
kill "$agent"; wait "$agent" 2>/dev/null

echo "# undo opens the port again"
expect_exit 2 pg undo --quiet
ip netns exec "$server" nft list tables | contains portguard && fail "undo left the table"
[ "$(verdict "$scanner" 192.0.2.70)" = open ] || fail "the scanner gets no answer after undo"

echo "# smb.conf names no network: fix explains and changes nothing, exit 1 with the change"
sed -i '/^\tinterfaces = /d' "$root/etc/samba/smb.conf"
ruleset_before=$(ip netns exec "$server" nft list ruleset)
state_before=$(cat "$root/var/lib/portguard/state.json" 2>/dev/null)
for dry in --dry-run ""; do
	out=$(pg fix --abuse-report "$TOP_SRCDIR/tests/fixtures/abuse/certbund-cldap.txt" $dry 2>&1); code=$?
	[ "$code" -eq 1 ] || fail "fix $dry without networks exited $code, expected 1: $out"
	line=$(grep '^portguard: cldap is still exposed' <<<"$out")
	[ "$(wc -l <<<"$line")" -eq 1 ] || fail "fix $dry: not one line: $out"
	contains -F "makes this host the domain controller of PG.TEST" <<<"$line" || fail "fix $dry: the line: $out"
	contains -F "\"bind interfaces only = yes\" in [global] of /etc/samba/smb.conf" <<<"$line" || fail "fix $dry: the line: $out"
	[ "$(ip netns exec "$server" nft list ruleset)" = "$ruleset_before" ] || fail "fix $dry changed the ruleset"
done
[ "$(cat "$root/var/lib/portguard/state.json" 2>/dev/null)" = "$state_before" ] || fail "an explained fix wrote a record"
cldap_domain_info "$scanner" 192.0.2.70 >/dev/null || fail "explain changed what the scanner gets"

echo "# the members' networks given: --trusted restricts to them"
out=$(pg fix --service cldap --trusted 10.81.0.0/24 2>&1); code=$?
[ "$code" -eq 2 ] || fail "fix --trusted exited $code, expected 2: $out"
[ "$(verdict "$scanner" 192.0.2.70)" = closed ] || fail "the scanner gets an answer after fix --trusted"
cldap_domain_info "$lan" 10.81.0.1 >/dev/null || fail "the LAN finds no DC after fix --trusted"
expect_exit 2 pg undo --quiet

echo "# the directory's sites name the member's subnet: fix restricts 389/udp to it"
json=$(pg check --service cldap --json)
jq -e '.consumer_notes | any(test("sites. subnets in the directory are not read: there is no .*/ldap_priv/ldapi, samba.s privileged LDAP socket"))' \
	<<<"$json" >/dev/null || fail "no note on the unread sites: $(jq -c .consumer_notes <<<"$json")"
ldapi="ldapi://$(sed 's#/#%2F#g' <<<"$dir/dc/private/ldap_priv/ldapi")"
said=$(samba-tool sites subnet create 10.77.0.0/16 Default-First-Site-Name -H "$ldapi" 2>&1) ||
	fail "samba-tool sites subnet create: $said"
# smb.conf's private dir below --root is the DC's, as if the tree were its host
pg_sites() {
	ip netns exec "$server" unshare --mount --propagation private sh -c \
		'mkdir -p "$1$2" && mount --bind "$2" "$1$2" && shift 2 && exec "$@"' sh "$root" "$dir/dc/private" \
		"$PORTGUARD" "$@" --root "$root"
}
json=$(pg_sites check --service cldap --json); code=$?
[ "$code" -eq 2 ] || fail "check with the sites exited $code, expected 2"
jq -e '.plan.action == "restrict" and .plan.trusted == ["10.77.0.0/16"] and .consumers[0].kind == "ad-domain-members" and
	(.consumers[0].evidence | test("of PG.TEST; the directory.s sites name subnets 10.77.0.0/16 \\(site Default-First-Site-Name\\)$"))' \
	<<<"$json" >/dev/null || fail "plan with the sites: $(jq -c '{plan, consumers, consumer_notes}' <<<"$json")"
out=$(pg_sites fix --service cldap 2>&1); code=$?
[ "$code" -eq 2 ] || fail "fix with the sites exited $code, expected 2: $out"
jq -e '.action == "restrict" and .plan_facts.trusted == ["10.77.0.0/16"]' "$root/var/lib/portguard/state.json" >/dev/null ||
	fail "the record: $(jq -c '{action, plan_facts}' "$root/var/lib/portguard/state.json")"
cldap_domain_info "$member" 10.77.0.1 >/dev/null || fail "the member in the site's subnet lost its DC"
[ "$(verdict "$scanner" 192.0.2.70)" = closed ] || fail "the scanner gets an answer after fix with the sites"
expect_exit 2 pg undo --quiet
kill -0 "$pid" 2>/dev/null || fail "samba was stopped"
finish
