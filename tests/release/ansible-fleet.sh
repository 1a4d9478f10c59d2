#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# contrib/ansible/answer-report.yml, run by Debian's ansible-playbook in a
# control namespace over real SSH (sshd inside each host, keys made here)
# against three booted systemd hosts: rpcbind exposed on two, the third
# serving nothing. A Shadowserver scan_portmapper CSV names the two and
# an address no host has. --check --diff shows the plans and changes
# nothing; the play fixes exactly the two (one stopped, one restricted),
# leaves the third untouched, lists the unknown row, judges every row
# from the control namespace with portguard probe and writes the table and
# one answer for the provider; a second run is changed=0. Then the third
# host gets rpcbind behind a NAT mapping portguard was not told about (an
# address of the host's given only to the play, forwarded and
# masqueraded into the trusted network): its own check says closed, the
# outside says open, and the play fails that host with the outside
# verdict. Run by tests/release.sh with PACKAGES (holding
# portguard_$NEW_VERSION_*.deb), NEW_VERSION and TOP_SRCDIR.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
TOP_BUILDDIR=$PACKAGES PORTGUARD=/usr/sbin/portguard
. "$TOP_SRCDIR/tests/lib/systemd-sandbox.sh"
require_tools ansible-playbook ssh ssh-keygen dpkg-deb jq nft
[ -x /usr/sbin/sshd ] || { echo "sshd is missing (openssh-server; contrib/install-deps.sh --release)" >&2; exit 99; }
package=$(cd "$PACKAGES" && ls portguard_"$NEW_VERSION"_*.deb) || exit 99

