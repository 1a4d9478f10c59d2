/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The NetBIOS name service's probe (internal to services/netbios/): a
 * node status request (NBSTAT) for "*" over UDP, as scan_netbios sends
 * it; its answer's detail is a struct netbios_detail. netbios_probe.c
 * asks, netbios_show.c words the answer for people, netbios_json.c for
 * check, the record and probe --json, netbios_report.c for the report. */
#ifndef PORTGUARD_NETBIOS_PROBE_H
#define PORTGUARD_NETBIOS_PROBE_H

#include <stdio.h>

#include <jansson.h>

#include "services/netbios/netbios_wire.h"
#include "services/service.h"

struct netbios_detail {
	int status;			/* probe_status_text(): 0 when the node answered */
	size_t datagrams;		/* of the answer: nmbd sends one */
	struct netbios_status node;	/* the names, the unit ID */
};

extern const struct service_probe netbios_probe;

/* The answer's detail; one that says "not asked" when it has none. */
const struct netbios_detail *netbios_detail_of(const struct service_answer *answer);
bool netbios_answered(const struct netbios_detail *detail);
/* "00:11:22:33:44:55" into buffer (18 bytes). */
void netbios_mac_format(const uint8_t mac[NETBIOS_MAC_SIZE], char *buffer, size_t size);
/* "<00> UNIQUE ACTIVE", the flags as nmblookup words them */
void netbios_name_flags_format(const struct netbios_name *name, char *buffer, size_t size);

void netbios_answer_print(const struct service_answer *answer, FILE *out);
void netbios_probe_print(const struct service_answer *answer, uint16_t port, bool open, FILE *out);

json_t *netbios_answer_json(const struct service_answer *answer, json_t *reachable);
int netbios_answer_from_json(const json_t *object, struct service_answer *ret_answer);
json_t *netbios_probe_json(const struct service_answer *answer);

void netbios_report_findings(const struct service_answer *answer, bool local_only, bool unanswered,
			     enum language language, struct prose *prose);
bool netbios_report_appendix(const struct service_answer *answer, char letter, bool before, struct prose *prose);

#endif
