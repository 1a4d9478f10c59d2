#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Stopping rpcbind through a real systemd: both units stopped and masked,
# nothing listens, a second run changes nothing, restore brings back the
# same states and listeners. Socket-activated and running service alike,
# through src/systemd/systemd.h directly (the helper) and through fix and undo.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/systemd-sandbox.sh"

started=$(date +%s%N)
systemd_sandbox_boot
inside() { systemd_sandbox_run "$@"; }
helper="$SYSTEMD_SANDBOX_BUILDDIR/tests/helpers/systemd_helper"
units=(rpcbind.socket rpcbind.service)

# expect_check CODE: portguard check inside exits CODE (2 exposed, 0 not).
expect_check() {
	local output code
	output=$(inside "$SYSTEMD_SANDBOX_PORTGUARD" check 2>&1); code=$?
	[ "$code" -eq "$1" ] || fail "portguard check exited $code, expected $1: $output"
}

# expect_stopped CASE: both units stopped and masked, nothing answers.
expect_stopped() {
	[ "$(inside "$helper" state "${units[@]}")" = "rpcbind.socket inactive masked
rpcbind.service inactive masked" ] || fail "$1: after stop: $(inside "$helper" state "${units[@]}")"
	[ -z "$(inside ss -H -tuln 'sport = :111')" ] || fail "$1: still listening: $(inside ss -H -tuln 'sport = :111')"
	inside rpcinfo -p 127.0.0.1 >/dev/null 2>&1 && fail "$1: rpcinfo still gets an answer"
	expect_check 0
	[ "$(inside systemctl is-active rpcbind.service)" = inactive ] || fail "$1: rpcinfo started rpcbind again"
}

# expect_restored CASE BEFORE AFTER
expect_restored() {
	[ "$3" = "$2" ] || fail "$1: restored state differs:
--- before
$2
--- after
$3"
}

etc_units() {
	inside find /etc/systemd/system -printf '%p %l\n' | sort
}

# stop_and_restore CASE: the round trip through src/systemd/systemd.h.
stop_and_restore() {
	local name=$1 before output prior etc_before
	echo "# $name"
	before=$(systemd_sandbox_units_snapshot "${units[@]}")
	# check asks the portmapper, which would start the service.
	[ "$(inside systemctl is-active rpcbind.service)" = active ] && expect_check 2

	output=$(inside "$helper" stop "${units[@]}") || fail "$name: stop failed"
	[ "$(head -n 1 <<<"$output")" = changed ] || fail "$name: stop said '$(head -n 1 <<<"$output")', expected changed"
	prior=$(tail -n +2 <<<"$output")
	expect_stopped "$name"

	etc_before=$(etc_units)
	output=$(inside "$helper" stop "${units[@]}") || fail "$name: second stop failed"
	[ "$(head -n 1 <<<"$output")" = unchanged ] || fail "$name: second stop said '$(head -n 1 <<<"$output")'"
	[ "$(etc_units)" = "$etc_before" ] || fail "$name: the second stop changed /etc/systemd/system"

	# shellcheck disable=SC2086 # one argument per unit
	output=$(inside "$helper" restore $prior) || fail "$name: restore failed"
	[ "$output" = changed ] || fail "$name: restore said '$output', expected changed"
	expect_restored "$name" "$before" "$(systemd_sandbox_units_snapshot "${units[@]}")"
	# shellcheck disable=SC2086
	output=$(inside "$helper" restore $prior) || fail "$name: second restore failed"
	[ "$output" = unchanged ] || fail "$name: second restore said '$output', expected unchanged"
}

# fix_and_undo CASE: the same through the commands, exit codes included.
fix_and_undo() {
	local name="$1 (fix and undo)" before after etc_before
	echo "# $name"
	before=$(systemd_sandbox_units_snapshot "${units[@]}")
	expect_exit 2 inside "$SYSTEMD_SANDBOX_PORTGUARD" fix --quiet
	expect_stopped "$name"
	etc_before=$(etc_units)
	expect_exit 0 inside "$SYSTEMD_SANDBOX_PORTGUARD" fix --quiet
	[ "$(etc_units)" = "$etc_before" ] || fail "$name: the second fix changed /etc/systemd/system"
	expect_exit 2 inside "$SYSTEMD_SANDBOX_PORTGUARD" undo --quiet
	# fix reads the units' states before its own portmapper query can
	# socket-activate rpcbind.service, so undo restores them exactly.
	after=$(systemd_sandbox_units_snapshot "${units[@]}")
	expect_restored "$name" "$before" "$after"
	expect_exit 0 inside "$SYSTEMD_SANDBOX_PORTGUARD" undo --quiet
}

inside systemctl enable rpcbind.socket rpcbind.service >/dev/null 2>&1
inside systemctl start rpcbind.socket || fail "rpcbind.socket does not start"
inside systemctl stop rpcbind.service 2>/dev/null
[ "$(inside "$helper" running)" = 1 ] || fail "the helper does not see systemd running"
[ "$(inside "$helper" state "${units[@]}")" = "rpcbind.socket active enabled
rpcbind.service inactive enabled" ] || fail "unexpected start: $(inside "$helper" state "${units[@]}")"
stop_and_restore "socket-activated, service not started"
[ "$(inside systemctl is-active rpcbind.service)" = inactive ] || fail "restore started rpcbind.service, which was not running"
inside rpcinfo -p 127.0.0.1 >/dev/null || fail "rpcinfo gets no answer after restore"

systemd_sandbox_wait_active rpcbind.service active || fail "rpcinfo did not activate rpcbind.service"
stop_and_restore "service activated by rpcinfo"
[ -n "$(inside systemctl show -P MainPID rpcbind.service | grep -v '^0$')" ] || fail "restore did not start rpcbind.service"
fix_and_undo "service activated by rpcinfo"
inside systemctl stop rpcbind.service 2>/dev/null
fix_and_undo "socket-activated, service not started"

echo "# a unit that requires rpcbind.socket"
systemd_sandbox_consumer_unit pg-consumer.service
inside systemctl enable --now pg-consumer.service >/dev/null 2>&1 || fail "pg-consumer.service cannot be enabled"
[ "$(inside "$helper" state pg-consumer.service)" = "pg-consumer.service active enabled" ] ||
	fail "the consumer's state reads $(inside "$helper" state pg-consumer.service)"
# Who needs rpcbind is assess's to find (units.c); fix refuses on it.
json=$(inside "$SYSTEMD_SANDBOX_PORTGUARD" check --json --trusted 192.0.2.0/24)
jq -e '[.consumers[] | select(.kind == "unit") | .evidence] == ["pg-consumer.service (active, enabled) requires rpcbind.socket"]' \
	<<<"$json" >/dev/null || fail "check does not name pg-consumer.service as a consumer: $(jq -c .consumers <<<"$json")"
inside systemd-run --quiet --unit=pg-transient /bin/sleep infinity || fail "systemd-run failed"
[ "$(inside "$helper" state pg-transient.service)" = "pg-transient.service active transient" ] ||
	fail "a transient unit's state reads $(inside "$helper" state pg-transient.service)"
expect_error "systemd knows no unit pg-nosuch.service" inside "$helper" stop rpcbind.socket pg-nosuch.service
[ "$(inside systemctl is-active rpcbind.socket)" = active ] || fail "a stop naming an unknown unit stopped rpcbind.socket"

echo "# the boot unit: enable and disable"
if [ -f "$TOP_SRCDIR/units/portguard-restore.service" ]; then
	inside cp "$SYSTEMD_SANDBOX_SRCDIR/units/portguard-restore.service" /lib/systemd/system/
	inside systemctl daemon-reload
else
	systemd_sandbox_unit portguard-restore.service <<'EOF'
[Service]
Type=oneshot
ExecStart=/bin/true
[Install]
WantedBy=sysinit.target
EOF
fi
for step in "enable changed enabled" "enable unchanged enabled" "disable changed disabled" "disable unchanged disabled"; do
	read -r command said state <<<"$step"
	output=$(inside "$helper" "$command" portguard-restore.service) || fail "$command portguard-restore.service failed"
	[ "$output" = "$said" ] || fail "$command portguard-restore.service said '$output', expected $said"
	[ "$(inside systemctl is-enabled portguard-restore.service)" = "$state" ] || fail "after $command: not $state"
done
systemd_sandbox_unit pg-no-install.service <<'EOF'
[Service]
ExecStart=/bin/true
EOF
expect_error "pg-no-install.service is still static after enabling it" inside "$helper" enable pg-no-install.service

systemd_sandbox_shutdown
echo "boot: $SYSTEMD_SANDBOX_BOOT_SECONDS s; whole test: $((($(date +%s%N) - started) / 1000000)) ms"
finish