# --- three booted hosts, each its own systemd-sandbox ---------------------
# systemd-sandbox.sh keeps one sandbox in its variables: each host's are
# kept here and put back before the library is called for that host.
hosts=(host1 host2 host3)
declare -A box_pid box_unshare box_dir box_cgroup
box_keep() {
	box_pid[$1]=$SYSTEMD_SANDBOX_PID box_unshare[$1]=$systemd_sandbox_unshare_pid
	box_dir[$1]=$systemd_sandbox_dir box_cgroup[$1]=$systemd_sandbox_cgroup
}
box_use() {
	SYSTEMD_SANDBOX_PID=${box_pid[$1]:-} systemd_sandbox_unshare_pid=${box_unshare[$1]:-}
	systemd_sandbox_dir=${box_dir[$1]:-} systemd_sandbox_cgroup=${box_cgroup[$1]:-}
}
work=$(mktemp -d /tmp/portguard-fleet.XXXXXX) || exit 99
chmod 755 "$work"
# ssh's control masters (ControlPersist) in the control namespace, ended
# by the pid each reports.
ssh_masters_stop() {
	local socket pid
	for socket in "$work"/cp/*; do
		[ -S "$socket" ] || continue
		pid=$(ssh -o ControlPath="$socket" -O check fleet 2>&1 | sed -n 's/.*(pid=\([0-9]*\)).*/\1/p')
		[ -n "$pid" ] && kill "$pid" 2>/dev/null
	done
}
cleanup() {
	ssh_masters_stop
	# FLEET_LOGS=DIR keeps ansible's log (a timestamp a line) for a look afterwards.
	[ -n "${FLEET_LOGS:-}" ] && cp "$work"/*.log "$FLEET_LOGS/" 2>/dev/null
	for name in "${hosts[@]}"; do
		box_use "$name"
		systemd_sandbox_shutdown
		box_keep "$name"
	done
	sandbox_cleanup
	case $work in /tmp/portguard-fleet.*) rm -rf --one-file-system "$work" ;; esac
}
trap cleanup EXIT

in_host() { local name=$1; shift; nsenter -t "${box_pid[$name]}" -a -r -w "$@"; }
sandbox_netns control
ssh-keygen -q -t ed25519 -N '' -C portguard-fleet-test -f "$work/client_key" || exit 99
: >"$work/known_hosts"
number=0
for name in "${hosts[@]}"; do
	number=$((number + 1))
	box_use "$name"
	systemd_sandbox_boot
	box_keep "$name"
	in_host "$name" ip link set lo up
	in_host "$name" hostname "$name"
	systemd_sandbox_link "$control" "10.80.$number.1/24" "10.80.$number.2/24"
	# sshd with keys made here, inside the host's own disk (its overlay):
	# nothing of the checkout or of this machine's /etc/ssh is read.
	in_host "$name" sh -c 'rm -f /etc/ssh/fleet_host_key* && ssh-keygen -q -t ed25519 -N "" -f /etc/ssh/fleet_host_key &&
		mkdir -p -m 755 /run/sshd && umask 077 && cat >/etc/ssh/fleet_authorized_keys' <"$work/client_key.pub" ||
		exit 99
	in_host "$name" sh -c 'cat >/etc/ssh/fleet_sshd_config' <<SSHD
ListenAddress 10.80.$number.1
HostKey /etc/ssh/fleet_host_key
PermitRootLogin prohibit-password
AuthorizedKeysFile /etc/ssh/fleet_authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PidFile /run/fleet-sshd.pid
Subsystem sftp /usr/lib/openssh/sftp-server
SSHD
	in_host "$name" systemd-run --quiet --unit fleet-sshd.service /usr/sbin/sshd -D -e -f /etc/ssh/fleet_sshd_config ||
		{ echo "sshd does not start in $name" >&2; exit 99; }
	echo "10.80.$number.1 $(in_host "$name" cat /etc/ssh/fleet_host_key.pub | cut -d' ' -f1,2)" >>"$work/known_hosts"
	# The hosts have portguard from their apt sources (check mode plans
	# with it); the role finds it installed.
	in_host "$name" dpkg -i "$SYSTEMD_SANDBOX_BUILDDIR/$package" >/dev/null 2>&1 ||
		{ echo "portguard does not install in $name" >&2; exit 99; }
done
for name in host1 host2; do
	in_host "$name" systemctl start rpcbind.socket || fail "rpcbind.socket does not start in $name"
done

# The control node's portguard: the package's, unpacked.
dpkg-deb -x "$PACKAGES/$package" "$work/control" || exit 99
control_portguard=$work/control/usr/sbin/portguard
outside() { ip netns exec "$control" "$control_portguard" probe "$1" --service portmapper --timeout 1 --quiet "${@:2}"; }
for number in 1 2; do
	outside "10.80.$number.1"; code=$?
	[ "$code" -eq 2 ] || fail "before: host$number's portmapper does not answer the control node (probe exited $code)"
done
outside 10.80.3.1; code=$?
[ "$code" -eq 0 ] || fail "before: host3 answers on port 111 (probe exited $code)"

# --- the provider's report, the inventory, the play ------------------------
report="$work/2026-11-24-scan_portmapper-asn64496-de.csv"
csv_header='"timestamp","ip","protocol","port","hostname","tag","asn","geo","region","city","naics","sic","programs","mountd_port","exports","sector","response_size","amplification"'
csv_row() { # TIME IP
	printf '"2026-11-24 %s","%s","udp",111,,"portmapper",64496,"DE","HESSEN","FRANKFURT",518210,,"100000 4 111/udp portmapper;100000 3 111/udp portmapper;100000 2 111/udp portmapper;",,,"Communications, Service Provider, and Hosting Service",420,10.5\n' "$1" "$2"
}
{ echo "$csv_header"; csv_row 03:12:45 10.80.2.1; csv_row 03:13:02 10.80.9.7; csv_row 03:14:10 10.80.1.1; } >"$report"

cat >"$work/inventory.ini" <<INVENTORY
[fleet]
host1 ansible_host=10.80.1.1
host2 ansible_host=10.80.2.1 portguard_mode=restrict portguard_trusted='["10.77.0.0/24"]'
host3 ansible_host=10.80.3.1 portguard_mode=restrict portguard_trusted='["10.77.0.0/24"]' portguard_public_addresses='["10.99.3.9"]'

[fleet:vars]
ansible_user=root
ansible_become=false
ansible_python_interpreter=/usr/bin/python3
ansible_ssh_private_key_file=$work/client_key
ansible_ssh_common_args='-F /dev/null -o UserKnownHostsFile=$work/known_hosts -o StrictHostKeyChecking=yes'
INVENTORY
mkdir -m 700 "$work/cp" "$work/home" "$work/results"
output=$work/play.log
# play ANSIBLE-PLAYBOOK OPTIONS...: the play from the control namespace;
# its output goes to $output (and is shown), its exit code is returned.
play() {
	(cd "$work" && ip netns exec "$control" env HOME="$work/home" ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0 \
		ANSIBLE_LOCAL_TEMP="$work/home/tmp" ANSIBLE_LOG_PATH="$work/ansible.log" ANSIBLE_PIPELINING=true ANSIBLE_SSH_ARGS="-o ControlMaster=auto -o ControlPersist=60s" ANSIBLE_SSH_CONTROL_PATH_DIR="$work/cp" \
		ANSIBLE_ROLES_PATH="$TOP_SRCDIR/contrib/ansible/roles" ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3 \
		ansible-playbook -i "$work/inventory.ini" -f 3 -e "report=$report" \
		-e "portguard_control_binary=$control_portguard" -e "portguard_results_dir=$work/results" \
		"$@" "$TOP_SRCDIR/contrib/ansible/answer-report.yml" >"$output" 2>&1)
}
recap() { grep -E "^$1 +:" "$output"; }
snapshot() { # NAME: what a play could change on the host
	in_host "$1" sh -c 'nft list ruleset; systemctl show -P ActiveState rpcbind.socket rpcbind.service portguard.service;
		systemctl show -P UnitFileState rpcbind.socket rpcbind.service portguard.service portguard-restore.service;
		ls -laR /etc/portguard /var/lib/portguard /var/cache/portguard 2>&1; ss -Htuln "sport = :111"'
}

echo "# --check --diff: the plan of each reported host, nothing changed"
for name in "${hosts[@]}"; do snapshot "$name" >"$work/$name.before"; done
play --check --diff || fail "the check run failed: $(tail -n 40 "$output")"
grep -q "plan: stop" "$output" || fail "the check run does not show host1's plan (stop): $(grep -A8 'portguard fix' "$output" | head -40)"
grep -q "nft: accept tcp and udp port 111 from IPv4 10.77.0.0/24" "$output" ||
	fail "the check run does not show host2's nft step: $(grep -A12 'plan:' "$output" | head -40)"
for name in "${hosts[@]}"; do
	[ "$(snapshot "$name")" = "$(cat "$work/$name.before")" ] ||
		fail "the check run changed $name: $(diff <(snapshot "$name") "$work/$name.before")"
done
for number in 1 2; do
	outside "10.80.$number.1"; code=$?
	[ "$code" -eq 2 ] || fail "the check run closed host$number's port 111 (probe exited $code)"
done

echo "# the play: host1 and host2 fixed, host3 untouched, the unknown row listed, all judged from outside"
TIMEFORMAT="the play took %R s (real), %U s user, %S s system: time ansible-playbook -i inventory.ini answer-report.yml -e report=...; 3 hosts over SSH, -f 3, pipelining"
time play; code=$?
[ "$code" -eq 0 ] || fail "the play failed (exit $code): $(tail -n 60 "$output")"
cp "$output" "$work/first.log"
sed -n '/^TASK \[Show the result per row/,/^$/p; /match no inventory host:/p; /^PLAY RECAP/,$p' "$output"
recap host1 | contains 'changed=[1-9]' || fail "host1 was not changed: $(recap host1)"
recap host2 | contains 'changed=[1-9]' || fail "host2 was not changed: $(recap host2)"
recap host3 | contains 'changed=0 ' || fail "host3 was changed: $(recap host3)"
[ "$(snapshot host3)" = "$(cat "$work/host3.before")" ] || fail "the play changed host3: $(diff <(snapshot host3) "$work/host3.before")"
in_host host1 systemctl is-active --quiet rpcbind.socket && fail "host1's rpcbind.socket still runs"
in_host host2 nft list table inet portguard >/dev/null 2>&1 || fail "host2 has no table inet portguard"
in_host host2 systemctl is-active --quiet rpcbind.socket || fail "host2's rpcbind was stopped, not restricted"
for number in 1 2; do
	outside "10.80.$number.1"; code=$?
	[ "$code" -eq 0 ] || fail "after the play host$number still answers the control node (probe exited $code)"
	in_host "host$number" test -f /var/cache/portguard/abuse-reports/"${report##*/}" ||
		fail "the report was not copied to host$number"
	in_host "host$number" jq -e '.abuse_report.rows | map(select(.on_this_host)) | length == 1' /var/lib/portguard/state.json \
		>/dev/null || fail "host$number's fix does not quote its own row of the report"
	ls "$work/results/host$number/"*.txt >/dev/null 2>&1 || fail "host$number's report was not fetched"
