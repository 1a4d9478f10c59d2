/* SPDX-License-Identifier: GPL-2.0-or-later */
/* NTP's probe (internal to services/ntp/): mode 6 READVAR and mode 7
 * MON_GETLIST_1, as scan_ntp and scan_ntpmonitor send them. Its
 * answer's detail is a struct ntp_detail; ntp_probe.c asks,
 * ntp_show.c words it for people, ntp_json.c for check, the record and
 * probe --json, ntp_report.c for the report. */
#ifndef PORTGUARD_NTP_PROBE_H
#define PORTGUARD_NTP_PROBE_H

#include <stdio.h>

#include <jansson.h>

#include "services/ntp/ntp_wire.h"
#include "services/service.h"

struct ntp_detail {
	int readvar;			/* 0 answered, or why not (-ETIMEDOUT, -ECONNREFUSED, ...) */
	size_t readvar_bytes;		/* all datagrams of its answer */
	size_t readvar_datagrams;
	struct ntp_variable_list variables;	/* the system variables it leaked */
	int monlist;
	size_t monlist_bytes;
	size_t monlist_datagrams;
	size_t monlist_entries;		/* the clients it listed */
};

extern const struct service_probe ntp_probe;

/* The answer's detail; an empty one (both unasked) when it has none. */
const struct ntp_detail *ntp_detail_of(const struct service_answer *answer);
/* Fills the answer's common part from its detail. */
void ntp_answer_sum(struct service_answer *answer);
/* Whether the variables say ntpsec, whose restrict default never lets
 * a query through. */
bool ntp_detail_is_ntpsec(const struct ntp_detail *detail);

const char *ntp_status_text(int status);
int ntp_status_from_text(const char *text);

void ntp_answer_print(const struct service_answer *answer, FILE *out);
void ntp_probe_print(const struct service_answer *answer, uint16_t port, bool open, FILE *out);
json_t *ntp_answer_json(const struct service_answer *answer, json_t *reachable);
int ntp_answer_from_json(const json_t *object, struct service_answer *ret_answer);
json_t *ntp_probe_json(const struct service_answer *answer);
void ntp_report_findings(const struct service_answer *answer, bool local_only, bool unanswered,
			 enum language language, struct prose *prose);
bool ntp_report_appendix(const struct service_answer *answer, char letter, bool before, struct prose *prose);

#endif
