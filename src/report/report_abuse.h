/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The report's answer to the abuse mail: which reports it answers
 * (CERT-Bund with its [CB-Report#...] reference, Shadowserver's scan_*
 * reports), what each reported row means for this server, in the words
 * of the row's service for its own columns, and the rows quoted as
 * received. German and English. */
#ifndef PORTGUARD_REPORT_ABUSE_H
#define PORTGUARD_REPORT_ABUSE_H

#include <stdbool.h>
#include <stddef.h>

#include "mail/abuse.h"
#include "model/action.h"
#include "report/report_prose.h"
#include "services/service.h"

/* What the answer needs of the record. */
struct abuse_answer {
	const struct abuse_record *abuse;	/* the record's abuse report, NULL when none */
	const struct service *service;		/* the one fixed */
	const struct service_answer *found;	/* what fix found it answer, NULL when unknown */
	size_t restricted_ports;	/* how many ports the restriction covers, 0 without one */
	enum action action;
	bool fixed;		/* stop or restrict, and verified */
	bool has_public;	/* the host has a public address of its own */
	/* The services of the report's other sections (the same run): a
	 * row of theirs is answered in their section. */
	const struct service *const *run_services;
	size_t run_service_count;
	/* The services the same run acts on after this report (none in its
	 * last): a row of theirs is dealt with next, not advised a fix. */
	const struct service *const *later_services;
	size_t later_service_count;
};

/* "[CB-Report#20261124-10012345] " for each distinct reference, so
 * that the reporter's ticket system files the answer; "" when none. */
const char *report_abuse_subject_tags(const struct abuse_record *abuse, char *buffer, size_t size);
/* The letter's section "N. Ihre Meldung" / "N. Your report". */
void report_abuse_section(struct prose *prose, const struct abuse_answer *answer, enum language language,
			  unsigned int number);
/* The appendix item with the reports' headers and rows as received;
 * returns the next free letter. */
char report_abuse_appendix(struct prose *prose, const struct abuse_record *abuse, char letter);

#endif