done
table=$(cat "$work/results/table.txt")
echo "$table"
contains -E '^1 +host2 +portmapper +10\.80\.2\.1:111 +open udp/111 10\.5x 2026-11-24 03:12:45 +closed +closed$' <<<"$table" ||
	fail "the table's row 1 (host2) is wrong"
contains -E '^2 +- +portmapper +10\.80\.9\.7:111 +open udp/111 10\.5x 2026-11-24 03:13:02 +- +-$' <<<"$table" ||
	fail "the table's row 2 (no host) is wrong"
contains -E '^3 +host1 +portmapper +10\.80\.1\.1:111 +open .* +closed +closed$' <<<"$table" ||
	fail "the table's row 3 (host1) is wrong"
grep -q '"1 of 3 rows match no inventory host: 10.80.9.7"' "$output" ||
	fail "the unknown row is not listed: $(grep -A3 'match no' "$output")"
answer=$(cat "$work/results/answer.txt")
echo "$answer"
for text in "Deutsch" "English" "1. 10.80.2.1 Port 111/udp" "2. 10.80.9.7 Port 111/udp" "3. 10.80.1.1 Port 111/udp" \
	"Server host1: der Dienst wurde gestoppt und deaktiviert" "Server host2: der Port ist nur noch aus vertrauenswürdigen Netzen" \
	"Server host1: the service was stopped and disabled" "This address belongs to none of the servers managed here" \
	"2 of 3 rows are closed from outside"; do
	contains -F "$text" <<<"$answer" || fail "the answer lacks '$text'"
