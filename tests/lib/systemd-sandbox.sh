# SPDX-License-Identifier: GPL-2.0-or-later
# A real systemd, booted as PID 1 of throwaway namespaces, for tests of
# what portguard does through systemd. Source after assert.sh and
# sandbox.sh; call systemd_sandbox_boot, then run commands inside with
# systemd_sandbox_run; systemd_sandbox_reboot shuts it down and boots the
# same disk again. It is shut down and its disk removed on exit, pass or
# fail.
#
# Why it is safe to boot a second systemd on a shared machine:
# - its root is an overlay whose lower layer is the host's / and whose
#   upper layer is a directory of the sandbox's own, on disk, kept from
#   one boot to the next as a real host's disk: masks, state and
#   tmpfiles' cleaning of /tmp and /var never reach the host; /run and
#   /tmp are fresh tmpfs at every boot;
# - it only reaches basic.target, not the host's multi-user services;
# - private PID, mount, network, UTS, IPC and cgroup namespaces, and its
#   own cgroup v2 subtree, so several can run at once without sharing a
#   /system.slice, and whatever it starts dies with it;
# - /proc/sys and /sys are read-only and the capabilities that reach the
#   whole kernel (modules, clock, raw I/O) are dropped, so its sysctl,
#   binfmt, udev and modules-load units skip themselves;
# - /dev is a small private tmpfs, not the host's.
# - the host's NFS exports and mounts, NIS and portguard files are
#   removed from the disk before its first boot, so that check and fix
#   inside see a host that serves nothing, whatever the real one does.
#
# Inside, $TOP_BUILDDIR is visible read-only at $SYSTEMD_SANDBOX_BUILDDIR
# (the host's /tmp is not: the sandbox has its own), $TOP_SRCDIR at
# $SYSTEMD_SANDBOX_SRCDIR, and $PORTGUARD at $SYSTEMD_SANDBOX_PORTGUARD.

SYSTEMD_SANDBOX_BUILDDIR=/portguard-build
SYSTEMD_SANDBOX_SRCDIR=/portguard-src
SYSTEMD_SANDBOX_BOOT_TIMEOUT=${SYSTEMD_SANDBOX_BOOT_TIMEOUT:-90}
SYSTEMD_SANDBOX_PID=""		# systemd, as the host sees it
SYSTEMD_SANDBOX_BOOT_SECONDS=""
SYSTEMD_SANDBOX_PORTGUARD=""
systemd_sandbox_unshare_pid=""
systemd_sandbox_dir=""
systemd_sandbox_cgroup=""

# The host's cgroup v2 hierarchy: /sys/fs/cgroup on a unified host,
# /sys/fs/cgroup/unified on a hybrid one.
systemd_sandbox_cgroup_root() {
	local candidate
	for candidate in /sys/fs/cgroup /sys/fs/cgroup/unified; do
		[ "$(stat -f -c %T "$candidate" 2>/dev/null)" = cgroup2fs ] && { echo "$candidate"; return 0; }
	done
	return 1
}

# Runs as PID 1 of the new namespaces: builds the root and execs systemd.
# Arguments: the work directory, the build and source directories. The
# overlay's upper directory stays in the work directory between boots.
# shellcheck disable=SC2016
systemd_sandbox_init_script='
set -eu
work=$1 builddir=$2 srcdir=$3
root=$work/mnt/root
die() { echo "systemd-sandbox: $*" >&2; exit 1; }
[ "$$" = 1 ] || die "not PID 1 of a new PID namespace"
mount -n --make-rprivate /
mkdir -p "$work/mnt/upper" "$work/mnt/work" "$root"
mount -n -t overlay overlay -o "lowerdir=/,upperdir=$work/mnt/upper,workdir=$work/mnt/work" "$root"
# The disk is the host'"'"'s: what portguard reads to decide (exports, NFS
# mounts in fstab, NIS, its own config, state and units) must not come
# from it, or a host that serves NFS would change what every test sees.
# Removed once, before the first boot; what a test writes stays.
if [ ! -e "$work/mnt/neutral" ]; then
	rm -rf "$root/etc/exports" "$root/etc/exports.d" "$root/etc/nfs.conf" "$root/etc/nfs.conf.d" \
		"$root/var/yp" "$root/etc/portguard" "$root/var/lib/portguard"
	find "$root/etc/systemd/system" -name "portguard*" -prune -exec rm -rf {} +
	if [ -f "$root/etc/fstab" ]; then
		awk '"'"'$3 !~ /^nfs/'"'"' "$root/etc/fstab" >"$work/mnt/fstab"
		cat "$work/mnt/fstab" >"$root/etc/fstab"
	fi
	touch "$work/mnt/neutral"
