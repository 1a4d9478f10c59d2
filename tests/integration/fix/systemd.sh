#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# fix and undo under a real booted systemd: a unit that needs rpcbind
# makes fix restrict instead of stop, with the rules loaded at boot by
# portguard-restore.service; without it, fix stops and masks both units
# and the report says so.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/systemd-sandbox.sh"

systemd_sandbox_boot
inside() { systemd_sandbox_run "$@"; }
pg() { inside "$SYSTEMD_SANDBOX_PORTGUARD" "$@"; }
inside ip link set lo up
inside systemctl enable rpcbind.socket rpcbind.service >/dev/null 2>&1
inside systemctl start rpcbind.socket || fail "rpcbind.socket does not start"
systemd_sandbox_consumer_unit pg-consumer.service
inside systemctl enable --now pg-consumer.service >/dev/null 2>&1 || fail "pg-consumer does not start"

echo "# a consumer: --mode stop is refused without --force, by the dry run too, nothing changes"
before=$(systemd_sandbox_units_snapshot rpcbind.socket rpcbind.service)
expect_error "pg-consumer.service" pg fix --mode stop --dry-run
expect_error "pg-consumer.service" pg fix --mode stop
[ "$(pg fix --mode stop --dry-run 2>&1)" = "$(pg fix --mode stop 2>&1)" ] || fail "the dry run refuses --mode stop in other words than fix"
[ "$(systemd_sandbox_units_snapshot rpcbind.socket rpcbind.service)" = "$before" ] || fail "a refused stop changed the units"
inside test -e /var/lib/portguard/journal.json -o -e /var/lib/portguard/state.json && fail "a refused stop left a record"

echo "# auto mode restricts, and the restriction is loaded at boot"
json=$(pg fix --json --trusted 10.77.0.0/24); code=$?
[ "$code" -eq 2 ] || fail "fix exited $code, expected 2: $json"
jq -e '.plan.action == "restrict" and .verified and (.consumers | any(.kind == "unit" and (.evidence | test("pg-consumer"))))' <<<"$json" >/dev/null ||
	fail "fix did not restrict for the consumer unit: $json"
[ "$(inside systemctl is-active rpcbind.socket)" = active ] || fail "restrict stopped rpcbind.socket"
[ "$(inside systemctl is-enabled portguard-restore.service)" = enabled ] || fail "the boot unit is not enabled"
inside test -f /etc/systemd/system/portguard-restore.service || fail "the boot unit was not installed"
inside systemctl show -P Before portguard-restore.service | contains -w rpcbind.socket || fail "the boot unit does not run before rpcbind.socket"
grep -q "portguard-restore.service" "$(inside sh -c 'ls /var/lib/portguard/reports/*.txt | head -n 1')" 2>/dev/null ||
	inside sh -c 'grep -q portguard-restore.service /var/lib/portguard/reports/*.txt' || fail "the report does not name the boot unit"

echo "# what the boot unit loads is the table fix installed"
rules=$(inside nft list table inet portguard)
inside nft delete table inet portguard
inside systemctl restart portguard-restore.service || fail "the boot unit does not load the file"
[ "$(inside nft list table inet portguard)" = "$rules" ] || fail "the boot unit loaded a different table"
expect_exit 0 pg fix --trusted 10.77.0.0/24 --quiet
expect_exit 0 pg check --trusted 10.77.0.0/24 --quiet
out=$(pg fix --dry-run --trusted 10.77.0.0/24); code=$?
[ "$code" -eq 0 ] && [ "$out" = "Nothing needed to change: the restriction is already in place." ] ||
	fail "the dry run of a fix in place exited $code: $out"

echo "# undo removes the table, the file, the boot unit"
expect_exit 2 pg undo --quiet
inside nft list table inet portguard >/dev/null 2>&1 && fail "undo left the table"
inside test -e /etc/portguard/portguard.nft && fail "undo left the nft file"
inside test -e /etc/systemd/system/portguard-restore.service && fail "undo left the boot unit it installed"
[ "$(systemd_sandbox_units_snapshot rpcbind.socket rpcbind.service)" = "$before" ] || fail "undo changed the rpcbind units"

echo "# no consumer: fix stops and masks both units, and the report says so"
inside systemctl disable --now pg-consumer.service >/dev/null 2>&1
json=$(pg fix --json); code=$?
[ "$code" -eq 2 ] || fail "fix (stop) exited $code, expected 2: $json"
jq -e '.plan.action == "stop" and .verified and .after.exposed == false and (.after.listeners | length) == 0' <<<"$json" >/dev/null ||
	fail "fix did not stop: $json"
[ "$(inside systemctl is-enabled rpcbind.socket)" = masked ] || fail "rpcbind.socket is not masked"
[ "$(inside systemctl is-enabled rpcbind.service)" = masked ] || fail "rpcbind.service is not masked"
report=$(jq -r .report <<<"$json")
inside grep -q "rpcbind.socket" "$report" || fail "the stop report does not name rpcbind.socket"
inside grep -q "systemctl" "$report" || fail "the stop report does not give the systemctl commands"
expect_exit 2 pg undo --quiet
[ "$(systemd_sandbox_units_snapshot rpcbind.socket rpcbind.service)" = "$before" ] || fail "undo of the stop did not restore the units"
finish
