#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The main job on a throwaway sandbox host. The host is a network
# namespace running the real Debian rpcbind, an NFSv3 server for its
# office network (its /etc and /proc come from contrib/demo/host via
# --root); a second namespace plays the internet, where the scanners
# are, and a third the office. The abuse mail is the sample CERT-Bund
# report, whose first row names this host's address, 192.0.2.10.
#
# It shows the abuse situation, runs `portguard fix` with the mail,
# proves the result from both sides, shows `portguard watch` (in the
# foreground, as on a host without systemd) putting the table back after
# `nft flush ruleset`, and prints the provider report.
# Root only; everything lives in namespaces and a temporary directory
# that are removed at the end. The host's own network, firewall and
# services are not touched.
#   contrib/demo/sandbox.sh      (installs packages and builds first)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
[ "$(id -u)" -eq 0 ] || { echo "sandbox.sh: run as root (it creates network namespaces)" >&2; exit 1; }

echo "Installing packages and building (first run only) ..."
"$top/contrib/install-deps.sh" >/dev/null
build="$top/build"
[ -x "$top/configure" ] || (cd "$top" && autoreconf -fi >/dev/null 2>&1)
mkdir -p "$build"
[ -f "$build/Makefile" ] || (cd "$build" && "$top/configure" -q)
make -s -C "$build" -j"$(nproc)" >/dev/null 2>&1 || make -C "$build"
portguard="$build/portguard"

TOP_SRCDIR=$top
. "$top/tests/lib/assert.sh"
. "$top/tests/lib/sandbox.sh"
root=$(mktemp -d)
trap 'sandbox_cleanup; rm -rf "$root"' EXIT
cp -r "$top/contrib/demo/host/." "$root/"
mail="$top/tests/fixtures/abuse/certbund-portmapper.txt"

sandbox_netns host
sandbox_netns internet
sandbox_netns office
sandbox_link "$host" 192.0.2.10/24 "$internet" 192.0.2.99/24
sandbox_link "$host" 10.20.0.1/24 "$office" 10.20.0.50/24
sandbox_rpcbind rpcbind_pid "$host"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
on_host() { ip netns exec "$host" "$portguard" "$@" --root "$root"; }

say "1. The abuse situation: the provider's scanner (192.0.2.99) probes the host 192.0.2.10"
ip netns exec "$internet" "$portguard" probe 192.0.2.10 --timeout 1 || true

say "2. portguard check on the host: listeners, RPC programs, who needs rpcbind, the plan"
on_host check || true

say "3. portguard fix --abuse-report certbund-portmapper.txt"
on_host fix --abuse-report "$mail" && code=0 || code=$?
[ "$code" -eq 2 ] || { echo "fix exited $code, expected 2 (changed and verified)" >&2; exit 1; }

say "4. Verification from outside: the scanner gets nothing, the office still mounts"
ip netns exec "$internet" "$portguard" probe 192.0.2.10 --timeout 1 || true
echo
echo "office (10.20.0.50) asks: rpcinfo -p 10.20.0.1"
ip netns exec "$office" timeout -s KILL 5 rpcinfo -p 10.20.0.1 | head -n 4

say "5. A second fix changes nothing (exit 0)"
on_host fix --quiet && echo "exit 0: nothing needed to change"

say "6. portguard watch keeps it closed: nft flush ruleset, and the table is back"
ip netns exec "$host" "$portguard" watch --root "$root" &
watch_pid=$!
sandbox_pids+=("$watch_pid")
sleep 0.5
echo "# nft flush ruleset"
ip netns exec "$host" nft flush ruleset
sleep 0.2
ip netns exec "$host" nft list tables
ip netns exec "$internet" "$portguard" probe 192.0.2.10 --timeout 1 | tail -n 1 || true
kill "$watch_pid"; wait "$watch_pid" || true

report=$(ls "$root"/var/lib/portguard/reports/*.txt | head -n 1)
say "7. The report for the provider: $report (in the sandbox: removed afterwards)"
cat "$report"
