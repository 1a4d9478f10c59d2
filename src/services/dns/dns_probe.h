/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The DNS resolver's probe (internal to services/dns/): a recursive
 * query (RD set) for an A record of DNS_PROBE_NAME, as scan_dns asks a
 * name of Shadowserver's, whose reply says whether the server recurses
 * for the asker (dns_reply_recurses); then, of a server that answers at
 * all, an ANY query for the root, whose reply is what an amplifier
 * sends back. Its answer's detail is a struct dns_detail. dns_probe.c
 * asks, dns_show.c words the answer for people, dns_json.c for check,
 * the record and probe --json, dns_report.c for the report. */
#ifndef PORTGUARD_DNS_PROBE_H
#define PORTGUARD_DNS_PROBE_H

#include <stdio.h>

#include <jansson.h>

#include "services/dns/dns_wire.h"
#include "services/service.h"

/* The amplification case: ANY of the root (TA14-017A's DNS figure). */
#define DNS_ANY_NAME "."

struct dns_exchange {
	int status;			/* probe_status_text(): 0 when the server replied */
	size_t request_bytes;
	size_t reply_bytes;
	struct dns_reply reply;
};

struct dns_detail {
	struct dns_exchange recursive;	/* A of DNS_PROBE_NAME, RD set */
	struct dns_exchange any;	/* ANY of DNS_ANY_NAME; -ENOTCONN when not asked */
};

extern const struct service_probe dns_probe;

/* The answer's detail; one that says "not asked" when it has none. */
const struct dns_detail *dns_detail_of(const struct service_answer *answer);
/* Whether the server replied to the recursive query at all. */
bool dns_answered(const struct dns_detail *detail);
/* Whether it recursed for the asker: an open resolver when asked from outside. */
bool dns_recurses(const struct dns_detail *detail);
/* "NOERROR, RA, 1 answer", "REFUSED, no RA" */
void dns_reply_format(const struct dns_reply *reply, char *buffer, size_t size);

void dns_answer_print(const struct service_answer *answer, FILE *out);
void dns_probe_print(const struct service_answer *answer, uint16_t port, bool open, FILE *out);

json_t *dns_answer_json(const struct service_answer *answer, json_t *reachable);
int dns_answer_from_json(const json_t *object, struct service_answer *ret_answer);
json_t *dns_probe_json(const struct service_answer *answer);

void dns_report_findings(const struct service_answer *answer, bool local_only, bool unanswered,
			 enum language language, struct prose *prose);
bool dns_report_appendix(const struct service_answer *answer, char letter, bool before, struct prose *prose);

#endif
