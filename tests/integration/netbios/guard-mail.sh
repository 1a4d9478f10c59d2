#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The NetBIOS name service restricted without systemd: the real nmbd in a
# namespace whose address Shadowserver's scan_netbios file reports, a
# Samba share for the LAN in smb.conf (smbd's process as the --root tree
# shows it). fix --abuse-report with the Shadowserver mail restricts
# 137/udp to the LAN (the LAN client's nmblookup -A is answered, the
# scanner's is not), the agent puts netbios's part of the table back
# after `nft flush ruleset`, undo opens it again; CERT-Bund's NetBIOS
# mail is answered with the same service's report.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/netbios.sh"
. "$TOP_SRCDIR/tests/lib/watch.sh"

sandbox_netns server
sandbox_netns lan
sandbox_netns scanner
sandbox_link "$server" 10.76.19.1/24 "$lan" 10.76.19.2/24
sandbox_link "$server" 192.0.2.60/24 "$scanner" 192.0.2.99/24
sandbox_empty_root work
sandbox_empty_root root
netbios_config "$work/smb.conf" "$work" "hosts allow = 127. 10.76.19.0/24"
printf '[data]\n   path = /srv/data\n' >>"$work/smb.conf"
mkdir -p "$root/etc/samba" "$root/proc/4711"
cp "$work/smb.conf" "$root/etc/samba/smb.conf"
echo smbd >"$root/proc/4711/comm"
sandbox_nmbd nmbd_pid "$server" "$work/smb.conf" "$work"
pg() { ip netns exec "$server" "$PORTGUARD" "$@" --root "$root"; }
verdict() { ip netns exec "$1" "$PORTGUARD" probe --service netbios "$2" --json --timeout 1 | jq -r .verdict; }
guard_is() { [ "$(guard_field "$root" "$1")" = "$2" ]; }
part_back() { ip netns exec "$server" nft list table inet portguard 2>/dev/null | contains "udp dport @netbios_ports"; }
[ "$(verdict "$scanner" 192.0.2.60)" = open ] || fail "the scanner gets no answer before the fix"

echo "# Shadowserver's scan_netbios mail: fix restricts to the LAN the share is for"
out=$(pg fix --abuse-report "$TOP_SRCDIR/tests/fixtures/abuse/shadowserver-netbios.eml" 2>&1); code=$?
[ "$code" -eq 2 ] || fail "fix with the scan_netbios mail exited $code, expected 2: $out"
record=$(cat "$root/var/lib/portguard/state.json")
jq -e '.service == "netbios" and .action == "restrict" and .plan_facts.trusted == ["10.76.19.0/24"] and
	(.abuse_report.rows | length) == 2' <<<"$record" >/dev/null ||
	fail "the record: $(jq -c '{service, action, plan_facts, rows: .abuse_report.rows}' <<<"$record")"
table=$(ip netns exec "$server" nft list table inet portguard)
contains "udp dport @netbios_ports" <<<"$table" || fail "137/udp is not restricted: $table"
said=$(netbios_lookup "$lan" 10.76.19.1) || fail "the LAN client lost nmbd: $said"
[ "$(verdict "$scanner" 192.0.2.60)" = closed ] || fail "the scanner still gets an answer"
said=$(netbios_lookup "$scanner" 192.0.2.60) && fail "the scanner's nmblookup still gets the name table: $said"
report=$(sed -n 's/^Report: //p' <<<"$out")
[ -f "$report" ] || fail "no report: $out"
words=$(tr -s ' \n' '  ' <"$report")
for phrase in "Offener NetBIOS-Dienst" "Open NetBIOS service" "Open-NetBIOS-Nameservice" "192.0.2.60" \
	"nmbd answered a node status request for \"*\" with its name table" "the machine name \"PGSERVER\"" \
	"the workgroup \"PGGROUP\"" "trusted network 10.76.19.0/24" "nmblookup -A 192.0.2.60" \
	"„disable netbios = yes“ im Abschnitt [global]" "\"interfaces = <LAN>\" with \"bind interfaces only = yes\""; do
	contains -F "$phrase" <<<"$words" || fail "the report lacks '$phrase'"
done

echo "# the agent puts netbios's part of the table back after a flush"
ip netns exec "$server" "$PORTGUARD" watch --root "$root" 2>"$root/watch.log" &
agent=$!
sandbox_pids+=("$agent")
wait_until 30 guard_is pid "$agent" || fail "the agent did not start: $(cat "$root/watch.log")"
ip netns exec "$server" nft flush ruleset
wait_until 30 part_back || fail "the agent did not put netbios's table back: $(cat "$root/watch.log")"
[ "$(verdict "$scanner" 192.0.2.60)" = closed ] || fail "the scanner gets an answer after the repair"
[ "$(verdict "$lan" 10.76.19.1)" = open ] || fail "the LAN client gets no answer after the repair"
kill "$agent"; wait "$agent" 2>/dev/null

echo "# undo opens the port again"
expect_exit 2 pg undo --quiet
ip netns exec "$server" nft list tables | contains portguard && fail "undo left the table"
[ "$(verdict "$scanner" 192.0.2.60)" = open ] || fail "the scanner gets no answer after undo"

echo "# CERT-Bund's NetBIOS mail names the service, the report answers it"
out=$(pg fix --abuse-report "$TOP_SRCDIR/tests/fixtures/abuse/certbund-netbios.txt" 2>&1); code=$?
[ "$code" -eq 2 ] || fail "fix with the CERT-Bund mail exited $code, expected 2: $out"
[ "$(jq -r .service "$root/var/lib/portguard/state.json")" = netbios ] || fail "the mail's fix is not netbios's"
report=$(sed -n 's/^Report: //p' <<<"$out")
words=$(tr -s ' \n' '  ' <"$report")
for phrase in "Offener NetBIOS-Dienst" "den offenen NetBIOS-Namensdienst (nmbd, Port 137/udp)" "PGGROUP"; do
	contains -F "$phrase" <<<"$words" || fail "the report lacks '$phrase'"
done
[ "$(verdict "$scanner" 192.0.2.60)" = closed ] || fail "the scanner gets an answer after the CERT-Bund fix"
expect_exit 2 pg undo --quiet
finish
