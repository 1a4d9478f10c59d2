# SPDX-License-Identifier: GPL-2.0-or-later
# For the nft-*.sh integration tests; source after sandbox.sh. The
# helper talks netlink in the namespace it runs in: always run it, and
# nft, through `ip netns exec`.
NFT_HELPER="$TOP_BUILDDIR/tests/helpers/nft_helper"
[ -x "$NFT_HELPER" ] || { echo "$NFT_HELPER is not built (make check builds it)" >&2; exit 99; }
require_tools nft rpcinfo

# rpc_answers NS PROTO ADDRESS: the portmapper at ADDRESS sends NS its
# DUMP reply (rpcbind v3/v4) over PROTO, tcp or udp, within 2 s
# ($RPC_ANSWER_SECONDS). rpcinfo blocks every signal while it waits:
# only SIGKILL ends it.
rpc_answers() {
	local ns=$1 proto=$2 address=$3 netid=$2
	case "$address" in *:*) netid="${proto}6" ;; esac
	ip netns exec "$ns" timeout -s KILL "${RPC_ANSWER_SECONDS:-2}" rpcinfo -T "$netid" -s "$address" 2>/dev/null |
		contains portmapper
}

# An answer comes within milliseconds; the generous bound costs nothing
# then and spares a loaded machine a false failure.
expect_reachable() {
	if RPC_ANSWER_SECONDS=10 rpc_answers "$@"; then echo "ok: $1 reaches $3 over $2"; else fail "$1 gets no $2 answer from $3"; fi
}

expect_unreachable() {
	if rpc_answers "$@"; then fail "$1 still gets a $2 answer from $3"; else echo "ok: $1 gets nothing from $3 over $2"; fi
}

# ruleset NS: the whole ruleset without counter values, which traffic changes.
ruleset() {
	ip netns exec "$1" nft list ruleset | sed -E 's/counter packets [0-9]+ bytes [0-9]+/counter/'
}

# random_prefixes COUNT SEED: overlapping IPv4 and IPv6 prefixes, one a line.
random_prefixes() {
	awk -v count="$1" -v seed="$2" 'BEGIN {
		srand(seed)
		for (i = 0; i < count; i++) {
			if (i % 4 == 3)
				printf "2001:db8:%x:%x::/%d\n", int(rand() * 65536), int(rand() * 65536), 32 + int(rand() * 33)
			else
				printf "%d.%d.%d.%d/%d\n", 1 + int(rand() * 223), int(rand() * 256), int(rand() * 256), int(rand() * 256), 12 + int(rand() * 21)
		}
	}'
}

# earlier_table [--prerouting] TRUSTED4: table inet portguard as an
# earlier portguard wrote it, for nft -f: input first (-300) and all of
# lo accepted; the chain ahead of destination NAT only with --prerouting
# (the first 0.1 had none).
earlier_table() {
	local chains=input chain local_only
	[ "$1" = --prerouting ] && { chains="input prerouting"; shift; }
	printf 'table inet portguard {\n'
	printf '\tset trusted4 { type ipv4_addr; flags interval; elements = { %s } }\n' "$1"
	printf '\tset trusted6 { type ipv6_addr; flags interval; }\n'
	printf '\tset ports { type inet_service; elements = { 111 } }\n'
	for chain in $chains; do
		[ "$chain" = prerouting ] && local_only=" fib daddr type local" || local_only=
		cat <<TABLE
	chain $chain {
		type filter hook $chain priority -300; policy accept;
		iif "lo" accept
		ip saddr @trusted4 tcp dport @ports accept
		ip saddr @trusted4 udp dport @ports accept
		ip6 saddr @trusted6 tcp dport @ports accept
		ip6 saddr @trusted6 udp dport @ports accept
		tcp dport @ports$local_only counter drop
		udp dport @ports$local_only counter drop
	}
TABLE
	done
	printf '}\n'
}

# udp_echo_123 VAR NS [tcp]: in NS, a UDP echo on port 123 (IPv4 and
# IPv6) and with tcp a listener on tcp/123 that closes what it accepts,
# as a stand-in for an NTP server; its pid goes into VAR once it listens.
udp_echo_123() {
	local var=$1 ns=$2 tcp=${3:-} echo_pid_
	sandbox_spawn echo_pid_ "$ns" python3 -c '
import select, socket, sys
udp = []
for family, address in ((socket.AF_INET, "0.0.0.0"), (socket.AF_INET6, "::")):
    s = socket.socket(family, socket.SOCK_DGRAM)
    if family == socket.AF_INET6:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    s.bind((address, 123))
    udp.append(s)
listeners = []
if sys.argv[1] == "tcp":
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("0.0.0.0", 123))
    listener.listen(8)
    listeners.append(listener)
while True:
    for s in select.select(udp + listeners, [], [])[0]:
        if s in listeners:
            s.accept()[0].close()
        else:
            data, peer = s.recvfrom(2048)
            s.sendto(data, peer)
' "${tcp:-udp}"
	sandbox_wait_port "$ns" udp 123 || exit 99
	[ -z "$tcp" ] || sandbox_wait_port "$ns" tcp 123 || exit 99
	printf -v "$var" '%s' "$echo_pid_"
}
