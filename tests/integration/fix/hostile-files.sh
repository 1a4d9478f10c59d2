#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Files that could stall or mislead portguard, which runs as root: a FIFO
# named like the next report in a directory another user can write, FIFOs
# as config, exports, abuse mail, journal, nft file, guard.json and the
# record of the verified table, a device node, a symbolic link as the
# state file, absolute and ".." links out of a --root tree; and the one
# lock of the live kernel, which a run below --root takes as well. Every
# portguard run here is under `timeout`: a hang is a failure, not a stuck
# suite.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"

sandbox_netns server
sandbox_netns other
sandbox_link "$server" 10.9.5.1/24 "$other" 10.9.5.2/24
sandbox_rpcbind rpcbind_pid "$server"
scratch=$(mktemp -d)
chmod 755 "$scratch"
trap 'sandbox_cleanup; rm -rf "$scratch"' EXIT
root="$scratch/root"
mkdir -p "$root/etc"
trusted=10.9.5.0/25

# Far beyond a fix on a loaded machine; a blocked open never returns.
limit=(timeout -s KILL 60)
pg() { ip netns exec "$server" "${limit[@]}" "$PORTGUARD" "$@" --root "$root"; }
ruleset() { ip netns exec "$server" nft list ruleset; }
state="$root/var/lib/portguard/state.json"
journal="$root/var/lib/portguard/journal.json"
before=$(ruleset)
unchanged() { # WHAT: nothing changed on the host or below the root
	[ "$(ruleset)" = "$before" ] || fail "$1 changed the ruleset"
	[ ! -e "$state" ] || fail "$1 wrote $state"
	[ ! -e "$journal" ] || fail "$1 left $journal"
}

echo "# FIFOs as config, abuse mail, exports, nft file: one line naming the file, nothing changed"
mkfifo "$scratch/config.fifo" "$scratch/mail.fifo"
expect_error "portguard: $scratch/config.fifo: cannot be read: not a regular file" \
	pg fix --trusted "$trusted" --config "$scratch/config.fifo"
expect_error "cannot read the abuse report $scratch/mail.fifo: not a regular file" \
	pg fix --trusted "$trusted" --abuse-report "$scratch/mail.fifo"
mkdir -p "$root/etc/portguard"
mkfifo "$root/etc/portguard/portguard.conf"
expect_error "portguard: $root/etc/portguard/portguard.conf: cannot be read: not a regular file" pg check
expect_error "portguard: $root/etc/portguard/portguard.conf: cannot be read: not a regular file" \
	pg fix --trusted "$trusted"
rm "$root/etc/portguard/portguard.conf"
mkfifo "$root/etc/exports"
expect_error "portguard: $root/etc/exports: cannot be read: not a regular file" pg check
expect_error "portguard: $root/etc/exports: cannot be read: not a regular file" pg fix --trusted "$trusted"
rm "$root/etc/exports"
mkfifo "$root/etc/portguard/portguard.nft"
expect_error "cannot read /etc/portguard/portguard.nft: not a regular file" pg fix --trusted "$trusted"
rm "$root/etc/portguard/portguard.nft"
unchanged "a FIFO"

echo "# a device node below --root is refused, not read (nor opened)"
mknod "$root/etc/nfs.conf" c 1 3
expect_error "portguard: $root/etc/nfs.conf: cannot be read: not a regular file" pg check
rm "$root/etc/nfs.conf"

echo "# FIFOs as guard.json and the verified-table record: check does not wait for them"
mkdir -p "$root/var/lib/portguard" "$root/run/portguard"
mkfifo "$root/var/lib/portguard/guard.json" "$root/run/portguard/nft-verified"
expect_exit 2 pg check --quiet
rm "$root/var/lib/portguard/guard.json" "$root/run/portguard/nft-verified"
unchanged "check"

