/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SNMP's probe (internal to services/snmp/): a v1 and a v2c GetRequest
 * of sysDescr.0 with community "public" over UDP, as the scanners send
 * them; its answer's detail is a struct snmp_detail. snmp_probe.c asks,
 * snmp_show.c words the answer for people, snmp_json.c for check, the
 * record and probe --json, snmp_report.c for the report. */
#ifndef PORTGUARD_SNMP_PROBE_H
#define PORTGUARD_SNMP_PROBE_H

#include <stdio.h>

#include <jansson.h>

#include "services/service.h"
#include "services/snmp/snmp_wire.h"

/* A request id of four octets, so every request is this long. */
#define SNMP_PROBE_REQUEST_BYTES 43
#define SNMP_PROBE_VERSIONS 2	/* v1, v2c: the index is the number on the wire */

struct snmp_version_result {
	int status;		/* probe_status_text(): 0 when the agent answered */
	size_t reply_bytes;
	enum snmp_value value;	/* what it said of sysDescr.0 */
	uint32_t error_status;
};

struct snmp_detail {
	struct snmp_version_result versions[SNMP_PROBE_VERSIONS];
	char sysdescr[SNMP_SYSDESCR_MAX + 1];	/* "" when no version leaked it */
};

extern const struct service_probe snmp_probe;

/* The answer's detail; one that says "not asked" when it has none. */
const struct snmp_detail *snmp_detail_of(const struct service_answer *answer);
bool snmp_answered(const struct snmp_detail *detail);
/* "1", "2c" */
const char *snmp_version_name(size_t index);
/* "text", "noSuchObject", ..., and back (SNMP_VALUE_NONE for others) */
const char *snmp_value_name(enum snmp_value value);
enum snmp_value snmp_value_from_name(const char *name);

void snmp_answer_print(const struct service_answer *answer, FILE *out);
void snmp_probe_print(const struct service_answer *answer, uint16_t port, bool open, FILE *out);

json_t *snmp_answer_json(const struct service_answer *answer, json_t *reachable);
int snmp_answer_from_json(const json_t *object, struct service_answer *ret_answer);
json_t *snmp_probe_json(const struct service_answer *answer);

void snmp_report_findings(const struct service_answer *answer, bool local_only, bool unanswered,
			  enum language language, struct prose *prose);
bool snmp_report_appendix(const struct service_answer *answer, char letter, bool before, struct prose *prose);

#endif
