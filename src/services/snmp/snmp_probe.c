/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Asks an SNMP agent as the scanners do: v1 and v2c GetRequests of
 * sysDescr.0 with community "public" on one UDP socket, one retry, each
 * reply read by the strict decoder of snmp_wire.c. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "services/probe_net.h"
#include "services/snmp/snmp_probe.h"

const struct snmp_detail *snmp_detail_of(const struct service_answer *answer)
{
	static const struct snmp_detail not_asked = {
		.versions = { { .status = -ENOTCONN }, { .status = -ENOTCONN } },
	};

	return answer->detail ? answer->detail : &not_asked;
}

bool snmp_answered(const struct snmp_detail *detail)
{
	for (size_t i = 0; i < SNMP_PROBE_VERSIONS; i++)
		if (detail->versions[i].status == 0)
			return true;
	return false;
}

struct exchange {
	int32_t ids[SNMP_PROBE_VERSIONS];
	bool answered[SNMP_PROBE_VERSIONS];
	bool stray, sent;
	struct snmp_detail *detail;
};

static int send_unanswered(struct exchange *exchange, int fd)
{
	for (size_t i = 0; i < SNMP_PROBE_VERSIONS; i++) {
		uint8_t request[SNMP_REQUEST_MAX];
		int length;

		if (exchange->answered[i])
			continue;
		length = snmp_get_sysdescr_encode((enum snmp_version)i, SNMP_COMMUNITY_PUBLIC, exchange->ids[i],
						  request, sizeof(request));
		if (length < 0)
			return length;
		if (send(fd, request, (size_t)length, 0) < 0)
			return -errno;
		exchange->sent = true;
	}
	return 0;
}

/* A datagram is the answer of the version whose id and version it
 * carries; anything else is stray. */
static void take_reply(struct exchange *exchange, const uint8_t *reply, size_t length)
{
	for (size_t i = 0; i < SNMP_PROBE_VERSIONS; i++) {
		struct snmp_sysdescr result;
		struct snmp_version_result *version = &exchange->detail->versions[i];

		if (snmp_get_sysdescr_decode(reply, length, (enum snmp_version)i, SNMP_COMMUNITY_PUBLIC,
					     exchange->ids[i], &result) < 0)
			continue;
		if (exchange->answered[i])
			return;		/* the answer to our retry as well */
		exchange->answered[i] = true;
		*version = (struct snmp_version_result){
			.status = 0, .reply_bytes = length, .value = result.value, .error_status = result.error_status,
		};
		if (result.value == SNMP_VALUE_TEXT && !exchange->detail->sysdescr[0])
			memcpy(exchange->detail->sysdescr, result.text, sizeof(exchange->detail->sysdescr));
		return;
	}
	exchange->stray = true;
}

static bool all_answered(const struct exchange *exchange)
{
	for (size_t i = 0; i < SNMP_PROBE_VERSIONS; i++)
		if (!exchange->answered[i])
			return false;
	return true;
}

static int exchange_run(struct exchange *exchange, int fd, unsigned int timeout_ms)
{
	_cleanup_free_ uint8_t *buffer = malloc(PROBE_DATAGRAM_MAX);
	int r = 0;

	if (!buffer)
		return -ENOMEM;
	for (int attempt = 0; attempt < 2 && r == 0 && !all_answered(exchange); attempt++) {
		uint64_t deadline = net_now_ms() + timeout_ms;

		r = send_unanswered(exchange, fd);
		while (r == 0 && !all_answered(exchange)) {
			ssize_t received;

			r = net_wait(fd, POLLIN, deadline);
			if (r == -ETIMEDOUT) {
				r = 0;
				break;
			}
			if (r < 0)
				break;
			received = recv(fd, buffer, PROBE_DATAGRAM_MAX, 0);
			if (received < 0)
				r = errno == EAGAIN || errno == EINTR ? 0 : -errno;
			else
				take_reply(exchange, buffer, (size_t)received);
		}
	}
	return r;
}

