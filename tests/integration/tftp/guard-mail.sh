#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# TFTP restricted without systemd: the real in.tftpd in a namespace
# whose address Shadowserver's scan_tftp file reports, a pxelinux tree
# that dnsmasq's dhcp-boot points the LAN at (the --root tree's files).
# fix --abuse-report with the Shadowserver mail restricts 69/udp to the
# LAN (the LAN's tftp still gets pxelinux.0, the scanner's times out),
# the agent puts tftp's part of the table back after `nft flush ruleset`,
# undo opens it again; CERT-Bund's TFTP mail is answered with the same
# service's report.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/tftp.sh"
. "$TOP_SRCDIR/tests/lib/watch.sh"

sandbox_netns server
sandbox_netns lan
sandbox_netns scanner
sandbox_link "$server" 10.80.19.1/24 "$lan" 10.80.19.2/24
sandbox_link "$server" 192.0.2.69/24 "$scanner" 192.0.2.99/24
sandbox_empty_root served
sandbox_empty_root root
head -c 1000 /dev/zero | tr '\0' P >"$served/pxelinux.0"
chmod -R a+rX "$served"
mkdir -p "$root/etc/default" "$root/srv/tftp"
cp "$served/pxelinux.0" "$root/srv/tftp/"
printf 'TFTP_DIRECTORY="/srv/tftp"\nTFTP_ADDRESS=":69"\n' >"$root/etc/default/tftpd-hpa"
printf 'enable-tftp\ndhcp-range=10.80.19.100,10.80.19.200,255.255.255.0,12h\ndhcp-boot=pxelinux.0\n' >"$root/etc/dnsmasq.conf"
sandbox_tftpd tftpd_pid "$server" "$served"
pg() { ip netns exec "$server" "$PORTGUARD" "$@" --root "$root"; }
verdict() { ip netns exec "$1" "$PORTGUARD" probe --service tftp "$2" --json --timeout 1 | jq -r .verdict; }
guard_is() { [ "$(guard_field "$root" "$1")" = "$2" ]; }
part_back() { ip netns exec "$server" nft list table inet portguard 2>/dev/null | contains "udp dport @tftp_ports"; }
[ "$(verdict "$scanner" 192.0.2.69)" = open ] || fail "the scanner gets no answer before the fix"

echo "# Shadowserver's scan_tftp mail: fix restricts to the LAN that boots from it"
out=$(pg fix --abuse-report "$TOP_SRCDIR/tests/fixtures/abuse/shadowserver-tftp.eml" 2>&1); code=$?
[ "$code" -eq 2 ] || fail "fix with the scan_tftp mail exited $code, expected 2: $out"
record=$(cat "$root/var/lib/portguard/state.json")
jq -e '.service == "tftp" and .action == "restrict" and .plan_facts.trusted == ["10.80.19.0/24"] and
	(.abuse_report.rows | length) == 2' <<<"$record" >/dev/null ||
	fail "the record: $(jq -c '{service, action, plan_facts, rows: .abuse_report.rows}' <<<"$record")"
table=$(ip netns exec "$server" nft list table inet portguard)
contains "udp dport @tftp_ports" <<<"$table" || fail "69/udp is not restricted: $table"
said=$(tftp_get "$lan" 10.80.19.1 pxelinux.0) || fail "the LAN lost its boot file: $said"
[ "$(verdict "$scanner" 192.0.2.69)" = closed ] || fail "the scanner still gets an answer"
said=$(tftp_get "$scanner" 192.0.2.69 portguard-probe-missing) && fail "the scanner's tftp is still answered: $said"
report=$(sed -n 's/^Report: //p' <<<"$out")
[ -f "$report" ] || fail "no report: $out"
words=$(tr -s ' \n' '  ' <"$report")
for phrase in "Offener TFTP-Dienst" "Open TFTP service" "Open-TFTP" "192.0.2.69" \
	"hands out the network boot (PXE) file \"pxelinux.0\"" "trusted network 10.80.19.0/24" \
	"tftp 192.0.2.69 -c get portguard-probe-missing" "TFTP_ADDRESS=\"<LAN-Adresse>:69\""; do
	contains -F "$phrase" <<<"$words" || fail "the report lacks '$phrase'"
done

echo "# the agent puts tftp's part of the table back after a flush"
ip netns exec "$server" "$PORTGUARD" watch --root "$root" 2>"$root/watch.log" &
agent=$!
sandbox_pids+=("$agent")
wait_until 30 guard_is pid "$agent" || fail "the agent did not start: $(cat "$root/watch.log")"
ip netns exec "$server" nft flush ruleset
wait_until 30 part_back || fail "the agent did not put tftp's table back: $(cat "$root/watch.log")"
[ "$(verdict "$scanner" 192.0.2.69)" = closed ] || fail "the scanner gets an answer after the repair"
[ "$(verdict "$lan" 10.80.19.1)" = open ] || fail "the LAN gets no answer after the repair"
kill "$agent"; wait "$agent" 2>/dev/null

echo "# undo opens the port again"
expect_exit 2 pg undo --quiet
ip netns exec "$server" nft list tables | contains portguard && fail "undo left the table"
[ "$(verdict "$scanner" 192.0.2.69)" = open ] || fail "the scanner gets no answer after undo"

echo "# CERT-Bund's TFTP mail names the service, the report answers it"
out=$(pg fix --abuse-report "$TOP_SRCDIR/tests/fixtures/abuse/certbund-tftp.txt" 2>&1); code=$?
[ "$code" -eq 2 ] || fail "fix with the CERT-Bund mail exited $code, expected 2: $out"
[ "$(jq -r .service "$root/var/lib/portguard/state.json")" = tftp ] || fail "the mail's fix is not tftp's"
report=$(sed -n 's/^Report: //p' <<<"$out")
words=$(tr -s ' \n' '  ' <"$report")
for phrase in "Offener TFTP-Dienst" "den offenen TFTP-Dienst (tftpd-hpa, Port 69/udp)" "CB-Report#20261124-10004711"; do
	contains -F "$phrase" <<<"$words" || fail "the report lacks '$phrase'"
done
[ "$(verdict "$scanner" 192.0.2.69)" = closed ] || fail "the scanner gets an answer after the CERT-Bund fix"
expect_exit 2 pg undo --quiet
finish
