/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Asks an SSDP responder as the scanners do: one M-SEARCH for ssdp:all
 * over UDP, and every 200 OK that comes back until the wait is over
 * (one datagram a service, none says it is the last), decoded by
 * ssdp_wire.c, counted and summed: what one request costs the host.
 * This host's own minissdpd is first asked over its socket how many
 * services it holds, so the wait ends when that many replies came
 * (ssdp_minissdpd.c); probe HOST waits its whole timeout, as scanners
 * do. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>

#include "base/safe_file.h"
#include "kernel/addresses.h"
#include "services/probe_net.h"
#include "services/ssdp/ssdp_minissdpd.h"
#include "services/ssdp/ssdp_probe.h"
#include "services/udp_ask.h"

#define LOCAL_CANDIDATES_MAX 3
#define LINKS_MAX 32
/* minissdpd answers its socket and sends every reply to an M-SEARCH in
 * one go (measured with 1.6.0: within 7 ms, most of it process start):
 * a reply late by this much after the last one is none of them. */
#define LOCAL_QUIET_MS 30
#define MINISSDPD_ASK_MS 100

const struct ssdp_detail *ssdp_detail_of(const struct service_answer *answer)
{
	static const struct ssdp_detail not_asked = { .status = -ENOTCONN, .registered = -1 };

	return answer->detail ? answer->detail : &not_asked;
}

bool ssdp_answered(const struct ssdp_detail *detail)
{
	return detail->status == 0;
}

void ssdp_detail_take(struct ssdp_detail *detail, const struct ssdp_reply *reply, size_t length)
{
	struct ssdp_service *service;

	detail->datagrams++;
	detail->reply_bytes += length;
	if (!detail->server[0])
		memcpy(detail->server, reply->server, sizeof(detail->server));
	for (size_t i = 0; i < detail->service_count; i++)
		if (strcmp(detail->services[i].st, reply->st) == 0 && strcmp(detail->services[i].usn, reply->usn) == 0)
			return;
	if (detail->service_count >= SSDP_SERVICES_MAX)
		return;
	service = &detail->services[detail->service_count++];
	memcpy(service->st, reply->st, sizeof(service->st));
	memcpy(service->usn, reply->usn, sizeof(service->usn));
	memcpy(service->location, reply->location, sizeof(service->location));
}

struct feed_context {
	struct ssdp_detail *detail;
	int expected;			/* replies due; -1 unknown */
};

/* Every reply is taken; the answer is whole when as many came as
 * minissdpd holds services, else the wait ends it. */
static int feed(void *context, const uint8_t *datagram, size_t length)
{
	struct feed_context *feeding = context;
	struct ssdp_reply reply;
	int r = ssdp_reply_decode(datagram, length, &reply);

	if (r < 0)
		return -EBADMSG;
	ssdp_detail_take(feeding->detail, &reply, length);
	return feeding->expected > 0 && feeding->detail->datagrams >= (size_t)feeding->expected;
}

/* Asks address; returns 0 with the detail filled (unreachable is its
 * status), or -ENOMEM. quiet_ms 0: the whole timeout, as scanners wait;
 * else the wait also ends that long after the last reply. */
static int ask_address(const char *address, uint16_t port, unsigned int timeout_ms, unsigned int quiet_ms,
		       int expected, struct ssdp_detail **ret_detail)
{
	struct ssdp_detail *detail = calloc(1, sizeof(*detail));
	struct feed_context feeding = { .detail = detail, .expected = expected };
	uint8_t request[SSDP_MSEARCH_SIZE];
	struct udp_result result;
	int r;

	if (!detail)
		return -ENOMEM;
	detail->registered = expected;
	r = ssdp_msearch_encode(request, sizeof(request));
	if (r >= 0)
		r = udp_ask_until_quiet(address, port, request, sizeof(request), timeout_ms, quiet_ms, feed,
					&feeding, &result);
	/* The wait is the end of every answer: silence after replies is one. */
	if (detail->datagrams > 0)
		r = 0;
	detail->status = r;
	*ret_detail = detail;
	return 0;
}

