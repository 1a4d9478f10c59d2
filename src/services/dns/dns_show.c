/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The DNS server's answer for people: whether it recursed for the
 * asker, and what the ANY query got back, in check's section and in
 * probe HOST. */
#include "config.h"

#include <errno.h>
#include <stdio.h>

#include "services/dns/dns_probe.h"
#include "services/probe_net.h"

void dns_reply_format(const struct dns_reply *reply, char *buffer, size_t size)
{
	snprintf(buffer, size, "%s, %s%s, %u answer%s", dns_rcode_name(reply->rcode),
		 reply->recursion_available ? "RA" : "no RA", reply->authoritative ? ", AA" : "",
		 reply->answer_count, reply->answer_count == 1 ? "" : "s");
}

static void exchange_print(const char *what, const struct dns_exchange *exchange, FILE *out)
{
	char text[128];

	if (exchange->status == -ENOTCONN)
		return;
	fprintf(out, "%s (%zu bytes): %s", what, exchange->request_bytes, probe_status_text(exchange->status));
	if (exchange->status == 0) {
		dns_reply_format(&exchange->reply, text, sizeof(text));
		fprintf(out, ", %s (%zu bytes)", text, exchange->reply_bytes);
	}
	fputc('\n', out);
	for (size_t i = 0; exchange->status == 0 && i < exchange->reply.records_kept; i++) {
		const struct dns_record *record = &exchange->reply.records[i];
		const char *type = dns_type_name(record->type);

		if (type)
			fprintf(out, "  %s %s\n", type, record->text);
		else
			fprintf(out, "  TYPE%u (%u bytes)\n", record->type, record->rdata_bytes);
	}
}

static void sizes_print(const struct service_answer *answer, FILE *out)
{
	const struct dns_detail *detail = dns_detail_of(answer);

	exchange_print("Recursive query A " DNS_PROBE_NAME, &detail->recursive, out);
	exchange_print("Query ANY .", &detail->any, out);
	if (answer->reply_bytes)
		fprintf(out, "Largest reply: %zu bytes to %zu; amplification %.2fx\n", answer->reply_bytes,
			answer->request_bytes, answer->amplification);
	else
		fprintf(out, "No amplification\n");
}

void dns_answer_print(const struct service_answer *answer, FILE *out)
{
	const struct dns_detail *detail = dns_detail_of(answer);

	if (!answer->reachable) {
		fprintf(out, "The DNS server at %s did not answer a recursive query (%s).\n",
			answer->peer[0] ? answer->peer : "127.0.0.1", probe_status_text(detail->recursive.status));
		return;
	}
	fprintf(out, "The DNS server at %s %s.\n", answer->peer,
		dns_recurses(detail) ? "recurses for the asker (an open resolver to whoever it answers)"
				     : "answers but does not recurse for the asker");
	sizes_print(answer, out);
}

void dns_probe_print(const struct service_answer *answer, uint16_t port, bool open, FILE *out)
{
	fprintf(out, "UDP: %s\n", dns_answered(dns_detail_of(answer)) ? "answered" : "closed");
	sizes_print(answer, out);
	if (open)
		fprintf(out, "\nVerdict: OPEN - %s resolves a name of a foreign domain for this address on port %u "
			"(an open resolver), amplification %.2fx.\n", answer->peer, port, answer->amplification);
	else
		fprintf(out, "\nVerdict: closed (%s) - no open resolver on port %u of %s from here.\n",
			dns_probe.closed_because(answer), port, answer->peer);
}
