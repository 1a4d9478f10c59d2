#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The Ansible role (contrib/ansible), run by Debian's ansible-playbook
# with connection local inside a booted systemd host with rpcbind, seen
# from a peer: a first run installs the package and closes port 111, a
# second is changed=0, --check --diff on a host not yet fixed changes
# nothing and shows the plan, and without CAP_NET_ADMIN the play fails
# with portguard's message. Run by tests/release.sh with PACKAGES (holding
# portguard_$NEW_VERSION_*.deb), NEW_VERSION and TOP_SRCDIR.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
TOP_BUILDDIR=$PACKAGES PORTGUARD=/usr/sbin/portguard
. "$TOP_SRCDIR/tests/lib/systemd-sandbox.sh"
. "$TOP_SRCDIR/tests/lib/systemd-sandbox-peer.sh"
command -v ansible-playbook >/dev/null || { echo "ansible-playbook is missing (ansible-core)" >&2; exit 99; }

package=$(cd "$PACKAGES" && ls portguard_"$NEW_VERSION"_*.deb) || exit 99
systemd_sandbox_boot
inside() { systemd_sandbox_run "$@"; }
# Something needs rpcbind: fix restricts, which needs CAP_NET_ADMIN.
systemd_sandbox_exposed_host
host=$exposed_address trusted=10.77.0.0/24

inside mkdir -p /tmp/play
inside sh -c 'cat >/tmp/play/site.yml' <<PLAY
- name: Close the portmapper
  hosts: all
  gather_facts: false
  roles:
    - role: portguard
      portguard_package_file: $SYSTEMD_SANDBOX_BUILDDIR/$package
      portguard_trusted: ["$trusted"]
PLAY
output=$(mktemp)
trap 'systemd_sandbox_shutdown; sandbox_cleanup; rm -f "$output"' EXIT

# play [PREFIX...] -- ANSIBLE-PLAYBOOK OPTIONS: runs the play inside (under
# PREFIX, e.g. setpriv); its output goes to $output, its exit code is returned.
play() {
	local prefix=()
	while [ "$1" != -- ]; do prefix+=("$1"); shift; done
	shift
	inside env ANSIBLE_ROLES_PATH="$SYSTEMD_SANDBOX_SRCDIR/contrib/ansible/roles" ANSIBLE_NOCOLOR=1 \
		ANSIBLE_LOCAL_TEMP=/tmp/play/local ANSIBLE_REMOTE_TEMP=/tmp/play/remote HOME=/root \
		"${prefix[@]}" ansible-playbook -i 'sandbox,' -c local -e ansible_python_interpreter=/usr/bin/python3 \
		"$@" /tmp/play/site.yml >"$output" 2>&1
}
recap() { grep -E '^sandbox +:' "$output"; }

echo "# 1: a first run installs portguard and closes port 111"
play -- || fail "the first run failed: $(tail -n 30 "$output")"
recap | contains 'changed=[1-9]' || fail "the first run changed nothing: $(recap)"
inside test -x /usr/sbin/portguard || fail "the role did not install portguard"
grep -q "portguard/reports/" "$output" || fail "the first run does not say where the report is"
peer_reaches "$peer" "$host" && fail "after the first run the peer still reaches rpcbind"
inside nft list table inet portguard >/dev/null 2>&1 || fail "no table inet portguard after the first run"
systemd_sandbox_wait_active portguard.service active || fail "the agent does not guard the fix"

echo "# 2: a second run changes nothing"
play -- || fail "the second run failed: $(tail -n 30 "$output")"
recap | contains 'changed=0 ' || fail "the second run was not changed=0: $(recap); $(grep -B2 -A8 'changed:' "$output" | head -40)"
peer_reaches "$peer" "$host" && fail "after the second run the peer reaches rpcbind"

echo "# 3: --check --diff on a host not yet fixed shows the plan and changes nothing"
systemd_sandbox_undo_all
peer_reaches "$peer" "$host" || fail "undo did not open port 111 again"
before=$(inside sh -c 'nft list ruleset; ls -la /etc/portguard /var/lib/portguard 2>&1; systemctl is-enabled portguard-restore.service')
play -- --check --diff || fail "the check run failed: $(tail -n 30 "$output")"
grep -q "plan: restrict" "$output" || fail "the check run does not show the plan: $(tail -n 40 "$output")"
grep -q "nft: accept tcp and udp port 111 from IPv4 $trusted" "$output" ||
	fail "the check run does not show the nft step: $(grep -A12 'plan:' "$output")"
recap | contains 'changed=[1-9]' || fail "the check run does not report what it would change: $(recap)"
after=$(inside sh -c 'nft list ruleset; ls -la /etc/portguard /var/lib/portguard 2>&1; systemctl is-enabled portguard-restore.service')
[ "$before" = "$after" ] || fail "the check run changed the host: $(diff <(echo "$before") <(echo "$after"))"
peer_reaches "$peer" "$host" || fail "the check run closed port 111"

echo "# 4: without CAP_NET_ADMIN the fix fails the play with portguard's message, nothing changed"
play setpriv --inh-caps=-net_admin --bounding-set=-net_admin -- && fail "the play without CAP_NET_ADMIN succeeded"
grep -q "fatal: \[sandbox\]" "$output" || fail "no failed task: $(tail -n 20 "$output")"
message=$(grep -o '"msg": "portguard: [^"]*"' "$output" | head -n 1)
[ -n "$message" ] || fail "the failure does not carry portguard's message: $(tail -n 20 "$output")"
echo "ok: the play failed with $message"
recap | contains 'failed=1' || fail "the recap does not count the failure: $(recap)"
inside nft list table inet portguard >/dev/null 2>&1 && fail "the failed fix left a table"
peer_reaches "$peer" "$host" || fail "the failed fix changed port 111"
finish
