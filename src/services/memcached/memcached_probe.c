/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Asks memcached as the scanners do: `stats` in one UDP datagram with
 * the frame header (one retry while nothing came back), every datagram
 * of the reply reassembled by memcached_wire.c and counted; then the
 * same over TCP. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "services/memcached/memcached_probe.h"
#include "services/probe_net.h"

const struct memcached_detail *memcached_detail_of(const struct service_answer *answer)
{
	static const struct memcached_detail not_asked = { .udp_status = -ENOTCONN, .tcp_status = -ENOTCONN };

	return answer->detail ? answer->detail : &not_asked;
}

bool memcached_udp_answered(const struct memcached_detail *detail)
{
	return detail->udp_status == 0 || detail->udp_status == -EPROTO;
}

bool memcached_tcp_answered(const struct memcached_detail *detail)
{
	return detail->tcp_status == 0 || detail->tcp_status == -EPROTO;
}

/* The stats text into the leak, unless one was read before. Returns
 * the status: 0, -EPROTO (an error line), -EBADMSG, -E2BIG, -ENOMEM. */
static int take_stats(const char *text, size_t length, struct memcached_leak *leak)
{
	struct memcached_stats stats;
	int r = memcached_stats_parse(text, length, &stats);

	if (r < 0)
		return r;
	if (!leak->known)
		*leak = (struct memcached_leak){
			.known = true,
			.pid = stats.pid, .uptime = stats.uptime, .time = stats.time,
			.pointer_size = stats.pointer_size, .curr_connections = stats.curr_connections,
			.total_connections = stats.total_connections, .stat_count = stats.count,
		};
	if (leak->version[0] == '\0')
		memcpy(leak->version, stats.version, sizeof(leak->version));
	memcached_stats_free(&stats);
	return 0;
}

static int udp_collect(int fd, struct memcached_udp_reply *reply, uint8_t *buffer, uint64_t deadline, bool *stray)
{
	for (;;) {
		ssize_t received;
		int r = net_wait(fd, POLLIN, deadline);

		if (r < 0)
			return r;
		received = recv(fd, buffer, PROBE_DATAGRAM_MAX, 0);
		if (received < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			return -errno;
		}
		r = memcached_udp_reply_feed(reply, buffer, (size_t)received);
		if (r == 1 || r == -ENOMEM)
			return r == 1 ? 0 : r;
		if (r < 0)
			*stray = true;	/* another request's, or garbage: not counted */
	}
}

static int udp_stats(const struct sockaddr *address, socklen_t length, unsigned int timeout_ms,
		     struct memcached_detail *detail, bool *ret_sent)
{
	_cleanup_free_ uint8_t *buffer = malloc(PROBE_DATAGRAM_MAX);
	_cleanup_close_ int fd = -1;
	struct memcached_udp_reply reply;
	uint16_t id = (uint16_t)net_random32();
	uint8_t request[MEMCACHED_UDP_STATS_SIZE];
	bool stray = false;
	int r;

	if (!buffer)
		return -ENOMEM;
	r = net_udp_open(address, length, &fd);
	if (r < 0)
		return r;
	memcached_udp_reply_init(&reply, id);
	r = memcached_udp_stats_encode(id, request, sizeof(request));
	for (int attempt = 0; r >= 0 && attempt < 2; attempt++) {
		if (send(fd, request, sizeof(request), 0) < 0) {
			r = -errno;
			break;
		}
		*ret_sent = true;
		r = udp_collect(fd, &reply, buffer, net_now_ms() + timeout_ms, &stray);
		/* asked again only while nothing came back */
		if (r != -ETIMEDOUT || reply.received > 0)
			break;
	}
	detail->udp_datagrams = reply.received;
	detail->udp_reply_bytes = reply.wire_bytes;
	if (r == 0) {
		_cleanup_free_ char *text = NULL;
		size_t text_length;

		r = memcached_udp_reply_join(&reply, &text, &text_length);
		if (r == 0)
			r = take_stats(text, text_length, &detail->leak);
	} else if (r == -ETIMEDOUT && (reply.received > 0 || stray)) {
		r = -EBADMSG;	/* datagrams missing, or none of ours */
	}
	memcached_udp_reply_free(&reply);
	detail->udp_status = r;
	return r == -ENOMEM ? r : 0;
}

static int tcp_stats(const struct sockaddr *address, socklen_t length, unsigned int timeout_ms,
		     struct memcached_detail *detail)
{
	_cleanup_free_ char *text = malloc(MEMCACHED_TEXT_MAX + 1);
	_cleanup_close_ int fd = -1;
	uint64_t deadline;
	size_t used = 0;
	int r;

