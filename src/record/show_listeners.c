/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "base/grow.h"
#include "model/cidr.h"
#include "record/show.h"

const char *transport_name(enum transport transport)
{
	return transport == TRANSPORT_TCP ? "tcp" : "udp";
}

const char *family_name(int family)
{
	return family == AF_INET ? "ipv4" : "ipv6";
}

void show_listeners_text(FILE *out, const struct service *service, const struct listener_list *list)
{
	if (list->count == 0) {
		fprintf(out, "Nothing listens on port %u.\n", service_port(service));
		return;
	}
	fprintf(out, "%-5s %-5s %-40s %-5s %-10s %-7s %s\n", "Proto", "Family", "Address", "Port",
		"Scope", "Exposed", "Owner");
	for (size_t i = 0; i < list->count; i++) {
		const struct listener *listener = &list->items[i];
		char address[CIDR_TEXT_MAX];

		fprintf(out, "%-5s %-6s %-40s %-5u %-10s %-7s", transport_name(listener->transport),
			family_name(listener->address.family), ip_address_format(&listener->address, address),
			listener->port, scope_name(listener->scope),
			!listener->exposed ? "no" : listener->filtered ? "limited" : "yes");
		if (listener->owner_count == 0)
			fprintf(out, " (unknown)");
		for (size_t o = 0; o < listener->owner_count; o++) {
			const struct owner *owner = &listener->owners[o];

			fprintf(out, "%s %s[%d]", o ? "," : "", owner->process, (int)owner->pid);
			if (owner->unit[0])
				fprintf(out, " %s", owner->unit);
		}
		fprintf(out, "%s\n", listener->v6only ? " v6only" : "");
	}
	if (list->owners_incomplete)
		fprintf(out, "Note: the open files of some processes could not be read (not root, or a protected process); owners may be missing.\n");
	if (list->owners_partial)
		fprintf(out, "Note: many processes share the sockets' cgroup, or that cgroup names no process (its holder was moved out, or no cgroup2); the search for owners stopped at the first holder of each socket, so another process holding one too would be missing.\n");
}
