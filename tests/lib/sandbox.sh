# SPDX-License-Identifier: GPL-2.0-or-later
# Throwaway hosts for integration tests: network namespaces, veth links,
# a real rpcbind with its own /run. Source after assert.sh. Everything
# made here is torn down on exit, pass or fail; only processes started
# here are ended, by their pid.

# What every test that makes namespaces uses, to build them or to look.
require_tools ip ss nsenter unshare timeout flock jq
SANDBOX_PREFIX="pg$$"
sandbox_namespaces=()
sandbox_pids=()
sandbox_directories=()

sandbox_cleanup() {
	# A failing kill must not end the cleanup of a `set -e` script.
	set +e
	local pid ns
	for pid in "${sandbox_pids[@]}"; do
		kill "$pid" 2>/dev/null
	done
	for pid in "${sandbox_pids[@]}"; do
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -9 "$pid" 2>/dev/null
	done
	for ns in "${sandbox_namespaces[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	for directory in "${sandbox_directories[@]}"; do
		rm -rf --one-file-system "$directory"
	done
}
trap sandbox_cleanup EXIT
trap 'exit 130' INT TERM

# sandbox_netns VAR: a new namespace with lo up; its name goes into VAR.
sandbox_netns() {
	local name="${SANDBOX_PREFIX}-$1-${#sandbox_namespaces[@]}"
	ip netns add "$name" || { echo "cannot create network namespace $name" >&2; exit 99; }
	sandbox_namespaces+=("$name")
	ip -n "$name" link set lo up
	printf -v "$1" '%s' "$name"
}

# sandbox_empty_root VAR: an empty directory for --root, readable by
# everybody; its path goes into VAR. `ip netns exec` keeps the host's
# files: without --root, check would read the host's exports,
# /proc/fs/nfsd and portguard state, and a host serving NFS would change
# what it says. Removed on exit.
sandbox_empty_root() {
	local directory
	directory=$(mktemp -d) || exit 99
	chmod 755 "$directory"
	sandbox_directories+=("$directory")
	printf -v "$1" '%s' "$directory"
}

