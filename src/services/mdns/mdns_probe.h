/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mDNS's probe (internal to services/mdns/): the unicast DNS-SD question
 * for the service types, then one for each type found, as scan_mdns
 * asks. Its answer's detail is a struct mdns_detail; mdns_probe.c asks,
 * mdns_show.c words it for people, mdns_json.c for check, the record
 * and probe --json, mdns_report.c for the report. */
#ifndef PORTGUARD_MDNS_PROBE_H
#define PORTGUARD_MDNS_PROBE_H

#include <stdio.h>

#include <jansson.h>

#include "services/mdns/mdns_wire.h"
#include "services/service.h"

/* Follow-up questions asked at most: one per service type. */
#define MDNS_FOLLOW_UPS_MAX 16
/* Every name kept is one of the reply's, so at most its text size. */
#define MDNS_KEPT_MAX MDNS_NAMES_MAX

struct mdns_detail {
	int services;			/* the services question: 0 answered, or why not (-ETIMEDOUT, ...) */
	size_t queries;			/* questions asked, the first included */
	size_t request_bytes;		/* all of them */
	size_t reply_bytes;		/* all datagrams of all answers */
	size_t datagrams;
	char **types;			/* "_workstation._tcp.local" */
	size_t type_count;
	char **instances;		/* "pgtest [ca:f0:1b:b1:af:c4]._workstation._tcp.local" */
	size_t instance_count;
	uint16_t ports[MDNS_PORTS_MAX];	/* from the SRV records, distinct */
	size_t port_count;
};

extern const struct service_probe mdns_probe;

/* The answer's detail; an empty one (not asked) when it has none. */
const struct mdns_detail *mdns_detail_of(const struct service_answer *answer);
/* Fills the answer's common part from its detail. */
void mdns_answer_sum(struct service_answer *answer);
/* Appends a copy of name to a list of at most MDNS_KEPT_MAX; a name
 * already there is not added again. 0 or -ENOMEM. */
int mdns_names_add(char ***names, size_t *count, const char *name);
void mdns_detail_clear(struct mdns_detail *detail);


void mdns_answer_print(const struct service_answer *answer, FILE *out);
void mdns_probe_print(const struct service_answer *answer, uint16_t port, bool open, FILE *out);
json_t *mdns_answer_json(const struct service_answer *answer, json_t *reachable);
int mdns_answer_from_json(const json_t *object, struct service_answer *ret_answer);
json_t *mdns_probe_json(const struct service_answer *answer);
void mdns_report_findings(const struct service_answer *answer, bool local_only, bool unanswered,
			  enum language language, struct prose *prose);
bool mdns_report_appendix(const struct service_answer *answer, char letter, bool before, struct prose *prose);

#endif
