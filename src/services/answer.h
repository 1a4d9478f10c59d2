/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What a service tells whoever asks it the way the scanners do: the
 * part every service has (reached or not, one request's size against
 * its largest reply) and the service's own detail (the portmapper's:
 * its RPC programs and each DUMP version's answer), which only the
 * service's probe reads, copies, words and frees (service.h has the
 * functions). */
#ifndef PORTGUARD_ANSWER_H
#define PORTGUARD_ANSWER_H

#include <stdbool.h>
#include <stddef.h>

#define ANSWER_PEER_MAX 64

struct service_probe;

struct service_answer {
	bool reachable;			/* the service answered in its own protocol */
	char peer[ANSWER_PEER_MAX];	/* the address asked, numeric; "" when none was */
	size_t request_bytes;		/* one request as the scanners send it */
	size_t reply_bytes;		/* the largest reply to it, 0 without one */
	double amplification;		/* reply_bytes / request_bytes, 0 without a reply */
	const struct service_probe *probe;	/* whose detail it is; NULL with no detail */
	void *detail;			/* owned */
};

/* One address of a name, and what it answered (probe HOST). */
struct service_address_answer {
	struct service_answer answer;	/* peer is always set */
	int unreachable;		/* 0, or why no exchange was possible (-EHOSTUNREACH, ...) */
};

struct service_address_list {
	struct service_address_answer *items;
	size_t count;
};

#endif
