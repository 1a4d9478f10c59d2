#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tftpd-hpa's real in.tftpd in a namespace: check finds its listeners as
# ss does and asks it as the scanners do (a read request for a file that
# is not there: "File not found" proves it answers; one for pxelinux.0,
# whose first block is the amplification); probe --service tftp from a
# foreign namespace agrees with tftp-hpa's client, before and after a
# firewall drops 69/udp and after in.tftpd is gone. An empty served
# directory needs nothing; a served pxelinux tree with a dnsmasq
# dhcp-boot for the LAN makes the LAN the trusted network.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/tftp.sh"

sandbox_netns server
sandbox_netns scanner
sandbox_link "$server" 10.77.19.1/24 "$scanner" 10.77.19.2/24
sandbox_empty_root served
sandbox_empty_root root
# pxelinux.0 of 1000 bytes: its first block is 512 bytes
head -c 1000 /dev/zero | tr '\0' P >"$served/pxelinux.0"
mkdir "$served/pxelinux.cfg"
echo 'DEFAULT linux' >"$served/pxelinux.cfg/default"
chmod -R a+rX "$served"
sandbox_tftpd pid "$server" "$served"

echo "# tftp from the scanner: the served file, and File not found"
said=$(tftp_get "$scanner" 10.77.19.1 portguard-probe-missing) || fail "tftp from the scanner got no answer: $said"
contains -F 'Error code 1: File not found' <<<"$said" || fail "tftp: $said"
said=$(tftp_get "$scanner" 10.77.19.1 pxelinux.0) || fail "tftp from the scanner did not get pxelinux.0: $said"

echo "# check: the listeners as ss sees them, the answer, the plan"
mkdir -p "$root/etc/default" "$root/srv/tftp"
printf 'TFTP_DIRECTORY="/srv/tftp"\nTFTP_ADDRESS=":69"\n' >"$root/etc/default/tftpd-hpa"
json=$(ip netns exec "$server" "$PORTGUARD" check --service tftp --json --root "$root"); code=$?
[ "$code" -eq 2 ] || fail "check of an open in.tftpd exited $code, expected 2"
actual=$(jq -r '.listeners[] | "\(.address) \(.port)"' <<<"$json" | sort)
expected=$(ip netns exec "$server" ss -Hlnu 'sport = :69' | awk '{ a = $4; sub(/:69$/, "", a); gsub(/[][]/, "", a); if (a == "*") a = "0.0.0.0"; print a, 69 }' | sort)
[ -n "$expected" ] && [ "$actual" = "$expected" ] || fail "listeners differ from ss: ss '$expected', check '$actual'"
jq -e '[.listeners[] | .owners[0].process] | all(. == "in.tftpd")' <<<"$json" >/dev/null ||
	fail "owners: $(jq -c .listeners <<<"$json")"
# ERROR 1 "File not found" is 19 bytes; DATA block 1 of pxelinux.0 is 4 + 512 to a request of 19
jq -e '.tftp.reachable and .tftp.status == "answered" and .tftp.opcode == "ERROR" and .tftp.errorcode == 1 and
	.tftp.errormessage == "File not found" and .tftp.missing_reply_bytes == 19 and .tftp.serves_files and
	.tftp.boot.opcode == "DATA" and .tftp.boot.data_bytes == 512 and
	.tftp.request_bytes == 19 and .tftp.reply_bytes == 516 and .tftp.amplification > 27' \
	<<<"$json" >/dev/null || fail "check's tftp object: $(jq -c .tftp <<<"$json")"
echo "amplification of the read request for pxelinux.0: $(jq .tftp.amplification <<<"$json")"
# the --root tree's /srv/tftp is empty: nothing needs it; not under systemd here, so restrict
jq -e '.plan.action == "restrict" and .plan.trusted == [] and .consumers == []' <<<"$json" >/dev/null ||
	fail "plan: $(jq -c '{plan, consumers}' <<<"$json")"
text=$(ip netns exec "$server" "$PORTGUARD" check --service tftp --root "$root" 2>&1)
contains '^Verdict: EXPOSED - port 69 answers from beyond loopback' <<<"$text" || fail "check's verdict: $text"
contains -F 'Read request for portguard-probe-missing (32 bytes): answered, ERROR 1 "File not found", 19 bytes' <<<"$text" ||
	fail "check's text lacks the error reply: $text"
