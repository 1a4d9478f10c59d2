/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/prose.h"
#include "kernel/net_io.h"
#include "services/probe_net.h"
#include "services/service.h"

double probe_amplification(size_t reply_bytes, size_t request_bytes)
{
	/* rounded to two places in integers: no libm for one division */
	return request_bytes ? (double)((reply_bytes * 200 / request_bytes + 1) / 2) / 100.0 : 0;
}

/* Asks one address; without an exchange, the answer holds the address
 * alone and the reason goes to *ret_unreachable. */
static int ask_one(const struct sockaddr *address, socklen_t length, unsigned int timeout_ms, probe_address_fn ask,
		   struct service_answer *ret_answer, int *ret_unreachable)
{
	int r = ask(address, length, timeout_ms, ret_answer);

	*ret_unreachable = 0;
	if (r == -ENOMEM)
		return r;
	if (r < 0) {
		*ret_answer = (struct service_answer){ 0 };
		*ret_unreachable = r;
	}
	if (getnameinfo(address, length, ret_answer->peer, sizeof(ret_answer->peer), NULL, 0, NI_NUMERICHOST) != 0)
		ret_answer->peer[0] = '\0';
	return 0;
}

int probe_each(const char *host, uint16_t port, unsigned int timeout_ms, probe_address_fn ask,
	       struct service_address_list *ret_list)
{
	struct service_address_list list = { 0 };
	struct addrinfo *addresses = NULL;
	size_t count = 0;
	int r = net_resolve(host, port, &addresses);

	if (r < 0)
		return r;
	for (const struct addrinfo *address = addresses; address; address = address->ai_next)
		count++;
	list.items = calloc(count + 1, sizeof(*list.items));
	for (const struct addrinfo *address = addresses; list.items && r == 0 && address; address = address->ai_next) {
		struct service_address_answer *item = &list.items[list.count];

		if (net_seen_before(addresses, address))
			continue;
		r = ask_one(address->ai_addr, address->ai_addrlen, timeout_ms, ask, &item->answer, &item->unreachable);
		list.count += r == 0;
	}
	freeaddrinfo(addresses);
	if (!list.items || r < 0) {
		service_address_list_free(&list);
		return -ENOMEM;
	}
	*ret_list = list;
	return 0;
}

int probe_local(const struct listener_list *listeners, uint16_t port, probe_address_fn ask,
		struct service_answer *ret_answer)
{
	char candidates[NET_LOCAL_CANDIDATES_MAX][NET_ADDRESS_MAX];
	size_t count = net_local_candidates(listeners, candidates);
	struct service_answer answer = { 0 };

	for (size_t c = 0; c < count && !answer.reachable; c++) {
		struct service_address_list list;
		int r = probe_each(candidates[c], port, PROBE_LOCAL_TIMEOUT_MS, ask, &list);

		if (r == -ENOMEM) {
			service_answer_free(&answer);
			return r;
		}
		service_answer_free(&answer);
		answer = (struct service_answer){ 0 };
		if (r == 0 && list.count > 0) {
			answer = list.items[0].answer;
			list.items[0].answer = (struct service_answer){ 0 };
		}
		if (!answer.peer[0])
			memcpy(answer.peer, candidates[c], sizeof(answer.peer));
		if (r == 0)
			service_address_list_free(&list);
	}
	*ret_answer = answer;
	return 0;
}

static const int statuses[] = {
	0, -ETIMEDOUT, -ECONNREFUSED, -EBADMSG, -EPROTO, -E2BIG, -ECONNRESET, -ENETUNREACH, -EHOSTUNREACH,
	-EACCES, -ENOTCONN,
};

const char *probe_status_text(int status)
{
	switch (status) {
	case 0: return "answered";
	case -ETIMEDOUT: return "no reply";
	case -ECONNREFUSED: return "refused";
	case -EBADMSG: return "malformed reply";
	case -EPROTO: return "error reply";
	case -E2BIG: return "reply too large";
	case -ECONNRESET: return "connection closed";
	case -ENETUNREACH: return "network unreachable";
	case -EHOSTUNREACH: return "host unreachable";
	case -EACCES: return "prohibited";
	case -ENOTCONN: return "not asked";
	default: return "failed";
	}
}

int probe_status_from_text(const char *text)
{
	for (size_t i = 0; text && i < sizeof(statuses) / sizeof(statuses[0]); i++)
		if (strcmp(probe_status_text(statuses[i]), text) == 0)
			return statuses[i];
	return -EIO;
}

const char *probe_refusal(int status)
{
	switch (status) {
	case -ECONNREFUSED:
		return "port unreachable";
	case -EHOSTUNREACH:
	case -ENETUNREACH:
	case -EACCES:
		/* Of the ICMP unreachables, a UDP socket without IP_RECVERR
		 * hears only the hard ones: a firewall answered for the host. */
		return "prohibited by a firewall";
	default:
		return NULL;
	}
}

void probe_amplification_sentence(const struct service_answer *answer, bool local_only, const struct bilingual *request,
				  enum language language, char *buffer, size_t size)
{
	char factor[32];

	*buffer = '\0';
	if (answer->request_bytes == 0 || answer->reply_bytes == 0)
		return;
	decimal_format(answer->amplification, language, factor, sizeof(factor));
	snprintf(buffer, size, local_only
		? IN(language,
		     "Auf dem Server selbst gemessen: Eine %s von %zu Byte über UDP wurde mit %zu Byte beantwortet; das entspräche einem Verstärkungsfaktor von %s.",
		     "Measured on the server itself: a %s of %zu bytes over UDP was answered with %zu bytes, which would be an amplification factor of %s.")
		: IN(language,
		     "Eine %s von %zu Byte über UDP wurde mit %zu Byte beantwortet; das entspricht einem Verstärkungsfaktor von %s.",
		     "A %s of %zu bytes over UDP was answered with %zu bytes, an amplification factor of %s."),
		BILINGUAL_IN(language, *request), answer->request_bytes, answer->reply_bytes, factor);
}
