/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Inside the report: the letter to the provider, written once per
 * language, and what report.c and report_letter.c share. */
#ifndef PORTGUARD_REPORT_LETTER_H
#define PORTGUARD_REPORT_LETTER_H

#include <stdbool.h>

#include "model/action.h"
#include "record/fix_record.h"
#include "report/report_prose.h"

/* The parts of the record the sections read, looked up once. */
struct facts {
	const struct fix_record *record;
	const struct abuse_record *abuse;	/* NULL when the record holds none */
	const struct fix_changes *changes;
	const struct fix_nft *nft;	/* NULL when the record holds no nftables change */
	const struct fix_undo *undo;	/* NULL unless this is an undo report */
	enum action action;		/* _ACTION_INVALID when missing or unknown */
	bool verified;
	const char *host;		/* "?" when missing */
	const char *time;		/* NULL when missing */
	/* The report's sections, this one among them, in the run's order:
	 * a row of another service of the run is answered by its section. */
	const struct fix_record *const *run;
	size_t run_count;
	/* The services the run acts on after the report's sections: a row
	 * of theirs is dealt with next by the same run. */
	const struct service *const *later;
	size_t later_count;
};

struct facts report_facts(const struct fix_record *record);
/* stop or restrict, and verified */
bool report_fixed(const struct facts *facts);
/* The public addresses among this host's addresses, joined; NULL only when
 * out of memory. */
const char *report_public_addresses(const struct facts *facts, struct joined *joined, struct prose *prose);

/* Greeting to closing formula, in one language. */
void report_letter(struct prose *prose, const struct facts *facts, enum language language);

#endif
