# SPDX-License-Identifier: GPL-2.0-or-later
# samba's nmbd (Debian's samba package) for integration tests, in a
# network namespace of the test's with a private /run, its own smb.conf
# and state directories under the test's work directory. Source after
# sandbox.sh.
require_tools nmbd nmblookup python3

# netbios_config FILE WORK [LINE...]: an smb.conf for nmbd alone: the
# netbios name PGSERVER in workgroup PGGROUP, every state directory below
# WORK, LINEs added to [global].
netbios_config() {
	local file=$1 work=$2; shift 2
	mkdir -p "$work/state" "$work/cache" "$work/lock" "$work/pid" "$work/private" "$work/log" "$work/ncalrpc"
	{
		echo "[global]"
		echo "   netbios name = PGSERVER"
		echo "   workgroup = PGGROUP"
		echo "   state directory = $work/state"
		echo "   cache directory = $work/cache"
		echo "   lock directory = $work/lock"
		echo "   pid directory = $work/pid"
		echo "   private dir = $work/private"
		echo "   ncalrpc dir = $work/ncalrpc"
		echo "   log file = $work/log/log.%m"
		echo "   disable spoolss = yes"
		echo "   load printers = no"
		local line
		for line in "$@"; do
			echo "   $line"
		done
	} >"$file"
}

# sandbox_nmbd VAR NS CONF WORK: nmbd in the foreground with only CONF;
# its pid goes into VAR once it listens on 137/udp and answers a node
# status request on loopback.
sandbox_nmbd() {
	local var=$1 ns=$2 conf=$3 work=$4 nmbd_pid_
	# its packet socket is below /run/samba, which the private /run lacks
	sandbox_spawn nmbd_pid_ "$ns" sh -c 'mkdir -p /run/samba && exec "$@"' sh \
		nmbd -F --debug-stdout --no-process-group --configfile="$conf" >"$work/nmbd.log" 2>&1
	sandbox_wait_port "$ns" udp 137 || { cat "$work/nmbd.log" >&2; exit 99; }
	printf -v "$var" '%s' "$nmbd_pid_"
}

# netbios_lookup NS ADDRESS: what `nmblookup -A ADDRESS` says from NS
# (its name table); exit 1 when it found no status. Without an answer
# nmblookup waits 10 s before it says "No reply from ADDRESS".
netbios_lookup() {
	local said
	said=$(ip netns exec "$1" timeout 30 nmblookup -A "$2" 2>&1)
	printf '%s\n' "$said"
	! grep -q 'No reply from' <<<"$said" && grep -q '<00>' <<<"$said"
}
