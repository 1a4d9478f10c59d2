/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mDNS's answer for people: the service types, instance names and ports
 * it gave away, the bytes and the factor. */
#include "config.h"

#include "services/mdns/mdns_probe.h"
#include "services/probe_net.h"

static void leaks_print(const struct mdns_detail *detail, FILE *out)
{
	fprintf(out, "%zu question%s (%zu bytes): %zu bytes in %zu datagram%s\n", detail->queries,
		detail->queries == 1 ? "" : "s", detail->request_bytes, detail->reply_bytes, detail->datagrams,
		detail->datagrams == 1 ? "" : "s");
	if (detail->type_count) {
		fprintf(out, "Service types (%s):\n", MDNS_SERVICES_NAME);
		for (size_t i = 0; i < detail->type_count; i++)
			fprintf(out, "  %s\n", detail->types[i]);
	}
	if (detail->instance_count) {
		fprintf(out, "Instances:\n");
		for (size_t i = 0; i < detail->instance_count; i++)
			fprintf(out, "  %s\n", detail->instances[i]);
	}
	if (detail->port_count) {
		fprintf(out, "Ports:");
		for (size_t i = 0; i < detail->port_count; i++)
			fprintf(out, " %u", detail->ports[i]);
		fputc('\n', out);
	}
}

void mdns_answer_print(const struct service_answer *answer, FILE *out)
{
	const struct mdns_detail *detail = mdns_detail_of(answer);

	if (!answer->reachable) {
		fprintf(out, "avahi-daemon at %s did not answer the mDNS question for %s (%s).\n",
			answer->peer[0] ? answer->peer : "127.0.0.1", MDNS_SERVICES_NAME,
			probe_status_text(detail->services));
		return;
	}
	fprintf(out, "avahi-daemon at %s answered (amplification %.1fx):\n", answer->peer, answer->amplification);
	leaks_print(detail, out);
}

void mdns_probe_print(const struct service_answer *answer, uint16_t port, bool open, FILE *out)
{
	const struct mdns_detail *detail = mdns_detail_of(answer);

	if (detail->queries)
		leaks_print(detail, out);
	if (open)
		fprintf(out, "\nVerdict: OPEN - %s answers mDNS questions on port %u from here: %zu service type%s, %zu instance%s, amplification %.1fx.\n",
			answer->peer, port, detail->type_count, detail->type_count == 1 ? "" : "s",
			detail->instance_count, detail->instance_count == 1 ? "" : "s", answer->amplification);
	else
		fprintf(out, "\nVerdict: closed (%s) - no mDNS answer on port %u of %s from here.\n",
			mdns_probe.closed_because(answer), port, answer->peer);
}
