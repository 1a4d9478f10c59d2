/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "assess/listeners.h"
#include "base/grow.h"
#include "kernel/owner.h"
#include "kernel/scan.h"
#include "nft/nft.h"
#include "systemd/units.h"

void listeners_mark_filtered(struct listener_list *list, const struct nft_ruleset *installed)
{
	/* A table edited to trust 0.0.0.0/0 or ::/0 limits nothing. */
	if (nft_ruleset_everything(installed))
		return;
	for (size_t i = 0; i < list->count; i++) {
		enum transport transport = list->items[i].transport;

		if ((installed->shape.transports == NFT_TRANSPORTS_UDP && transport != TRANSPORT_UDP) ||
		    (installed->shape.transports == NFT_TRANSPORTS_TCP && transport != TRANSPORT_TCP))
			continue;
		for (size_t p = 0; p < installed->port_count; p++)
			if (installed->ports[p] == list->items[i].port)
				list->items[i].filtered = true;
	}
}

void listeners_filter_free(struct listeners_filter *filter)
{
	/* A lent table is the kept record's, not the filter's. */
	if (!filter->table_lent)
		nft_table_free(&filter->table);
	filter->table = (struct nft_table){ 0 };
	filter->table_lent = false;
}

/* owner's question to systemd: which socket unit listens there. */
static int socket_unit_for(const struct listener *listener, char *ret_name, char *ret_service_cgroup)
{
	struct socket_unit unit;
	int r = units_socket_unit_for(listener, &unit);

	if (r < 0)
		return r;
	snprintf(ret_name, UNIT_NAME_MAX, "%s", unit.name);
	snprintf(ret_service_cgroup, PATH_MAX, "%s", unit.service_cgroup);
	return 0;
}

int listeners_read(const struct service *service, struct listener_list *ret_list, struct listeners_filter *ret_filter)
{
	return listeners_read_known(service, NULL, NFT_READ_DUMP, ret_list, ret_filter);
}

/* Owners and the table's filter for the service's sockets in list,
 * which becomes *ret_list. */
static int listeners_finish(const struct service *service, struct listener_list list, const struct host *known_host,
			    unsigned int way, struct listener_list *ret_list, struct listeners_filter *ret_filter)
{
	struct listeners_filter filter = { 0 };
	struct error_record read_error = { 0 };
	struct nft_shape shape, shapes[SERVICES_MAX];
	const struct nft_ruleset *part;
	int r = owner_attribute(&list, service->processes, socket_unit_for);

	if (r < 0) {
		listener_list_free(&list);
		return r;
	}
	/* The whole table: other services' parts beside this one's are
	 * portguard's too, not an edit. The service's part is looked at
	 * where it is, not copied out; the kept record is lent. */
	service_nft_shape(service, &shape);
	filter.read = nft_table_read_known_lent(known_host, way, shapes, service_nft_shapes(shapes), &filter.table,
						&filter.table_lent, &read_error);
	part = filter.read == 0 ? nft_table_part(&filter.table, shape.set_prefix) : NULL;
	snprintf(filter.error, sizeof(filter.error), "%.*s", (int)sizeof(filter.error) - 1, read_error.message);
	if (part)
		listeners_mark_filtered(&list, part);
	/* The look of check keeps nothing of the table beyond this. */
	if (way & NFT_READ_ONE_PART) {
		if (!filter.table_lent)
			nft_table_free(&filter.table);
		filter.table = (struct nft_table){ 0 };
		filter.table_lent = false;
	}
	if (ret_filter)
		*ret_filter = filter;
	else
		listeners_filter_free(&filter);
	*ret_list = list;
	return 0;
}

int listeners_read_known(const struct service *service, const struct host *known_host, unsigned int way, struct listener_list *ret_list,
			 struct listeners_filter *ret_filter)
{
	struct listener_list list = { 0 };
	int r = scan_listeners(service->ports, service->port_count, &list);

	if (r < 0) {
		listener_list_free(&list);
		return r;
	}
	return listeners_finish(service, list, known_host, way, ret_list, ret_filter);
}

static bool on_service_port(const struct service *service, const struct listener *listener)
{
	for (size_t i = 0; i < service->port_count; i++)
		if (service->ports[i].port == listener->port && service->ports[i].transport == listener->transport)
			return true;
	return false;
}

int listeners_attribute_scanned(const struct service *const *services, size_t count, struct listener_list *scanned)
{
	const char *likely[SERVICES_MAX * 8 + 1];
	size_t names = 0;

	if (!owner_memo_active())
		return 0;
	for (size_t s = 0; s < count; s++)
		for (const char *const *name = services[s]->processes; name && *name && names < SERVICES_MAX * 8; name++)
			likely[names++] = *name;
	likely[names] = NULL;
	return owner_attribute(scanned, likely, socket_unit_for);
}

int listeners_pick_known(const struct service *service, const struct listener_list *scanned,
			 const struct host *known_host, unsigned int way, struct listener_list *ret_list,
			 struct listeners_filter *ret_filter)
{
	struct listener_list list = { 0 };

	for (size_t i = 0; i < scanned->count; i++) {
		struct listener *items;

		if (!on_service_port(service, &scanned->items[i]))
			continue;
		items = grow_for_one(list.items, list.count, &list.capacity, sizeof(*items));
		if (!items) {
			listener_list_free(&list);
			return -ENOMEM;
		}
		list.items = items;
		list.items[list.count++] = scanned->items[i];
	}
	return listeners_finish(service, list, known_host, way, ret_list, ret_filter);
}
