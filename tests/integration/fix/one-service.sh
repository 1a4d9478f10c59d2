#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Over the portmapper's fix of 0.2.0 (its state file): a fix of another
# service is no longer refused (its dry run plans, here nothing, as no
# ntpd runs); undo --service of another service than the last fixed is
# refused. Nothing changes: not the state, not the table.
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

out=$(pg fix --service ntp --dry-run 2>&1); code=$?
[ "$code" -eq 0 ] || fail "fix --service ntp over the portmapper's fix exited $code: $out"
contains "Nothing to do" <<<"$out" || fail "fix --service ntp: $out"
expect_error "portguard: the last fix is the portmapper's, not the ntp's; run 'portguard undo' without --service to undo it" \
	pg undo --service ntp
[ "$(tree)" = "$before" ] || fail "a refused run changed the root"
ip netns exec "$server" nft list tables | contains portguard && fail "a refused run installed a table"

# The portmapper itself is not refused: its dry run plans as before.
pg fix --service portmapper --dry-run >/dev/null 2>&1; code=$?
[ "$code" -ne 1 ] || fail "the portmapper's own dry run was refused: $(pg fix --dry-run 2>&1)"
finish
