/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Asks ntpd as the scanners do: READVAR (what scan_ntp reports) and
 * MON_GETLIST_1 (scan_ntpmonitor), each answer counted as they count it,
 * every datagram together against the request. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "services/ntp/ntp_probe.h"
#include "services/probe_net.h"
#include "services/udp_ask.h"

/* ntpd answers at once; on the host itself a lost datagram is unlikely. */
#define LOCAL_TIMEOUT_MS 1000
#define LOCAL_CANDIDATES_MAX 8

static const struct ntp_detail empty_detail = { .readvar = -ENODATA, .monlist = -ENODATA };

const struct ntp_detail *ntp_detail_of(const struct service_answer *answer)
{
	return answer->detail ? answer->detail : &empty_detail;
}

bool ntp_detail_is_ntpsec(const struct ntp_detail *detail)
{
	const char *version = ntp_variable_find(&detail->variables, "version");

	return version && strstr(version, "ntpsec");
}

static int detail_copy(const void *detail, void **ret_copy)
{
	const struct ntp_detail *from = detail;
	struct ntp_detail *copy = malloc(sizeof(*copy));

	if (!copy)
		return -ENOMEM;
	*copy = *from;
	copy->variables = (struct ntp_variable_list){ 0 };
	if (from->variables.count) {
		copy->variables.items = malloc(from->variables.count * sizeof(*copy->variables.items));
		if (!copy->variables.items) {
			free(copy);
			return -ENOMEM;
		}
		memcpy(copy->variables.items, from->variables.items, from->variables.count * sizeof(*copy->variables.items));
		copy->variables.count = copy->variables.capacity = from->variables.count;
	}
	*ret_copy = copy;
	return 0;
}

static void detail_free(void *detail)
{
	struct ntp_detail *ntp = detail;

	ntp_variable_list_free(&ntp->variables);
	free(ntp);
}

void ntp_answer_sum(struct service_answer *answer)
{
	const struct ntp_detail *detail = ntp_detail_of(answer);
	double readvar = detail->readvar_bytes ? (double)detail->readvar_bytes / NTP_READVAR_REQUEST_SIZE : 0;
	double monlist = detail->monlist_bytes ? (double)detail->monlist_bytes / NTP_MONLIST_REQUEST_SIZE : 0;

	answer->reachable = detail->readvar == 0 || detail->monlist_bytes > 0;
	/* The worse of the two is what an attacker would send. */
	if (monlist > readvar) {
		answer->request_bytes = NTP_MONLIST_REQUEST_SIZE;
		answer->reply_bytes = detail->monlist_bytes;
		answer->amplification = monlist;
	} else {
		answer->request_bytes = NTP_READVAR_REQUEST_SIZE;
		answer->reply_bytes = detail->readvar_bytes;
		answer->amplification = readvar;
	}
}

static int feed_readvar(void *context, const uint8_t *datagram, size_t length)
{
	return ntp_control_reply_feed(context, datagram, length);
}

static int feed_monlist(void *context, const uint8_t *datagram, size_t length)
{
	return ntp_monlist_reply_feed(context, datagram, length);
}

static uint16_t random_sequence(void)
{
	uint16_t sequence = 1;

	if (getrandom(&sequence, sizeof(sequence), GRND_NONBLOCK) != (ssize_t)sizeof(sequence) || sequence == 0)
		sequence = 1;
	return sequence;
}

/* Both requests to address; unreachable is a result in detail. The
 * local daemon that names itself ntpsec in its READVAR answer is not
 * asked for monlist (status "not asked"): ntpsec has no mode 7 and
 * drops the request, so the question would only wait out its timeout
 * on every check. A probe from outside asks both, as the scanners do. */
static int ask_address(const char *address, uint16_t port, unsigned int timeout_ms, bool local,
		       struct ntp_detail *detail)
{
	static struct ntp_control_reply control;	/* 8 KiB: not on the stack */
	struct ntp_monlist_reply monlist;
	struct udp_result result;
	uint8_t request[NTP_READVAR_REQUEST_SIZE];
	uint16_t sequence = random_sequence();
	int length = ntp_readvar_encode(sequence, request, sizeof(request));
	int r;

	*detail = (struct ntp_detail){ 0 };
	ntp_control_reply_init(&control, sequence);
	r = udp_ask(address, port, request, (size_t)length, timeout_ms, feed_readvar, &control, &result);
	detail->readvar = r;
	detail->readvar_datagrams = result.datagrams;
	detail->readvar_bytes = r == 0 || result.datagrams ? result.reply_bytes : 0;
	if (r == 0) {
		r = ntp_variables_parse(control.data, control.length, &detail->variables);
		if (r == -ENOMEM)
			return r;
		if (r < 0)
			detail->readvar = -EBADMSG;
	}
	if (local && detail->readvar == 0 && ntp_detail_is_ntpsec(detail)) {
		detail->monlist = -ENODATA;
		return 0;
	}
	ntp_monlist_reply_init(&monlist);
	length = ntp_monlist_encode(request, sizeof(request));
	r = udp_ask(address, port, request, (size_t)length, timeout_ms, feed_monlist, &monlist, &result);
	detail->monlist = r;
	detail->monlist_datagrams = result.datagrams;
	detail->monlist_bytes = result.reply_bytes;
	detail->monlist_entries = monlist.entries;
	return 0;
}

