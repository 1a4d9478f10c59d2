/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "base/grow.h"
#include "kernel/addresses.h"
#include "kernel/netlink_dump.h"
#include "model/cidr.h"

struct dump_context {
	struct address_list *list;
	int error;
};

static int address_list_add(struct address_list *list, const struct local_address *address)
{
	if (address_list_contains(list, &address->address))
		return 0;	/* the same address on two interfaces */
	struct local_address *items = grow_for_one(list->items, list->count, &list->capacity, sizeof(*items));

	if (!items)
		return -ENOMEM;
	list->items = items;
	list->items[list->count++] = *address;
	return 0;
}

static int parse_attribute(const struct nlattr *attribute, void *data)
{
	const struct nlattr **table = data;
	int type = mnl_attr_get_type(attribute);

	if (mnl_attr_type_valid(attribute, IFA_MAX) < 0)
		return MNL_CB_OK;
	if (type == IFA_FLAGS && mnl_attr_validate(attribute, MNL_TYPE_U32) < 0)
		return MNL_CB_ERROR;
	table[type] = attribute;
	return MNL_CB_OK;
}

static int handle_address(const struct nlmsghdr *message, void *data)
{
	struct dump_context *context = data;
	const struct nlattr *table[IFA_MAX + 1] = { 0 };
	const struct ifaddrmsg *header;
	const struct nlattr *attribute;
	struct local_address address = { 0 };
	uint32_t flags;
	size_t size;

	if (mnl_nlmsg_get_payload_len(message) < sizeof(*header))
		return MNL_CB_ERROR;
	header = mnl_nlmsg_get_payload(message);
	if (header->ifa_family != AF_INET && header->ifa_family != AF_INET6)
		return MNL_CB_OK;
	if (mnl_attr_parse(message, sizeof(*header), parse_attribute, table) < 0)
		return MNL_CB_ERROR;
	flags = table[IFA_FLAGS] ? mnl_attr_get_u32(table[IFA_FLAGS]) : header->ifa_flags;
	if (flags & IFA_F_DADFAILED)
		return MNL_CB_OK;
	/* On a point-to-point link IFA_ADDRESS is the peer; IFA_LOCAL, when
	 * present, is always this side. */
	attribute = table[IFA_LOCAL] ? table[IFA_LOCAL] : table[IFA_ADDRESS];
	size = header->ifa_family == AF_INET ? 4 : 16;
	if (!attribute || mnl_attr_get_payload_len(attribute) != size)
		return MNL_CB_OK;
	address.address.family = header->ifa_family;
	memcpy(address.address.bytes, mnl_attr_get_payload(attribute), size);
	address.prefix_length = header->ifa_prefixlen;
	address.scope = ip_address_scope(&address.address);
	address.interface_index = header->ifa_index;
	context->error = address_list_add(context->list, &address);
	return context->error < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

int addresses_local(struct address_list *ret_list)
{
	char buffer[NETLINK_REQUEST_SIZE] __attribute__((aligned(8)));
	struct address_list list = { 0 };
	struct dump_context context = { .list = &list };
	struct mnl_socket *netlink;
	struct nlmsghdr *message;
	struct ifaddrmsg *request;
	int r;

	r = netlink_open(NETLINK_ROUTE, &netlink);
	if (r < 0)
		return r;
	message = mnl_nlmsg_put_header(buffer);
	message->nlmsg_type = RTM_GETADDR;
	message->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	message->nlmsg_seq = (unsigned int)time(NULL);
	request = mnl_nlmsg_put_extra_header(message, sizeof(*request));
	request->ifa_family = AF_UNSPEC;
	r = netlink_dump(netlink, message, handle_address, &context, &context.error);
	if (r == 0) {
		*ret_list = list;
		list = (struct address_list){ 0 };
	}
	mnl_socket_close(netlink);
	address_list_free(&list);
	return r;
}

void address_list_free(struct address_list *list)
{
	free(list->items);
	*list = (struct address_list){ 0 };
}

bool address_list_contains(const struct address_list *list, const struct ip_address *address)
{
	size_t size = address->family == AF_INET ? 4 : 16;

	for (size_t i = 0; list && i < list->count; i++)
		if (list->items[i].address.family == address->family &&
		    memcmp(list->items[i].address.bytes, address->bytes, size) == 0)
			return true;
	return false;
}

bool address_list_has_public(const struct address_list *list)
{
	for (size_t i = 0; list && i < list->count; i++)
		if (list->items[i].scope == SCOPE_PUBLIC)
			return true;
	return false;
}

int addresses_shown(const struct address_list *list, struct ip_address **ret_addresses, size_t *ret_count)
{
	struct ip_address *addresses = calloc(list && list->count ? list->count : 1, sizeof(*addresses));
	size_t count = 0;

	if (!addresses)
		return -ENOMEM;
	for (size_t i = 0; list && i < list->count; i++)
		if (list->items[i].scope != SCOPE_LOOPBACK && list->items[i].scope != SCOPE_LINK_LOCAL)
			addresses[count++] = list->items[i].address;
	*ret_addresses = addresses;
	*ret_count = count;
	return 0;
}

json_t *addresses_json_array(const struct ip_address *addresses, size_t count)
{
	json_t *array = json_array();

	for (size_t i = 0; array && i < count; i++) {
		char text[CIDR_TEXT_MAX];

		if (json_array_append_new(array, json_string(ip_address_format(&addresses[i], text))) < 0) {
			json_decref(array);
			return NULL;
		}
	}
	return array;
}

json_t *addresses_json(const struct address_list *list)
{
	struct ip_address *addresses;
	size_t count;
	json_t *array;

	if (addresses_shown(list, &addresses, &count) < 0)
		return NULL;
	array = addresses_json_array(addresses, count);
	free(addresses);
	return array;
}

int addresses_links(struct local_link *links, size_t max)
{
	struct address_list addresses = { 0 };
	size_t count = 0;
	int r = addresses_local(&addresses);

	if (r < 0)
		return r;
	for (size_t i = 0; i < addresses.count && count < max; i++) {
		const struct local_address *local = &addresses.items[i];
		struct local_link link = { .scope = local->scope, .address = local->address };
		char text[CIDR_TEXT_MAX], address[CIDR_TEXT_MAX];

		if ((local->scope != SCOPE_PUBLIC && local->scope != SCOPE_PRIVATE) ||
		    !if_indextoname(local->interface_index, link.name))
			continue;
		/* parsed as text: host bits cleared, a mapped IPv4 unmapped */
		snprintf(text, sizeof(text), "%s/%u", ip_address_format(&local->address, address), local->prefix_length);
		if (cidr_parse(text, &link.network) < 0)
			continue;
		links[count++] = link;
	}
	address_list_free(&addresses);
	return (int)count;
}
