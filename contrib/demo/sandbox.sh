#!/usr/bin/env bash
# The main job on a throwaway sandbox host: a network namespace with the
# real Debian rpcbind in it, reachable from a second namespace (the
# "internet") over a veth pair. Shows the abuse situation, runs
# portguard there, and removes everything afterwards. Root only; the
# host's own network, firewall and services are not touched.
#   contrib/demo/sandbox.sh            installs packages, builds, runs
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
[ "$(id -u)" -eq 0 ] || { echo "sandbox.sh: run as root (it creates network namespaces)" >&2; exit 1; }

"$top/contrib/install-deps.sh"
build="$top/build"
if [ ! -x "$top/configure" ]; then (cd "$top" && autoreconf -fi >/dev/null 2>&1); fi
mkdir -p "$build"
[ -f "$build/Makefile" ] || (cd "$build" && "$top/configure" -q)
make -s -C "$build" -j"$(nproc)" >/dev/null
portguard="$build/portguard"

TOP_SRCDIR=$top
. "$top/tests/lib/assert.sh"
. "$top/tests/lib/sandbox.sh"

sandbox_netns server
sandbox_netns internet
sandbox_link "$server" 198.51.100.10/24 "$internet" 198.51.100.66/24
sandbox_rpcbind rpcbind_pid "$server"
root=$(mktemp -d)
trap 'sandbox_cleanup; rm -rf "$root"' EXIT

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "The sandbox host $server (198.51.100.10) runs the real rpcbind (pid $rpcbind_pid)"
step "What the scanners see from outside: portguard probe 198.51.100.10"
ip netns exec "$internet" "$portguard" probe 198.51.100.10 || true

step "portguard check, on the host"
ip netns exec "$server" "$portguard" check --root "$root" || true