static int answer_take(const char *address, struct ntp_detail *detail, struct service_answer *answer)
{
	struct ntp_detail *owned = malloc(sizeof(*owned));

	if (!owned) {
		ntp_variable_list_free(&detail->variables);
		return -ENOMEM;
	}
	*owned = *detail;
	*answer = (struct service_answer){ .probe = &ntp_probe, .detail = owned };
	snprintf(answer->peer, sizeof(answer->peer), "%s", address);
	ntp_answer_sum(answer);
	return 0;
}

/* Loopback first (the wildcard listeners answer there), then each
 * address a listener is bound to, as for the portmapper. */
static size_t local_candidates(const struct listener_list *listeners, char candidates[][UDP_ADDRESS_MAX])
{
	size_t count = 0;

	snprintf(candidates[count++], UDP_ADDRESS_MAX, "127.0.0.1");
	for (size_t i = 0; i < listeners->count; i++)
		if (listeners->items[i].address.family == AF_INET6) {
			snprintf(candidates[count++], UDP_ADDRESS_MAX, "::1");
			break;
		}
	for (size_t i = 0; i < listeners->count && count < LOCAL_CANDIDATES_MAX; i++) {
		const struct listener *listener = &listeners->items[i];
		char text[UDP_ADDRESS_MAX];
		bool known = false;

		if (listener->transport != TRANSPORT_UDP || listener->scope == SCOPE_ANY ||
		    listener->scope == SCOPE_LOOPBACK || listener->scope == SCOPE_LINK_LOCAL ||
		    !inet_ntop(listener->address.family, listener->address.bytes, text, sizeof(text)))
			continue;
		for (size_t c = 0; c < count && !known; c++)
			known = strcmp(candidates[c], text) == 0;
		if (!known)
			snprintf(candidates[count++], UDP_ADDRESS_MAX, "%s", text);
	}
	return count;
}

static int ask_local(const struct listener_list *listeners, struct service_answer *ret_answer)
{
	char candidates[LOCAL_CANDIDATES_MAX][UDP_ADDRESS_MAX];
	size_t count = local_candidates(listeners, candidates);
	struct ntp_detail detail = { 0 };
	size_t c;

	for (c = 0; c < count; c++) {
		int r = ask_address(candidates[c], NTP_PORT, LOCAL_TIMEOUT_MS, true, &detail);

		if (r < 0)
			return r;
		if (detail.readvar == 0 || detail.monlist_bytes > 0 || c + 1 == count)
			break;
		ntp_variable_list_free(&detail.variables);
	}
	return answer_take(candidates[c], &detail, ret_answer);
}

static int ask_each(const char *host, uint16_t port, unsigned int timeout_ms, struct service_address_list *ret_list)
{
	char addresses[UDP_ADDRESSES_MAX][UDP_ADDRESS_MAX];
	struct service_address_list list = { 0 };
	int count = udp_resolve(host, addresses, UDP_ADDRESSES_MAX);

	if (count < 0)
		return count;
	list.items = calloc((size_t)count, sizeof(*list.items));
	if (!list.items)
		return -ENOMEM;
	for (int i = 0; i < count; i++) {
		struct ntp_detail detail;
		int r = ask_address(addresses[i], port, timeout_ms, false, &detail);

		if (r == 0)
			r = answer_take(addresses[i], &detail, &list.items[i].answer);
		if (r < 0) {
			service_address_list_free(&list);
			return r;
		}
		list.count++;
		if (udp_unreachable(detail.readvar))
			list.items[i].unreachable = detail.readvar;
	}
	*ret_list = list;
	return 0;
}

static bool answer_open(const struct service_answer *answer)
{
	return answer->reachable;
}

static bool answer_garbled(const struct service_answer *answer)
{
	const struct ntp_detail *detail = ntp_detail_of(answer);

	return !answer->reachable && (detail->readvar == -EBADMSG || detail->monlist == -EBADMSG);
}

static const char *closed_because(const struct service_answer *answer)
{
	const struct ntp_detail *detail = ntp_detail_of(answer);
	const char *refusal = probe_refusal(detail->readvar);

	return refusal ? refusal : ntp_status_text(detail->readvar);
}

const struct service_probe ntp_probe = {
	.json_key = "ntp",
	.request_bytes = NTP_READVAR_REQUEST_SIZE,
	.not_asked = "ntpd was not asked.",
	.ask_local = ask_local,
	.ask_each = ask_each,
	.detail_copy = detail_copy,
	.detail_free = detail_free,
	.answer_print = ntp_answer_print,
	.answer_json = ntp_answer_json,
	.answer_from_json = ntp_answer_from_json,
	.answer_open = answer_open,
	.closed_because = closed_because,
	.answer_garbled = answer_garbled,
	.garbled = "answered on port 123 with bytes that are no NTP mode 6 or mode 7 answer to our requests",
	.probe_print = ntp_probe_print,
	.probe_json = ntp_probe_json,
	.report_findings = ntp_report_findings,
	.report_appendix = ntp_report_appendix,
};
