/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The internal services' probe (internal to services/chargen/): one
 * byte to each of chargen, qotd, echo and daytime over UDP, as the
 * scanners send it, each reply checked by chargen_wire.c; its answer's
 * detail is a struct chargen_detail, one entry per port asked.
 * chargen_probe.c asks, chargen_show.c words the answer for people,
 * chargen_json.c for check, the record and probe --json,
 * chargen_report.c for the report. */
#ifndef PORTGUARD_CHARGEN_PROBE_H
#define PORTGUARD_CHARGEN_PROBE_H

#include <stdio.h>

#include <jansson.h>

#include "services/chargen/chargen_wire.h"
#include "services/service.h"

#define CHARGEN_PORTS_MAX 4

/* What one port answered. */
struct chargen_port {
	uint16_t port;
	enum chargen_kind kind;
	int status;			/* probe_status_text(): 0 answered, -ENOTCONN not asked */
	size_t datagrams;		/* taken as its reply */
	size_t reply_bytes;		/* their sum */
	double amplification;		/* reply_bytes / CHARGEN_REQUEST_SIZE */
	char sample[CHARGEN_SAMPLE_MAX];	/* the reply's first line */
};

struct chargen_detail {
	size_t count;
	struct chargen_port ports[CHARGEN_PORTS_MAX];
};

extern const struct service_probe chargen_probe;

const struct chargen_detail *chargen_detail_of(const struct service_answer *answer);
/* The answer's sums from its ports: reachable when one answered, the
 * largest reply and its amplification. */
void chargen_answer_sum(struct service_answer *answer);
/* "chargen 19/udp, echo 7/udp": the ports that answered, into buffer. */
void chargen_answered_list(const struct chargen_detail *detail, char *buffer, size_t size);

void chargen_answer_print(const struct service_answer *answer, FILE *out);
void chargen_probe_print(const struct service_answer *answer, uint16_t port, bool open, FILE *out);

json_t *chargen_answer_json(const struct service_answer *answer, json_t *reachable);
int chargen_answer_from_json(const json_t *object, struct service_answer *ret_answer);
json_t *chargen_probe_json(const struct service_answer *answer);

void chargen_report_findings(const struct service_answer *answer, bool local_only, bool unanswered,
			     enum language language, struct prose *prose);
bool chargen_report_appendix(const struct service_answer *answer, char letter, bool before, struct prose *prose);

#endif
