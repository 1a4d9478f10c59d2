/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Listeners from NETLINK_SOCK_DIAG. The kernel filters by port (a bytecode
 * condition on all wanted ports), so a host with 100,000 sockets answers
 * with a handful, in one walk of each table. */
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

	/* TCPDIAG_GETSOCK: the answer to a request for both families */
	if ((message->nlmsg_type != SOCK_DIAG_BY_FAMILY &&
	     (message->nlmsg_type != TCPDIAG_GETSOCK || transport != TRANSPORT_TCP)) ||
	    mnl_nlmsg_get_payload_len(message) < sizeof(*diag))
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
	/* A socket bound to a multicast group (minidlna's 239.255.255.250:1900)
	 * takes only datagrams sent to that group, which no router forwards
	 * from the internet: a unicast scanner cannot reach it. */
	listener.exposed = listener.scope != SCOPE_LOOPBACK && listener.scope != SCOPE_MULTICAST;
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

size_t scan_bytecode(const uint16_t *ports, size_t count, struct inet_diag_bc_op *ops, size_t capacity)
{
	size_t length, op = 0;

	if (count == 0 || count > SCAN_PORTS_MAX || SCAN_BYTECODE_LENGTH(count) / sizeof(*ops) > capacity)
		return 0;
	length = SCAN_BYTECODE_LENGTH(count);
	for (size_t i = 0; i < count; i++) {
		/* Equal: on to the jump behind the operand. Not: past the jump,
		 * to the next port; after the last port that is 4 bytes past
		 * the end, which the kernel reads as "reject". */
		ops[op++] = (struct inet_diag_bc_op){ .code = INET_DIAG_BC_S_EQ, .yes = 8, .no = 12 };
		ops[op++] = (struct inet_diag_bc_op){ .no = ports[i] };
		if (i + 1 < count) {
			/* A jump always takes "no": to the very end, "accept". */
			unsigned short to_end = (unsigned short)(length - op * sizeof(*ops));

			ops[op++] = (struct inet_diag_bc_op){ .code = INET_DIAG_BC_JMP, .yes = 4, .no = to_end };
		}
	}
	return length;
}

const struct nlmsghdr *scan_request(void *buffer, size_t size, int family, enum transport transport,
				    const uint16_t *ports, size_t count, unsigned int sequence)
{
	struct inet_diag_bc_op ops[SCAN_BYTECODE_LENGTH(SCAN_PORTS_MAX) / sizeof(struct inet_diag_bc_op)];
	size_t length = scan_bytecode(ports, count, ops, sizeof(ops) / sizeof(ops[0]));
	bool both_families = family == AF_UNSPEC;
	size_t header = both_families ? sizeof(struct inet_diag_req) : sizeof(struct inet_diag_req_v2);
	struct inet_diag_sockid *id;
	struct nlmsghdr *message;
	/* TCP: listening. UDP: unconnected sockets sit in TCP_CLOSE (a
	 * connected one hears its peer only, as ss -uln leaves it out). */
	uint32_t states = transport == TRANSPORT_TCP ? 1u << TCP_LISTEN : 1u << TCP_CLOSE;

	if (length == 0 || (both_families && transport != TRANSPORT_TCP) ||
	    size < MNL_NLMSG_HDRLEN + MNL_ALIGN(header) + MNL_ATTR_HDRLEN + MNL_ALIGN(length))
		return NULL;
	message = mnl_nlmsg_put_header(buffer);
	message->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	message->nlmsg_seq = sequence;
	if (both_families) {
		struct inet_diag_req *request = mnl_nlmsg_put_extra_header(message, header);

		message->nlmsg_type = TCPDIAG_GETSOCK;
		request->idiag_family = AF_UNSPEC;
		request->idiag_states = states;
		id = &request->id;
	} else {
		struct inet_diag_req_v2 *request = mnl_nlmsg_put_extra_header(message, header);

		message->nlmsg_type = SOCK_DIAG_BY_FAMILY;
		request->sdiag_family = (uint8_t)family;
		request->sdiag_protocol = transport == TRANSPORT_TCP ? IPPROTO_TCP : IPPROTO_UDP;
		request->idiag_states = states;
		id = &request->id;
	}
	/* With one port, the port field lets the kernel skip other sockets
	 * with one compare before it runs the bytecode, which stays as the
	 * guarantee; with more, 0 lets every socket reach the bytecode. */
	if (count == 1)
		id->idiag_sport = htons(ports[0]);
	mnl_attr_put(message, INET_DIAG_REQ_BYTECODE, length, ops);
	return message;
}

