/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WS-Discovery's answer for people: what the unicast and the link's
 * Probe got back, and what the match leaks, in check's section and in
 * probe HOST. */
#include "config.h"

#include <errno.h>
#include <stdio.h>

#include "services/probe_net.h"
#include "services/wsd/wsd_probe.h"

void wsd_reply_format(const struct wsd_reply *reply, char *buffer, size_t size)
{
	snprintf(buffer, size, "%s %s%s%s%s", wsd_kind_name(reply->kind), reply->endpoint.text,
		 reply->types.present ? " (" : "", reply->types.present ? reply->types.text : "",
		 reply->types.present ? ")" : "");
}

static void exchange_print(const char *how, size_t request_bytes, const struct wsd_exchange *exchange, FILE *out)
{
	char reply[2 * WSD_TEXT_MAX + 64];

	if (exchange->status == -ENOTCONN)
		return;
	fprintf(out, "Probe %s (%zu bytes): %s", how, request_bytes, probe_status_text(exchange->status));
	if (exchange->status == 0) {
		wsd_reply_format(&exchange->reply, reply, sizeof(reply));
		fprintf(out, ", %s, %zu datagram%s, %zu bytes", reply, exchange->datagrams,
			exchange->datagrams == 1 ? "" : "s", exchange->reply_bytes);
	}
	fputc('\n', out);
}

static void leaks_print(const struct wsd_exchange *exchange, FILE *out)
{
	char host[WSD_TEXT_MAX + 1];

	if (!exchange)
		return;
	if (exchange->reply.xaddrs.present && exchange->reply.xaddrs.bytes)
		fprintf(out, "XAddrs: %s\n", exchange->reply.xaddrs.text);
	if (wsd_xaddrs_host(exchange->reply.xaddrs.text, host, sizeof(host)))
		fprintf(out, "Host in XAddrs: %s\n", host);
}

static void exchanges_print(const struct service_answer *answer, FILE *out)
{
	const struct wsd_detail *detail = wsd_detail_of(answer);

	exchange_print("to the address", detail->request_bytes, &detail->unicast, out);
	exchange_print("to " WSD_GROUP4 " on the link", detail->request_bytes, &detail->multicast, out);
	leaks_print(wsd_answering(detail), out);
	if (answer->reply_bytes)
		fprintf(out, "Largest reply %zu bytes to %zu; amplification %.2fx\n", answer->reply_bytes,
			answer->request_bytes, answer->amplification);
}

void wsd_answer_print(const struct service_answer *answer, FILE *out)
{
	const struct wsd_detail *detail = wsd_detail_of(answer);

	if (!answer->reachable) {
		fprintf(out, "WS-Discovery at %s did not answer a Probe (%s).\n",
			answer->peer[0] ? answer->peer : "127.0.0.1", probe_status_text(detail->unicast.status));
		return;
	}
	if (detail->unicast.status == 0)
		fprintf(out, "WS-Discovery at %s answers a unicast Probe from anyone.\n", answer->peer);
	else
		fprintf(out, "WS-Discovery at %s answers a Probe to %s only: the hosts of its links, never an off-link scanner%s%s.\n",
			answer->peer, WSD_GROUP4, detail->public_link ? "; it serves a public link, at " : "",
			detail->public_link ? detail->public_address : "");
	exchanges_print(answer, out);
}

void wsd_probe_print(const struct service_answer *answer, uint16_t port, bool open, FILE *out)
{
	const struct wsd_detail *detail = wsd_detail_of(answer);

	fprintf(out, "UDP: %s\n", open ? "open" : "closed");
	exchanges_print(answer, out);
	if (open)
		fprintf(out, "\nVerdict: OPEN - %s answers a WS-Discovery Probe on port %u from here%s, amplification %.2fx.\n",
			answer->peer, port, detail->unicast.status == 0 ? "" : " (to the group, as a host of its link)",
			answer->amplification);
	else
		fprintf(out, "\nVerdict: closed (%s) - no WS-Discovery responder answers a Probe on port %u of %s from here.\n",
			wsd_probe.closed_because(answer), port, answer->peer);
}
