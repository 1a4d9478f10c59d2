/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SSDP's answer for people: the services one M-SEARCH named, the
 * server they run on, and the datagrams it got back, in check's
 * section and in probe HOST. */
#include "config.h"

#include <errno.h>

#include "services/probe_net.h"
#include "services/ssdp/ssdp_probe.h"

static void services_print(const struct ssdp_detail *detail, FILE *out)
{
	if (detail->server[0])
		fprintf(out, "server: %s\n", detail->server);
	for (size_t i = 0; i < detail->service_count; i++) {
		const struct ssdp_service *service = &detail->services[i];

		fprintf(out, "  %s  %s%s%s\n", service->st[0] ? service->st : "?", service->usn,
			service->location[0] ? "  " : "", service->location);
	}
	if (detail->datagrams > detail->service_count && detail->service_count == SSDP_SERVICES_MAX)
		fprintf(out, "  (only the first %d services are kept)\n", SSDP_SERVICES_MAX);
}

static void replies_print(const struct service_answer *answer, FILE *out)
{
	const struct ssdp_detail *detail = ssdp_detail_of(answer);

	fprintf(out, "M-SEARCH of %zu bytes: ", answer->request_bytes);
	if (detail->datagrams)
		fprintf(out, "%zu bytes in %zu datagram%s", detail->reply_bytes, detail->datagrams,
			detail->datagrams == 1 ? "" : "s");
	else
		fprintf(out, "%s", probe_status_text(detail->status));
	if (answer->reply_bytes)
		fprintf(out, "; amplification %.2fx\n", answer->amplification);
	else
		fprintf(out, "; no amplification\n");
}

void ssdp_answer_print(const struct service_answer *answer, FILE *out)
{
	const struct ssdp_detail *detail = ssdp_detail_of(answer);

	if (detail->status == -ENOTCONN && detail->registered == 0) {
		fprintf(out, "minissdpd was not asked: its socket lists no registered service, so it answers no M-SEARCH "
			"from anyone.\n");
		return;
	}
	if (!answer->reachable) {
		fprintf(out, "SSDP at %s did not answer M-SEARCH (%s).\n", answer->peer[0] ? answer->peer : "127.0.0.1",
			probe_status_text(detail->status));
		return;
	}
	fprintf(out, "SSDP at %s answers M-SEARCH ssdp:all with %zu service%s.\n", answer->peer, detail->datagrams,
		detail->datagrams == 1 ? "" : "s");
	services_print(detail, out);
	replies_print(answer, out);
}

void ssdp_probe_print(const struct service_answer *answer, uint16_t port, bool open, FILE *out)
{
	const struct ssdp_detail *detail = ssdp_detail_of(answer);

	fprintf(out, "UDP: %s\n", ssdp_answered(detail) ? "open" : "closed");
	replies_print(answer, out);
	services_print(detail, out);
	if (open)
		fprintf(out, "\nVerdict: OPEN - %s answers SSDP M-SEARCH on port %u from here (%zu services), amplification %.2fx.\n",
			answer->peer, port, detail->datagrams, answer->amplification);
	else
		fprintf(out, "\nVerdict: closed (%s) - no SSDP responder answers M-SEARCH on port %u of %s from here.\n",
			ssdp_probe.closed_because(answer), port, answer->peer);
}
