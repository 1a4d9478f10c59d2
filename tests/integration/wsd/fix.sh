#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# fix --service wsd under a real booted systemd with Debian's
# wsdd.service, serving every interface as Debian's WSDD_PARAMS="" has
# it: a LAN of private addresses and a public link. A Samba file server
# whose smb.conf allows the LAN makes fix restrict 3702/udp to it (the
# LAN's Probe to the group still gets ProbeMatches, the public link's
# neighbour's nothing, and probe agrees); with no share nothing needs
# wsdd, so fix stops and masks wsdd.service; undo restores both.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/wsd.sh"
. "$TOP_SRCDIR/tests/lib/systemd-sandbox.sh"

sandbox_netns client
sandbox_netns neighbour
systemd_sandbox_boot
inside() { systemd_sandbox_run "$@"; }
pg() { inside "$SYSTEMD_SANDBOX_PORTGUARD" "$@"; }
inside ip link set lo up
systemd_sandbox_link "$client" 10.80.19.1/24 10.80.19.2/24
systemd_sandbox_link "$neighbour" 203.0.113.1/24 203.0.113.2/24
inside test -f /lib/systemd/system/wsdd.service || { echo "wsdd.service is not installed" >&2; exit 99; }

# configure LINE...: smb.conf inside, LINEs after [global]'s; smbd and
# wsdd (Debian's defaults) (re)started, until wsdd answers both links.
configure() {
	{ printf '[global]\n   workgroup = PGGROUP\n   load printers = no\n   disable spoolss = yes\n'
	  printf '%s\n' "$@"; } | inside sh -c 'cat >/etc/samba/smb.conf'
	inside systemctl restart smbd.service wsdd.service || fail "smbd.service or wsdd.service does not start: $(inside systemctl status wsdd.service)"
	for _ in $(seq 100); do
		[ "$(wsd_probe "$neighbour" 203.0.113.1 group | cut -d' ' -f1)" -gt 0 ] && return 0
		sleep 0.2
	done
	fail "wsdd does not answer the public link: $(inside journalctl -u wsdd.service --no-pager | tail -5)"
}
probe_verdict() {	# NS ADDRESS
	ip netns exec "$1" "$PORTGUARD" probe --service wsd "$2" --json --timeout 1 | jq -r .verdict
}
units() { echo "$(inside systemctl is-active wsdd.service) $(inside systemctl is-enabled wsdd.service 2>&1)"; }
inside systemctl enable smbd.service wsdd.service >/dev/null 2>&1

echo "# a file server for 10.80.19.0/24: fix restricts 3702/udp to its clients"
configure '   hosts allow = 127. 10.80.19.0/24' '[data]' '   path = /srv' '   read only = yes'
before=$(units)
[ "$(probe_verdict "$neighbour" 203.0.113.1)" = open ] || fail "probe from the public link before the fix is not open"
json=$(pg fix --service wsd --json); code=$?
[ "$code" -eq 2 ] || fail "fix exited $code, expected 2: $json"
jq -e '.plan.action == "restrict" and .verified and .plan.trusted == ["10.80.19.0/24"] and
	(.consumers | any(.kind == "wsd-windows-clients" and
		(.evidence | test("/etc/samba/smb.conf:[0-9]+ shares \\[data\\]; smbd runs \\(pid [0-9]+\\); hosts allow = 127. 10.80.19.0/24"))))' \
	<<<"$json" >/dev/null || fail "fix did not restrict for the file server: $(jq -c '{plan, consumers, verified}' <<<"$json")"
[ "$(wsd_probe "$client" 10.80.19.1 group | cut -d' ' -f1)" -eq 2 ] || fail "the LAN lost wsdd"
[ "$(wsd_probe "$neighbour" 203.0.113.1 group)" = "0 0" ] || fail "the public link still gets ProbeMatches"
[ "$(probe_verdict "$neighbour" 203.0.113.1)" = closed ] || fail "probe from the public link after the fix is not closed"
[ "$(probe_verdict "$client" 10.80.19.1)" = open ] || fail "probe from the LAN after the fix is not open"
[ "$(units)" = "$before" ] || fail "restrict changed the unit: $(units), before $before"
report=$(jq -r .report <<<"$json")
words=$(inside cat "$report" | tr -s ' \n' '  ')
for phrase in "Offener WS-Discovery-Dienst" "Open WS-Discovery service" "| nc -u -w 2 " "portguard probe --service wsd " \
	"wsdd answers a Probe to the group 239.255.255.250 only" "WS-Discovery Probe of 624 bytes over UDP was answered with" \
	"WSDD_PARAMS=\"-i <lan interface>\""; do
	contains -F "$phrase" <<<"$words" || fail "the report lacks '$phrase': $words"
done
[ "$(inside jq -r .service /var/lib/portguard/state.json)" = wsd ] || fail "the record does not name wsd"
expect_exit 2 pg undo --service wsd --quiet
inside nft list table inet portguard >/dev/null 2>&1 && fail "undo left the table"
[ "$(probe_verdict "$neighbour" 203.0.113.1)" = open ] || fail "probe from the public link after undo is not open"

echo "# no share: nothing needs wsdd, fix stops and masks wsdd.service"
configure '   hosts allow = 127. 10.80.19.0/24'
before=$(units)
json=$(pg fix --service wsd --json); code=$?
[ "$code" -eq 2 ] || fail "fix (stop) exited $code, expected 2: $json"
jq -e '.plan.action == "stop" and .verified and .after.exposed == false' <<<"$json" >/dev/null ||
	fail "fix did not stop: $(jq -c '{plan, verified, consumers, consumer_notes}' <<<"$json")"
[ "$(inside systemctl is-enabled wsdd.service 2>&1)" = masked ] || fail "wsdd.service is not masked"
[ "$(inside systemctl is-active wsdd.service)" = inactive ] || fail "wsdd.service is still running"
[ "$(wsd_probe "$client" 10.80.19.1 group)" = "0 0" ] || fail "the LAN still gets ProbeMatches after the stop"
[ "$(probe_verdict "$neighbour" 203.0.113.1)" = closed ] || fail "probe from the public link after the stop is not closed"
expect_exit 2 pg undo --service wsd --quiet
[ "$(units)" = "$before" ] || fail "undo of the stop did not restore the unit: $(units), before $before"
for _ in $(seq 50); do
	[ "$(probe_verdict "$neighbour" 203.0.113.1)" = open ] && break
	sleep 0.2
done
[ "$(probe_verdict "$neighbour" 203.0.113.1)" = open ] || fail "probe from the public link after undo is not open"
finish