static void answer_take(const char *address, struct ssdp_detail *detail, struct service_answer *ret_answer)
{
	*ret_answer = (struct service_answer){
		.reachable = ssdp_answered(detail),
		.request_bytes = SSDP_MSEARCH_SIZE,
		.reply_bytes = detail->reply_bytes,
		.amplification = probe_amplification(detail->reply_bytes, SSDP_MSEARCH_SIZE),
		.probe = &ssdp_probe,
		.detail = detail,
	};
	snprintf(ret_answer->peer, sizeof(ret_answer->peer), "%s", address);
}

/* The host's own public address first, then a private one, then
 * loopback: minissdpd answers only a source on the network of an
 * interface it serves (measured with 1.6.0: "peer ... is not from a
 * LAN" for loopback and every other source), and the host's own
 * address on that interface is such a source. */
static size_t local_candidates(char candidates[][UDP_ADDRESS_MAX])
{
	static const enum scope order[] = { SCOPE_PUBLIC, SCOPE_PRIVATE };
	struct address_list addresses = { 0 };
	size_t count = 0;

	if (addresses_local(&addresses) == 0)
		for (size_t o = 0; o < sizeof(order) / sizeof(order[0]); o++)
			for (size_t i = 0; i < addresses.count; i++) {
				const struct local_address *local = &addresses.items[i];

				if (local->scope == order[o] && local->address.family == AF_INET &&
				    inet_ntop(local->address.family, local->address.bytes, candidates[count], UDP_ADDRESS_MAX)) {
					count++;
					break;
				}
			}
	address_list_free(&addresses);
	snprintf(candidates[count++], UDP_ADDRESS_MAX, "127.0.0.1");
	return count;
}

/* The IPv4 addresses of the links minissdpd serves by its command line,
 * public first: a source it answers. */
static size_t served_candidates(const struct ssdp_config *config, char candidates[][UDP_ADDRESS_MAX])
{
	static const enum scope order[] = { SCOPE_PUBLIC, SCOPE_PRIVATE };
	struct local_link links[LINKS_MAX];
	int link_count = addresses_links(links, LINKS_MAX);
	size_t count = 0;

	for (size_t o = 0; o < sizeof(order) / sizeof(order[0]); o++)
		for (int i = 0; i < link_count && count < LOCAL_CANDIDATES_MAX; i++)
			if (links[i].scope == order[o] && links[i].address.family == AF_INET &&
			    ssdp_config_serves(config, &links[i]) &&
			    inet_ntop(AF_INET, links[i].address.bytes, candidates[count], UDP_ADDRESS_MAX)) {
				count++;
				break;
			}
	return count;
}

static pid_t minissdpd_pid(const struct listener_list *listeners)
{
	for (size_t i = 0; i < listeners->count; i++)
		for (size_t o = 0; o < listeners->items[i].owner_count; o++)
			if (strcmp(listeners->items[i].owners[o].process, "minissdpd") == 0)
				return listeners->items[i].owners[o].pid;
	return 0;
}

/* What minissdpd of pid says of itself: its command line (the links it
 * serves, its socket; *ret_known false when unread) and, over that
 * socket in its own mount namespace (/proc/PID/root: root only), how
 * many services it holds (-1 when it cannot be asked). */
static int minissdpd_services(pid_t pid, struct ssdp_config *ret_config, bool *ret_known)
{
	char path[64], socket_path[MINISSDPD_PATH_MAX] = MINISSDPD_SOCKET, where[MINISSDPD_PATH_MAX];
	struct minissdpd_reply reply;
	char *cmdline = NULL;
	size_t length = 0;

	*ret_known = false;
	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	if (pid > 0 && safe_file_read(path, 0, 4095, &cmdline, &length) == 0 && length > 0)
		*ret_known = minissdpd_cmdline_parse(cmdline, length, ret_config, socket_path) == 0;
	free(cmdline);
	if (socket_path[0] != '/')
		return -1;
	if (pid > 0 ? snprintf(where, sizeof(where), "/proc/%d/root%s", (int)pid, socket_path) >= (int)sizeof(where)
		    : snprintf(where, sizeof(where), "%s", socket_path) >= (int)sizeof(where))
		return -1;
	if (minissdpd_ask_all(where, MINISSDPD_ASK_MS, &reply) < 0)
		return -1;
	return reply.distinct > INT32_MAX ? -1 : (int)reply.distinct;
}