echo "# links out of the tree resolve inside it, never on this host"
outside="$scratch/outside"
mkdir -p "$outside" "$root$outside"
marker="marker-outside-$$"
printf '/%s 10.9.6.0/24(rw)\n' "$marker" >"$outside/exports"
printf '/inside-%s 10.9.7.0/24(rw)\n' "$$" >"$root$outside/exports"
ln -s "$outside/exports" "$root/etc/exports"
out=$(pg check --json 2>&1); code=$?
[ "$code" -eq 2 ] || fail "check with an absolute link as exports exited $code: $out"
contains -F "$marker" <<<"$out" && fail "check read $outside/exports of this host through the tree's link"
contains -F "/inside-$$" <<<"$out" || fail "check did not read the link's target inside the tree: $out"
rm "$root/etc/exports"
ln -s "../../../../../../../../..$outside/exports" "$root/etc/exports"
out=$(pg check --json 2>&1); code=$?
contains -F "$marker" <<<"$out" && fail "check followed '..' out of the tree to $outside/exports"
contains -F "/inside-$$" <<<"$out" || fail "'..' did not stop at the tree's root: $out"
rm "$root/etc/exports"
# The tree's whole /etc a link to a host directory: its files stay out.
mkdir -p "$scratch/tree2" "$outside/etc"
cp "$outside/exports" "$outside/etc/exports"
ln -s "$outside/etc" "$scratch/tree2/etc"
out=$(ip netns exec "$server" "${limit[@]}" "$PORTGUARD" check --json --root "$scratch/tree2" 2>&1)
contains -F "$marker" <<<"$out" && fail "check read $outside/etc/exports through the tree's etc link"
unchanged "reading through links"

echo "# one lock for the live kernel, whatever --root says"
# A private /run, so that the lock held here is no other run's on this
# machine; both sides enter it and the server's network namespace.
ip netns exec "$server" unshare --mount --propagation private \
	sh -c 'mount -t tmpfs -o mode=755 tmpfs /run && exec sleep 600' &
lock_ns=$!
sandbox_pids+=("$lock_ns")
for _ in $(seq 100); do
	[ "$(readlink "/proc/$lock_ns/ns/mnt")" != "$(readlink /proc/self/ns/mnt)" ] &&
		nsenter --mount="/proc/$lock_ns/ns/mnt" findmnt -n -t tmpfs /run >/dev/null && break
	sleep 0.1
done
# An array, not a function: started with &, a function runs in a
# subshell whose pid is not that of the process to end.
in_lock_ns=(nsenter --mount="/proc/$lock_ns/ns/mnt" --net="/run/netns/$server")
in_lock_ns() { "${in_lock_ns[@]}" "$@"; }
in_lock_ns findmnt -n -t tmpfs /run >/dev/null || { echo "the private /run did not come up" >&2; exit 99; }
root_b="$scratch/root-b"
mkdir -p "$root_b/etc"
# What a live fix, undo or the agent's repair holds: the host's own lock,
# held by one process (flock COMMAND's child would keep it after a kill).
"${in_lock_ns[@]}" sh -c 'exec 9>/run/portguard.lock && flock 9 && exec sleep 600' &
holder=$!
sandbox_pids+=("$holder")
for _ in $(seq 100); do
	in_lock_ns flock -n /run/portguard.lock true || break
	sleep 0.1
done
expect_error "another portguard run holds /run/portguard.lock" \
	in_lock_ns "${limit[@]}" "$PORTGUARD" fix --root "$root_b" --trusted "$trusted"
[ "$(ruleset)" = "$before" ] || fail "a fix below --root changed the table while the host's lock was held"
[ ! -e "$root_b/var/lib/portguard/state.json" ] || fail "a fix that did not get the lock wrote its state"
# A second run that waits: it opens the host's lock and changes nothing
# until the first lets go, then does its fix.
"${in_lock_ns[@]}" "${limit[@]}" "$PORTGUARD" fix --root "$root_b" --trusted "$trusted" --quiet >"$scratch/waiter.out" 2>&1 &
waiter=$!
descendants() { # PID: its children, theirs, ... (timeout runs portguard as its child)
	local child
	for child in $(pgrep -P "$1"); do
		echo "$child"
		descendants "$child"
	done
}
for _ in $(seq 300); do
	for pid in "$waiter" $(descendants "$waiter"); do
		ls -l "/proc/$pid/fd" 2>/dev/null | contains -E ' -> /run/portguard\.lock$' && break 2
	done
	kill -0 "$waiter" 2>/dev/null || break
	sleep 0.1
