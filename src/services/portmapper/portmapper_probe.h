/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The portmapper's probe (internal to services/portmapper/): a DUMP of
 * versions 2, 3 and 4 over UDP and TCP; its answer's detail is a
 * struct rpc_summary. portmapper_probe.c asks, portmapper_show.c words
 * the answer for people, portmapper_json.c for check, the record and
 * probe --json. */
#ifndef PORTGUARD_PORTMAPPER_PROBE_H
#define PORTGUARD_PORTMAPPER_PROBE_H

#include <stdio.h>

#include <jansson.h>

#include "rpc/rpc.h"
#include "services/service.h"

extern const struct service_probe portmapper_probe;

/* The answer's summary; an empty one when it has no detail (not asked). */
const struct rpc_summary *portmapper_summary(const struct service_answer *answer);

/* "answered", "no reply", "refused", ... for a rpc_dump_result status,
 * and back (-EIO, "failed", for what is none of them). */
const char *rpc_status_text(int status);
int rpc_status_from_text(const char *text);

void portmapper_answer_print(const struct service_answer *answer, FILE *out);
void portmapper_probe_print(const struct service_answer *answer, uint16_t port, bool open, FILE *out);

json_t *portmapper_answer_json(const struct service_answer *answer, json_t *reachable);
int portmapper_answer_from_json(const json_t *object, struct service_answer *ret_answer);
json_t *portmapper_probe_json(const struct service_answer *answer);

void portmapper_report_findings(const struct service_answer *answer, bool local_only, bool unanswered,
				enum language language, struct prose *prose);
bool portmapper_report_appendix(const struct service_answer *answer, char letter, bool before, struct prose *prose);

#endif
