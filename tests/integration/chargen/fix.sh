#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# fix --service chargen under a real booted systemd with Debian's
# xinetd (xinetd.service, made by systemd-sysv-generator from
# /etc/init.d/xinetd) and its own /etc/xinetd.d files, chargen-udp,
# echo-udp and daytime-udp switched on: when xinetd serves nothing else
# fix stops and masks it; with another service in /etc/xinetd.d it
# restricts the ports to --trusted instead (the station still answered,
# the scanner not); undo restores both.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/chargen.sh"
. "$TOP_SRCDIR/tests/lib/systemd-sandbox.sh"

sandbox_netns station
sandbox_netns scanner
systemd_sandbox_boot
inside() { systemd_sandbox_run "$@"; }
pg() { inside "$SYSTEMD_SANDBOX_PORTGUARD" "$@"; }
inside ip link set lo up
systemd_sandbox_link "$station" 10.76.19.1/24 10.76.19.2/24
systemd_sandbox_link "$scanner" 10.77.19.1/24 10.77.19.2/24
inside test -x /etc/init.d/xinetd || { echo "xinetd is not installed" >&2; exit 99; }

# Debian's own files, three of them switched on
for file in chargen-udp echo-udp daytime-udp; do
	inside sed -i 's/^\(\s*disable\s*=\s*\)yes/\1no/' "/etc/xinetd.d/$file"
done
inside rm -f /etc/xinetd.d/lab-tftp
inside systemctl enable xinetd.service >/dev/null 2>&1
inside systemctl restart xinetd.service || fail "xinetd.service does not start"
wait_listening() {
	for _ in $(seq 300); do
		inside ss -Hlnu 'sport = :19' | contains . && inside ss -Hlnu 'sport = :13' | contains . && return 0
		sleep 0.1
	done
	fail "xinetd does not listen on 19/udp and 13/udp"
}
probe() {	# NS ADDRESS: probe's JSON
	ip netns exec "$1" "$PORTGUARD" probe --service chargen "$2" --json --timeout 1
}
units() { echo "$(inside systemctl is-active xinetd.service)"; }
wait_listening
[ "$(units)" = active ] || fail "xinetd.service is $(units)"

echo "# xinetd serves nothing else: fix stops and masks it"
jq -e '.verdict == "open" and .reply_bytes == 1024' <<<"$(probe "$scanner" 10.77.19.1)" >/dev/null ||
	fail "chargen is not open to the scanner before the fix"
json=$(pg fix --service chargen --json); code=$?
[ "$code" -eq 2 ] || fail "fix (stop) exited $code, expected 2: $json"
jq -e '.plan.action == "stop" and .verified and .after.exposed == false and (.consumers | length) == 0 and
	(.consumer_notes | any(test("^/etc/xinetd.d/chargen-udp:[0-9]+ enables chargen-dgram \\(internal\\)")))' <<<"$json" >/dev/null ||
	fail "fix did not stop xinetd: $(jq -c '{plan, consumers, consumer_notes, verified}' <<<"$json")"
[ "$(units)" = inactive ] || fail "xinetd.service after the stop: $(units)"
[ "$(inside systemctl is-enabled xinetd.service 2>/dev/null)" = masked ] || fail "xinetd.service is not masked"
jq -e '.verdict == "closed" and .reason == "port unreachable"' <<<"$(probe "$scanner" 10.77.19.1)" >/dev/null ||
	fail "chargen is not closed to the scanner after the stop"
[ "$(chargen_ask "$scanner" 10.77.19.1 19)" = silent ] || fail "chargen answers the scanner after the stop"
report=$(jq -r .report <<<"$json")
inside grep -q "Offener Chargen-Dienst" "$report" || fail "the report lacks the chargen subject"
inside grep -q "xinetd.service" "$report" || fail "the report does not name xinetd.service"
inside grep -q "portguard probe --service chargen " "$report" || fail "the report lacks probe --service chargen"
# xinetd.service is made by systemd-sysv-generator, which makes no unit
# for a masked name: undo reloads systemd after the unmask, so that the
# unit exists again before it is enabled and started.
expect_exit 2 pg undo --service chargen --quiet
wait_listening
[ "$(units)" = active ] || fail "undo of the stop did not restore xinetd.service: $(units)"

echo "# xinetd also serves lab-tftp: stopping it would cut that off, fix restricts"
inside sh -c 'cat >/etc/xinetd.d/lab-tftp' <<'CONF'
service lab-tftp
{
	type		= UNLISTED
	port		= 6969
	socket_type	= dgram
	protocol	= udp
	wait		= yes
	user		= root
	server		= /bin/true
	disable		= no
}
CONF
inside systemctl restart xinetd.service || fail "xinetd.service does not restart"
wait_listening
json=$(pg fix --service chargen --trusted 10.76.19.0/24 --json); code=$?
[ "$code" -eq 2 ] || fail "fix (restrict) exited $code, expected 2: $json"
jq -e '.plan.action == "restrict" and .verified and
	(.consumers | any(.kind == "xinetd-service" and .evidence == "/etc/xinetd.d/lab-tftp:1 enables service lab-tftp (udp, /bin/true)"))' \
	<<<"$json" >/dev/null || fail "fix did not restrict: $(jq -c '{plan, consumers, verified}' <<<"$json")"
[ "$(units)" = active ] || fail "restrict changed xinetd.service: $(units)"
[ "$(chargen_ask "$station" 10.76.19.1 19)" = 1024 ] || fail "the trusted station lost chargen"
[ "$(chargen_ask "$scanner" 10.77.19.1 19)" = silent ] || fail "chargen answers the scanner after the restriction"
jq -e '.verdict == "closed" and .reason == "no reply"' <<<"$(probe "$scanner" 10.77.19.1)" >/dev/null ||
	fail "chargen is not closed to the scanner after the restriction"
expect_exit 2 pg undo --service chargen --quiet
inside nft list table inet portguard >/dev/null 2>&1 && fail "undo left the table"
[ "$(chargen_ask "$scanner" 10.77.19.1 19)" = 1024 ] || fail "chargen is not open again after undo"
finish