done
kill -0 "$waiter" 2>/dev/null || fail "the second run did not wait for the lock: $(cat "$scratch/waiter.out")"
[ "$(ruleset)" = "$before" ] || fail "the second run changed the table while the first held the lock"
kill "$holder"
wait "$waiter"; code=$?
[ "$code" -eq 2 ] || fail "the waiting fix exited $code once the lock was free, expected 2: $(cat "$scratch/waiter.out")"
ruleset | contains "table inet portguard" || fail "the waiting fix did not install the table"
expect_exit 2 in_lock_ns "${limit[@]}" "$PORTGUARD" undo --root "$root_b" --quiet
[ "$(ruleset)" = "$before" ] || fail "undo below root-b did not restore the ruleset"
in_lock_ns rm /run/portguard.lock
in_lock_ns ln -s /etc/hostname /run/portguard.lock
expect_error "cannot take the lock /run/portguard.lock: a symbolic link" \
	in_lock_ns "${limit[@]}" "$PORTGUARD" fix --root "$root_b" --trusted "$trusted"
kill "$lock_ns"

echo "# a FIFO named like the next report, put there by another user"
reports="$scratch/reports"
mkdir -m 1777 "$reports"
host=$(hostname | tr -c 'a-zA-Z0-9._\n-' _)
now=$(date +%s)
for second in $(seq $((now - 2)) $((now + 120))); do
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		mkfifo "$reports/portguard-$host-$(date -u -d "@$second" +%Y%m%dT%H%M%SZ).json"
done
out=$(pg fix --trusted "$trusted" --report-dir "$reports" 2>&1); code=$?
[ "$code" -eq 2 ] || fail "fix with a FIFO as the report exited $code, expected 2 (changed, the report a warning): $out"
grep -E "^portguard: warning: the report could not be written: $reports/portguard-$host-[0-9TZ]+\.json: not a regular file" \
	<<<"$out" >/dev/null || fail "the warning does not name the FIFO: $out"
ruleset | contains "table inet portguard" || fail "the fix is not in place"
[ "$(jq -r .status "$state")" = applied ] || fail "the state does not record the fix as applied"
jq -r '.warnings[]' "$state" | contains -F "the report could not be written: $reports/portguard-$host-" ||
	fail "the state does not record that the report is missing: $(jq -c .warnings "$state")"
[ ! -e "$journal" ] || fail "the journal was left behind"
[ -z "$(find "$reports" ! -type p ! -path "$reports")" ] || fail "files other than the FIFOs appeared: $(ls "$reports")"
expect_error "portguard: writing the report failed: $reports/portguard-$host-" pg report --report-dir "$reports"
good="$scratch/good-reports"
out=$(pg report --report-dir "$good"); code=$?
[ "$code" -eq 0 ] || fail "report into a plain directory exited $code: $out"
[ -f "$(sed -n 's/^Report: //p' <<<"$out")" ] || fail "report into a plain directory wrote nothing: $out"

echo "# a link as the state file, a FIFO as the journal"
rules=$(ruleset)
cp "$state" "$outside/state.json"
mv "$state" "$scratch/state.json"
ln -s "$outside/state.json" "$state"
expect_error "cannot read $state: a symbolic link" pg report --report-dir "$good"
expect_error "cannot read $state: a symbolic link" pg undo
rm "$state"
mv "$scratch/state.json" "$state"
mkfifo "$journal"
expect_error "cannot read $journal: not a regular file" pg fix --trusted "$trusted"
expect_error "cannot read $journal: not a regular file" pg undo
[ "$(ruleset)" = "$rules" ] || fail "a link or FIFO among the records changed the ruleset"
rm "$journal"

echo "# undo, from plain files again"
expect_exit 2 pg undo --quiet
[ "$(ruleset)" = "$before" ] || fail "undo did not restore the ruleset"

echo "# a record that cannot be read before a fix: the fix says it does not chain it"
expect_exit 2 pg fix --trusted "$trusted" --quiet
first=$(ruleset)
printf '{"status": "applied", ' >"$state"
out=$(pg fix --trusted "$trusted" --trusted 198.51.100.0/24 2>&1); code=$?
[ "$code" -eq 2 ] || fail "fix over a damaged record exited $code, expected 2: $out"
contains -F "portguard: warning: the record of the fix before could not be read ($state is damaged" <<<"$out" ||
	fail "fix did not say that the earlier record is lost: $out"
jq -r '.warning_facts[].code' "$state" | grep -qx earlier-unread ||
	fail "the record lacks the warning: $(jq -c .warning_facts "$state")"
[ "$(jq -r '.earlier' "$state")" = null ] || fail "the record chains a record that could not be read"
expect_exit 2 pg undo --quiet
[ "$(ruleset)" = "$first" ] || fail "undo did not take back exactly the last fix"
finish
