#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# check on whole fixture hosts (--root) while a real rpcbind listens in
# the namespace, so the host is exposed: the right consumers, plan and
# trusted networks, in JSON and in text.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
hosts="$TOP_SRCDIR/tests/fixtures/hosts"

sandbox_netns host
sandbox_rpcbind rpcbind_pid "$host"

# expect_plan FIXTURE ACTION TRUSTED KINDS [OPTIONS...]: exit 2, and the
# JSON plan and consumers as given (TRUSTED and KINDS space-separated).
expect_plan() {
	local fixture=$1 action=$2 trusted=$3 kinds=$4; shift 4
	local json code root="$hosts/$fixture"
	[ "${fixture:0:1}" = / ] && root=$fixture
	json=$(ip netns exec "$host" "$PORTGUARD" check --json --root "$root" "$@"); code=$?
	[ "$code" -eq 2 ] || { fail "$fixture: check exited $code, expected 2"; return; }
	local got_action got_trusted got_kinds
	got_action=$(jq -r .plan.action <<<"$json")
	got_trusted=$(jq -r '.plan.trusted | join(" ")' <<<"$json")
	got_kinds=$(jq -r '[.consumers[].kind] | join(" ")' <<<"$json")
	[ "$got_action" = "$action" ] || fail "$fixture: plan $got_action, expected $action: $(jq -c .plan <<<"$json")"
	[ "$got_trusted" = "$trusted" ] || fail "$fixture: trusted '$got_trusted', expected '$trusted'"
	[ "$got_kinds" = "$kinds" ] || fail "$fixture: consumers '$got_kinds', expected '$kinds'"
	jq -e '(.plan.reason | length) > 20 and (.plan.steps | length) > 0 and
		all(.consumers[]; (.evidence | length) > 0 and (.trusted | type) == "array")' <<<"$json" >/dev/null ||
		fail "$fixture: reason, steps or evidence missing: $(jq -c '{consumers, plan}' <<<"$json")"
	echo "ok: $fixture -> $action [$trusted] ($kinds)"
}

# expect_text FIXTURE TEXT...: check's text output of the portmapper
# holds every TEXT.
expect_text() {
	local fixture=$1; shift
	local out line
	out=$(ip netns exec "$host" "$PORTGUARD" check --service portmapper --root "$hosts/$fixture")
	for line in "$@"; do
		grep -qF -- "$line" <<<"$out" || fail "$fixture: text lacks '$line':
$out"
	done
	# the sections come before the verdict
	[ "$(grep -n '^Plan:' <<<"$out" | cut -d: -f1)" -lt "$(grep -n '^Verdict:' <<<"$out" | cut -d: -f1)" ] ||
		fail "$fixture: the plan is not printed before the verdict"
}

expect_plan plain stop "" ""
expect_text plain "Consumers: none - nothing on this host needs rpcbind." "Plan: stop" \
	"No service on this host needs rpcbind, so fix will stop, disable and mask both rpcbind.socket and rpcbind.service (the socket alone would start the service again)." \
	"1. systemctl stop rpcbind.socket rpcbind.service" "3. systemctl mask rpcbind.socket rpcbind.service"

expect_plan nfs3-server restrict "10.0.0.0/24 10.0.1.5/32 10.0.2.0/25 2001:db8:2::/64" "nfs-server nfs-server"
expect_text nfs3-server "nfs-server   /etc/exports:4 exports /srv/data to 10.0.0.0/24, fileclient.example.test; NFSv3 is on (/proc/fs/nfsd/versions)" \
	"trusted: 10.0.0.0/24, 10.0.1.5/32" \
	"The NFS server and 1 other consumer listed above still need rpcbind, so fix will keep it running and let only loopback, 10.0.0.0/24, 10.0.1.5/32, 10.0.2.0/25 and 2001:db8:2::/64 reach port 111." \
	"Trusted IPv4: 10.0.0.0/24, 10.0.1.5/32, 10.0.2.0/25" "Trusted IPv6: 2001:db8:2::/64" \
	"nft: accept tcp and udp port 111 from IPv6 2001:db8:2::/64"
# given networks are added to the derived ones and normalised
expect_plan nfs3-server restrict "10.0.0.0/23 10.0.2.0/25 2001:db8:2::/64" "nfs-server nfs-server" --trusted 10.0.1.0/24

expect_plan nfs4-only-server stop "" ""
expect_text nfs4-only-server "Note: The NFS server serves only NFSv4 (/proc/fs/nfsd/versions), which does not need rpcbind."

