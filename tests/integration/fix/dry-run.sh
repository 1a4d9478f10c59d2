#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# fix --dry-run takes fix's decisions: where fix refuses, the dry run
# refuses with the same one line and exit 1; where nothing needs to
# change both exit 0, where fix would change the host both exit 2.
# A refusal changes nothing: not the nftables generation, not a file
# below the root. Also fix itself on broken host files (check alone never
# changes anything), and a restriction taken back when a later step fails:
# a read-only /etc/portguard, a full disk, and a disk so full that the
# rollback fails too. Real rpcbind, real nftables, in namespaces.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
for tool in setpriv unshare rpcinfo jq; do
	command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 99; }
done

sandbox_netns server
sandbox_netns client
sandbox_link "$server" 10.9.1.1/24 "$client" 10.9.1.2/24
sandbox_rpcbind rpcbind_pid "$server"
scratch=$(mktemp -d)
chmod 755 "$scratch"
. "$TOP_SRCDIR/tests/lib/unprivileged.sh"
trap 'sandbox_cleanup; rm -rf "$scratch" "$unprivileged_dir"' EXIT
unprivileged_copy portguard_copy "$PORTGUARD"
hosts="$TOP_SRCDIR/tests/fixtures/hosts"
helper="$TOP_BUILDDIR/tests/helpers/nft_helper"
trusted=10.9.1.0/24

in_server() { ip netns exec "$server" "$@"; }
generation() { in_server "$helper" generation; }
has_table() { in_server nft list table inet portguard >/dev/null 2>&1; }

# new_root NAME [FIXTURE]: an empty analysed root, or a copy of a fixture
# host (fix writes below its root: never into the checkout).
new_root() {
	local root="$scratch/$1"
	mkdir -p "$root/etc"
	[ -z "${2:-}" ] || cp -a "$hosts/$2/." "$root/"
	chmod -R a+rX "$root"
	echo "$root"
}

# host_state ROOT: what a refused run must leave as it was: in the
# namespace $netns the ruleset generation (every change to any table
# bumps it), the ruleset and rpcbind's answer, and every file below ROOT
# with its contents (but fix's lock, which a dry run does not take).
netns=$server
host_state() {
	ip netns exec "$netns" "$helper" generation
	ip netns exec "$netns" nft list ruleset
	ip netns exec "$netns" timeout -s KILL 3 rpcinfo -p 127.0.0.1 >/dev/null 2>&1 && echo "rpcbind answers"
	(cd "$1" && find . ! -path ./run ! -path ./run/portguard.lock -printf '%p %y %m %s\n' | sort &&
		find . ! -path ./run/portguard.lock -type f -exec md5sum {} + | sort)
}

# refused MESSAGE ROOT COMMAND...: COMMAND --dry-run, then COMMAND (a fix
# below ROOT), each refuses with the same line, containing MESSAGE, and
# changes nothing.
refused() {
	local message=$1 root=$2; shift 2
	local before dry real
	before=$(host_state "$root")
	expect_error "$message" "$@" --dry-run
	dry=$expect_error_said
	[ "$(host_state "$root")" = "$before" ] || fail "'$* --dry-run' changed the host"
	expect_error "$message" "$@"
	real=$expect_error_said
	[ "$(host_state "$root")" = "$before" ] || fail "'$*' changed the host although it refused"
	[ "$dry" = "$real" ] || fail "'$*': the dry run said '$dry', fix said '$real'"
}

root=$(new_root empty)
pg() { in_server "$PORTGUARD" "$@" --root "$root"; }

echo "# trusted networks that restrict nothing"
refused "portguard: trusting 0.0.0.0/0 lets every IPv4 address in, that is no restriction; name the networks that need rpcbind" \
	"$root" pg fix --trusted 0.0.0.0/1,128.0.0.0/1
