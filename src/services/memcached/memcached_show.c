/* SPDX-License-Identifier: GPL-2.0-or-later */
/* memcached's answer for people: what stats leaks, and the datagrams
 * one request got back, in check's section and in probe HOST. */
#include "config.h"

#include <inttypes.h>

#include "services/memcached/memcached_probe.h"
#include "services/probe_net.h"

static void leak_print(const struct memcached_leak *leak, FILE *out)
{
	if (!leak->known)
		return;
	fprintf(out, "stats: version %s, pid %" PRId64 ", uptime %" PRId64 " s, time %" PRId64
		", pointer_size %" PRId64 ", curr_connections %" PRId64 ", total_connections %" PRId64 " (%zu stats)\n",
		leak->version[0] ? leak->version : "?", leak->pid, leak->uptime, leak->time, leak->pointer_size,
		leak->curr_connections, leak->total_connections, leak->stat_count);
}

static void udp_print(const struct service_answer *answer, FILE *out)
{
	const struct memcached_detail *detail = memcached_detail_of(answer);

	fprintf(out, "UDP stats of %zu bytes: ", answer->request_bytes);
	if (detail->udp_datagrams)
		fprintf(out, "%zu bytes in %zu datagram%s (%s)", detail->udp_reply_bytes, detail->udp_datagrams,
			detail->udp_datagrams == 1 ? "" : "s", probe_status_text(detail->udp_status));
	else
		fprintf(out, "%s", probe_status_text(detail->udp_status));
	if (answer->reply_bytes)
		fprintf(out, "; amplification %.2fx\n", answer->amplification);
	else
		fprintf(out, "; no amplification\n");
}

static void tcp_print(const struct memcached_detail *detail, FILE *out)
{
	fprintf(out, "TCP stats: %s", probe_status_text(detail->tcp_status));
	if (detail->tcp_reply_bytes)
		fprintf(out, " (%zu bytes)", detail->tcp_reply_bytes);
	fputc('\n', out);
}

void memcached_answer_print(const struct service_answer *answer, FILE *out)
{
	const struct memcached_detail *detail = memcached_detail_of(answer);

	if (!answer->reachable) {
		fprintf(out, "memcached at %s did not answer stats (UDP: %s, TCP: %s).\n",
			answer->peer[0] ? answer->peer : "127.0.0.1", probe_status_text(detail->udp_status),
			probe_status_text(detail->tcp_status));
		return;
	}
	fprintf(out, "memcached at %s answers stats.\n", answer->peer);
	leak_print(&detail->leak, out);
	udp_print(answer, out);
	tcp_print(detail, out);
}

void memcached_probe_print(const struct service_answer *answer, uint16_t port, bool open, FILE *out)
{
	const struct memcached_detail *detail = memcached_detail_of(answer);

	fprintf(out, "UDP: %s\n", memcached_udp_answered(detail) ? "open" : "closed");
	udp_print(answer, out);
	fprintf(out, "TCP: %s\n", memcached_tcp_answered(detail) ? "open" : detail->tcp_open ? "connected, no stats" : "closed");
	tcp_print(detail, out);
	leak_print(&detail->leak, out);
	if (open)
		fprintf(out, "\nVerdict: OPEN - %s answers memcached stats on port %u from here (%s%s%s), UDP amplification %.2fx.\n",
			answer->peer, port, memcached_udp_answered(detail) ? "UDP" : "",
			memcached_udp_answered(detail) && memcached_tcp_answered(detail) ? " and " : "",
			memcached_tcp_answered(detail) ? "TCP" : "", answer->amplification);
	else
		fprintf(out, "\nVerdict: closed (%s) - no memcached answers stats on port %u of %s from here.\n",
			memcached_probe.closed_because(answer), port, answer->peer);
}