expect_plan nfs3-client restrict "10.0.0.5/32" "nfs-client"
expect_text nfs3-client "nfs-client   NFSv3 mount of 10.0.0.5:/export/data on /mnt/data (/proc/self/mountinfo:2), locking through statd" \
	"An NFS mount still needs rpcbind, so fix will keep it running and let only loopback and 10.0.0.5/32 reach port 111."
expect_plan nfs3-client-nolock stop "" ""
expect_text nfs3-client-nolock "uses nolock: without statd it does not need rpcbind." "NFSv4 does not need rpcbind."

expect_plan fstab-v3 restrict "10.0.0.7/32" "nfs-client"
expect_text fstab-v3 "nfs-client   /etc/fstab:3: NFSv3 mount of files.example.test:/export/data on /mnt/data (not mounted now), locking through statd" \
	"names no NFS version: the kernel tries NFSv4 first"

expect_plan nis-server restrict "10.20.0.0/16 127.0.0.1/32 192.168.10.0/24" "nis nis"
expect_text nis-server "nis          ypserv is running (pid 733): NIS clients find it through rpcbind; /var/yp/securenets lists its clients" \
	"trusted: loopback is enough"

expect_plan not-systemd restrict "" ""
expect_text not-systemd "rpcbind is not under systemd (rpcbind (pid 900) runs outside systemd), so it cannot be switched off for good; fix will let only loopback reach port 111 instead." \
	"Trusted IPv4: (none)"

echo "# a wildcard export: no guess without trusted networks"
expect_error "portguard: rpcbind must stay for the NFS server, but /etc/exports:2 exports /srv/pub to everyone ('*'), which names no network, so the networks that need port 111 cannot be derived; pass them, e.g. --trusted 10.0.0.0/24" \
	ip netns exec "$host" "$PORTGUARD" check --root "$hosts/export-wildcard"
expect_error "cannot be derived" ip netns exec "$host" "$PORTGUARD" check --json --root "$hosts/export-wildcard"
expect_plan export-wildcard restrict "10.0.0.0/16" "nfs-server nfs-server" --trusted 10.0.0.0/16

echo "# modes"
expect_error "portguard: --mode stop would break what still needs rpcbind: An NFS mount (NFSv3 mount of 10.0.0.5:/export/data on /mnt/data (/proc/self/mountinfo:2), locking through statd); use --mode restrict, or add --force to stop it anyway" \
	ip netns exec "$host" "$PORTGUARD" check --root "$hosts/nfs3-client" --mode stop
expect_plan nfs3-client stop "" "nfs-client" --mode stop --force
expect_plan plain restrict "" "" --mode restrict
expect_error "--mode stop needs rpcbind under systemd" ip netns exec "$host" "$PORTGUARD" check --root "$hosts/not-systemd" --mode stop
json=$(ip netns exec "$host" "$PORTGUARD" check --json --root "$hosts/plain" --mode restrict --trusted 0.0.0.0/0)
jq -e '.plan.warnings == ["trusted 0.0.0.0/0 admits every IPv4 host, which restricts nothing, so fix refuses it"]' <<<"$json" >/dev/null ||
	fail "0.0.0.0/0 is not warned about: $(jq -c .plan <<<"$json")"

echo "# the config file below --root, and --config"
config=$(mktemp -d)
trap 'rm -rf "$config"; sandbox_cleanup' EXIT
mkdir -p "$config/root"
cp -a "$hosts/export-wildcard/." "$config/root/"
mkdir -p "$config/root/etc/portguard"
printf '# trusted networks of the NFS clients\ntrusted = 10.0.0.0/24, 192.168.5.0/24\nmode = auto\n' >"$config/root/etc/portguard/portguard.conf"
expect_plan "$config/root" restrict "10.0.0.0/24 192.168.5.0/24" "nfs-server nfs-server"
printf 'mode = restrict\n' >"$config/other.conf"
expect_plan plain restrict "" "" --config "$config/other.conf"
expect_error "portguard: $config/missing.conf: cannot be read: No such file or directory" \
	ip netns exec "$host" "$PORTGUARD" check --root "$hosts/plain" --config "$config/missing.conf"

echo "# nothing listens: plan none, exit 0"
sandbox_netns quiet
json=$(ip netns exec "$quiet" "$PORTGUARD" check --json --root "$hosts/nfs3-server"); code=$?
[ "$code" -eq 0 ] || fail "check without a listener exited $code, expected 0"
[ "$(jq -r .plan.action <<<"$json")" = none ] || fail "plan without a listener: $(jq -c .plan <<<"$json")"
finish
