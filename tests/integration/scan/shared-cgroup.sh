#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Owners where every process shares one cgroup (a container, a host
# without systemd): portguard looks at the likely holders first and stops
# once every socket on port 111 has an owner. It must name the same
# owners as ss -tulnp, say that a second holder could be missing, and
# still find a holder that is neither rpcbind nor systemd.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
holder="$TOP_BUILDDIR/tests/helpers/socket_holder"

cgroup_root=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
[ -n "$cgroup_root" ] || { echo "no cgroup2 mount" >&2; exit 99; }
shared="$cgroup_root/portguard-test-$$-shared"
mkdir "$shared" || exit 99
trap 'sandbox_cleanup; for _ in $(seq 20); do rmdir "$shared" 2>/dev/null && break; sleep 0.2; done' EXIT
sandbox_netns box
sandbox_empty_root empty_root
in_box() { nsenter --net="/run/netns/$box" "$@"; }
# in_shared COMMAND...: in the box's network and the shared cgroup, in
# the background; its pid goes into $started.
in_shared() {
	sh -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$shared" nsenter --net="/run/netns/$box" "$@" &
	started=$!
	sandbox_pids+=("$started")
}
# Ten processes with 600 sockets each: too many to read them all.
for i in $(seq 0 9); do
	in_shared "$holder" tcp 127.0.0.1 $((20000 + i * 600)) 600 >/dev/null
done
in_shared unshare --mount --propagation private sh -c 'mount -t tmpfs tmpfs /run && exec rpcbind -f -w'
sandbox_wait_port "$box" tcp 111 || exit 99
sandbox_wait_port "$box" tcp 25999 || exit 99

# owners_of TOOL: "process pid" of every holder of port 111, sorted.
owners_of() {
	if [ "$1" = ss ]; then
		in_box ss -H -tulnp 'sport = :111' | grep -o '"[^"]*",pid=[0-9]*' | sed 's/^"//; s/",pid=/ /' | sort -u
	else
		in_box "$PORTGUARD" check --json --root "$empty_root" | jq -r '.listeners[].owners[] | "\(.process) \(.pid)"' | sort -u
	fi
}

echo "# rpcbind among ten busy processes: found, and the output says owners may be partial"
[ "$(owners_of portguard)" = "$(owners_of ss)" ] || fail "owners: portguard '$(owners_of portguard)', ss -p '$(owners_of ss)'"
[ "$(owners_of portguard | cut -d' ' -f1)" = rpcbind ] || fail "rpcbind is not the owner: $(owners_of portguard)"
json=$(in_box "$PORTGUARD" check --json --root "$empty_root")
jq -e '.owners_complete == false and ([.listeners[] | .owners | length] | all(. == 1))' <<<"$json" >/dev/null ||
	fail "owners_complete: $(jq -c '{owners_complete, owners: [.listeners[].owners]}' <<<"$json")"
text=$(in_box "$PORTGUARD" check --root "$empty_root")
grep -q "^Note: many processes share the sockets' cgroup" <<<"$text" || fail "check does not say owners may be partial: $text"

echo "# a holder that is neither rpcbind nor systemd is still found"
kill "$(in_box ss -H -tlnp 'sport = :111' | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2)"
for _ in $(seq 300); do [ -z "$(in_box ss -H -tuln 'sport = :111')" ] && break; sleep 0.1; done
in_shared "$holder" udp 0.0.0.0 111 >/dev/null
sandbox_wait_port "$box" udp 111 || exit 99
[ "$(owners_of portguard)" = "socket_holder $started" ] || fail "the plain holder of port 111: '$(owners_of portguard)'"
[ "$(owners_of portguard)" = "$(owners_of ss)" ] || fail "owners: portguard '$(owners_of portguard)', ss -p '$(owners_of ss)'"
finish