fi
# Timers would start apt, man-db and e2scrub runs in the middle of a test.
for timer in "$root"/etc/systemd/system/timers.target.wants/*.timer "$root"/lib/systemd/system/timers.target.wants/*.timer; do
	[ -e "$timer" ] && ln -sf /dev/null "$root/etc/systemd/system/${timer##*/}"
done
mount -n -t proc proc "$root/proc"
for path in sys sysrq-trigger; do
	[ -e "$root/proc/$path" ] || continue
	mount -n --bind "$root/proc/$path" "$root/proc/$path"
	mount -n -o remount,bind,ro "$root/proc/$path"
done
mount -n -t sysfs -o ro,nosuid,nodev,noexec sysfs "$root/sys"
mount -n -t cgroup2 -o nosuid,nodev,noexec cgroup2 "$root/sys/fs/cgroup"
mount -n -t tmpfs -o mode=755,nosuid tmpfs "$root/dev"
for node in null zero full random urandom tty; do
	touch "$root/dev/$node"
	mount -n --bind "/dev/$node" "$root/dev/$node"
done
touch "$root/dev/console"
mount -n --bind /dev/null "$root/dev/console"
mkdir "$root/dev/pts" "$root/dev/shm"
mount -n -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts "$root/dev/pts"
ln -s pts/ptmx "$root/dev/ptmx"
mount -n -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$root/dev/shm"
mount -n -t tmpfs -o mode=755,nosuid,nodev tmpfs "$root/run"
mount -n -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$root/tmp"
mkdir -p "$root/portguard-build" "$root/portguard-src"
mount -n --bind "$builddir" "$root/portguard-build"
mount -n -o remount,bind,ro "$root/portguard-build"
mount -n --bind "$srcdir" "$root/portguard-src"
mount -n -o remount,bind,ro "$root/portguard-src"
mkdir "$root/.oldroot"
cd "$root"
pivot_root . .oldroot
cd /
umount -n -l /.oldroot
rmdir /.oldroot
# Booting systemd on anything but the throwaway root would run the
# host'"'"'s tmpfiles and services: check before the exec.
[ "$(stat -f -c %T /)" = overlayfs ] || die "/ is not the overlay after pivot_root"
[ "$(stat -f -c %T /tmp)" = tmpfs ] && [ "$(stat -f -c %T /run)" = tmpfs ] || die "/tmp or /run is not private"
[ -z "$(ls -A /run)" ] || die "/run is not empty: $(ls -A /run)"
exec env -i container=other PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	setpriv --bounding-set -sys_module,-sys_time,-sys_rawio,-sys_boot,-syslog,-wake_alarm,-block_suspend,-mac_admin,-mac_override \
	/lib/systemd/systemd --system --unit=basic.target
'

