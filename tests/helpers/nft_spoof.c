/* SPDX-License-Identifier: GPL-2.0-or-later */
/* For tests/integration/watch/nft.sh: sends what looks like nftables'
 * notification of table inet portguard deleted by another process to a
 * netlink port id
 * (the kernel lets only CAP_NET_ADMIN send to one), then a datagram
 * larger than any notification. The agent must neither end nor act on
 * them: only the kernel speaks for nftables.
 *   nft_spoof PORTID */
#include "config.h"

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct nlmsghdr *put(char *at, uint16_t type, uint8_t family)
{
	struct nlmsghdr *message = mnl_nlmsg_put_header(at);
	struct nfgenmsg *header = mnl_nlmsg_put_extra_header(message, sizeof(*header));

	message->nlmsg_type = (uint16_t)(NFNL_SUBSYS_NFTABLES << 8 | type);
	header->nfgen_family = family;
	return message;
}

int main(int argc, char **argv)
{
	static char buffer[4096], big[70000];
	struct mnl_socket *socket = mnl_socket_open(NETLINK_NETFILTER);
	struct sockaddr_nl target = { .nl_family = AF_NETLINK };
	struct nlmsghdr *message;
	size_t length;

	if (argc != 2 || !socket || mnl_socket_bind(socket, 0, MNL_SOCKET_AUTOPID) < 0) {
		fprintf(stderr, "usage: nft_spoof PORTID\n");
		return 1;
	}
	target.nl_pid = (uint32_t)strtoul(argv[1], NULL, 10);
	message = put(buffer, NFT_MSG_DELTABLE, NFPROTO_INET);
	mnl_attr_put_strz(message, NFTA_TABLE_NAME, "portguard");
	length = message->nlmsg_len;
	message = put(buffer + length, NFT_MSG_NEWGEN, NFPROTO_UNSPEC);
	mnl_attr_put_u32(message, NFTA_GEN_PROC_PID, htonl(1));
	length += message->nlmsg_len;
	if (sendto(mnl_socket_get_fd(socket), buffer, length, 0, (struct sockaddr *)&target, sizeof(target)) < 0) {
		perror("nft_spoof: sendto");
		return 1;
	}
	/* And one larger than any notification: the receiver's buffer
	 * truncates it. */
	memset(big, 0, sizeof(big));
	message = put(big, NFT_MSG_DELTABLE, NFPROTO_INET);
	message->nlmsg_len = sizeof(big);
	if (sendto(mnl_socket_get_fd(socket), big, sizeof(big), 0, (struct sockaddr *)&target, sizeof(target)) < 0) {
		perror("nft_spoof: sendto");
		return 1;
	}
	mnl_socket_close(socket);
	return 0;
}
