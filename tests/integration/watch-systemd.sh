#!/usr/bin/env bash
# portguard watch as portguard.service under a real booted systemd: fix
# starts it, `nft flush ruleset` and SIGKILL of the agent (systemd
# restarts it) leave the port closed for a peer; after a stop, rpcbind
# unmasked and started again (a package's postinst) is stopped again
# within seconds, and once a consumer appeared it is restricted instead;
# undo ends the guarding.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/systemd-sandbox.sh"
. "$TOP_SRCDIR/tests/lib/nft.sh"
. "$TOP_SRCDIR/tests/lib/watch.sh"

systemd_sandbox_boot
inside() { systemd_sandbox_run "$@"; }
pg() { inside "$SYSTEMD_SANDBOX_PORTGUARD" "$@"; }
table_back() { inside nft list table inet portguard; }
agent_active() { [ "$(inside systemctl is-active portguard.service)" = active ]; }
agent_pid() { inside systemctl show -P MainPID portguard.service; }
rpcbind_masked() { [ "$(inside systemctl is-enabled rpcbind.socket)" = masked ] && ! inside ss -H -tuln 'sport = :111' | contains .; }
inside ip link set lo up
watch_link_peer peer 10.78.0.1/24 10.78.0.2/24
watch_install_unit || fail "cannot install portguard.service"
inside systemctl enable rpcbind.socket rpcbind.service >/dev/null 2>&1
inside systemctl start rpcbind.socket || fail "rpcbind.socket does not start"
systemd_sandbox_consumer_unit pg-consumer.service
inside systemctl enable --now pg-consumer.service >/dev/null 2>&1 || fail "pg-consumer does not start"
expect_reachable "$peer" udp 10.78.0.1

echo "# restrict: fix starts the agent"
expect_exit 2 pg fix --trusted 10.77.0.0/24 --quiet
wait_until 5 agent_active || fail "portguard.service is not active after fix: $(inside systemctl status portguard.service)"
[ "$(inside systemctl is-enabled portguard.service)" = enabled ] || fail "fix did not enable portguard.service"
expect_unreachable "$peer" udp 10.78.0.1

echo "# nft flush ruleset: the table is back within a second, the port closed"
inside nft flush ruleset
wait_until 1 table_back || fail "the table is not back 1 s after the flush"
expect_unreachable "$peer" udp 10.78.0.1
expect_unreachable "$peer" tcp 10.78.0.1
inside journalctl -q -u portguard.service -o verbose PORTGUARD_EVENT=repair | contains "PORTGUARD_DRIFT=table inet portguard was removed or changed" ||
	fail "the journal lacks the repair's structured fields"
json=$(pg check --json --trusted 10.77.0.0/24)
jq -e '.guard.running and .guard.repairs >= 1' <<<"$json" >/dev/null || fail "check does not show the guard: $(jq -c .guard <<<"$json")"

echo "# SIGKILL: systemd restarts the agent, which repairs what drifted meanwhile"
pid=$(agent_pid)
inside systemctl kill -s KILL portguard.service
inside nft delete table inet portguard
wait_until 10 table_back || fail "the table is not back after the agent was killed"
[ "$(agent_pid)" != "$pid" ] && agent_active || fail "systemd did not restart the agent"
expect_unreachable "$peer" udp 10.78.0.1

echo "# a loop deleting the table 50 times a second: an alert and back-off, not a busy agent"
pid=$(agent_pid)
ticks() { inside sh -c 'set -- $(sed "s/.*) //" /proc/$1/stat); echo $(($12 + $13))' sh "$pid"; }
before=$(ticks)
inside sh -c 'i=0; while [ $i -lt 200 ]; do nft delete table inet portguard 2>/dev/null; sleep 0.02; i=$((i + 1)); done'
ticks=$(($(ticks) - before))
hz=$(getconf CLK_TCK)
echo "agent CPU during the 4 s fight: $ticks ticks of $((4 * hz))"
[ "$ticks" -lt "$hz" ] || fail "the agent used $ticks ticks in a 4 s fight: it spins"
inside journalctl -q -u portguard.service -o verbose PORTGUARD_EVENT=fight | contains "PORTGUARD_RESULT=alert" ||
	fail "no alert about the fight in the journal"
[ "$(agent_pid)" = "$pid" ] || fail "the agent did not survive the fight"

echo "# undo ends the guarding"
expect_exit 2 pg undo --quiet
agent_active && fail "portguard.service still runs after undo"
[ "$(inside systemctl is-enabled portguard.service)" = disabled ] || fail "undo did not disable portguard.service"
table_back && fail "the table is back after undo"
expect_reachable "$peer" udp 10.78.0.1

echo "# stop: rpcbind unmasked and started again is stopped within seconds"
inside systemctl disable --now pg-consumer.service >/dev/null 2>&1
expect_exit 2 pg fix --quiet
wait_until 5 agent_active || fail "portguard.service is not active after the stop fix"
inside systemctl unmask rpcbind.socket rpcbind.service >/dev/null 2>&1
inside systemctl start rpcbind.socket || fail "rpcbind.socket does not start again"
wait_until 10 rpcbind_masked || fail "rpcbind.socket is not stopped and masked again: $(inside systemctl is-enabled rpcbind.socket)"
expect_unreachable "$peer" udp 10.78.0.1

echo "# a consumer appeared: restricted instead, and the consumer keeps running"
inside mkdir -p /etc/portguard
inside sh -c 'echo "trusted = 10.77.0.0/24" >/etc/portguard/portguard.conf'
inside systemctl unmask rpcbind.socket rpcbind.service >/dev/null 2>&1
inside systemctl enable --now pg-consumer.service >/dev/null 2>&1 || fail "pg-consumer does not start again"
wait_until 10 table_back || fail "no restriction after the consumer appeared"
sleep 1
[ "$(inside systemctl is-active rpcbind.socket)" = active ] || fail "the repair stopped rpcbind.socket under the consumer"
[ "$(inside systemctl is-active pg-consumer.service)" = active ] || fail "the repair broke the consumer"
expect_unreachable "$peer" udp 10.78.0.1

echo "# undo takes the repair and the fix it repaired back, and ends the guarding"
for _ in 1 2 3; do
	pg undo 2>/dev/null | contains "^Nothing to undo" && break
done
agent_active && fail "portguard.service still runs after undo"
[ "$(inside systemctl is-enabled portguard.service)" = disabled ] || fail "undo did not disable portguard.service"
finish