# systemd_sandbox_boot: boots and waits until systemd says running (or
# degraded, whose failed units it prints). Exits 99 when it cannot.
systemd_sandbox_boot() {
	local cgroup_root start state="" pid=""
	# As root, what is missing fails the test: skipped, it would pass untested.
	[ -x /lib/systemd/systemd ] || { echo "systemd is not installed" >&2; exit 99; }
	require_tools setpriv systemctl
	cgroup_root=$(systemd_sandbox_cgroup_root) || { echo "no cgroup v2 hierarchy for the sandbox systemd" >&2; exit 99; }
	if [ -z "$systemd_sandbox_dir" ]; then
		systemd_sandbox_dir=$(mktemp -d /tmp/portguard-systemd.XXXXXX) || exit 99
		mkdir "$systemd_sandbox_dir/mnt"
	fi
	systemd_sandbox_cgroup="$cgroup_root/portguard-systemd-$$-${systemd_sandbox_dir##*.}"
	mkdir "$systemd_sandbox_cgroup" || { echo "cannot create cgroup $systemd_sandbox_cgroup" >&2; exit 99; }
	start=$(date +%s%N)
	# Join the cgroup first, so the cgroup namespace is rooted there.
	sh -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' sh "$systemd_sandbox_cgroup" \
		unshare --pid --fork --kill-child --mount --net --uts --ipc --cgroup \
		bash -c "$systemd_sandbox_init_script" systemd-sandbox \
		"$systemd_sandbox_dir" "$TOP_BUILDDIR" "$TOP_SRCDIR" \
		>"$systemd_sandbox_dir/console.log" 2>&1 &
	systemd_sandbox_unshare_pid=$!
	for _ in $(seq $((SYSTEMD_SANDBOX_BOOT_TIMEOUT * 10))); do
		if [ -z "$pid" ]; then
			pid=$(cat "/proc/$systemd_sandbox_unshare_pid/task/$systemd_sandbox_unshare_pid/children" 2>/dev/null)
			pid=${pid%% *}
		fi
		if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = systemd ]; then
			SYSTEMD_SANDBOX_PID=$pid
			state=$(systemd_sandbox_run systemctl is-system-running 2>/dev/null)
			case $state in running|degraded) break ;; esac
		fi
		kill -0 "$systemd_sandbox_unshare_pid" 2>/dev/null || break
		sleep 0.1
	done
	case $state in
	running) ;;
	degraded)
		echo "systemd-sandbox: degraded; failed units:"
		systemd_sandbox_run systemctl --failed --no-legend --plain ;;
	*)
		echo "systemd-sandbox: systemd is not running (state '$state', timeout ${SYSTEMD_SANDBOX_BOOT_TIMEOUT} s); its console:" >&2
		cat "$systemd_sandbox_dir/console.log" >&2
		exit 99 ;;
	esac
	local milliseconds=$((($(date +%s%N) - start) / 1000000))
	printf -v SYSTEMD_SANDBOX_BOOT_SECONDS '%d.%01d' $((milliseconds / 1000)) $((milliseconds % 1000 / 100))
	SYSTEMD_SANDBOX_PORTGUARD="$SYSTEMD_SANDBOX_BUILDDIR/${PORTGUARD##*/}"
	echo "systemd-sandbox: PID $SYSTEMD_SANDBOX_PID $state after $SYSTEMD_SANDBOX_BOOT_SECONDS s"
}

# systemd_sandbox_run COMMAND...: runs COMMAND inside, as root.
systemd_sandbox_run() {
	nsenter -t "$SYSTEMD_SANDBOX_PID" -a -r -w "$@"
}

# systemd_sandbox_unit NAME: installs stdin as a vendor unit file inside
# (/lib/systemd/system, so that /etc stays free for enable and mask) and
# reloads systemd.
systemd_sandbox_unit() {
	systemd_sandbox_run sh -c 'cat >"/lib/systemd/system/$1"' sh "$1" &&
		systemd_sandbox_run systemctl daemon-reload
}

# systemd_sandbox_oneshot_unit NAME: installs a service that does
# nothing and stays active, with stdin as its [Unit] lines, to be
# enabled from basic.target.
systemd_sandbox_oneshot_unit() {
	{
		echo "[Unit]"
		cat
		printf '%s\n' "[Service]" "Type=oneshot" "RemainAfterExit=yes" "ExecStart=/bin/true" \
			"[Install]" "WantedBy=basic.target"
	} | systemd_sandbox_unit "$1"
}

# systemd_sandbox_consumer_unit NAME: installs a oneshot service that
# Requires= rpcbind.socket, enabled from basic.target (not started).
systemd_sandbox_consumer_unit() {
	systemd_sandbox_oneshot_unit "$1" <<'UNIT'
Description=a service that needs the portmapper
Requires=rpcbind.socket
After=rpcbind.socket
UNIT
}

# systemd_sandbox_nftables_service: Debian's nftables.service, enabled
# and started, with Debian's default /etc/nftables.conf (written inside,
# so that the host's own file does not matter): it begins with
# `flush ruleset`, as on every Debian host.
systemd_sandbox_nftables_service() {
	systemd_sandbox_run test -f /lib/systemd/system/nftables.service ||
		{ echo "nftables.service is not installed" >&2; exit 99; }
	systemd_sandbox_run sh -c 'cat >/etc/nftables.conf' <<'NFT'
#!/usr/sbin/nft -f

flush ruleset

table inet filter {
	chain input {
		type filter hook input priority filter;
	}
	chain forward {
		type filter hook forward priority filter;
	}
	chain output {
		type filter hook output priority filter;
	}
}
NFT
	systemd_sandbox_run systemctl enable --now nftables.service >/dev/null 2>&1 ||
		{ echo "nftables.service does not start in the sandbox" >&2; exit 99; }
}

