/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Asks avahi as the scanners do: the service types first, then the
 * instances of each type (the workstation's name carries the MAC), every
 * answer's datagrams summed against every question: what one scan of
 * the host costs it and brings back. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "base/grow.h"
#include "kernel/addresses.h"
#include "services/mdns/mdns_probe.h"
#include "services/probe_net.h"
#include "services/udp_ask.h"

#define LOCAL_CANDIDATES_MAX 3

static const struct mdns_detail empty_detail = { .services = -ENOTCONN };

const struct mdns_detail *mdns_detail_of(const struct service_answer *answer)
{
	return answer->detail ? answer->detail : &empty_detail;
}

int mdns_names_add(char ***names, size_t *count, const char *name)
{
	size_t capacity = *count;
	char **grown;

	for (size_t i = 0; i < *count; i++)
		if (strcmp((*names)[i], name) == 0)
			return 0;
	if (*count >= MDNS_KEPT_MAX)
		return 0;
	grown = grow_for_one(*names, *count, &capacity, sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	*names = grown;
	grown[*count] = strdup(name);
	if (!grown[*count])
		return -ENOMEM;
	(*count)++;
	return 0;
}

static void names_free(char **names, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
}

void mdns_detail_clear(struct mdns_detail *detail)
{
	names_free(detail->types, detail->type_count);
	names_free(detail->instances, detail->instance_count);
	*detail = (struct mdns_detail){ 0 };
}

static int names_copy(char **from, size_t count, char ***ret_names, size_t *ret_count)
{
	*ret_names = NULL;
	*ret_count = 0;
	for (size_t i = 0; i < count; i++)
		if (mdns_names_add(ret_names, ret_count, from[i]) < 0)
			return -ENOMEM;
	return 0;
}

static int detail_copy(const void *detail, void **ret_copy)
{
	const struct mdns_detail *from = detail;
	struct mdns_detail *copy = malloc(sizeof(*copy));

	if (!copy)
		return -ENOMEM;
	*copy = *from;
	if (names_copy(from->types, from->type_count, &copy->types, &copy->type_count) < 0 ||
	    names_copy(from->instances, from->instance_count, &copy->instances, &copy->instance_count) < 0) {
		mdns_detail_clear(copy);
		free(copy);
		return -ENOMEM;
	}
	*ret_copy = copy;
	return 0;
}

static void detail_free(void *detail)
{
	mdns_detail_clear(detail);
	free(detail);
}

void mdns_answer_sum(struct service_answer *answer)
{
	const struct mdns_detail *detail = mdns_detail_of(answer);

	answer->reachable = detail->services == 0;
	answer->request_bytes = detail->request_bytes;
	answer->reply_bytes = detail->reply_bytes;
	answer->amplification = detail->reply_bytes ? probe_amplification(detail->reply_bytes, detail->request_bytes) : 0;
}

/* One question's answer, decoded by the wire module: the first reply
 * that matches the question completes it. */
struct question {
	uint16_t id;
	const char *name;
	struct mdns_reply reply;
	bool answered;
};

static int feed(void *context, const uint8_t *datagram, size_t length)
{
	struct question *question = context;
	struct mdns_reply reply;
	int r = mdns_reply_decode(datagram, length, question->id, question->name, &reply);

	if (r == -ENOMEM)
		return r;
	if (r < 0)
		return -EBADMSG;
	question->reply = reply;
	question->answered = true;
	return 1;
}

static uint16_t random_id(void)
{
	uint16_t id = 1;

	if (getrandom(&id, sizeof(id), GRND_NONBLOCK) != (ssize_t)sizeof(id))
		id = 1;
	return id;
}

/* Asks name; what the answer leaks goes into detail, its names into
 * *names (the types for the services question, else the instances).
 * Returns the exchange's status (0, -ETIMEDOUT, ...) or -ENOMEM. */
static int ask_one(const char *address, uint16_t port, unsigned int timeout_ms, const char *name,
		   struct mdns_detail *detail, char ***names, size_t *count)
{
	struct question question = { .id = random_id(), .name = name };
	uint8_t request[MDNS_QUERY_MAX];
	struct udp_result result;
	int length = mdns_ptr_query_encode(question.id, name, request, sizeof(request));
	int r;

	if (length < 0)
		return length;
	r = udp_ask(address, port, request, (size_t)length, timeout_ms, feed, &question, &result);
	detail->queries++;
	detail->request_bytes += (size_t)length;
	detail->reply_bytes += result.reply_bytes;
	detail->datagrams += result.datagrams;
	if (!question.answered)
		return r == 0 ? -EBADMSG : r;
	for (size_t i = 0; r == 0 && i < question.reply.name_count; i++)
		r = mdns_names_add(names, count, question.reply.names[i]);
	for (size_t i = 0; r == 0 && i < question.reply.port_count; i++) {
		bool known = false;

		for (size_t p = 0; p < detail->port_count && !known; p++)
			known = detail->ports[p] == question.reply.ports[i];
		if (!known && detail->port_count < MDNS_PORTS_MAX)
			detail->ports[detail->port_count++] = question.reply.ports[i];
	}
	mdns_reply_free(&question.reply);
	return r;
}

/* The services question, then each type it named; unreachable is a
 * result in detail. Returns 0 or -ENOMEM. */
static int ask_address(const char *address, uint16_t port, unsigned int timeout_ms, struct mdns_detail *detail)
{
	int r;

	*detail = (struct mdns_detail){ 0 };
	r = ask_one(address, port, timeout_ms, MDNS_SERVICES_NAME, detail, &detail->types, &detail->type_count);
	detail->services = r;
	for (size_t i = 0; r == 0 && i < detail->type_count && i < MDNS_FOLLOW_UPS_MAX; i++) {
		/* A type with an escaped byte cannot be asked back as it was named. */
		if (strchr(detail->types[i], '\\'))
			continue;
		if (ask_one(address, port, timeout_ms, detail->types[i], detail, &detail->instances,
			    &detail->instance_count) == -ENOMEM)
			r = -ENOMEM;
	}
	if (r == -ENOMEM) {
		mdns_detail_clear(detail);
		return r;
	}
	return 0;
}

static int answer_take(const char *address, struct mdns_detail *detail, struct service_answer *answer)
{
	struct mdns_detail *owned = malloc(sizeof(*owned));

	if (!owned) {
		mdns_detail_clear(detail);
		return -ENOMEM;
	}
	*owned = *detail;
	*answer = (struct service_answer){ .probe = &mdns_probe, .detail = owned };
	snprintf(answer->peer, sizeof(answer->peer), "%s", address);
	mdns_answer_sum(answer);
	return 0;
}

/* The host's own public address first, then a private one, then
 * loopback: avahi answers a question from the host to its own address
 * as one that came in on that address's interface, with that link's
 * records (the workstation's name with that interface's MAC, what a
 * host on the link sees); over lo it names lo's. */
static size_t local_candidates(char candidates[][UDP_ADDRESS_MAX])
{
	static const enum scope order[] = { SCOPE_PUBLIC, SCOPE_PRIVATE };
	struct address_list addresses = { 0 };
	size_t count = 0;

	if (addresses_local(&addresses) == 0)
		for (size_t o = 0; o < sizeof(order) / sizeof(order[0]); o++)
			for (size_t i = 0; i < addresses.count; i++) {
				const struct local_address *local = &addresses.items[i];

				if (local->scope == order[o] &&
				    inet_ntop(local->address.family, local->address.bytes, candidates[count], UDP_ADDRESS_MAX)) {
					count++;
					break;
				}
			}
	address_list_free(&addresses);
	snprintf(candidates[count++], UDP_ADDRESS_MAX, "127.0.0.1");
	return count;
}

static int ask_local(const struct listener_list *listeners, struct service_answer *ret_answer)
{
	char candidates[LOCAL_CANDIDATES_MAX][UDP_ADDRESS_MAX];
	size_t count = local_candidates(candidates);
	struct mdns_detail detail = { 0 };
	size_t c;

	(void)listeners;
	for (c = 0; c < count; c++) {
		int r = ask_address(candidates[c], MDNS_PORT, PROBE_LOCAL_TIMEOUT_MS, &detail);

		if (r < 0)
			return r;
		if (detail.services == 0 || c + 1 == count)
			break;
		mdns_detail_clear(&detail);
	}
	return answer_take(candidates[c], &detail, ret_answer);
}

/* One address for probe HOST: no exchange at all (no route) is no
 * answer, as probe_each wants it. */
static int ask_answer(const struct sockaddr *address, socklen_t length, unsigned int timeout_ms,
		      struct service_answer *ret_answer)
{
	char text[UDP_ADDRESS_MAX], port[8];
	struct mdns_detail detail;
	int r;

	if (getnameinfo(address, length, text, sizeof(text), port, sizeof(port), NI_NUMERICHOST | NI_NUMERICSERV) != 0)
		return -EINVAL;
	r = ask_address(text, (uint16_t)atoi(port), timeout_ms, &detail);
	if (r < 0)
		return r;
	r = detail.services;
	if (udp_unreachable(r)) {
		mdns_detail_clear(&detail);
		return r;
	}
	return answer_take(text, &detail, ret_answer);
}

static int ask_each(const char *host, uint16_t port, unsigned int timeout_ms, struct service_address_list *ret_list)
{
	return probe_each(host, port, timeout_ms, ask_answer, ret_list);
}

static bool answer_open(const struct service_answer *answer)
{
	return answer->reachable;
}

static bool answer_garbled(const struct service_answer *answer)
{
	return !answer->reachable && mdns_detail_of(answer)->services == -EBADMSG;
}

static const char *closed_because(const struct service_answer *answer)
{
	int status = mdns_detail_of(answer)->services;
	const char *refusal = probe_refusal(status);

	return refusal ? refusal : probe_status_text(status);
}

const struct service_probe mdns_probe = {
	.json_key = "mdns",
	.request_bytes = DNS_HEADER_SIZE + sizeof(MDNS_SERVICES_NAME) + 1 + 4,
	.not_asked = "avahi-daemon was not asked.",
	.ask_local = ask_local,
	.ask_each = ask_each,
	.detail_copy = detail_copy,
	.detail_free = detail_free,
	.answer_print = mdns_answer_print,
	.answer_json = mdns_answer_json,
	.answer_from_json = mdns_answer_from_json,
	.answer_open = answer_open,
	.closed_because = closed_because,
	.answer_garbled = answer_garbled,
	.garbled = "answered on port 5353 with bytes that are no DNS answer to our mDNS question",
	.probe_print = mdns_probe_print,
	.probe_json = mdns_probe_json,
	.report_findings = mdns_report_findings,
	.report_appendix = mdns_report_appendix,
};
