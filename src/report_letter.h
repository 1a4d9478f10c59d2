/* Inside the report: the letter to the provider, written once per
 * language, and what report.c and report_letter.c share. */
#ifndef PORTGUARD_REPORT_LETTER_H
#define PORTGUARD_REPORT_LETTER_H

#include <jansson.h>
#include <stdbool.h>

#include "action.h"
#include "report_prose.h"

/* The parts of the record the sections read, looked up once; any of the
 * json_t pointers may be NULL or of an unexpected type. */
struct facts {
	const json_t *record, *before, *changes, *nft, *after, *abuse, *undo;
	enum action action;	/* _ACTION_INVALID when missing or unknown */
	bool verified;
	const char *host;	/* "?" when missing */
	const char *time;	/* NULL when missing */
};

struct facts report_facts(const json_t *record);
/* stop or restrict, and verified */
bool report_fixed(const struct facts *facts);
/* The public addresses among "local_addresses", joined; NULL only when
 * out of memory. */
const char *report_public_addresses(const struct facts *facts, struct joined *joined, struct prose *prose);

/* Greeting to closing formula, in one language. */
void report_letter(struct prose *prose, const struct facts *facts, enum language language);

#endif