refused "trusting 0.0.0.0/0 lets every IPv4 address in, that is no restriction" "$root" pg fix --trusted 0.0.0.0/0
refused "trusting ::/0 lets every IPv6 address in, that is no restriction" "$root" pg fix --trusted ::/1,8000::/1,$trusted
mkdir -p "$root/etc/portguard"
printf 'trusted = 0.0.0.0/1, 128.0.0.0/1\n' >"$root/etc/portguard/portguard.conf"
refused "trusting 0.0.0.0/0 lets every IPv4 address in, that is no restriction" "$root" pg fix
json=$(pg check --json)
jq -e '.plan.warnings == ["trusted 0.0.0.0/0 admits every IPv4 host, which restricts nothing, so fix refuses it"]' \
	<<<"$json" >/dev/null || fail "check does not say that fix refuses: $(jq -c .plan <<<"$json")"
rm "$root/etc/portguard/portguard.conf"

echo "# the tools fix needs: systemd to stop, CAP_NET_ADMIN to restrict"
systemd_root=$(new_root systemd plain)
refused "portguard: systemd is not running here, so rpcbind cannot be stopped for good; use --mode restrict --trusted CIDR" \
	"$systemd_root" in_server "$PORTGUARD" fix --root "$systemd_root"
no_net_admin=(setpriv --inh-caps=-net_admin --bounding-set=-net_admin)
refused "portguard: changing nftables needs CAP_NET_ADMIN; run portguard as root" \
	"$root" in_server "${no_net_admin[@]}" "$PORTGUARD" fix --root "$root" --trusted "$trusted"

echo "# the plan's refusals"
outside_root=$(new_root outside not-systemd)
refused "portguard: --mode stop needs rpcbind under systemd, but rpcbind (pid 900) runs outside systemd" \
	"$outside_root" in_server "$PORTGUARD" fix --root "$outside_root" --mode stop
nfs_root=$(new_root nfs nfs3-server)
refused "portguard: --mode stop would break what still needs rpcbind: The NFS server" \
	"$nfs_root" in_server "$PORTGUARD" fix --root "$nfs_root" --mode stop
unresolved_root=$(new_root unresolved plain)
printf '/srv/data nowhere.example.test(rw)\n' >"$unresolved_root/etc/exports"
refused "'nowhere.example.test' does not resolve in the hosts file below --root, so the networks that need port 111 cannot be derived" \
	"$unresolved_root" in_server "$PORTGUARD" fix --root "$unresolved_root"
sandbox_netns proxy
sandbox_spawn holder_pid "$proxy" "$TOP_BUILDDIR/tests/helpers/socket_holder" udp 0.0.0.0 111
sandbox_wait_port "$proxy" udp 111 || exit 99
proxy_root=$(new_root proxy plain)
netns=$proxy
refused "port 111 is also held by socket_holder[$holder_pid], which is not rpcbind, so stopping rpcbind would not close it; use --mode restrict, or add --force" \
	"$proxy_root" ip netns exec "$proxy" "$PORTGUARD" fix --root "$proxy_root" --mode stop
netns=$server

echo "# a journal that fix refuses to roll back"
mkdir -p "$root/var/lib/portguard"
printf '{"status": "applying", "changes": ' >"$root/var/lib/portguard/journal.json"
refused "$root/var/lib/portguard/journal.json is damaged" "$root" pg fix --trusted "$trusted"
rm -r "$root/var/lib"

echo "# broken host files: fix, not only check, refuses and changes nothing"
broken() { # NAME FILE CONTENT EXPECTED
	local broken_root
	broken_root=$(new_root "$1" plain)
	mkdir -p "$broken_root/$(dirname "$2")"
	printf '%b' "$3" >"$broken_root/$2"
	refused "portguard: $broken_root/$2:$4" "$broken_root" \
		in_server "$PORTGUARD" fix --root "$broken_root" --trusted "$trusted"
}
broken exports etc/exports '/ok *\n/srv 300.1.1.1/8(rw)\n' "2: export /srv: client '300.1.1.1/8(rw)' is not a network"
broken exports-d etc/exports.d/x.exports '/srv 10.0.0.1\n\x01\x02\n' "2: binary data, not an exports(5) line"
broken nfs-conf etc/nfs.conf '[nfsd]\nvers3 = perhaps\n' "2: vers3 = 'perhaps' is neither y nor n"
broken securenets var/yp/securenets '255.255.255.0 10.0.0.0\nnonsense\n' "2: expected 'netmask network'"
broken config etc/portguard/portguard.conf 'mode = restrict\ntrusted = 10.0.0.0/33\n' "2: trusted: '10.0.0.0/33' is not a network"
for fixture in bad-exports bad-securenets; do
	fixture_root=$(new_root "$fixture" "$fixture")
	refused "portguard: $fixture_root/" "$fixture_root" in_server "$PORTGUARD" fix --root "$fixture_root" --trusted "$trusted"