done
[ "$(grep -n '^[123]\. ' <<<"$answer" | sed -n '1,3p' | cut -d' ' -f2 | tr '\n' ' ')" = "10.80.2.1 10.80.9.7 10.80.1.1 " ] ||
	fail "the answer does not follow the report's order"

echo "# a second run changes nothing"
play || fail "the second run failed: $(tail -n 40 "$output")"
for name in "${hosts[@]}" localhost; do
	recap "$name" | contains 'changed=0 ' || fail "the second run changed $name: $(recap "$name"); $(grep -B3 -A6 '^changed:' "$output" | head -40)"
done
[ "$(cat "$work/results/answer.txt")" = "$answer" ] || fail "the second run's answer differs"

echo "# host3 behind a NAT mapping portguard was not told about: the outside verdict fails the play"
# rpcbind is needed there (restrict, trusted 10.77.0.0/24); 10.99.3.9 is
# host3's public address by a mapping on host3 itself that also
# masquerades the source into the trusted network, as a load balancer
# in the office network would.
in_host host3 systemctl start rpcbind.socket || fail "rpcbind.socket does not start in host3"
ip -n "$control" route add 10.99.3.9/32 via 10.80.3.1 || exit 99
in_host host3 ip route add 10.77.0.0/24 via 10.80.3.2 || exit 99
in_host host3 nft -f - <<'NFT' || { echo "cannot load host3's mapping" >&2; exit 99; }
table ip mapping {
	chain prerouting {
		type nat hook prerouting priority dstnat; policy accept;
		ip daddr 10.99.3.9 meta l4proto { tcp, udp } th dport 111 dnat to 10.80.3.1
	}
	chain input {
		type nat hook input priority 100; policy accept;
		ct original ip daddr 10.99.3.9 snat to 10.77.0.9
	}
}
NFT
outside 10.99.3.9; code=$?
[ "$code" -eq 2 ] || fail "the mapping does not reach host3's rpcbind (probe exited $code)"
{ echo "$csv_header"; csv_row 05:01:00 10.80.1.1; csv_row 05:02:00 10.99.3.9; } >"$report"
play; code=$?
cp "$output" "$work/mapped.log"
[ "$code" -ne 0 ] || fail "the play passed although host3 answers from outside: $(tail -n 40 "$output")"
recap host3 | contains 'failed=1' || fail "host3 did not fail: $(recap host3)"
recap host1 | contains 'failed=0' || fail "host1 failed: $(recap host1)"
fatal=$(grep "^fatal: \[host3\]" "$output")
contains -F "portmapper at 10.99.3.9 port 111 still answers from outside (the control node's portguard probe: open)" <<<"$fatal" ||
	fail "host3's failure does not give the outside verdict: $(grep -A6 'fatal:' "$output")"
contains -F "the host itself says closed" <<<"$fatal" || fail "host3's failure does not say what the host said: $fatal"
echo "ok: $fatal"
in_host host3 "$PORTGUARD" check --service portmapper --quiet --trusted 10.77.0.0/24; code=$?
[ "$code" -eq 0 ] || fail "host3's own check does not say closed (exit $code): the test proves nothing"
outside 10.99.3.9; code=$?
[ "$code" -eq 2 ] || fail "after the play 10.99.3.9 no longer answers: the test proves nothing (probe exited $code)"
contains -E '^2 +host3 +portmapper +10\.99\.3\.9:111 .* +closed +open$' <"$work/results/table.txt" ||
	fail "the table does not show host3's verdicts: $(cat "$work/results/table.txt")"
finish
