/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The internal services' answer for people: what each port sent back
 * to one byte, in check's section and in probe HOST. */
#include "config.h"

#include "services/chargen/chargen_probe.h"
#include "services/probe_net.h"

static void ports_print(const struct service_answer *answer, FILE *out)
{
	const struct chargen_detail *detail = chargen_detail_of(answer);

	for (size_t i = 0; i < detail->count; i++) {
		const struct chargen_port *port = &detail->ports[i];

		fprintf(out, "%s %u/udp: ", chargen_kind_name(port->kind), port->port);
		if (port->status == 0)
			fprintf(out, "%zu bytes to %zu, amplification %.2fx \"%s\"\n", port->reply_bytes,
				answer->request_bytes, port->amplification, port->sample);
		else
			fprintf(out, "%s\n", probe_status_text(port->status));
	}
}

void chargen_answer_print(const struct service_answer *answer, FILE *out)
{
	const struct chargen_detail *detail = chargen_detail_of(answer);
	char answered[128];

	if (!answer->reachable) {
		fprintf(out, "The internal services at %s did not answer a datagram.\n",
			answer->peer[0] ? answer->peer : "127.0.0.1");
		ports_print(answer, out);
		return;
	}
	chargen_answered_list(detail, answered, sizeof(answered));
	fprintf(out, "The internal services at %s answer a %zu-byte datagram: %s; amplification up to %.2fx.\n",
		answer->peer, answer->request_bytes, answered, answer->amplification);
	ports_print(answer, out);
}

void chargen_probe_print(const struct service_answer *answer, uint16_t port, bool open, FILE *out)
{
	const struct chargen_detail *detail = chargen_detail_of(answer);
	char answered[128];

	ports_print(answer, out);
	chargen_answered_list(detail, answered, sizeof(answered));
	if (open)
		fprintf(out, "\nVerdict: OPEN - %s answers one byte from here (%s), amplification %.2fx.\n",
			answer->peer, answered, answer->amplification);
	else
		fprintf(out, "\nVerdict: closed (%s) - no internal service answers on port %u of %s from here.\n",
			chargen_probe.closed_because(answer), port, answer->peer);
}
