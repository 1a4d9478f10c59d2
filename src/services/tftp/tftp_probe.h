/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TFTP's probe (internal to services/tftp/): a read request for a file
 * that is not there, as scan_tftp sends it (any reply, an ERROR too,
 * proves the server answers), then one for the usual network boot file,
 * whose first DATA block is what an amplifier sends back. Only the first
 * block is taken; the transfer is then ended with an ERROR. Nothing is
 * ever written. Its answer's detail is a struct tftp_detail.
 * tftp_probe.c asks, tftp_show.c words the answer for people,
 * tftp_json.c for check, the record and probe --json, tftp_report.c for
 * the report. */
#ifndef PORTGUARD_TFTP_PROBE_H
#define PORTGUARD_TFTP_PROBE_H

#include <stdio.h>

#include <jansson.h>

#include "services/service.h"
#include "services/tftp/tftp_wire.h"

/* The scanners' request: a name no served directory holds. */
#define TFTP_MISSING_FILE "portguard-probe-missing"
/* The amplification case: PXE's boot loader, in every network boot tree. */
#define TFTP_BOOT_FILE "pxelinux.0"

struct tftp_exchange {
	int status;			/* probe_status_text(): 0 when the server replied */
	size_t request_bytes;
	size_t reply_bytes;
	struct tftp_reply reply;
};

struct tftp_detail {
	struct tftp_exchange missing;	/* TFTP_MISSING_FILE */
	struct tftp_exchange boot;	/* TFTP_BOOT_FILE; -ENOTCONN when not asked */
};

extern const struct service_probe tftp_probe;

/* The answer's detail; one that says "not asked" when it has none. */
const struct tftp_detail *tftp_detail_of(const struct service_answer *answer);
bool tftp_answered(const struct tftp_detail *detail);
/* Whether the server sent the first block of the boot file. */
bool tftp_serves_boot_file(const struct tftp_detail *detail);
/* The exchange whose reply was the largest against its request (what
 * an amplifier sends); NULL when neither got one. */
const struct tftp_exchange *tftp_largest(const struct tftp_detail *detail);
/* "ERROR 1 \"File not found\"", "DATA block 1 (512 bytes)", "OACK (2 options)" */
void tftp_reply_format(const struct tftp_reply *reply, char *buffer, size_t size);

void tftp_answer_print(const struct service_answer *answer, FILE *out);
void tftp_probe_print(const struct service_answer *answer, uint16_t port, bool open, FILE *out);

json_t *tftp_answer_json(const struct service_answer *answer, json_t *reachable);
int tftp_answer_from_json(const json_t *object, struct service_answer *ret_answer);
json_t *tftp_probe_json(const struct service_answer *answer);

void tftp_report_findings(const struct service_answer *answer, bool local_only, bool unanswered,
			  enum language language, struct prose *prose);
bool tftp_report_appendix(const struct service_answer *answer, char letter, bool before, struct prose *prose);

#endif
