#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Bad command lines: one line naming the cause, exit 1.
. "$TOP_SRCDIR/tests/lib/assert.sh"

expect_error "unknown command 'frobnicate'" "$PORTGUARD" frobnicate
expect_error "unknown option" "$PORTGUARD" check --no-such-option
expect_error "--mode 'sideways' is not auto, stop or restrict" "$PORTGUARD" check --mode sideways
expect_error "'10.0.0.0/33' is not a network" "$PORTGUARD" check --trusted 10.0.0.0/33
expect_error "'300.1.1.1/8' is not a network" "$PORTGUARD" check --trusted 10.0.0.0/8,300.1.1.1/8
expect_error "'fe80::/129' is not a network" "$PORTGUARD" check --trusted fe80::/129
expect_error "--port '0' is not a port number" "$PORTGUARD" probe 127.0.0.1 --port 0
expect_error "--port '70000' is not a port number" "$PORTGUARD" probe 127.0.0.1 --port 70000
expect_error "--service 'telnet' is none of the services portguard knows (portmapper" "$PORTGUARD" check --service telnet
expect_error "--service 'telnet' is none of the services portguard knows" "$PORTGUARD" probe 127.0.0.1 --service telnet
expect_error "--service 'portmapper,' is not a list of names" "$PORTGUARD" check --service portmapper,
expect_error "--service ',snmp' is not a list of names" "$PORTGUARD" check --service ,snmp
expect_error "no command given" "$PORTGUARD"
expect_error "unexpected argument 'extra'" "$PORTGUARD" check extra
expect_error "--quiet and --verbose exclude each other" "$PORTGUARD" check --quiet --verbose

# --root is opened once, as a directory, before anything is read or changed.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
touch "$scratch/file"
for command in check fix undo report watch; do
	expect_error "portguard: cannot open --root $scratch/missing: No such file or directory; give the directory that holds the analysed host's /etc, /proc and /var" \
		"$PORTGUARD" "$command" --root "$scratch/missing"
	expect_error "portguard: cannot open --root $scratch/file: Not a directory; give the directory that holds the analysed host's /etc, /proc and /var" \
		"$PORTGUARD" "$command" --root "$scratch/file"
done
[ "$(ls -A "$scratch")" = file ] || fail "a bad --root left something behind: $(ls -A "$scratch")"

"$PORTGUARD" --version | contains '^portguard [0-9]' || fail "--version prints no version"
"$PORTGUARD" --help | contains -- '--trusted CIDR' || fail "--help lacks --trusted"
finish