	if (!text)
		return -ENOMEM;
	r = net_tcp_connect(address, length, timeout_ms, &fd);
	detail->tcp_open = r == 0;
	deadline = net_now_ms() + timeout_ms;
	if (r == 0)
		r = net_tcp_send_all(fd, MEMCACHED_STATS_COMMAND, strlen(MEMCACHED_STATS_COMMAND), deadline);
	while (r == 0 && !memcached_reply_complete(text, used)) {
		ssize_t received;

		if (used == MEMCACHED_TEXT_MAX) {
			r = -E2BIG;
			break;
		}
		r = net_wait(fd, POLLIN, deadline);
		if (r < 0)
			break;
		received = recv(fd, text + used, MEMCACHED_TEXT_MAX - used, 0);
		if (received == 0)
			r = -ECONNRESET;
		else if (received < 0 && errno != EAGAIN && errno != EINTR)
			r = -errno;
		else if (received > 0)
			used += (size_t)received;
		text[used] = '\0';
	}
	detail->tcp_reply_bytes = used;
	if (r == 0)
		r = take_stats(text, used, &detail->leak);
	detail->tcp_status = r;
	return r == -ENOMEM ? r : 0;
}

static int ask_address(const struct sockaddr *address, socklen_t length, unsigned int timeout_ms,
		       struct service_answer *ret_answer)
{
	struct memcached_detail *detail = calloc(1, sizeof(*detail));
	bool sent = false;
	int r;

	if (!detail)
		return -ENOMEM;
	detail->leak = (struct memcached_leak){ .pid = -1, .uptime = -1, .time = -1, .pointer_size = -1,
						 .curr_connections = -1, .total_connections = -1 };
	r = udp_stats(address, length, timeout_ms, detail, &sent);
	/* After the request went out, an error is an ICMP answer to it. */
	if (r == 0 && net_unreachable(detail->udp_status) && !sent)
		r = detail->udp_status;
	if (r == 0)
		r = tcp_stats(address, length, timeout_ms, detail);
	if (r < 0) {
		free(detail);
		return r;
	}
	*ret_answer = (struct service_answer){
		.reachable = memcached_udp_answered(detail) || memcached_tcp_answered(detail),
		.request_bytes = MEMCACHED_UDP_STATS_SIZE,
		.reply_bytes = detail->udp_reply_bytes,
		.amplification = probe_amplification(detail->udp_reply_bytes, MEMCACHED_UDP_STATS_SIZE),
		.probe = &memcached_probe,
		.detail = detail,
	};
	return 0;
}

static int ask_local(const struct listener_list *listeners, struct service_answer *ret_answer)
{
	return probe_local(listeners, MEMCACHED_PORT, ask_address, ret_answer);
}

static int ask_each(const char *host, uint16_t port, unsigned int timeout_ms, struct service_address_list *ret_list)
{
	return probe_each(host, port, timeout_ms, ask_address, ret_list);
}

static bool answer_open(const struct service_answer *answer)
{
	const struct memcached_detail *detail = memcached_detail_of(answer);

	return memcached_udp_answered(detail) || memcached_tcp_answered(detail);
}

static bool answer_garbled(const struct service_answer *answer)
{
	const struct memcached_detail *detail = memcached_detail_of(answer);

	return !answer_open(answer) && (detail->udp_status == -EBADMSG || detail->tcp_status == -EBADMSG);
}

static const char *closed_because(const struct service_answer *answer)
{
	const struct memcached_detail *detail = memcached_detail_of(answer);
	const char *refusal = probe_refusal(detail->udp_status);

	if (detail->udp_status == -ECONNREFUSED && detail->tcp_status != -ECONNREFUSED)
		return "UDP port unreachable";
	if (refusal)
		return refusal;
	if (detail->udp_status == -ETIMEDOUT)
		return detail->tcp_status == -ECONNREFUSED ? "UDP no reply, TCP refused" : "no reply";
	return probe_status_text(detail->udp_status);
}

const struct service_probe memcached_probe = {
	.json_key = "memcached",
	.request_bytes = MEMCACHED_UDP_STATS_SIZE,
	.not_asked = "only systemd holds port 11211 and memcached is not running; a request would start it. "
		     "An outsider's request would too, so the port counts as exposed.",
	.ask_local = ask_local,
	.ask_each = ask_each,
	.detail_size = sizeof(struct memcached_detail),
	.answer_print = memcached_answer_print,
	.answer_json = memcached_answer_json,
	.answer_from_json = memcached_answer_from_json,
	.answer_open = answer_open,
	.closed_because = closed_because,
	.answer_garbled = answer_garbled,
	.garbled = "answered with bytes that are no memcached reply to stats",
	.probe_print = memcached_probe_print,
	.probe_json = memcached_probe_json,
	.report_findings = memcached_report_findings,
	.report_appendix = memcached_report_appendix,
};
