# SPDX-License-Identifier: GPL-2.0-or-later
# A peer for the booted systemd sandbox: a network namespace linked to
# the sandbox's own by a veth pair, to check port 111 from outside as a
# scanner would. Source after sandbox.sh and systemd-sandbox.sh, call
# after systemd_sandbox_boot; the peer goes with sandbox_cleanup.

require_tools rpcinfo

# systemd_sandbox_peer VAR SANDBOX_ADDRESS PEER_ADDRESS: addresses with
# prefix; the peer namespace's name goes into VAR.
systemd_sandbox_peer() {
	local var=$1 sandbox_address=$2 peer_address=$3 peer_namespace_
	local index=${RANDOM}
	sandbox_netns peer_namespace_
	ip link add "pgp${index}" netns "$peer_namespace_" type veth peer name "pgs${index}" netns "$SYSTEMD_SANDBOX_PID" ||
		exit 99
	sandbox_addresses "$peer_namespace_" "pgp${index}" "$peer_address"
	ip -n "$peer_namespace_" link set "pgp${index}" up
	systemd_sandbox_run ip addr add "$sandbox_address" dev "pgs${index}" || exit 99
	systemd_sandbox_run ip link set "pgs${index}" up
	printf -v "$var" '%s' "$peer_namespace_"
}

# peer_reaches NS ADDRESS: the portmapper at ADDRESS answers NS over UDP.
peer_reaches() {
	# rpcinfo retries for long: killed after 3 s, in a subshell that reports
	# the kill to /dev/null rather than to the test's output.
	(ip netns exec "$1" timeout -s KILL 3 rpcinfo -T udp -p "$2"; exit $?) >/dev/null 2>&1
}

# systemd_sandbox_exposed_host: the booted sandbox as a host with an open
# portmapper: rpcbind.socket enabled and listening, a unit that needs it
# (so fix restricts port 111 rather than stopping rpcbind), and a peer
# namespace, $peer, that reaches it at $exposed_address.
exposed_address=10.78.0.1
systemd_sandbox_exposed_host() {
	systemd_sandbox_peer peer "$exposed_address/24" 10.78.0.2/24
	systemd_sandbox_run ip link set lo up
	systemd_sandbox_run systemctl enable rpcbind.socket rpcbind.service >/dev/null 2>&1
	systemd_sandbox_run systemctl start rpcbind.socket || fail "rpcbind.socket does not start"
	systemd_sandbox_consumer_unit pg-consumer.service
	systemd_sandbox_run systemctl enable --now pg-consumer.service >/dev/null 2>&1 || fail "pg-consumer does not start"
	peer_reaches "$peer" "$exposed_address" || fail "the peer does not reach rpcbind at $exposed_address"
}

# systemd_sandbox_undo_all: portguard undo inside until nothing is left
# to undo.
systemd_sandbox_undo_all() {
	local code
	for _ in 1 2 3 4 5 6 7 8; do
		systemd_sandbox_run portguard undo --quiet; code=$?
		[ "$code" -eq 2 ] || break
	done
	[ "$code" -eq 0 ] || fail "undo did not end with nothing to undo (exit $code)"
}

# peer_prober_start NS ADDRESS: tests/helpers/rpc_prober in NS, asking
# the portmapper at ADDRESS ten times a second without waiting for its
# answers (peer_reaches waits out 3 s per look while the port is
# closed), in the background once its first call is out. One at a time;
# peer_prober_stop ends it.
peer_prober=""
peer_prober_pid=""
peer_prober_output=""
peer_prober_start() {
	local ns=$1 address=$2 line=""
	if [ -z "$peer_prober" ]; then
		peer_prober="$TOP_BUILDDIR/tests/helpers/rpc_prober"
		# The release tests have packages, not a build tree: built into
		# the sandbox's own directory, which goes with it.
		if [ ! -x "$peer_prober" ]; then
			peer_prober="$systemd_sandbox_dir/rpc_prober"
			cc -O2 -o "$peer_prober" "$TOP_SRCDIR/tests/helpers/rpc_prober.c" ||
				{ echo "cannot build tests/helpers/rpc_prober.c" >&2; exit 99; }
		fi
	fi
	peer_prober_output=$(mktemp) || exit 99
	ip netns exec "$ns" "$peer_prober" "$address" >"$peer_prober_output" &
	peer_prober_pid=$!
	sandbox_pids+=("$peer_prober_pid")
	for _ in $(seq 300); do
		line=$(head -n 1 "$peer_prober_output")
		[ -n "$line" ] && break
		sleep 0.1
	done
	[ "$line" = ready ] || { echo "rpc_prober did not start within 30 s: '$line'" >&2; exit 99; }
}

# peer_prober_stop VAR: ends the prober; "SENT ANSWERED", the calls it
# made and those the portmapper answered, goes into VAR.
peer_prober_stop() {
	local prober_counts_ pid kept=()
	kill -TERM "$peer_prober_pid"
	wait "$peer_prober_pid"
	# Ended and reaped: its pid may be another process's from now on.
	for pid in "${sandbox_pids[@]}"; do
		[ "$pid" = "$peer_prober_pid" ] || kept+=("$pid")
	done
	sandbox_pids=("${kept[@]}")
	prober_counts_=$(sed -n 's/^sent \([0-9]*\) answered \([0-9]*\)$/\1 \2/p' "$peer_prober_output")
	rm -f "$peer_prober_output"
	[ -n "$prober_counts_" ] || { echo "rpc_prober did not report its counts" >&2; exit 99; }
	printf -v "$1" '%s' "$prober_counts_"
}