# systemd_sandbox_wait_active UNIT STATE: until systemctl is-active says
# STATE (30 s at most).
systemd_sandbox_wait_active() {
	local unit=$1 expected=$2 state="" deadline=$((SECONDS + 30))
	while [ "$SECONDS" -lt "$deadline" ]; do
		state=$(systemd_sandbox_run systemctl is-active "$unit")
		[ "$state" = "$expected" ] && return 0
		sleep 0.1
	done
	echo "systemd-sandbox: $unit is '$state', not '$expected', after 30 s" >&2
	return 1
}

# systemd_sandbox_units_snapshot UNIT...: what systemd and the disk say
# about the units and what listens on port 111, to compare before and
# after a change.
systemd_sandbox_units_snapshot() {
	local unit
	for unit in "$@"; do
		echo "$unit $(systemd_sandbox_run systemctl show -P ActiveState "$unit")" \
			"$(systemd_sandbox_run systemctl show -P UnitFileState "$unit")"
		systemd_sandbox_run find /etc/systemd/system -name "$unit" -printf '%p -> %l\n' | sort
	done
	systemd_sandbox_run ss -H -tuln 'sport = :111' | awk '{ print $1, $5 }' | sort
}

# systemd_sandbox_halt: a clean halt (SIGRTMIN+3), SIGKILL after 20 s;
# the disk (the overlay's upper directory) stays for the next boot.
systemd_sandbox_halt() {
	local pid=$SYSTEMD_SANDBOX_PID
	if [ -n "$systemd_sandbox_unshare_pid" ]; then
		[ -n "$pid" ] && kill -s SIGRTMIN+3 "$pid" 2>/dev/null
		for _ in $(seq 200); do
			kill -0 "$systemd_sandbox_unshare_pid" 2>/dev/null || break
			sleep 0.1
		done
		if kill -0 "$systemd_sandbox_unshare_pid" 2>/dev/null; then
			echo "systemd-sandbox: no clean halt within 20 s; killing it" >&2
			[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
			kill -9 "$systemd_sandbox_unshare_pid" 2>/dev/null
		fi
		wait "$systemd_sandbox_unshare_pid" 2>/dev/null
		systemd_sandbox_unshare_pid=""
	fi
	SYSTEMD_SANDBOX_PID=""
	if [ -n "$systemd_sandbox_cgroup" ] && [ -d "$systemd_sandbox_cgroup" ]; then
		for _ in $(seq 50); do
			find "$systemd_sandbox_cgroup" -depth -type d -exec rmdir {} + 2>/dev/null
			[ -d "$systemd_sandbox_cgroup" ] || break
			sleep 0.1
		done
		[ -d "$systemd_sandbox_cgroup" ] && echo "systemd-sandbox: cgroup $systemd_sandbox_cgroup left behind" >&2
	fi
	systemd_sandbox_cgroup=""
}

# systemd_sandbox_reboot: halts and boots the same disk again, in fresh
# namespaces: a new network namespace with an empty ruleset, fresh /run
# and /tmp, as after a power cycle. Exits 99 when it does not come up.
systemd_sandbox_reboot() {
	systemd_sandbox_halt
	systemd_sandbox_boot
}

# systemd_sandbox_shutdown: halts, and removes the disk; nothing of the
# sandbox remains afterwards. Safe to call twice.
systemd_sandbox_shutdown() {
	systemd_sandbox_halt
	if [ -n "$systemd_sandbox_dir" ]; then
		# Only the sandbox's own directory, and never across mounts.
		case $systemd_sandbox_dir in
		/tmp/portguard-systemd.*) rm -rf --one-file-system "$systemd_sandbox_dir" ;;
		esac
		systemd_sandbox_dir=""
	fi
}

# systemd_sandbox_link NS ADDRESS_INSIDE ADDRESS_IN_NS: a veth pair
# between the booted sandbox (its network namespace of this boot) and
# the namespace NS, as sandbox_link makes them; again after a reboot.
systemd_sandbox_link() {
	local ns=$1 inside=$2 outside=$3 index=${RANDOM}${RANDOM}
	local veth_inside="pgs${index}" veth_outside="pgo${index}"
	ip link add "$veth_inside" netns "$SYSTEMD_SANDBOX_PID" type veth peer name "$veth_outside" netns "$ns" || exit 99
	systemd_sandbox_run ip addr add "$inside" dev "$veth_inside" || exit 99
	systemd_sandbox_run ip link set "$veth_inside" up
	sandbox_addresses "$ns" "$veth_outside" "$outside"
	ip -n "$ns" link set "$veth_outside" up
}

trap 'systemd_sandbox_shutdown; sandbox_cleanup' EXIT