static int ask_address(const struct sockaddr *address, socklen_t length, unsigned int timeout_ms,
		       struct service_answer *ret_answer)
{
	_cleanup_close_ int fd = -1;
	struct snmp_detail *detail;
	struct exchange exchange = { 0 };
	size_t largest = 0;
	int r = net_udp_open(address, length, &fd);

	if (r < 0)
		return r;
	detail = calloc(1, sizeof(*detail));
	if (!detail)
		return -ENOMEM;
	exchange.detail = detail;
	for (size_t i = 0; i < SNMP_PROBE_VERSIONS; i++)
		/* four octets, never negative: every request is 43 bytes */
		exchange.ids[i] = (int32_t)(0x01000000u + net_random32() % 0x7e000000u);
	r = exchange_run(&exchange, fd, timeout_ms);
	/* After a request went out, an error is an ICMP answer to it (port
	 * unreachable, prohibited): the host was reached, and said no. */
	if (r == -ENOMEM || (net_unreachable(r) && !exchange.sent)) {
		free(detail);
		return r;
	}
	for (size_t i = 0; i < SNMP_PROBE_VERSIONS; i++) {
		if (!exchange.answered[i])
			detail->versions[i].status = r < 0 ? r : exchange.stray ? -EBADMSG : -ETIMEDOUT;
		if (detail->versions[i].reply_bytes > largest)
			largest = detail->versions[i].reply_bytes;
	}
	*ret_answer = (struct service_answer){
		.reachable = snmp_answered(detail),
		.request_bytes = SNMP_PROBE_REQUEST_BYTES,
		.reply_bytes = largest,
		.amplification = probe_amplification(largest, SNMP_PROBE_REQUEST_BYTES),
		.probe = &snmp_probe,
		.detail = detail,
	};
	return 0;
}

static int ask_local(const struct listener_list *listeners, struct service_answer *ret_answer)
{
	return probe_local(listeners, SNMP_PORT, ask_address, ret_answer);
}

static int ask_each(const char *host, uint16_t port, unsigned int timeout_ms, struct service_address_list *ret_list)
{
	return probe_each(host, port, timeout_ms, ask_address, ret_list);
}

static bool answer_open(const struct service_answer *answer)
{
	return snmp_answered(snmp_detail_of(answer));
}

/* Bytes came back, but no GetResponse to our requests could be read. */
static bool answer_garbled(const struct service_answer *answer)
{
	const struct snmp_detail *detail = snmp_detail_of(answer);

	return !snmp_answered(detail) && detail->versions[0].status == -EBADMSG;
}

/* An agent that does not know the community stays silent, as one that
 * is filtered does: scanners count both as closed. */
static const char *closed_because(const struct service_answer *answer)
{
	int status = snmp_detail_of(answer)->versions[0].status;
	const char *refusal = probe_refusal(status);

	if (refusal)
		return refusal;
	return status == -ETIMEDOUT ? "no reply to community public" : probe_status_text(status);
}

const struct service_probe snmp_probe = {
	.json_key = "snmp",
	.request_bytes = SNMP_PROBE_REQUEST_BYTES,
	.not_asked = "only systemd holds port 161 and snmpd is not running; a request would start it. "
		     "An outsider's request would too, so the port counts as exposed.",
	.ask_local = ask_local,
	.ask_each = ask_each,
	.detail_size = sizeof(struct snmp_detail),
	.answer_print = snmp_answer_print,
	.answer_json = snmp_answer_json,
	.answer_from_json = snmp_answer_from_json,
	.answer_open = answer_open,
	.closed_because = closed_because,
	.answer_garbled = answer_garbled,
	.garbled = "answered over UDP with bytes that are no SNMP reply to our request",
	.probe_print = snmp_probe_print,
	.probe_json = snmp_probe_json,
	.report_findings = snmp_report_findings,
	.report_appendix = snmp_report_appendix,
};