static int ask_local(const struct listener_list *listeners, struct service_answer *ret_answer)
{
	char candidates[LOCAL_CANDIDATES_MAX][UDP_ADDRESS_MAX];
	struct ssdp_detail *detail = NULL;
	struct ssdp_config config;
	bool config_known;
	int registered = minissdpd_services(minissdpd_pid(listeners), &config, &config_known);
	size_t count = config_known ? served_candidates(&config, candidates) : 0;
	size_t c;

	/* Nothing registered: minissdpd answers no M-SEARCH from anyone. */
	if (registered == 0) {
		if (!(detail = calloc(1, sizeof(*detail))))
			return -ENOMEM;
		*detail = (struct ssdp_detail){ .status = -ENOTCONN, .registered = 0 };
		answer_take("", detail, ret_answer);
		return 0;
	}
	if (count == 0)
		count = local_candidates(candidates);
	for (c = 0; c < count; c++) {
		free(detail);
		if (ask_address(candidates[c], SSDP_PORT, PROBE_LOCAL_TIMEOUT_MS, LOCAL_QUIET_MS, registered, &detail) < 0)
			return -ENOMEM;
		if (ssdp_answered(detail) || c + 1 == count)
			break;
	}
	answer_take(candidates[c], detail, ret_answer);
	return 0;
}

/* One address for probe HOST: no exchange at all (no route) is no
 * answer, as probe_each wants it. */
static int ask_answer(const struct sockaddr *address, socklen_t length, unsigned int timeout_ms,
		      struct service_answer *ret_answer)
{
	char text[UDP_ADDRESS_MAX], port[8];
	struct ssdp_detail *detail;
	int r;

	if (getnameinfo(address, length, text, sizeof(text), port, sizeof(port), NI_NUMERICHOST | NI_NUMERICSERV) != 0)
		return -EINVAL;
	if (ask_address(text, (uint16_t)atoi(port), timeout_ms, 0, -1, &detail) < 0)
		return -ENOMEM;
	r = detail->status;
	if (udp_unreachable(r)) {
		free(detail);
		return r;
	}
	answer_take(text, detail, ret_answer);
	return 0;
}

static int ask_each(const char *host, uint16_t port, unsigned int timeout_ms, struct service_address_list *ret_list)
{
	return probe_each(host, port, timeout_ms, ask_answer, ret_list);
}

static bool answer_open(const struct service_answer *answer)
{
	return ssdp_answered(ssdp_detail_of(answer));
}

static bool answer_garbled(const struct service_answer *answer)
{
	return ssdp_detail_of(answer)->status == -EBADMSG;
}

/* minissdpd stays silent to a source off its LAN, as a filter does:
 * scanners count both as closed. */
static const char *closed_because(const struct service_answer *answer)
{
	int status = ssdp_detail_of(answer)->status;
	const char *refusal = probe_refusal(status);

	if (refusal)
		return refusal;
	return status == -ETIMEDOUT ? "no reply to M-SEARCH" : probe_status_text(status);
}

const struct service_probe ssdp_probe = {
	.json_key = "ssdp",
	.request_bytes = SSDP_MSEARCH_SIZE,
	.not_asked = "no SSDP responder was asked.",
	.ask_local = ask_local,
	.ask_each = ask_each,
	.detail_size = sizeof(struct ssdp_detail),
	.answer_print = ssdp_answer_print,
	.answer_json = ssdp_answer_json,
	.answer_from_json = ssdp_answer_from_json,
	.answer_open = answer_open,
	.closed_because = closed_because,
	.answer_garbled = answer_garbled,
	.garbled = "answered on port 1900 with bytes that are no SSDP reply to our M-SEARCH",
	.probe_print = ssdp_probe_print,
	.probe_json = ssdp_probe_json,
	.report_findings = ssdp_report_findings,
	.report_appendix = ssdp_report_appendix,
};