# sandbox_link NS_A ADDRESSES_A NS_B ADDRESSES_B: a veth pair between two
# namespaces; addresses with prefix, IPv4 or IPv6, several separated by
# commas ("10.9.0.1/24,fd00:9::1/64").
sandbox_link() {
	local a=$1 addresses_a=$2 b=$3 addresses_b=$4
	local index=${#sandbox_pids[@]}${RANDOM}
	local veth_a="pga${index}" veth_b="pgb${index}"
	ip link add "$veth_a" netns "$a" type veth peer name "$veth_b" netns "$b" || exit 99
	sandbox_addresses "$a" "$veth_a" "$addresses_a"
	sandbox_addresses "$b" "$veth_b" "$addresses_b"
	ip -n "$a" link set "$veth_a" up
	ip -n "$b" link set "$veth_b" up
}

# sandbox_addresses NS DEVICE ADDRESS[,ADDRESS...]: without duplicate
# address detection, so IPv6 addresses are usable at once.
sandbox_addresses() {
	local ns=$1 device=$2 address
	local IFS=,
	for address in $3; do
		ip -n "$ns" addr add "$address" dev "$device" nodad 2>/dev/null ||
			ip -n "$ns" addr add "$address" dev "$device" || exit 99
	done
}

# sandbox_off_link SERVER SERVER_ADDRESS SCANNER_ADDRESS: a scanner
# namespace behind a router, as an internet scanner is: SERVER gets
# SERVER_ADDRESS in 203.0.113.0/24 towards the router (203.0.113.1),
# the scanner SCANNER_ADDRESS in 198.51.100.0/24 behind it
# (198.51.100.1). Their names go into router and scanner.
sandbox_off_link() {
	local server=$1
	sandbox_netns router
	sandbox_netns scanner
	sandbox_link "$server" "$2/24" "$router" 203.0.113.1/24
	sandbox_link "$router" 198.51.100.1/24 "$scanner" "$3/24"
	ip netns exec "$router" sysctl -qw net.ipv4.ip_forward=1
	ip -n "$server" route add 198.51.100.0/24 via 203.0.113.1
	ip -n "$scanner" route add default via 198.51.100.1
}

# sandbox_add_address NS ADDRESS: an address on a veth whose peer stays
# in NS, for binding sockets to a specific non-loopback address.
sandbox_add_address() {
	local ns=$1 address=$2
	local index=${RANDOM}
	ip -n "$ns" link add "pgx${index}" type veth peer name "pgy${index}" || exit 99
	sandbox_addresses "$ns" "pgx${index}" "$address"
	ip -n "$ns" link set "pgx${index}" up
	ip -n "$ns" link set "pgy${index}" up
}

# sandbox_spawn VAR NS COMMAND...: runs COMMAND in NS in the background
# with a private mount namespace and a fresh tmpfs on /run; its pid goes
# into VAR and is ended on exit.
sandbox_spawn() {
	local var=$1 ns=$2; shift 2
	ip netns exec "$ns" unshare --mount --propagation private \
		sh -c 'mount -t tmpfs -o mode=755 tmpfs /run && exec "$@"' sh "$@" &
	sandbox_pids+=("$!")
	printf -v "$var" '%s' "$!"
}

# sandbox_wait_port NS PROTO PORT: until something listens (30 s at
# most: a loaded machine may take seconds to start a daemon).
sandbox_wait_port() {
	local ns=$1 proto=$2 port=$3 flag
	[ "$proto" = tcp ] && flag=-tln || flag=-uln
	for _ in $(seq 300); do
		ip netns exec "$ns" ss -H "$flag" "sport = :$port" | contains . && return 0
		sleep 0.1
	done
	echo "nothing listens on $proto/$port in $ns after 30 s" >&2
	return 1
}

# sandbox_holder NS ARGS...: tests/helpers/socket_holder ARGS in NS,
# ended on exit; returns once it holds its sockets ("ready").
sandbox_holder() {
	local ns=$1; shift
	local fifo line; fifo=$(mktemp -u); mkfifo "$fifo"
	ip netns exec "$ns" "$TOP_BUILDDIR/tests/helpers/socket_holder" "$@" >"$fifo" &
	sandbox_pids+=("$!")
	read -r -t 30 line <"$fifo"; rm -f "$fifo"
	[ "${line:-}" = ready ] || { echo "socket_holder $* did not start" >&2; exit 99; }
}

# sandbox_rpcbind VAR NS: the real Debian rpcbind, foreground, in NS; its
# pid goes into VAR once it answers on port 111.
sandbox_rpcbind() {
	local var=$1 ns=$2 rpcbind_pid_
	command -v rpcbind >/dev/null || { echo "rpcbind is not installed" >&2; exit 99; }
	sandbox_spawn rpcbind_pid_ "$ns" rpcbind -f -w
	sandbox_wait_port "$ns" udp 111 && sandbox_wait_port "$ns" tcp 111 || exit 99
	printf -v "$var" '%s' "$rpcbind_pid_"
}

# sandbox_udp_ask NS ADDRESS PORT FIRST_BYTE [LENGTH]: one datagram of
# LENGTH bytes (48), FIRST_BYTE (hex) then zeros, from NS; prints
# "answered" or "silent" (no reply within a second).
sandbox_udp_ask() {
	ip netns exec "$1" python3 -c '
import socket, sys
address, port, first, length = sys.argv[1], int(sys.argv[2]), int(sys.argv[3], 16), int(sys.argv[4])
s = socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(1)
s.sendto(bytes([first]) + bytes(length - 1), (address, port))
try:
    s.recvfrom(2048)
    print("answered")
except socket.timeout:
    print("silent")
' "$2" "$3" "$4" "${5:-48}"
}
