/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SSDP's probe (internal to services/ssdp/): one M-SEARCH for ssdp:all
 * sent unicast to port 1900, as the scanners send it, and every 200 OK
 * datagram that comes back within the wait counted and summed (one a
 * service: there is no last one); its answer's detail is a struct
 * ssdp_detail. ssdp_probe.c asks, ssdp_show.c words the answer for
 * people, ssdp_json.c for check, the record and probe --json,
 * ssdp_report.c for the report. */
#ifndef PORTGUARD_SSDP_PROBE_H
#define PORTGUARD_SSDP_PROBE_H

#include <stdio.h>

#include <jansson.h>

#include "services/service.h"
#include "services/ssdp/ssdp_wire.h"

/* Distinct services kept of one answer; the rest are counted only. */
#define SSDP_SERVICES_MAX 16

/* What the scanners report of each reply (Shadowserver's scan_ssdp:
 * search_target, unique_service_name, location). */
struct ssdp_service {
	char st[SSDP_VALUE_MAX];
	char usn[SSDP_VALUE_MAX];
	char location[SSDP_VALUE_MAX];
};

struct ssdp_detail {
	int status;			/* probe_status_text(): 0 when a 200 OK came back; "not asked"
					 * (registered 0) when minissdpd holds no service */
	int registered;			/* services minissdpd's socket lists; -1 unknown */
	size_t datagrams;		/* 200 OK replies, each counted */
	size_t reply_bytes;		/* their sum */
	char server[SSDP_VALUE_MAX];	/* the first SERVER header: OS and UPnP stack */
	struct ssdp_service services[SSDP_SERVICES_MAX];
	size_t service_count;
};

extern const struct service_probe ssdp_probe;

/* The answer's detail; one that says "not asked" when it has none. */
const struct ssdp_detail *ssdp_detail_of(const struct service_answer *answer);
bool ssdp_answered(const struct ssdp_detail *detail);
/* Adds the reply to detail: its SERVER when none was kept, its
 * service when it is new and there is room. Pure, for the tests. */
void ssdp_detail_take(struct ssdp_detail *detail, const struct ssdp_reply *reply, size_t length);

void ssdp_answer_print(const struct service_answer *answer, FILE *out);
void ssdp_probe_print(const struct service_answer *answer, uint16_t port, bool open, FILE *out);

json_t *ssdp_answer_json(const struct service_answer *answer, json_t *reachable);
int ssdp_answer_from_json(const json_t *object, struct service_answer *ret_answer);
json_t *ssdp_probe_json(const struct service_answer *answer);

void ssdp_report_findings(const struct service_answer *answer, bool local_only, bool unanswered,
			  enum language language, struct prose *prose);
bool ssdp_report_appendix(const struct service_answer *answer, char letter, bool before, struct prose *prose);

#endif
