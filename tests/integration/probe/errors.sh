#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# probe's bad input: one line naming the cause, exit 1, nothing on stdout.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"

# a namespace with loopback only: no route anywhere, no name server
sandbox_netns alone
in_alone() { ip netns exec "$alone" "$@"; }
expect_error "cannot resolve host 'no-such-host.invalid'" in_alone "$PORTGUARD" probe no-such-host.invalid
expect_error "10.99.0.1 is unreachable from here" in_alone "$PORTGUARD" probe 10.99.0.1
expect_error "2001:db8::1 is unreachable from here" in_alone "$PORTGUARD" probe 2001:db8::1 --json
expect_error "probe needs a host" in_alone "$PORTGUARD" probe
expect_error "--port '0' is not a port number" in_alone "$PORTGUARD" probe 127.0.0.1 --port 0
expect_error "--timeout '0' is not a number of seconds" in_alone "$PORTGUARD" probe 127.0.0.1 --timeout 0
# loopback with nothing on it is closed, not an error
code=0; in_alone "$PORTGUARD" probe 127.0.0.1 --quiet || code=$?
[ "$code" -eq 0 ] || fail "probe of a closed loopback exited $code, expected 0"
finish
