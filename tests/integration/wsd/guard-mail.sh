#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# WS-Discovery restricted without systemd: the real wsdd in a namespace
# whose public address Shadowserver's scan_ws_discovery file reports, a
# Samba share allowed to the LAN (the --root tree's smb.conf, smbd as its
# /proc says). fix --abuse-report with the Shadowserver mail restricts
# 3702/udp to the LAN (its Probe to the group still answered, the public
# neighbour's not), the agent puts wsd's part of the table back after
# `nft flush ruleset`, undo opens it again; CERT-Bund's WS-Discovery
# mail is answered with the same service's report.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/wsd.sh"
. "$TOP_SRCDIR/tests/lib/watch.sh"

sandbox_netns server
sandbox_netns lan
sandbox_netns neighbour
sandbox_link "$server" 10.82.19.1/24 "$lan" 10.82.19.2/24
sandbox_link "$server" 192.0.2.37/24 "$neighbour" 192.0.2.99/24
sandbox_empty_root root
mkdir -p "$root/etc/samba" "$root/etc/default" "$root/proc/4711"
printf '[global]\n   hosts allow = 127. 10.82.19.0/24\n[data]\n   path = /srv/data\n' >"$root/etc/samba/smb.conf"
printf 'WSDD_PARAMS=""\n' >"$root/etc/default/wsdd"
echo smbd >"$root/proc/4711/comm"
sandbox_wsdd wsdd_pid "$server" "$(wsd_interface "$server" 10.82.19.1)" "$(wsd_interface "$server" 192.0.2.37)"
pg() { ip netns exec "$server" "$PORTGUARD" "$@" --root "$root"; }
verdict() { ip netns exec "$1" "$PORTGUARD" probe --service wsd "$2" --json --timeout 1 | jq -r .verdict; }
guard_is() { [ "$(guard_field "$root" "$1")" = "$2" ]; }
part_back() { ip netns exec "$server" nft list table inet portguard 2>/dev/null | contains "udp dport @wsd_ports"; }
[ "$(verdict "$neighbour" 192.0.2.37)" = open ] || fail "the public link gets no answer before the fix"

echo "# Shadowserver's scan_ws_discovery mail: fix restricts to the LAN of the file server's clients"
out=$(pg fix --abuse-report "$TOP_SRCDIR/tests/fixtures/abuse/shadowserver-wsd.eml" 2>&1); code=$?
[ "$code" -eq 2 ] || fail "fix with the scan_ws_discovery mail exited $code, expected 2: $out"
record=$(cat "$root/var/lib/portguard/state.json")
jq -e '.service == "wsd" and .action == "restrict" and .plan_facts.trusted == ["10.82.19.0/24"] and
	(.abuse_report.rows | length) == 1' <<<"$record" >/dev/null ||
	fail "the record: $(jq -c '{service, action, plan_facts, rows: .abuse_report.rows}' <<<"$record")"
[ "$(wsd_probe "$lan" 10.82.19.1 group | cut -d' ' -f1)" -eq 2 ] || fail "the LAN lost wsdd"
[ "$(wsd_probe "$neighbour" 192.0.2.37 group)" = "0 0" ] || fail "the public link still gets ProbeMatches"
[ "$(verdict "$neighbour" 192.0.2.37)" = closed ] || fail "probe from the public link is not closed"
report=$(sed -n 's/^Report: //p' <<<"$out")
[ -f "$report" ] || fail "no report: $out"
words=$(tr -s ' \n' '  ' <"$report")
for phrase in "Offener WS-Discovery-Dienst" "Open WS-Discovery service" "Accessible-WS-Discovery-Service" "192.0.2.37" \
	"trusted network 10.82.19.0/24" "nc -u -w 2 192.0.2.37 3702" "WSDD_PARAMS=\"-i <LAN-Schnittstelle>\""; do
	contains -F "$phrase" <<<"$words" || fail "the report lacks '$phrase': $words"
done

echo "# the agent puts wsd's part of the table back after a flush"
ip netns exec "$server" "$PORTGUARD" watch --root "$root" 2>"$root/watch.log" &
agent=$!
sandbox_pids+=("$agent")
wait_until 30 guard_is pid "$agent" || fail "the agent did not start: $(cat "$root/watch.log")"
ip netns exec "$server" nft flush ruleset
wait_until 30 part_back || fail "the agent did not put wsd's table back: $(cat "$root/watch.log")"
[ "$(verdict "$neighbour" 192.0.2.37)" = closed ] || fail "the public link gets an answer after the repair"
[ "$(verdict "$lan" 10.82.19.1)" = open ] || fail "the LAN gets no answer after the repair"
kill "$agent"; wait "$agent" 2>/dev/null

echo "# undo opens the port again"
expect_exit 2 pg undo --quiet
ip netns exec "$server" nft list tables | contains portguard && fail "undo left the table"
[ "$(verdict "$neighbour" 192.0.2.37)" = open ] || fail "the public link gets no answer after undo"

echo "# CERT-Bund's WS-Discovery mail names the service, the report answers it"
out=$(pg fix --abuse-report "$TOP_SRCDIR/tests/fixtures/abuse/certbund-wsd.txt" 2>&1); code=$?
[ "$code" -eq 2 ] || fail "fix with the CERT-Bund mail exited $code, expected 2: $out"
[ "$(jq -r .service "$root/var/lib/portguard/state.json")" = wsd ] || fail "the mail's fix is not wsd's"
report=$(sed -n 's/^Report: //p' <<<"$out")
words=$(tr -s ' \n' '  ' <"$report")
for phrase in "Offener WS-Discovery-Dienst" "den offenen WS-Discovery-Dienst (wsdd, Port 3702/udp)" "CB-Report#20261124-10004712"; do
	contains -F "$phrase" <<<"$words" || fail "the report lacks '$phrase'"
done
[ "$(verdict "$neighbour" 192.0.2.37)" = closed ] || fail "the public link gets an answer after the CERT-Bund fix"
expect_exit 2 pg undo --quiet
finish
