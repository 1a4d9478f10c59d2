/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The NetBIOS name service's answer for people: the name table and the
 * unit ID a node status request gets, in check's section and in probe
 * HOST. */
#include "config.h"

#include <stdio.h>

#include "services/netbios/netbios_probe.h"
#include "services/probe_net.h"

void netbios_mac_format(const uint8_t mac[NETBIOS_MAC_SIZE], char *buffer, size_t size)
{
	snprintf(buffer, size, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

void netbios_name_flags_format(const struct netbios_name *name, char *buffer, size_t size)
{
	static const char ont[] = "BPMH";

	snprintf(buffer, size, "<%02x> %s %c%s%s%s%s", name->suffix, name->flags & NETBIOS_NAME_GROUP ? "GROUP" : "UNIQUE",
		 ont[(name->flags & NETBIOS_NAME_ONT_MASK) >> 13], name->flags & NETBIOS_NAME_ACTIVE ? " ACTIVE" : "",
		 name->flags & NETBIOS_NAME_PERMANENT ? " PERMANENT" : "",
		 name->flags & NETBIOS_NAME_CONFLICT ? " CONFLICT" : "",
		 name->flags & NETBIOS_NAME_DEREGISTER ? " DEREGISTERING" : "");
}

/* "machine PGSERVER, workgroup PGGROUP, users alice, bob, MAC ..." */
static void leak_print(const struct netbios_detail *detail, FILE *out)
{
	const struct netbios_name *machine = netbios_status_machine(&detail->node);
	const struct netbios_name *workgroup = netbios_status_workgroup(&detail->node);
	const struct netbios_name *user;
	char mac[24];

	if (!netbios_answered(detail))
		return;
	fprintf(out, "Names: %zu; machine %s, workgroup %s", detail->node.name_count, machine ? machine->name : "-",
		workgroup ? workgroup->name : "-");
	for (size_t i = 0; (user = netbios_status_user(&detail->node, i)); i++)
		fprintf(out, "%s%s", i ? ", " : ", users ", user->name);
	if (netbios_status_has_mac(&detail->node)) {
		netbios_mac_format(detail->node.unit_id, mac, sizeof(mac));
		fprintf(out, ", MAC %s", mac);
	}
	fputc('\n', out);
	for (size_t i = 0; i < detail->node.name_count; i++) {
		char flags[64];

		netbios_name_flags_format(&detail->node.names[i], flags, sizeof(flags));
		fprintf(out, "  %-15s %s\n", detail->node.names[i].name, flags);
	}
}

static void sizes_print(const struct service_answer *answer, FILE *out)
{
	const struct netbios_detail *detail = netbios_detail_of(answer);

	fprintf(out, "Node status request of %zu bytes: %s", answer->request_bytes, probe_status_text(detail->status));
	if (answer->reply_bytes)
		fprintf(out, " (%zu bytes); amplification %.2fx\n", answer->reply_bytes, answer->amplification);
	else
		fprintf(out, "; no amplification\n");
}

void netbios_answer_print(const struct service_answer *answer, FILE *out)
{
	const struct netbios_detail *detail = netbios_detail_of(answer);

	if (!answer->reachable) {
		fprintf(out, "nmbd at %s did not answer a node status request (%s).\n",
			answer->peer[0] ? answer->peer : "127.0.0.1", probe_status_text(detail->status));
		return;
	}
	fprintf(out, "nmbd at %s answers a node status request for *.\n", answer->peer);
	leak_print(detail, out);
	sizes_print(answer, out);
}

void netbios_probe_print(const struct service_answer *answer, uint16_t port, bool open, FILE *out)
{
	const struct netbios_detail *detail = netbios_detail_of(answer);
	const struct netbios_name *machine = netbios_status_machine(&detail->node);

	fprintf(out, "UDP: %s\n", open ? "open" : "closed");
	sizes_print(answer, out);
	leak_print(detail, out);
	if (open)
		fprintf(out, "\nVerdict: OPEN - %s answers a NetBIOS node status request on port %u from here%s%s, amplification %.2fx.\n",
			answer->peer, port, machine ? " and leaks the machine name " : "", machine ? machine->name : "",
			answer->amplification);
	else
		fprintf(out, "\nVerdict: closed (%s) - no NetBIOS name service answers a node status request on port %u of %s from here.\n",
			netbios_probe.closed_because(answer), port, answer->peer);
}
