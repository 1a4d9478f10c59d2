#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# IPMI, a mail-only service: check without --service says nothing of it
# (no false exposure); fix on a mail with Shadowserver's scan_dns and
# scan_ipmi files restricts the open resolver (the real unbound) and
# then explains IPMI in one line, exit 1; the report written holds the
# resolver's fix and IPMI's section, German and English; the state
# keeps the resolver's record alone. CERT-Bund's IPMI mail alone is
# explained, with its report. A listener of this host on 623/udp is
# named in check --service ipmi and in fix's line.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/dns.sh"

sandbox_netns server
sandbox_netns scanner
sandbox_link "$server" 192.0.2.53/24 "$scanner" 192.0.2.99/24
sandbox_empty_root dir
sandbox_empty_root root
sandbox_unbound pid "$server" "$dir" $'\taccess-control: 0.0.0.0/0 allow'
mkdir -p "$root/etc/unbound"
cp "$dir/unbound.conf" "$root/etc/unbound/unbound.conf"
pg() { ip netns exec "$server" "$PORTGUARD" "$@" --root "$root"; }
mails=$TOP_SRCDIR/tests/fixtures/abuse
words() { tr -s ' \n' '  ' <"$1"; }

echo "# check without --service: nothing of IPMI"
out=$(pg check 2>&1); code=$?
[ "$code" -eq 2 ] || fail "check exited $code, expected 2 (the open resolver): $out"
contains -i ipmi <<<"$out" && fail "check speaks of IPMI: $out"
contains "== dns: unbound" <<<"$out" || fail "check lacks dns: $out"
json=$(pg check --json 2>/dev/null)
jq -e '[.. | objects | select(.service? == "ipmi")] | length == 0' <<<"$json" >/dev/null ||
	fail "check --json has an ipmi object"
contains -i '"ipmi"' <<<"$json" && fail "check --json speaks of ipmi"

echo "# check --service ipmi: asked for, nothing of this host listens on 623/udp"
out=$(pg check --service ipmi 2>&1); code=$?
[ "$code" -eq 0 ] || fail "check --service ipmi exited $code: $out"
contains -F "no socket of this server listens on 623/udp: the BMC answers IPMI" <<<"$out" ||
	fail "check --service ipmi: $out"

echo "# the mail with scan_dns and scan_ipmi: dns restricted, IPMI explained, exit 1, one line"
# (no systemd in the namespace: fix warns that nothing loads the rules at boot)
out=$(pg fix --abuse-report "$mails/ipmi-and-dns.eml" 2>"$dir/stderr"); code=$?
[ "$code" -eq 1 ] || fail "fix exited $code, expected 1: $out $(cat "$dir/stderr")"
line=$(grep -v '^portguard: warning: ' "$dir/stderr")
[ "$(wc -l <<<"$line")" -eq 1 ] || fail "not one line: $(cat "$dir/stderr")"
[ "$line" = "portguard: ipmi is still exposed: the address's IPMI (623/udp) is answered by the board's BMC, not by Linux: turn off IPMI over LAN in the BMC's settings or put its interface on a management network; portguard cannot change it." ] ||
	fail "the line: $line"
[ "$(tail -1 "$dir/stderr")" = "$line" ] || fail "the line is not printed after the fixes: $(cat "$dir/stderr")"
ip netns exec "$server" nft list table inet portguard | contains "dport @dns_ports" || fail "dns was not restricted: $out"
dig_recurse "$scanner" 192.0.2.53 >/dev/null && fail "the scanner's dig still gets recursion"
jq -e '.service == "dns" and .action == "restrict"' "$root/var/lib/portguard/state.json" >/dev/null ||
	fail "the state: $(jq -c '{service, action}' "$root/var/lib/portguard/state.json")"
report=$(sed -n 's/^Report: //p' <<<"$out" | tail -1)
[ -f "$report" ] || fail "no report for IPMI: $out"
text=$(words "$report")
for phrase in "Open DNS resolver" "Offener DNS-Resolver" "Offene IPMI-Schnittstelle" "Open IPMI interface" \
	"Konfiguration zu ändern / configuration to change" \
	"portguard hat für diesen Dienst bewusst nichts geändert" "portguard deliberately changed nothing for this service" \
	"Keine durch portguard, und auch keine Firewall-Regel: IPMI (623/udp) der gemeldeten Adresse beantwortet der BMC der Hauptplatine, nicht Linux" \
	"None by portguard, and no firewall rule either: the address's IPMI (623/udp) is answered by the board's BMC, not by Linux: turn off IPMI over LAN in the BMC's settings" \
	"192.0.2.62" "192.0.2.63" "Open-IPMI"; do
	contains -F "$phrase" <<<"$text" || fail "the report lacks '$phrase': $(cat "$report")"
done
expect_exit 2 pg undo --quiet

echo "# CERT-Bund's IPMI mail alone: explained, with its report; its dry run writes none"
reports_before=$(ls "$root/var/lib/portguard/reports" | wc -l)
out=$(pg fix --abuse-report "$mails/certbund-ipmi.txt" --dry-run 2>&1); code=$?
[ "$code" -eq 1 ] || fail "fix --dry-run exited $code: $out"
[ "$(ls "$root/var/lib/portguard/reports" | wc -l)" = "$reports_before" ] || fail "the dry run wrote a report"
out=$(pg fix --abuse-report "$mails/certbund-ipmi.txt" 2>&1); code=$?
[ "$code" -eq 1 ] || fail "fix exited $code: $out"
[ "$(grep -c '^portguard: ipmi is still exposed' <<<"$out")" -eq 1 ] || fail "fix: $out"
report=$(sed -n 's/^Report: //p' <<<"$out")
[ -f "$report" ] || fail "no report: $out"
text=$(words "$report")
for phrase in "Betreff / Subject: Re: [CB-Report#20261124-10004762] Offene IPMI-Schnittstelle / Open IPMI interface" \
	"Auf Port 623 lauschte nichts" "Nothing listened on port 623" "192.0.2.62"; do
	contains -F "$phrase" <<<"$text" || fail "the report lacks '$phrase': $(cat "$report")"
done
contains -F "dig +recurse" <<<"$text" && fail "the IPMI report speaks of dns: $(cat "$report")"
contains -F "How to check from outside" <<<"$text" && fail "the IPMI report checks this server's addresses"

echo "# a listener of this host on 623/udp is named"
sandbox_holder "$server" udp 0.0.0.0 623
out=$(pg check --service ipmi 2>&1)
contains -F "a process of this server listens on 623/udp too: socket_holder" <<<"$out" || fail "check: $out"
out=$(pg fix --abuse-report "$mails/certbund-ipmi.txt" 2>&1); code=$?
[ "$code" -eq 1 ] || fail "fix exited $code: $out"
contains -F "portguard: ipmi is still exposed: this server itself listens on 623/udp (socket_holder, pid" <<<"$out" ||
	fail "fix with a listener: $out"
finish