contains -F "/srv/tftp is empty, so in.tftpd serves no file and no client needs it" <<<"$text" || fail "check's text lacks the note: $text"
contains -F "an owner may prefer TFTP_ADDRESS=\"<lan address>:69\"" <<<"$text" || fail "check's text lacks the advice: $text"

echo "# network boot for the LAN: dnsmasq's dhcp-boot and its dhcp-range"
cp -r "$served/." "$root/srv/tftp/"
printf 'enable-tftp\ndhcp-range=10.77.19.100,10.77.19.200,255.255.255.0,12h\ndhcp-boot=pxelinux.0\n' >"$root/etc/dnsmasq.conf"
json=$(ip netns exec "$server" "$PORTGUARD" check --service tftp --json --root "$root")
jq -e '.plan.action == "restrict" and .plan.trusted == ["10.77.19.0/24"] and
	(.consumers | any(.kind == "network-boot" and .evidence == "/etc/dnsmasq.conf:3: dhcp-boot=pxelinux.0 for network 10.77.19.0/24"))' \
	<<<"$json" >/dev/null || fail "network boot: $(jq -c '{plan, consumers}' <<<"$json")"

echo "# probe from the scanner"
json=$(ip netns exec "$scanner" "$PORTGUARD" probe --service tftp 10.77.19.1 --json --timeout 2); code=$?
[ "$code" -eq 2 ] || fail "probe of the open in.tftpd exited $code, expected 2"
jq -e '.verdict == "open" and .port == 69 and .udp.open and .udp.errormessage == "File not found" and
	.udp.serves_files and .udp.amplification > 27' <<<"$json" >/dev/null || fail "probe: $json"
text=$(ip netns exec "$scanner" "$PORTGUARD" probe --service tftp 10.77.19.1)
contains '^Verdict: OPEN - 10.77.19.1 answers a TFTP read request on port 69 from here and serves pxelinux.0' <<<"$text" ||
	fail "no OPEN verdict: $text"

echo "# closed: a firewall drops 69/udp; tftp times out"
ip netns exec "$server" nft -f - <<'RULES' || exit 99
table inet tftp_test {
	chain input { type filter hook input priority 0; policy accept; udp dport 69 drop; }
}
RULES
json=$(ip netns exec "$scanner" "$PORTGUARD" probe --service tftp 10.77.19.1 --json --timeout 1); code=$?
[ "$code" -eq 0 ] || fail "probe through the drop exited $code, expected 0"
jq -e '.verdict == "closed" and .reason == "no reply to a read request" and .udp.boot.status == "not asked"' <<<"$json" >/dev/null ||
	fail "dropped: $json"
said=$(tftp_get "$scanner" 10.77.19.1 portguard-probe-missing) && fail "tftp answered through the drop: $said"
ip netns exec "$server" nft delete table inet tftp_test

echo "# closed: nothing on 69 (port unreachable)"
kill "$pid"; wait "$pid" 2>/dev/null
json=$(ip netns exec "$scanner" "$PORTGUARD" probe --service tftp 10.77.19.1 --json --timeout 1); code=$?
[ "$code" -eq 0 ] || fail "probe of a stopped in.tftpd exited $code, expected 0"
jq -e '.verdict == "closed" and .reason == "port unreachable"' <<<"$json" >/dev/null || fail "stopped: $json"

echo "# dnsmasq with enable-tftp holds the port: restricted, never stopped"
require_tools dnsmasq
sandbox_dnsmasq_tftp dnsmasq_pid "$server" "$served"
said=$(tftp_get "$scanner" 10.77.19.1 pxelinux.0) || fail "tftp from the scanner got nothing from dnsmasq: $said"
printf 'enable-tftp\n' >"$root/etc/dnsmasq.conf"
json=$(ip netns exec "$server" "$PORTGUARD" check --service tftp --json --root "$root"); code=$?
[ "$code" -eq 2 ] || fail "check of dnsmasq's TFTP exited $code, expected 2"
# dnsmasq's error names the path it looked for
jq -e --arg dir "$served" '([.listeners[] | .owners[0].process] | all(. == "dnsmasq")) and .tftp.reachable and
	.tftp.errorcode == 1 and (.tftp.errormessage | contains($dir)) and .tftp.serves_files and
	.plan.action == "restrict" and
	(.consumer_notes | any(test("/etc/dnsmasq.conf:1 enable-tftp: dnsmasq serves TFTP.*never stops it")))' <<<"$json" >/dev/null ||
	fail "dnsmasq: $(jq -c '{listeners, tftp, plan, consumer_notes}' <<<"$json")"
finish
