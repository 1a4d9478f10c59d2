/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The CLDAP service's probe (internal to services/cldap/): a root DSE
 * searchRequest over UDP, as scan_ldap_udp asks; its answer's detail is
 * a struct cldap_detail. cldap_probe.c asks, cldap_show.c words the
 * answer for people, cldap_json.c for check, the record and probe
 * --json, cldap_report.c for the report. */
#ifndef PORTGUARD_CLDAP_PROBE_H
#define PORTGUARD_CLDAP_PROBE_H

#include <stdio.h>

#include <jansson.h>

#include "services/cldap/cldap_wire.h"
#include "services/service.h"

/* With a message ID of one byte the request is always this long. */
#define CLDAP_REQUEST_SIZE 39

struct cldap_detail {
	int status;			/* probe_status_text(): 0 when the root DSE came */
	size_t datagrams;
	struct cldap_root_dse dse;
};

extern const struct service_probe cldap_probe;

/* The answer's detail; one that says "not asked" when it has none. */
const struct cldap_detail *cldap_detail_of(const struct service_answer *answer);
bool cldap_answered(const struct cldap_detail *detail);

void cldap_answer_print(const struct service_answer *answer, FILE *out);
void cldap_probe_print(const struct service_answer *answer, uint16_t port, bool open, FILE *out);

json_t *cldap_answer_json(const struct service_answer *answer, json_t *reachable);
int cldap_answer_from_json(const json_t *object, struct service_answer *ret_answer);
json_t *cldap_probe_json(const struct service_answer *answer);

void cldap_report_findings(const struct service_answer *answer, bool local_only, bool unanswered,
			   enum language language, struct prose *prose);
bool cldap_report_appendix(const struct service_answer *answer, char letter, bool before, struct prose *prose);

#endif
