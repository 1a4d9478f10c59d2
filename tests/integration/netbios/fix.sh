#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# fix --service netbios under a real booted systemd with Debian's
# nmbd.service and smbd.service: a Samba file server whose smb.conf
# allows its clients' network makes fix restrict 137/udp to it (the
# client's nmblookup -A still gets the name table, a foreign scanner's
# nothing, and probe agrees); with no share nothing needs nmbd, so fix
# stops and masks nmbd.service alone and smbd goes on; undo restores.
# interfaces naming the LAN's interface gives its network (dry run).
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/netbios.sh"
. "$TOP_SRCDIR/tests/lib/systemd-sandbox.sh"

sandbox_netns client
sandbox_netns scanner
systemd_sandbox_boot
inside() { systemd_sandbox_run "$@"; }
pg() { inside "$SYSTEMD_SANDBOX_PORTGUARD" "$@"; }
inside ip link set lo up
systemd_sandbox_link "$client" 10.74.19.1/24 10.74.19.2/24
systemd_sandbox_link "$scanner" 10.75.19.1/24 10.75.19.2/24
inside test -f /lib/systemd/system/nmbd.service || { echo "nmbd.service is not installed" >&2; exit 99; }

# configure LINE...: smb.conf inside with netbios name PGSERVER and
# workgroup PGGROUP, LINEs after [global]'s; nmbd and smbd (re)started.
configure() {
	{ printf '[global]\n   netbios name = PGSERVER\n   workgroup = PGGROUP\n   load printers = no\n'
	  printf '   disable spoolss = yes\n'
	  printf '%s\n' "$@"; } | inside sh -c 'cat >/etc/samba/smb.conf'
	inside systemctl restart smbd.service nmbd.service || fail "smbd.service or nmbd.service does not start"
	for _ in $(seq 300); do
		inside ss -Hlnu 'sport = :137' | contains . && return 0
		sleep 0.1
	done
	fail "nmbd does not listen on 137/udp"
}
probe_verdict() {	# NS ADDRESS
	ip netns exec "$1" "$PORTGUARD" probe --service netbios "$2" --json --timeout 1 | jq -r .verdict
}
units() { echo "$(inside systemctl is-active nmbd.service smbd.service | tr '\n' ' ')$(inside systemctl is-enabled nmbd.service)"; }
inside systemctl enable nmbd.service smbd.service >/dev/null 2>&1

echo "# a file server for 10.74.19.0/24: fix restricts 137/udp to its clients"
configure '   hosts allow = 127. 10.74.19.0/24' '[data]' '   path = /srv' '   read only = yes'
before=$(units)
netbios_lookup "$scanner" 10.75.19.1 >/dev/null || fail "nmblookup from the scanner before the fix: no answer"
[ "$(probe_verdict "$scanner" 10.75.19.1)" = open ] || fail "probe from the scanner before the fix is not open"
json=$(pg fix --service netbios --json); code=$?
[ "$code" -eq 2 ] || fail "fix exited $code, expected 2: $json"
jq -e '.plan.action == "restrict" and .verified and .plan.trusted == ["10.74.19.0/24"] and
	(.consumers | any(.kind == "samba-file-server" and
		(.evidence | test("/etc/samba/smb.conf:[0-9]+ shares \\[data\\]; smbd runs \\(pid [0-9]+\\); hosts allow = 127. 10.74.19.0/24"))))' \
	<<<"$json" >/dev/null || fail "fix did not restrict for the file server: $(jq -c '{plan, consumers, verified}' <<<"$json")"
said=$(netbios_lookup "$client" 10.74.19.1) || fail "the client lost nmbd: $said"
contains -F PGSERVER <<<"$said" || fail "the client's nmblookup: $said"
said=$(netbios_lookup "$scanner" 10.75.19.1) && fail "the scanner still gets the name table: $said"
contains -F 'No reply from 10.75.19.1' <<<"$said" || fail "the scanner's nmblookup said: $said"
[ "$(probe_verdict "$scanner" 10.75.19.1)" = closed ] || fail "probe from the scanner after the fix is not closed"
[ "$(probe_verdict "$client" 10.74.19.1)" = open ] || fail "probe from the client after the fix is not open"
[ "$(units)" = "$before" ] || fail "restrict changed the units: $(units), before $before"
report=$(jq -r .report <<<"$json")
words=$(inside cat "$report" | tr -s ' \n' '  ')
for phrase in "Offener NetBIOS-Dienst" "Open NetBIOS service" "nmblookup -A " "portguard probe --service netbios " \
	"PGSERVER" "node status request (NBSTAT) of 50 bytes over UDP was answered with"; do
	contains -F "$phrase" <<<"$words" || fail "the report lacks '$phrase'"
done
[ "$(inside jq -r .service /var/lib/portguard/state.json)" = netbios ] || fail "the record does not name netbios"
expect_exit 2 pg undo --service netbios --quiet
inside nft list table inet portguard >/dev/null 2>&1 && fail "undo left the table"
[ "$(probe_verdict "$scanner" 10.75.19.1)" = open ] || fail "probe from the scanner after undo is not open"

echo "# the owner's configuration: interfaces = lo and the LAN's interface, bind interfaces only"
lan_interface=$(inside ip -o -4 addr show to 10.74.19.1/32 | awk '{ print $2 }')
[ -n "$lan_interface" ] || fail "no interface holds 10.74.19.1 inside"
configure "   interfaces = lo $lan_interface" '   bind interfaces only = yes' '[data]' '   path = /srv'
json=$(pg fix --service netbios --json --dry-run); code=$?
jq -e --arg i "$lan_interface" '.plan.action == "restrict" and .plan.trusted == ["10.74.19.0/24"] and
	(.consumers | any(.kind == "samba-file-server" and (.evidence | contains("interfaces = lo " + $i)))) and
	(.consumer_notes | any(test("with bind interfaces only: nmbd serves those networks alone")))' <<<"$json" >/dev/null ||
	fail "interfaces by name: $(jq -c '{plan, consumers, consumer_notes}' <<<"$json")"

echo "# no share: nothing needs nmbd, fix stops and masks nmbd.service and leaves smbd running"
configure '   hosts allow = 127. 10.74.19.0/24'
before=$(units)
json=$(pg fix --service netbios --json); code=$?
[ "$code" -eq 2 ] || fail "fix (stop) exited $code, expected 2: $json"
jq -e '.plan.action == "stop" and .verified and .after.exposed == false' <<<"$json" >/dev/null ||
	fail "fix did not stop: $(jq -c '{plan, verified, consumers}' <<<"$json")"
[ "$(inside systemctl is-enabled nmbd.service)" = masked ] || fail "nmbd.service is not masked"
[ "$(inside systemctl is-active nmbd.service)" = inactive ] || fail "nmbd.service is still running"
[ "$(inside systemctl is-active smbd.service)" = active ] || fail "the stop of nmbd took smbd with it"
json=$(ip netns exec "$scanner" "$PORTGUARD" probe --service netbios 10.75.19.1 --json --timeout 1)
jq -e '.verdict == "closed" and .reason == "port unreachable"' <<<"$json" >/dev/null || fail "after the stop: $json"
said=$(netbios_lookup "$client" 10.74.19.1) && fail "the client still gets a name table after the stop: $said"
expect_exit 2 pg undo --service netbios --quiet
[ "$(units)" = "$before" ] || fail "undo of the stop did not restore the units: $(units), before $before"
[ "$(probe_verdict "$scanner" 10.75.19.1)" = open ] || fail "probe from the scanner after undo is not open"
finish
