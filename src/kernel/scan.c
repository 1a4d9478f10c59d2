/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Listeners from NETLINK_SOCK_DIAG. The kernel filters by port (a bytecode
 * condition), so a host with 100,000 sockets answers with a handful. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/grow.h"
#include "kernel/netlink_dump.h"
#include "kernel/scan.h"
#include "model/cidr.h"

/* One condition: source port equal to port. The second op carries the
 * port in its "no" field; jumping to len + 4 means "reject". */
struct port_filter {
	struct nlattr header;
	struct inet_diag_bc_op ops[2];
};

static int listener_list_append(struct listener_list *list, const struct listener *listener)
{
	struct listener *items = grow_for_one(list->items, list->count, &list->capacity, sizeof(*items));

	if (!items)
		return -ENOMEM;
	list->items = items;
	list->items[list->count++] = *listener;
	return 0;
}

struct dump_context {
	struct listener_list *list;
	enum transport transport;
	int error;
};

static int parse_attribute(const struct nlattr *attribute, void *data)
{
	const struct nlattr **table = data;
	int type = mnl_attr_get_type(attribute);

	if (mnl_attr_type_valid(attribute, INET_DIAG_MAX) < 0)
		return MNL_CB_OK;	/* newer kernel, newer attribute: ignore */
	switch (type) {
	case INET_DIAG_SKV6ONLY:
		if (mnl_attr_validate(attribute, MNL_TYPE_U8) < 0)
			return MNL_CB_ERROR;
		break;
	case INET_DIAG_CGROUP_ID:
		if (mnl_attr_validate(attribute, MNL_TYPE_U64) < 0)
			return MNL_CB_ERROR;
		break;
	default:
		break;
	}
	table[type] = attribute;
	return MNL_CB_OK;
}

/* mnl_attr_parse stops quietly at an attribute that does not fit in its
 * message; such a message is cut, not finished. */
static bool attributes_fill_message(const struct nlmsghdr *message, size_t offset)
{
	const struct nlattr *attribute;

	mnl_attr_for_each(attribute, message, offset)
		;
	return (const char *)attribute == (const char *)mnl_nlmsg_get_payload_tail(message);
}

static int parse_socket(const struct nlmsghdr *message, enum transport transport, struct listener *ret_listener)
{
	const struct nlattr *table[INET_DIAG_MAX + 1] = { 0 };
	const struct inet_diag_msg *diag;
	struct listener listener = { .transport = transport };

	if (message->nlmsg_type != SOCK_DIAG_BY_FAMILY || mnl_nlmsg_get_payload_len(message) < sizeof(*diag))
		return -EBADMSG;
	diag = mnl_nlmsg_get_payload(message);
	if (diag->idiag_family != AF_INET && diag->idiag_family != AF_INET6)
		return -EBADMSG;
	if (!attributes_fill_message(message, sizeof(*diag)) ||
	    mnl_attr_parse(message, sizeof(*diag), parse_attribute, table) < 0)
		return -EBADMSG;

	listener.address.family = diag->idiag_family;
	memcpy(listener.address.bytes, diag->id.idiag_src, diag->idiag_family == AF_INET ? 4 : 16);
	listener.port = ntohs(diag->id.idiag_sport);
	listener.v6only = table[INET_DIAG_SKV6ONLY] && mnl_attr_get_u8(table[INET_DIAG_SKV6ONLY]);
	listener.inode = diag->idiag_inode;
	listener.uid = diag->idiag_uid;
	if (table[INET_DIAG_CGROUP_ID])
		listener.cgroup_id = mnl_attr_get_u64(table[INET_DIAG_CGROUP_ID]);
	listener.scope = ip_address_scope(&listener.address);
	listener.exposed = listener.scope != SCOPE_LOOPBACK;
	*ret_listener = listener;
	return 0;
}

