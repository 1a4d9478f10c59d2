#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# portguard does not link libsystemd (issue 18): it opens libsystemd.so.0
# only for a run that asks systemd. --version, and check of a --root
# tree or of the live host where systemd does not run, never open it;
# check, fix and undo under a booted systemd do, and work through it.
# Where it cannot be loaded (an empty file, a library without
# portguard's functions), a command that needs it says one line, exits 1
# (check --nagios: 3, with the plugin's UNKNOWN line) and changes
# nothing.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
require_tools readelf ldd
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/systemd-sandbox.sh"

echo "# the binary names no libsystemd"
readelf -d "$PORTGUARD" | contains 'NEEDED.*libsystemd' && fail "readelf -d lists libsystemd as NEEDED"
ldd "$PORTGUARD" | contains libsystemd && fail "ldd lists libsystemd: $(ldd "$PORTGUARD" | grep libsystemd)"

# expect_opens YES|NO CODE RUN COMMAND...: COMMAND, run through RUN (a
# function, or env), exits CODE and loads libsystemd.so.0 or not, as the
# dynamic loader tells on stderr (LD_DEBUG=files; strace would stop the
# sanitizers' leak check). A command that did not run loads nothing
# either: hence its exit code.
trace_log=$(mktemp)
sandbox_directories+=("$trace_log")
expect_opens() {
	local opens=$1 code=$2 run=$3 got=NO got_code failed=$failures; shift 3
	"$run" env LD_DEBUG=files "$@" 2>"$trace_log" >/dev/null; got_code=$?
	contains 'libsystemd\.so' "$trace_log" && got=YES
	[ "$got_code" -eq "$code" ] || fail "'$*' exited $got_code, expected $code: $(tail -n 3 "$trace_log")"
	[ "$got" = "$opens" ] || fail "'$*' loaded libsystemd: $got, expected $opens"
	[ "$failures" -eq "$failed" ] && echo "ok: $* -> $code, loaded libsystemd: $got"
}
# In the namespace ns, on a host where systemd does not run (whatever
# this one runs): an empty /run.
without_systemd() {
	ip netns exec "$ns" unshare --mount --propagation private \
		sh -c 'mount -t tmpfs tmpfs /run && exec "$@"' sh "$@"
}

echo "# no libsystemd for --version, nor for check where systemd does not run"
sandbox_netns ns
expect_opens NO 0 env "$PORTGUARD" --version
expect_opens NO 0 without_systemd "$PORTGUARD" check --root "$TOP_SRCDIR/tests/fixtures/hosts/nfs3-server"
expect_opens NO 0 without_systemd "$PORTGUARD" check --service portmapper

systemd_sandbox_boot
inside() { systemd_sandbox_run "$@"; }
pg() { inside "$SYSTEMD_SANDBOX_PORTGUARD" "$@"; }
inside ip link set lo up
inside systemctl enable rpcbind.socket rpcbind.service >/dev/null 2>&1
inside systemctl start rpcbind.socket || fail "rpcbind.socket does not start"

echo "# under systemd: --version still does without; check, fix and undo open it and work"
expect_opens NO 0 inside "$SYSTEMD_SANDBOX_PORTGUARD" --version
expect_opens YES 2 inside "$SYSTEMD_SANDBOX_PORTGUARD" check --service portmapper
systemd_sandbox_consumer_unit pg-consumer.service
inside systemctl enable pg-consumer.service >/dev/null 2>&1 || fail "cannot enable pg-consumer.service"
json=$(pg check --json --service portmapper)
jq -e '.consumers | any(.kind == "unit" and (.evidence | test("pg-consumer")))' <<<"$json" >/dev/null ||
	fail "check did not read pg-consumer.service from systemd: $(jq -c .consumers <<<"$json")"
inside systemctl disable pg-consumer.service >/dev/null 2>&1
units_before=$(systemd_sandbox_units_snapshot rpcbind.socket rpcbind.service)
expect_exit 2 pg fix --quiet
[ "$(inside systemctl is-enabled rpcbind.socket)" = masked ] || fail "fix did not mask rpcbind.socket"
expect_exit 2 pg undo --quiet
[ "$(systemd_sandbox_units_snapshot rpcbind.socket rpcbind.service)" = "$units_before" ] ||
	fail "undo did not give the units back as they were"

# A library that cannot be loaded: an empty file, and a real library
# that lacks sd_bus_attach_event (libmnl's, as an old libsystemd would).
libmnl=$(ldd "$PORTGUARD" | awk '/libmnl/ { print $3 }')
[ -f "$libmnl" ] || fail "no libmnl in ldd of $PORTGUARD"
inside mkdir -p /tmp/empty /tmp/other
inside sh -c ': >/tmp/empty/libsystemd.so.0'
inside cp "$libmnl" /tmp/other/libsystemd.so.0
empty_line="portguard: cannot load libsystemd.so.0 (/tmp/empty/libsystemd.so.0: file too short); install the libsystemd0 package"
other_line="portguard: libsystemd.so.0 lacks sd_bus_attach_event; install libsystemd0 247 or newer"

# host_state: what a run must not change.
host_state() {
	systemd_sandbox_units_snapshot rpcbind.socket rpcbind.service
	inside nft list ruleset
	inside find /var/lib/portguard /etc/systemd/system -printf '%p %s %l\n' 2>/dev/null | sort
}
# expect_said CODE STDOUT STDERR COMMAND...: exit CODE, exactly STDOUT
# and STDERR.
expect_said() {
	local code=$1 out=$2 err=$3; shift 3
	local got_out got_err got_code failed=$failures
	got_err=$(mktemp)
	got_out=$("$@" 2>"$got_err"); got_code=$?
	[ "$got_code" -eq "$code" ] || fail "'$*' exited $got_code, expected $code"
	[ "$got_out" = "$out" ] || fail "'$*' printed '$got_out' on stdout, expected '$out'"
	[ "$(cat "$got_err")" = "$err" ] || fail "'$*' said '$(cat "$got_err")', expected '$err'"
	rm -f "$got_err"
	[ "$failures" -eq "$failed" ] && echo "ok: $* -> $code"
}

for case in empty other; do
	echo "# libsystemd.so.0 that cannot be loaded: $case"
	line=${case}_line
	line=${!line}
	# timeout: an agent that started after all would run for good.
	broken() { inside timeout 30 env LD_LIBRARY_PATH="/tmp/$case" "$SYSTEMD_SANDBOX_PORTGUARD" "$@"; }
	before=$(host_state)
	expect_said 1 "" "$line" broken fix
	expect_said 1 "" "$line" broken fix --mode restrict --trusted 10.77.0.0/24
	expect_said 1 "" "$line" broken undo
	expect_said 1 "" "$line" broken check
	expect_said 3 "PORTGUARD UNKNOWN - ${line#portguard: }" "$line" broken check --nagios
	expect_said 1 "" "$line" broken watch
	expect_said 0 "$(pg --version)" "" broken --version
	[ "$(host_state)" = "$before" ] || fail "a run without libsystemd ($case) changed the host:
--- before
$before
--- after
$(host_state)"
done
finish