done

echo "# another user: what needs no root is decided all the same"
nobody() { in_server "${as_nobody[@]}" "$portguard_copy" "$@" --root "$root"; }
expect_error "that is no restriction" nobody fix --dry-run --trusted 0.0.0.0/1,128.0.0.0/1
dry=$expect_error_said
expect_error "that is no restriction" pg fix --trusted 0.0.0.0/1,128.0.0.0/1
[ "$dry" = "$expect_error_said" ] || fail "as nobody the dry run said '$dry', fix as root '$expect_error_said'"
out=$(nobody fix --dry-run --trusted "$trusted"); code=$?
[ "$code" -eq 2 ] || fail "a dry run as nobody exited $code, expected 2: $out"
contains -F "Not read without root: nftables and portguard's journal" <<<"$out" ||
	fail "a dry run as nobody does not say what it could not read: $out"
expect_error "fix changes the firewall or systemd and needs root" nobody fix --trusted "$trusted"

echo "# a later step fails: /etc/portguard is read-only"
# in_mounts SCRIPT ARG...: sh -c SCRIPT in the server's namespace with
# mounts of its own, which vanish with it.
in_mounts() {
	local script=$1; shift
	in_server unshare --mount --propagation private sh -c "$script" sh "$@"
}
ro_root=$(new_root read-only)
mkdir -p "$ro_root/etc/portguard"
before=$(generation)
out=$(in_mounts 'mount -t tmpfs -o ro tmpfs "$1/etc/portguard" && exec "$2" fix --root "$1" --trusted "$3"' \
	"$ro_root" "$PORTGUARD" "$trusted" 2>&1); code=$?
[ "$code" -eq 1 ] || fail "fix with a read-only /etc/portguard exited $code: $out"
[ "$out" = "portguard: cannot write /etc/portguard/portguard.nft: Read-only file system; nothing was left changed" ] ||
	fail "fix with a read-only /etc/portguard said: $out"
# One batch put the table in, one took it out again.
[ "$(generation)" -eq $((before + 2)) ] || fail "the ruleset generation went from $before to $(generation), expected +2"
has_table && fail "the table stayed after the rollback"
[ -z "$(find "$ro_root/var" "$ro_root/etc" -type f 2>/dev/null)" ] ||
	fail "the rollback left files: $(find "$ro_root" -type f)"

