/* SPDX-License-Identifier: GPL-2.0-or-later */
/* For bench/watch.sh: follows nftables' notifications and prints, for
 * each deletion of table inet portguard, the microseconds until it is
 * created again, as the kernel saw both commits (the time the
 * notifications reach this process; the same for both). Stops after
 * COUNT such pairs.
 *   nft_latency COUNT     (root, in the namespace to watch) */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long long now_usec(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec * 1000000LL + now.tv_nsec / 1000;
}

static bool is_our_table(const struct nlmsghdr *message)
{
	const struct nlattr *attribute;

	if (((const struct nfgenmsg *)mnl_nlmsg_get_payload(message))->nfgen_family != NFPROTO_INET)
		return false;
	mnl_attr_for_each(attribute, message, sizeof(struct nfgenmsg))
		if (mnl_attr_get_type(attribute) == NFTA_TABLE_NAME)
			return mnl_attr_validate(attribute, MNL_TYPE_NUL_STRING) == 0 &&
			       strcmp(mnl_attr_get_str(attribute), "portguard") == 0;
	return false;
}

int main(int argc, char **argv)
{
	static char buffer[1 << 16];
	struct mnl_socket *socket = mnl_socket_open(NETLINK_NETFILTER);
	int group = NFNLGRP_NFTABLES, count = argc > 1 ? atoi(argv[1]) : 1;
	long long deleted = 0;

	if (!socket || mnl_socket_bind(socket, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    mnl_socket_setsockopt(socket, NETLINK_ADD_MEMBERSHIP, &group, sizeof(group)) < 0) {
		perror("nft_latency: netlink");
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	while (count > 0) {
		ssize_t received = mnl_socket_recvfrom(socket, buffer, sizeof(buffer));
		const struct nlmsghdr *message = (const struct nlmsghdr *)buffer;
		int remaining = (int)received;

		if (received < 0) {
			perror("nft_latency: receive");
			return 1;
		}
		for (; mnl_nlmsg_ok(message, remaining); message = mnl_nlmsg_next(message, &remaining)) {
			uint16_t type = NFNL_MSG_TYPE(message->nlmsg_type);

			if (NFNL_SUBSYS_ID(message->nlmsg_type) != NFNL_SUBSYS_NFTABLES || !is_our_table(message))
				continue;
			if (type == NFT_MSG_DELTABLE) {
				deleted = now_usec();
			} else if (type == NFT_MSG_NEWTABLE && deleted) {
				printf("%lld\n", now_usec() - deleted);
				fflush(stdout);
				deleted = 0;
				count--;
			}
		}
	}
	mnl_socket_close(socket);
	return 0;
}
