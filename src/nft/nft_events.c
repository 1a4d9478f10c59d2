/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "base/cleanup.h"
#include "nft/nft_events.h"

#define TABLE_NAME "portguard"
/* The first attribute of every nf_tables object message is the name of
 * the table it belongs to (NFTA_TABLE_NAME, NFTA_CHAIN_TABLE,
 * NFTA_RULE_TABLE, NFTA_SET_TABLE, NFTA_SET_ELEM_LIST_TABLE, ...). */
#define ATTRIBUTE_TABLE 1
#define RECEIVE_BUFFER_SIZE 65536
/* A flush of a large ruleset arrives at once: room for it, so that the
 * socket rarely overflows. */
#define SOCKET_BUFFER_BYTES (4 << 20)

struct nft_events {
	struct mnl_socket *socket;
	struct nft_events_batch batch;
	char *buffer;
};

DEFINE_TRIVIAL_CLEANUP_FUNC(struct nft_events *, nft_events_free)

int nft_events_open(struct nft_events **ret_events)
{
	_cleanup_(nft_events_freep) struct nft_events *events = calloc(1, sizeof(*events));
	int group = NFNLGRP_NFTABLES, size = SOCKET_BUFFER_BYTES;

	if (!events)
		return -ENOMEM;
	events->buffer = malloc(RECEIVE_BUFFER_SIZE);
	events->socket = mnl_socket_open2(NETLINK_NETFILTER, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (!events->buffer || !events->socket)
		return events->buffer ? -errno : -ENOMEM;
	if (mnl_socket_bind(events->socket, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    mnl_socket_setsockopt(events->socket, NETLINK_ADD_MEMBERSHIP, &group, sizeof(group)) < 0)
		return -errno;
	/* As root the buffer may exceed rmem_max; either way it is a hint. */
	if (setsockopt(mnl_socket_get_fd(events->socket), SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
		(void)setsockopt(mnl_socket_get_fd(events->socket), SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	*ret_events = TAKE_PTR(events);
	return 0;
}

void nft_events_free(struct nft_events *events)
{
	if (!events)
		return;
	if (events->socket)
		mnl_socket_close(events->socket);
	free(events->buffer);
	free(events);
}

int nft_events_fd(const struct nft_events *events)
{
	return mnl_socket_get_fd(events->socket);
}

/* Port id 0 is the kernel's own: never a batch of ours. */
static bool own_port(const struct nft_events_own *own, uint32_t port_id)
{
	for (size_t i = 0; own && port_id != 0 && i < own->count; i++)
		if (own->port_ids[i] == port_id)
			return true;
	return false;
}

static bool names_our_table(const struct nlmsghdr *message)
{
	const struct nfgenmsg *header;
	const struct nlattr *attribute;

	if (message->nlmsg_len < NLMSG_HDRLEN + sizeof(*header))
		return false;
	header = mnl_nlmsg_get_payload(message);
	if (header->nfgen_family != NFPROTO_INET)
		return false;
	mnl_attr_for_each(attribute, message, sizeof(*header))
		if (mnl_attr_get_type(attribute) == ATTRIBUTE_TABLE)
			return mnl_attr_validate(attribute, MNL_TYPE_NUL_STRING) == 0 &&
			       strcmp(mnl_attr_get_str(attribute), TABLE_NAME) == 0;
	return false;
}

int nft_events_parse(const void *buffer, size_t length, struct nft_events_batch *batch,
		     const struct nft_events_own *own, bool *ret_foreign)
{
	const struct nlmsghdr *message = buffer;
	int remaining = length > INT32_MAX ? INT32_MAX : (int)length;

	for (; mnl_nlmsg_ok(message, remaining); message = mnl_nlmsg_next(message, &remaining)) {
		if (NFNL_SUBSYS_ID(message->nlmsg_type) != NFNL_SUBSYS_NFTABLES)
			continue;
		if (NFNL_MSG_TYPE(message->nlmsg_type) == NFT_MSG_NEWGEN) {
			if (batch->touched && !own_port(own, message->nlmsg_pid))
				*ret_foreign = true;
			batch->touched = false;
			continue;
		}
		if (names_our_table(message))
			batch->touched = true;
	}
	return remaining == 0 ? 0 : -EBADMSG;
}

/* One datagram, and whether the kernel sent it: a process with
 * CAP_NET_ADMIN may send to this socket's port id, and what it says must
 * neither stop the agent nor be taken for the kernel's word. */
static ssize_t receive(struct nft_events *events, bool *ret_from_kernel, bool *ret_truncated)
{
	struct sockaddr_nl sender = { 0 };
	struct iovec vector = { events->buffer, RECEIVE_BUFFER_SIZE };
	struct msghdr message = {
		.msg_name = &sender, .msg_namelen = sizeof(sender), .msg_iov = &vector, .msg_iovlen = 1,
	};
	ssize_t received = recvmsg(mnl_socket_get_fd(events->socket), &message, 0);

	*ret_from_kernel = message.msg_namelen == sizeof(sender) && sender.nl_family == AF_NETLINK &&
			   sender.nl_pid == 0;
	*ret_truncated = message.msg_flags & MSG_TRUNC;
	return received;
}

int nft_events_read(struct nft_events *events, const struct nft_events_own *own, bool *ret_foreign)
{
	*ret_foreign = false;
	for (;;) {
		bool from_kernel, truncated;
		ssize_t received = receive(events, &from_kernel, &truncated);

		if (received < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			if (errno == ENOBUFS) {
				/* Notifications were lost: whatever they said is unknown. */
				events->batch.touched = false;
				*ret_foreign = true;
				continue;
			}
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (!from_kernel)
			continue;
		/* A message cut short or malformed is no reason to stop
		 * guarding: look at the table instead. */
		if (truncated || nft_events_parse(events->buffer, (size_t)received, &events->batch, own, ret_foreign) < 0)
			*ret_foreign = true;
	}
}
