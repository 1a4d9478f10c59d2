#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# fix --service snmp under a real booted systemd with Debian's
# snmpd.service: a station named in snmpd.conf makes fix restrict to its
# network (the station still gets sysDescr, a foreign scanner nothing,
# by snmpget and by probe); a community for "default" alone keeps snmpd
# for loopback or --trusted;
# with no community at all fix stops and masks snmpd; undo restores.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/snmpd.sh"
. "$TOP_SRCDIR/tests/lib/systemd-sandbox.sh"

sandbox_netns station
sandbox_netns scanner
systemd_sandbox_boot
inside() { systemd_sandbox_run "$@"; }
pg() { inside "$SYSTEMD_SANDBOX_PORTGUARD" "$@"; }
inside ip link set lo up
systemd_sandbox_link "$station" 10.74.18.1/24 10.74.18.2/24
systemd_sandbox_link "$scanner" 10.75.18.1/24 10.75.18.2/24
inside test -f /lib/systemd/system/snmpd.service || { echo "snmpd.service is not installed" >&2; exit 99; }

# configure LINE...: snmpd.conf inside, Debian's without its communities
# and with agentaddress udp:161, plus LINEs; snmpd (re)started on it.
configure() {
	{ sed -e 's/^agentaddress.*/agentaddress udp:161/' -e '/^rocommunity/d' /etc/snmp/snmpd.conf
	  printf '%s\n' "$@"; } | inside sh -c 'cat >/etc/snmp/snmpd.conf'
	inside systemctl restart snmpd.service || fail "snmpd.service does not start"
	for _ in $(seq 300); do
		inside ss -Hlnu 'sport = :161' | contains . && return 0
		sleep 0.1
	done
	fail "snmpd does not listen on 161/udp"
}
probe_verdict() {	# NS
	ip netns exec "$1" "$PORTGUARD" probe --service snmp "$2" --json --timeout 1 | jq -r .verdict
}
units() { echo "$(inside systemctl is-active snmpd.service) $(inside systemctl is-enabled snmpd.service)"; }
inside systemctl enable snmpd.service >/dev/null 2>&1

echo "# a station in snmpd.conf beside Debian's community for everyone: fix restricts to the station"
configure 'rocommunity public default -V systemonly' 'rocommunity public 10.74.18.0/24 -V systemonly'
before=$(units)
snmp_sysdescr "$scanner" 10.75.18.1 >/dev/null || fail "snmpget from the scanner before the fix: no answer"
[ "$(probe_verdict "$scanner" 10.75.18.1)" = open ] || fail "probe from the scanner before the fix is not open"
json=$(pg fix --service snmp --json); code=$?
[ "$code" -eq 2 ] || fail "fix exited $code, expected 2: $json"
jq -e '.plan.action == "restrict" and .verified and .plan.trusted == ["10.74.18.0/24"] and
	(.plan.warnings | any(test("admits everyone"))) and
	(.consumers | any(.kind == "snmp-station" and (.evidence | test("snmpd.conf:[0-9]+ rocommunity public admits 10.74.18.0/24"))))' \
	<<<"$json" >/dev/null || fail "fix did not restrict for the station: $(jq -c '{plan, consumers, verified}' <<<"$json")"
said=$(snmp_sysdescr "$station" 10.74.18.1) || fail "the station lost snmpd: $said"
said=$(snmp_sysdescr "$scanner" 10.75.18.1) && fail "the scanner still gets sysDescr: $said"
[ "$(probe_verdict "$scanner" 10.75.18.1)" = closed ] || fail "probe from the scanner after the fix is not closed"
[ "$(probe_verdict "$station" 10.74.18.1)" = open ] || fail "probe from the station after the fix is not open"
[ "$(units)" = "$before" ] || fail "restrict changed snmpd.service: $(units)"
report=$(jq -r .report <<<"$json")
inside grep -q "Offener SNMP-Dienst" "$report" || fail "the report lacks the SNMP subject"
inside grep -q "snmpget -v2c -c public" "$report" || fail "the report lacks snmpget"
inside grep -q "portguard probe --service snmp " "$report" || fail "the report lacks probe --service snmp"
[ "$(inside jq -r .service /var/lib/portguard/state.json)" = snmp ] || fail "the record does not name snmp"
expect_error "the last fix is the snmp's, not the portmapper's" pg undo --service portmapper
expect_exit 2 pg undo --service snmp --quiet
inside nft list table inet portguard >/dev/null 2>&1 && fail "undo left the table"
[ "$(probe_verdict "$scanner" 10.75.18.1)" = open ] || fail "probe from the scanner after undo is not open"

echo "# only a community for everyone: fix keeps snmpd for loopback, or for --trusted"
configure 'rocommunity public default -V systemonly'
json=$(pg fix --service snmp --json --dry-run); code=$?
jq -e '.plan.action == "restrict" and .plan.trusted == []' <<<"$json" >/dev/null ||
	fail "dry run: $(jq -c '{plan}' <<<"$json")"
json=$(pg fix --service snmp --json --trusted 10.74.18.0/24); code=$?
[ "$code" -eq 2 ] && jq -e '.plan.action == "restrict" and .verified and .plan.trusted == ["10.74.18.0/24"]' <<<"$json" >/dev/null ||
	fail "fix --trusted exited $code: $(jq -c '{plan, verified}' <<<"$json")"
snmp_sysdescr "$station" 10.74.18.1 >/dev/null || fail "the trusted station lost snmpd"
[ "$(probe_verdict "$scanner" 10.75.18.1)" = closed ] || fail "probe from the scanner after fix --trusted is not closed"
expect_exit 2 pg undo --service snmp --quiet

echo "# no community at all: nothing needs snmpd, fix stops and masks it"
configure 'rouser authPrivUser authpriv -V systemonly'
json=$(pg fix --service snmp --json); code=$?
[ "$code" -eq 2 ] || fail "fix (stop) exited $code, expected 2: $json"
jq -e '.plan.action == "stop" and .verified and .after.exposed == false' <<<"$json" >/dev/null ||
	fail "fix did not stop: $(jq -c '{plan, verified, consumers}' <<<"$json")"
[ "$(inside systemctl is-enabled snmpd.service)" = masked ] || fail "snmpd.service is not masked"
[ "$(inside systemctl is-active snmpd.service)" = inactive ] || fail "snmpd.service is still running"
json=$(ip netns exec "$scanner" "$PORTGUARD" probe --service snmp 10.75.18.1 --json --timeout 1)
jq -e '.verdict == "closed" and .reason == "port unreachable"' <<<"$json" >/dev/null || fail "after the stop: $json"
expect_exit 2 pg undo --service snmp --quiet
[ "$(units)" = "$before" ] || fail "undo of the stop did not restore snmpd.service: $(units)"
finish
