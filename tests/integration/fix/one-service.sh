#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# One service's fix at a time: with the portmapper's fix in place (a
# state file of 0.2.0), fix of another service is refused, dry run or
# not, with the cause and the way out; undo --service of another
# service is refused. Nothing changes: not the state, not the table.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"

sandbox_netns server
root=$(mktemp -d)
chmod 755 "$root"
trap 'sandbox_cleanup; rm -rf "$root"' EXIT
mkdir -p "$root/var/lib/portguard"
cp "$TOP_SRCDIR/tests/fixtures/state/restrict-0.2.0.json" "$root/var/lib/portguard/state.json"
pg() { ip netns exec "$server" "$PORTGUARD" "$@" --root "$root"; }
tree() { find "$root" -printf '%P %s %T@\n' | sort; }
before=$(tree)
time=$(jq -r .time "$root/var/lib/portguard/state.json")

message="portguard: the portmapper's fix of $time is in place, and portguard keeps one service's fix at a time for now; run 'portguard undo' first to fix ntp"
expect_error "$message" pg fix --service ntp --dry-run
expect_error "$message" pg fix --service ntp --mode restrict --trusted 10.0.0.0/24
expect_error "portguard: the last fix is the portmapper's, not the ntp's; run 'portguard undo' without --service to undo it" \
	pg undo --service ntp
[ "$(tree)" = "$before" ] || fail "a refused run changed the root"
ip netns exec "$server" nft list tables | contains portguard && fail "a refused run installed a table"

# The portmapper itself is not refused: its dry run plans as before.
pg fix --service portmapper --dry-run >/dev/null 2>&1; code=$?
[ "$code" -ne 1 ] || fail "the portmapper's own dry run was refused: $(pg fix --dry-run 2>&1)"
finish
