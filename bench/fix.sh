#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A second `portguard fix` on a host already restricted to 10,000 trusted
# prefixes (random /24s, given through the config file): the run a
# configuration management tool makes on every pass. Compared, in one
# run, with `portguard check` and with what a user would run instead to
# make sure the rules are loaded: `nft -f` of the same ruleset file.
#   bench/fix.sh [BUILD_DIR]      (root; prints hyperfine's table)
#   OLD=OLD_BUILD_DIR [OLD_NAME=0.2.0] bench/fix.sh ...: also times the
#   second fix of another build (a release) in the same run, on the same
#   host, table and record (the script checks that it too is a no-op).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
portguard=$build/portguard
[ -x "$portguard" ] || { echo "build first" >&2; exit 1; }
old=${OLD:+$OLD/portguard}
old_name=${OLD_NAME:-old}
[ -z "$old" ] || [ -x "$old" ] || { echo "OLD=$OLD has no portguard" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "apt-get install hyperfine" >&2; exit 1; }

TOP_SRCDIR=$top
. "$top/tests/lib/assert.sh"
. "$top/tests/lib/sandbox.sh"
root=$(mktemp -d)
trap 'sandbox_cleanup; rm -rf "$root"' EXIT
mkdir -p "$root/etc"
awk 'BEGIN { srand(7); for (i = 0; i < 10000; i++)
	printf "trusted = %d.%d.%d.0/24\n", 1 + int(rand() * 223), int(rand() * 256), int(rand() * 256) }' >"$root/etc/pg.conf"

sandbox_netns host
sandbox_rpcbind rpcbind_pid "$host"
in_host() { ip netns exec "$host" "$@"; }
in_host "$portguard" fix --root "$root" --config "$root/etc/pg.conf" --quiet 2>/dev/null && code=0 || code=$?
[ "$code" -eq 2 ] || { echo "the first fix exited $code" >&2; exit 1; }
echo "elements in the kernel: $(in_host nft list set inet portguard trusted4 | grep -o '/' | wc -l)"

# The second fix reads the table from portguard's record of it (the ruleset
# generation has not moved since the first fix's verifying dump): no dump.
# With OLD, each binary's fix follows the other's and must find nothing to
# do either: same exit code, no dump, no file written under the root.
tree() { find "$root" -type f -printf '%P %s %T@\n' | sort; }
for binary in "$portguard" $old; do
	before=$(tree)
	in_host "$binary" fix --root "$root" --config "$root/etc/pg.conf" --quiet && code=0 || code=$?
	[ "$(tree)" = "$before" ] || { echo "a second fix by $binary wrote under the root" >&2; exit 1; }
	echo "second fix by $binary: exit $code"
	if command -v strace >/dev/null; then
		trace=$(mktemp)
		in_host strace -f -e trace=sendto,sendmsg -o "$trace" "$binary" fix --root "$root" --config "$root/etc/pg.conf" --quiet || true
		echo "set element dumps in a second fix by $binary: $(grep -c NFT_MSG_GETSETELEM "$trace" || true)"
		rm -f "$trace"
	fi
done

# BENCH_DEBUG='perf record -g -o /tmp/fix.perf $PORTGUARD fix --root $ROOT --config $ROOT/etc/pg.conf --quiet':
# look inside instead of timing ($OLD_PORTGUARD: the OLD build's binary).
if [ -n "${BENCH_DEBUG:-}" ]; then
	PORTGUARD=$portguard OLD_PORTGUARD=$old ROOT=$root in_host bash -c "$BENCH_DEBUG" || true
	exit 0
fi

results=$(mktemp)
old_command=()
[ -z "$old" ] || old_command=(-n "portguard fix (no-op, $old_name)" "$old fix --root $root --config $root/etc/pg.conf --quiet")
in_host hyperfine -N -i --warmup 3 --runs 20 --export-markdown "$results" \
	-n "portguard fix (no-op)" "$portguard fix --root $root --config $root/etc/pg.conf --quiet" \
	"${old_command[@]}" \
	-n "portguard check" "$portguard check --root $root --config $root/etc/pg.conf --quiet" \
	-n "nft -f portguard.nft" "nft -f $root/etc/portguard/portguard.nft" >/dev/null
cat "$results"
rm -f "$results"