/* The distinct ports of transport among ports, in their first order. */
static int ports_of(const struct transport_port *ports, size_t port_count, enum transport transport,
		    uint16_t *ret_ports, size_t *ret_count)
{
	size_t count = 0;

	for (size_t p = 0; p < port_count; p++) {
		size_t seen = 0;

		if (ports[p].transport != transport)
			continue;
		while (seen < count && ret_ports[seen] != ports[p].port)
			seen++;
		if (seen < count)
			continue;
		if (count == SCAN_PORTS_MAX)
			return -E2BIG;
		ret_ports[count++] = ports[p].port;
	}
	*ret_count = count;
	return 0;
}

static int dump_sockets(struct mnl_socket *netlink, int family, enum transport transport,
			const uint16_t *ports, size_t count, struct listener_list *list)
{
	char buffer[SCAN_REQUEST_SIZE] __attribute__((aligned(8)));
	struct dump_context context = { .list = list, .transport = transport };
	unsigned int sequence = (unsigned int)time(NULL) + (unsigned int)family * 2 + transport;
	const struct nlmsghdr *message = scan_request(buffer, sizeof(buffer), family, transport, ports, count,
						      sequence);

	if (!message)
		return -E2BIG;
	return netlink_dump(netlink, message, handle_socket, &context, &context.error);
}

/* from's listeners of family appended to list, in their order: the
 * list is as the dumps of one family each gave it. */
static int append_family(const struct listener_list *from, int family, struct listener_list *list)
{
	for (size_t i = 0; i < from->count; i++) {
		int r = from->items[i].address.family == family ? listener_list_append(list, &from->items[i]) : 0;

		if (r < 0)
			return r;
	}
	return 0;
}

int scan_listeners(const struct transport_port *ports, size_t port_count, struct listener_list *ret_list)
{
	static const int families[] = { AF_INET, AF_INET6 };
	static const enum transport transports[] = { TRANSPORT_TCP, TRANSPORT_UDP };
	uint16_t wanted[2][SCAN_PORTS_MAX];
	size_t wanted_count[2];
	struct listener_list list = { 0 }, tcp = { 0 };
	struct mnl_socket *netlink;
	bool both_families;
	int r = 0;

	for (size_t t = 0; t < 2; t++) {
		r = ports_of(ports, port_count, transports[t], wanted[t], &wanted_count[t]);
		if (r < 0)
			return r;
	}
	r = netlink_open(NETLINK_SOCK_DIAG, &netlink);
	if (r < 0)
		return r;
	/* TCP's listeners of both families are one table: one walk of it
	 * for both, where a kernel takes the older request that asks so. */
	both_families = wanted_count[0] > 0 &&
		dump_sockets(netlink, AF_UNSPEC, TRANSPORT_TCP, wanted[0], wanted_count[0], &tcp) == 0;
	for (size_t f = 0; f < sizeof(families) / sizeof(families[0]); f++) {
		for (size_t t = 0; t < 2; t++) {
			if (wanted_count[t] == 0)
				continue;
			if (transports[t] == TRANSPORT_TCP && both_families)
				r = append_family(&tcp, families[f], &list);
			else
				r = dump_sockets(netlink, families[f], transports[t], wanted[t], wanted_count[t], &list);
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
	listener_list_free(&tcp);
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
