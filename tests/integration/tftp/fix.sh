#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# fix --service tftp under a real booted systemd with Debian's tftpd-hpa
# (its init script, which systemd runs as tftpd-hpa.service): a served
# pxelinux tree that dnsmasq's dhcp-boot points the LAN at makes fix
# restrict 69/udp to that LAN (the LAN's tftp still gets pxelinux.0, a
# foreign scanner's tftp times out, and probe agrees); with an empty
# served directory nothing needs it, so fix stops and masks
# tftpd-hpa.service; undo restores both.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/tftp.sh"
. "$TOP_SRCDIR/tests/lib/systemd-sandbox.sh"

sandbox_netns client
sandbox_netns scanner
systemd_sandbox_boot
inside() { systemd_sandbox_run "$@"; }
pg() { inside "$SYSTEMD_SANDBOX_PORTGUARD" "$@"; }
inside ip link set lo up
systemd_sandbox_link "$client" 10.78.19.1/24 10.78.19.2/24
systemd_sandbox_link "$scanner" 10.79.19.1/24 10.79.19.2/24
inside test -x /etc/init.d/tftpd-hpa || { echo "tftpd-hpa is not installed" >&2; exit 99; }

# serve NAME...: /srv/tftp inside holds NAMEs (a pxelinux.0 of 1000
# bytes for each), tftpd-hpa.service (re)started with Debian's defaults.
serve() {
	inside sh -c 'rm -rf /srv/tftp && mkdir -p /srv/tftp && for name; do head -c 1000 /dev/zero | tr "\0" P >"/srv/tftp/$name"; done && chmod -R a+rX /srv/tftp' sh "$@"
	inside systemctl restart tftpd-hpa.service || fail "tftpd-hpa.service does not start: $(inside systemctl status tftpd-hpa.service)"
	for _ in $(seq 300); do
		inside ss -Hlnu 'sport = :69' | contains . && return 0
		sleep 0.1
	done
	fail "in.tftpd does not listen on 69/udp"
}
probe_verdict() {	# NS ADDRESS
	ip netns exec "$1" "$PORTGUARD" probe --service tftp "$2" --json --timeout 1 | jq -r .verdict
}
units() { echo "$(inside systemctl is-active tftpd-hpa.service) $(inside systemctl is-enabled tftpd-hpa.service 2>&1)"; }
inside systemctl enable tftpd-hpa.service >/dev/null 2>&1

echo "# network boot for 10.78.19.0/24: fix restricts 69/udp to the LAN"
printf 'enable-tftp\ndhcp-range=10.78.19.100,10.78.19.200,255.255.255.0,12h\ndhcp-boot=pxelinux.0\n' |
	inside sh -c 'cat >/etc/dnsmasq.conf'
serve pxelinux.0
before=$(units)
tftp_get "$scanner" 10.79.19.1 pxelinux.0 >/dev/null || fail "tftp from the scanner before the fix: no answer"
[ "$(probe_verdict "$scanner" 10.79.19.1)" = open ] || fail "probe from the scanner before the fix is not open"
json=$(pg fix --service tftp --json); code=$?
[ "$code" -eq 2 ] || fail "fix exited $code, expected 2: $json"
jq -e '.plan.action == "restrict" and .verified and .plan.trusted == ["10.78.19.0/24"] and
	(.consumers | any(.kind == "network-boot" and .evidence == "/etc/dnsmasq.conf:3: dhcp-boot=pxelinux.0 for network 10.78.19.0/24"))' \
	<<<"$json" >/dev/null || fail "fix did not restrict for network boot: $(jq -c '{plan, consumers, verified}' <<<"$json")"
said=$(tftp_get "$client" 10.78.19.1 pxelinux.0) || fail "the LAN lost its boot file: $said"
said=$(tftp_get "$scanner" 10.79.19.1 portguard-probe-missing) && fail "the scanner's tftp is still answered: $said"
contains -F 'Transfer timed out' <<<"$said" || fail "the scanner's tftp said: $said"
[ "$(probe_verdict "$scanner" 10.79.19.1)" = closed ] || fail "probe from the scanner after the fix is not closed"
[ "$(probe_verdict "$client" 10.78.19.1)" = open ] || fail "probe from the LAN after the fix is not open"
[ "$(units)" = "$before" ] || fail "restrict changed the unit: $(units), before $before"
report=$(jq -r .report <<<"$json")
words=$(inside cat "$report" | tr -s ' \n' '  ')
for phrase in "Offener TFTP-Dienst" "Open TFTP service" "tftp <IP-Adresse des Servers> -c get portguard-probe-missing" \
	"portguard probe --service tftp " "hands out the network boot (PXE) file \"pxelinux.0\"" \
	"TFTP read request (RRQ) of 19 bytes over UDP was answered with 516" "TFTP_ADDRESS=\"<lan address>:69\""; do
	contains -F "$phrase" <<<"$words" || fail "the report lacks '$phrase': $words"
done
[ "$(inside jq -r .service /var/lib/portguard/state.json)" = tftp ] || fail "the record does not name tftp"
expect_exit 2 pg undo --service tftp --quiet
inside nft list table inet portguard >/dev/null 2>&1 && fail "undo left the table"
[ "$(probe_verdict "$scanner" 10.79.19.1)" = open ] || fail "probe from the scanner after undo is not open"

echo "# an empty served directory and no DHCP boot: nothing needs it, fix stops and masks tftpd-hpa.service"
inside rm -f /etc/dnsmasq.conf
serve
before=$(units)
json=$(pg fix --service tftp --json); code=$?
[ "$code" -eq 2 ] || fail "fix (stop) exited $code, expected 2: $json"
jq -e '.plan.action == "stop" and .verified and .after.exposed == false and
	(.consumer_notes | any(. == "/srv/tftp is empty, so in.tftpd serves no file and no client needs it"))' <<<"$json" >/dev/null ||
	fail "fix did not stop: $(jq -c '{plan, verified, consumers, consumer_notes}' <<<"$json")"
[ "$(inside systemctl is-enabled tftpd-hpa.service 2>&1)" = masked ] || fail "tftpd-hpa.service is not masked"
[ "$(inside systemctl is-active tftpd-hpa.service)" = inactive ] || fail "tftpd-hpa.service is still running"
json=$(ip netns exec "$scanner" "$PORTGUARD" probe --service tftp 10.79.19.1 --json --timeout 1)
jq -e '.verdict == "closed" and .reason == "port unreachable"' <<<"$json" >/dev/null || fail "after the stop: $json"
said=$(tftp_get "$client" 10.78.19.1 portguard-probe-missing) && fail "the LAN still gets an answer after the stop: $said"
expect_exit 2 pg undo --service tftp --quiet
[ "$(units)" = "$before" ] || fail "undo of the stop did not restore the unit: $(units), before $before"
[ "$(probe_verdict "$scanner" 10.79.19.1)" = open ] || fail "probe from the scanner after undo is not open"
finish
