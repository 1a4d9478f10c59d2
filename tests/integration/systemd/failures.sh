#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Stopping rpcbind when something goes wrong: no systemd at all, a unit
# that refuses to stop, a mask that cannot be written, the bus dropping
# and systemd going away in the middle of a job. Each is one line naming
# the cause, exit 1, and the units as they were before.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/systemd-sandbox.sh"

started=$(date +%s%N)
units=(rpcbind.socket rpcbind.service)

echo "# no systemd and no bus: a private, empty /run on the host"
host_helper="$TOP_BUILDDIR/tests/helpers/systemd_helper"
without_bus() {
	unshare --mount --propagation private sh -c 'mount -t tmpfs tmpfs /run && exec "$@"' sh "$@"
}
etc_before=$(find /etc/systemd/system -printf '%p %l\n' | sort)
[ "$(without_bus "$host_helper" running)" = 0 ] || fail "running without systemd did not say 0"
expect_error "cannot connect to systemd over D-Bus: No such file or directory" without_bus "$host_helper" stop "${units[@]}"
expect_error "cannot connect to systemd over D-Bus" without_bus "$host_helper" restore rpcbind.socket:active:enabled
expect_error "cannot connect to systemd over D-Bus" without_bus "$host_helper" enable rpcbind.socket
[ "$(find /etc/systemd/system -printf '%p %l\n' | sort)" = "$etc_before" ] || fail "a run without a bus changed the host's /etc/systemd/system"

systemd_sandbox_boot
inside() { systemd_sandbox_run "$@"; }
helper="$SYSTEMD_SANDBOX_BUILDDIR/tests/helpers/systemd_helper"
inside ip link set lo up
inside systemctl enable rpcbind.socket rpcbind.service >/dev/null 2>&1
inside systemctl start rpcbind.socket || fail "rpcbind.socket does not start"
systemd_sandbox_unit pg-refuse.service <<'EOF'
[Unit]
RefuseManualStop=yes
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/true
EOF
systemd_sandbox_unit pg-slow.service <<'EOF'
[Service]
ExecStart=/bin/sleep infinity
ExecStop=/bin/sleep 3
EOF
systemd_sandbox_unit pg-fail.service <<'EOF'
[Service]
Type=oneshot
ExecStart=/bin/false
EOF
inside systemctl start pg-refuse.service pg-slow.service || fail "the fixture units do not start"

# expect_unchanged CASE BEFORE: the units and listeners are as BEFORE.
expect_unchanged() {
	local after
	after=$(systemd_sandbox_units_snapshot "${units[@]}" pg-slow.service)
	[ "$after" = "$2" ] || fail "$1 changed the units:
--- before
$2
--- after
$after"
}

# wait_deactivating UNIT: until its stop job runs, so that a failure
# injected now lands in the middle of the stop.
wait_deactivating() {
	systemd_sandbox_wait_active "$1" deactivating || fail "$1 never began to stop"
}

echo "# a unit that refuses to be stopped, after rpcbind was stopped"
before=$(systemd_sandbox_units_snapshot "${units[@]}" pg-slow.service)
expect_error "stopping pg-refuse.service: Operation refused, unit pg-refuse.service may be requested by dependency only (it is configured to refuse manual start/stop); rolled back" \
	inside "$helper" stop "${units[@]}" pg-refuse.service
expect_unchanged "a refused stop" "$before"

echo "# a unit file of the admin's in /etc, which a mask must not replace"
for admin_file in "cp /lib/systemd/system/rpcbind.service" "ln -s /lib/systemd/system/rpcbind.service"; do
	inside $admin_file /etc/systemd/system/rpcbind.service
	inside systemctl daemon-reload
	before=$(systemd_sandbox_units_snapshot "${units[@]}" pg-slow.service)
	expect_error "cannot mask rpcbind.service: /etc/systemd/system/rpcbind.service exists and is not a mask" \
		inside "$helper" stop "${units[@]}"
	expect_unchanged "an unmaskable unit ($admin_file)" "$before"
	inside rm /etc/systemd/system/rpcbind.service
	inside systemctl daemon-reload
