# A peer for the booted systemd sandbox: a network namespace linked to
# the sandbox's own by a veth pair, to check port 111 from outside as a
# scanner would. Source after sandbox.sh and systemd-sandbox.sh, call
# after systemd_sandbox_boot; the peer goes with sandbox_cleanup.

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
