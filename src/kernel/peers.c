/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "kernel/netlink_dump.h"
#include "kernel/peers.h"
#include "model/cidr.h"

struct peers_context {
	uint16_t port;
	int family;
	struct cidr_list *list;
	int error;
};

static int handle_connection(const struct nlmsghdr *message, void *data)
{
	struct peers_context *context = data;
	const struct inet_diag_msg *diag = mnl_nlmsg_get_payload(message);
	struct cidr peer = { .address = { .family = context->family } };

	if (message->nlmsg_type != SOCK_DIAG_BY_FAMILY ||
	    mnl_nlmsg_get_payload_len(message) < sizeof(*diag) || diag->idiag_family != context->family) {
		context->error = -EBADMSG;
		return MNL_CB_ERROR;
	}
	/* the kernel filters the state; the port is compared here */
	if (ntohs(diag->id.idiag_sport) != context->port)
		return MNL_CB_OK;
	peer.prefix_length = context->family == AF_INET ? 32 : 128;
	memcpy(peer.address.bytes, diag->id.idiag_dst, context->family == AF_INET ? 4 : 16);
	cidr_unmap_ipv4(&peer);
	context->error = cidr_list_add(context->list, &peer);
	return context->error < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

/* One family's established connections on port, into list. */
static int dump_family(struct mnl_socket *netlink, uint16_t port, int family, struct cidr_list *list)
{
	char buffer[NETLINK_REQUEST_SIZE] __attribute__((aligned(8)));
	struct nlmsghdr *message = mnl_nlmsg_put_header(buffer);
	struct inet_diag_req_v2 *request;
	struct peers_context context = { .port = port, .family = family, .list = list };

	message->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	message->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	message->nlmsg_seq = (unsigned int)time(NULL) + (unsigned int)family;
	request = mnl_nlmsg_put_extra_header(message, sizeof(*request));
	request->sdiag_family = (uint8_t)family;
	request->sdiag_protocol = IPPROTO_TCP;
	request->idiag_states = 1u << TCP_ESTABLISHED;
	/* lets the kernel skip other ports' connections */
	request->id.idiag_sport = htons(port);
	return netlink_dump(netlink, message, handle_connection, &context, &context.error);
}

int peers_established(uint16_t port, unsigned int families, struct cidr_list *list)
{
	static const struct {
		int family;
		unsigned int flag;
	} dumps[] = { { AF_INET, PEERS_IPV4 }, { AF_INET6, PEERS_IPV6 } };
	struct mnl_socket *netlink = NULL;
	size_t count_before = list->count;
	int r;

	if (!(families & (PEERS_IPV4 | PEERS_IPV6)))
		return 0;
	r = netlink_open(NETLINK_SOCK_DIAG, &netlink);
	for (size_t i = 0; r == 0 && i < sizeof(dumps) / sizeof(dumps[0]); i++)
		if (families & dumps[i].flag)
			r = dump_family(netlink, port, dumps[i].family, list);
	if (netlink)
		mnl_socket_close(netlink);
	if (r < 0) {
		for (size_t i = count_before; i < list->count; i++)
			list->items[i] = (struct cidr){ 0 };
		list->count = count_before;
	}
	return r;
}