done

echo "# the bus drops (dbus-daemon killed) while a stop job runs"
inside systemctl start dbus.socket
before=$(systemd_sandbox_units_snapshot "${units[@]}" pg-slow.service)
( wait_deactivating pg-slow.service && inside systemctl kill -s KILL dbus.service ) &
killer=$!
expect_error "stopping pg-slow.service: lost the connection to systemd: Connection reset by peer; rolled back" \
	inside "$helper" stop "${units[@]}" pg-slow.service
wait "$killer"
expect_unchanged "a dropped bus" "$before"

echo "# fix: the same two, through the command"
# fix asks the portmapper, which starts the service: start it first.
inside systemctl start rpcbind.service
inside cp /lib/systemd/system/rpcbind.service /etc/systemd/system/rpcbind.service
inside systemctl daemon-reload
before=$(systemd_sandbox_units_snapshot "${units[@]}" pg-slow.service)
expect_error "portguard: cannot mask rpcbind.service: /etc/systemd/system/rpcbind.service exists and is not a mask" \
	inside "$SYSTEMD_SANDBOX_PORTGUARD" fix --quiet
expect_unchanged "fix with an unmaskable unit" "$before"
inside rm /etc/systemd/system/rpcbind.service
inside mkdir -p /etc/systemd/system/rpcbind.service.d
inside sh -c 'printf "[Service]\nExecStop=/bin/sleep 3\n" >/etc/systemd/system/rpcbind.service.d/slow-stop.conf'
inside systemctl daemon-reload
inside systemctl start dbus.socket
before=$(systemd_sandbox_units_snapshot "${units[@]}" pg-slow.service)
( wait_deactivating rpcbind.service && inside systemctl kill -s KILL dbus.service ) &
killer=$!
expect_error "lost the connection to systemd: Connection reset by peer; rolled back" \
	inside "$SYSTEMD_SANDBOX_PORTGUARD" fix --quiet
wait "$killer"
expect_unchanged "fix with a dropped bus" "$before"
inside rm -r /etc/systemd/system/rpcbind.service.d
inside systemctl daemon-reload

echo "# a start job that fails while restoring"
expect_error "starting pg-fail.service: the job ended 'failed', not 'done'" \
	inside "$helper" restore pg-fail.service:active:static

echo "# no dbus-daemon: PID 1's private socket"
inside systemctl stop dbus.socket dbus.service
prior=$(inside "$helper" stop "${units[@]}") || fail "stop over the private socket failed"
[ "$(inside "$helper" state "${units[@]}")" = "rpcbind.socket inactive masked
rpcbind.service inactive masked" ] || fail "stop over the private socket: $(inside "$helper" state "${units[@]}")"
# shellcheck disable=SC2046 # one argument per unit
inside "$helper" restore $(tail -n +2 <<<"$prior") >/dev/null || fail "restore over the private socket failed"
expect_unchanged "stop and restore over the private socket" "$before"

# Its final kill of every process in its PID namespace would end a
# helper inside before it could say anything: this one runs outside and
# reaches the sandbox's dbus-daemon through /proc/PID/root, with an empty
# /run of its own, so nothing can lead it to the host's systemd.
echo "# systemd halts while a stop job runs"
inside systemctl start dbus.socket
( wait_deactivating pg-slow.service && kill -s SIGRTMIN+3 "$SYSTEMD_SANDBOX_PID" ) &
killer=$!
expect_error "stopping pg-slow.service: lost the connection to systemd: Connection reset by peer; rolling back failed too: " \
	without_bus timeout 60 env DBUS_SYSTEM_BUS_ADDRESS="unix:path=/proc/$SYSTEMD_SANDBOX_PID/root/run/dbus/system_bus_socket" \
	"$host_helper" stop "${units[@]}" pg-slow.service
wait "$killer"

systemd_sandbox_shutdown
echo "boot: $SYSTEMD_SANDBOX_BOOT_SECONDS s; whole test: $((($(date +%s%N) - started) / 1000000)) ms"
finish