static int handle_socket(const struct nlmsghdr *message, void *data)
{
	struct dump_context *context = data;
	struct listener listener;

	context->error = parse_socket(message, context->transport, &listener);
	if (context->error == 0)
		context->error = listener_list_append(context->list, &listener);
	return context->error < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

/* Every message fits in the bytes, and they end with one. mnl_cb_run
 * stops quietly at a message cut short, and its int arithmetic takes a
 * length above 2 GiB for a negative one: it gets only what passed here. */
static bool messages_fill(const uint8_t *bytes, size_t length)
{
	size_t offset = 0;

	while (offset < length) {
		const struct nlmsghdr *message = (const struct nlmsghdr *)(bytes + offset);

		if (length - offset < sizeof(*message) || message->nlmsg_len < sizeof(*message) ||
		    message->nlmsg_len > length - offset)
			return false;
		offset += NLMSG_ALIGN(message->nlmsg_len);
	}
	return true;
}

int scan_parse_replies(const void *bytes, size_t length, enum transport transport, struct listener_list *list)
{
	struct dump_context context = { .list = list, .transport = transport };
	size_t count = list->count;
	int r;

	if (length > INT_MAX || (uintptr_t)bytes % NLMSG_ALIGNTO)
		return -EINVAL;
	if (!messages_fill(bytes, length))
		return -EBADMSG;

	errno = 0;
	r = mnl_cb_run(bytes, length, 0, 0, handle_socket, &context);
	if (r == MNL_CB_ERROR) {
		r = context.error < 0 ? context.error : errno ? -errno : -EBADMSG;
		list->count = count;	/* what came before this reply stays */
		return r;
	}
	return r == MNL_CB_STOP ? 1 : 0;
}

const struct nlmsghdr *scan_request(void *buffer, int family, enum transport transport, uint16_t port,
				    unsigned int sequence)
{
	struct nlmsghdr *message = mnl_nlmsg_put_header(buffer);
	struct inet_diag_req_v2 *request;
	struct port_filter filter = {
		.ops = {
			{ .code = INET_DIAG_BC_S_EQ, .yes = sizeof(filter.ops), .no = sizeof(filter.ops) + 4 },
			{ .no = port },
		},
	};

	message->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	message->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	message->nlmsg_seq = sequence;
	request = mnl_nlmsg_put_extra_header(message, sizeof(*request));
	request->sdiag_family = (uint8_t)family;
	request->sdiag_protocol = transport == TRANSPORT_TCP ? IPPROTO_TCP : IPPROTO_UDP;
	/* TCP: listening. UDP: unconnected sockets sit in TCP_CLOSE. */
	request->idiag_states = transport == TRANSPORT_TCP ? 1u << TCP_LISTEN : 1u << TCP_CLOSE;
	/* The port field lets the kernel skip other sockets with one compare
	 * before it runs the bytecode, which stays as the guarantee. */
	request->id.idiag_sport = htons(port);
	mnl_attr_put(message, INET_DIAG_REQ_BYTECODE, sizeof(filter.ops), filter.ops);
	return message;
}

static int dump_sockets(struct mnl_socket *netlink, int family, enum transport transport,
			uint16_t port, struct listener_list *list)
{
	char buffer[NETLINK_REQUEST_SIZE] __attribute__((aligned(8)));
	struct dump_context context = { .list = list, .transport = transport };
	unsigned int sequence = (unsigned int)time(NULL) + (unsigned int)family * 2 + transport;
	const struct nlmsghdr *message = scan_request(buffer, family, transport, port, sequence);

	return netlink_dump(netlink, message, handle_socket, &context, &context.error);
}

int scan_listeners(const struct transport_port *ports, size_t port_count, struct listener_list *ret_list)
{
	static const int families[] = { AF_INET, AF_INET6 };
	struct listener_list list = { 0 };
	struct mnl_socket *netlink;
	int r = 0;

	r = netlink_open(NETLINK_SOCK_DIAG, &netlink);
	if (r < 0)
		return r;
	for (size_t f = 0; f < sizeof(families) / sizeof(families[0]); f++) {
		for (size_t p = 0; p < port_count; p++) {
			r = dump_sockets(netlink, families[f], ports[p].transport, ports[p].port, &list);
			/* A kernel without IPv6 or udp_diag has nothing to say there. */
			if (r == -ENOENT || r == -EAFNOSUPPORT)
				r = 0;
			if (r < 0)
				goto out;
		}
	}
	*ret_list = list;
	list = (struct listener_list){ 0 };
out:
	mnl_socket_close(netlink);
	listener_list_free(&list);
	return r;
}

void listener_list_free(struct listener_list *list)
{
	free(list->items);
	*list = (struct listener_list){ 0 };
}

bool listener_list_has_exposed_socket(const struct listener_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		if (list->items[i].exposed)
			return true;
	return false;
}

bool listener_list_exposed(const struct listener_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		if (list->items[i].exposed && !list->items[i].filtered)
			return true;
	return false;
}