echo "# a later step fails: the disk is full when fix records its change"
full_root=$(new_root full)
mkdir -p "$full_root/var/lib/portguard" "$scratch/reports"
before=$(generation)
# Two inodes: the directory and the journal. Its second version, the
# record of the finished fix, needs a third while the first still exists.
out=$(in_mounts 'mount -t tmpfs -o nr_inodes=2 tmpfs "$1/var/lib/portguard" || exit 99
	"$2" fix --root "$1" --trusted "$3" --report-dir "$4"; echo "exit $?"
	echo "left: $(ls -A "$1/var/lib/portguard")"' "$full_root" "$PORTGUARD" "$trusted" "$scratch/reports" 2>&1)
[ "$out" = "portguard: cannot record the change in /var/lib/portguard/state.json (No space left on device); nothing was left changed; free space there and run fix again
exit 1
left: " ] || fail "fix with a full state directory: $out"
[ "$(generation)" -eq $((before + 2)) ] || fail "the ruleset generation went from $before to $(generation), expected +2"
has_table && fail "the table stayed after the rollback"
[ ! -e "$full_root/etc/portguard/portguard.nft" ] || fail "the rollback left the nft file"
[ -z "$(ls -A "$scratch/reports")" ] || fail "the rollback left a report of a fix that was taken back: $(ls "$scratch/reports")"

echo "# the disk is so full that taking the change back fails too"
pool_root=$(new_root pool)
mkdir -p "$pool_root/etc/portguard" "$pool_root/var/lib/portguard" "$scratch/inodes"
# One pool of five inodes for /etc/portguard and /var/lib/portguard: its
# root, the two directories, the admin's nft file, and the journal. The
# new nft file needs a sixth, and so does putting the old one back.
out=$(in_mounts 'mount -t tmpfs -o nr_inodes=5 tmpfs "$4" || exit 99
	mkdir "$4/etc" "$4/state" && echo "# the admin'"'"'s" >"$4/etc/portguard.nft" || exit 99
	mount --bind "$4/etc" "$1/etc/portguard" && mount --bind "$4/state" "$1/var/lib/portguard" || exit 99
	"$2" fix --root "$1" --trusted "$3"; echo "exit $?"
	jq -r "\"journal: \" + .status" "$1/var/lib/portguard/journal.json"
	nft list table inet portguard >/dev/null 2>&1 && echo "the table is there"
	mount -o remount,nr_inodes=64 "$4" || exit 99
	"$2" undo --root "$1"; echo "exit $?"
	echo "left: $(ls -A "$1/var/lib/portguard")"
	echo "nft file: $(cat "$1/etc/portguard/portguard.nft")"' \
	"$pool_root" "$PORTGUARD" "$trusted" "$scratch/inodes" 2>&1)
[ "$out" = "portguard: cannot write /etc/portguard/portguard.nft: No space left on device; taking the change back failed too (restoring $pool_root/etc/portguard/portguard.nft failed: No space left on device): run 'portguard undo' to retry, /var/lib/portguard/journal.json keeps what to restore
exit 1
journal: applying
portguard: note: the previous run was interrupted; what it had changed was rolled back
Nothing to undo: no fix was recorded.
exit 0
left: 
nft file: # the admin's" ] || fail "a rollback on a full disk, then undo: $out"
has_table && fail "the table is there after the rollback and undo"

echo "# nothing to change: the dry run says so as fix does"
expect_exit 2 pg fix --quiet --trusted "$trusted"
dry=$(pg fix --dry-run --trusted "$trusted"); code=$?
[ "$code" -eq 0 ] || fail "a dry run after the fix exited $code, expected 0: $dry"
real=$(pg fix --trusted "$trusted"); code=$?
[ "$code" -eq 0 ] || fail "a second fix exited $code, expected 0: $real"
[ "$dry" = "$real" ] && [ "$real" = "Nothing needed to change: the restriction is already in place." ] ||
	fail "after the fix the dry run said '$dry', fix '$real'"
json=$(pg fix --dry-run --json --trusted "$trusted")
jq -e '.dry_run == true and .changed == false' <<<"$json" >/dev/null || fail "dry run JSON: $json"

echo "# the nft file is gone: fix would write it again, and the dry run says so"
rm "$root/etc/portguard/portguard.nft"
before=$(host_state "$root")
dry=$(pg fix --dry-run --trusted "$trusted"); code=$?
[ "$code" -eq 2 ] || fail "the dry run without the nft file exited $code, expected 2: $dry"
contains -F "fix would run the steps above" <<<"$dry" || fail "the dry run does not show the steps: $dry"
[ "$(host_state "$root")" = "$before" ] || fail "the dry run wrote the nft file"
expect_exit 2 pg fix --quiet --trusted "$trusted"
[ -f "$root/etc/portguard/portguard.nft" ] || fail "fix did not write the nft file again"

echo "# an interrupted fix: the dry run neither rolls it back nor hides it"
jq '.status = "applying"' "$root/var/lib/portguard/state.json" >"$root/var/lib/portguard/journal.json"
before=$(host_state "$root")
out=$(pg fix --dry-run --quiet --trusted "$trusted" 2>&1 >/dev/null)
[ "$out" = "portguard: note: the previous run was interrupted; fix would first roll back what it had changed and then decide again, so its plan may differ from this one" ] ||
	fail "the dry run over an interrupted fix said: $out"
[ "$(host_state "$root")" = "$before" ] || fail "the dry run rolled the interrupted fix back"
rm "$root/var/lib/portguard/journal.json"

echo "# undo: the two fixes, then nothing"
expect_exit 2 pg undo --quiet
expect_exit 2 pg undo --quiet
[ "$(pg undo)" = "Nothing to undo: the last fix was already undone." ] || fail "undo did not end with nothing to undo"
has_table && fail "undo left the table"
finish
